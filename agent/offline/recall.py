"""The booking offers shown in this conversation, so the customer can go back to one.

"Actually the first time you offered was better" after two or three changes of mind
re-proposes the first offer shown (the same starts, checked again by the tools);
"the previous one" the offer before the latest. Only offers to book are kept (a
move or a cancellation is about sessions that may have changed since); the list
is forgotten once something is booked.
"""

from __future__ import annotations

from typing import Any

OFFERS = "offers"
_KEEP = 6


def remember(state: dict[str, Any], service_id: str, starts: list[str]) -> None:
    """Note a booking offer shown to the customer (not twice in a row)."""
    offers: list[dict[str, Any]] = list(state.get(OFFERS) or [])
    entry = {"service": service_id, "starts": list(starts)}
    if offers and offers[-1] == entry:
        return
    offers.append(entry)
    if len(offers) > _KEEP:
        offers = [offers[0], *offers[-(_KEEP - 1) :]]  # the first one stays
    state[OFFERS] = offers


def forget(state: dict[str, Any]) -> None:
    state.pop(OFFERS, None)


def earlier(state: dict[str, Any], which: str | None) -> tuple[str, list[str]] | None:
    """(service id, starts) of the offer the customer goes back to; None when there is
    no earlier offer than the one on the table."""
    offers: list[dict[str, Any]] = list(state.get(OFFERS) or [])
    if which is None or len(offers) < 2:
        return None
    found = offers[0] if which == "first" else offers[-2]
    return str(found["service"]), [str(s) for s in found["starts"]]
