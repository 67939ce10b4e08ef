"""'Cancel all my appointments': every plan with a booked session is shown in one
message and cancelled after one yes (a preview per plan from the tools, then each
preview applied). Naming one plan instead ("just the massages") narrows it to that
plan, through the usual "which plan?" answer."""

from __future__ import annotations

from bookbot.agent.model import ModelRequest, ModelResponse
from bookbot.agent.offline.catalogue import say, when_text
from bookbot.agent.offline.phase import JSON, calls, reply
from bookbot.agent.offline.replies import cancelled, tool_error, unit
from bookbot.core.config import Business, Service

STEP = "cancel_all"
"""State key: the plans to cancel, and the step ('confirm', 'preview', 'apply')."""


def offer(business: Business, plans: list[JSON], state: JSON, lang: str) -> ModelResponse:
    """Every booked session of every plan, and one question (the state waits for a yes)."""
    booked = [p for p in plans if any(s.get("status") == "confirmed" for s in p["sessions"])]
    if not booked:
        return reply(say(lang, "cancel_all.none"), state)
    lines: list[str] = []
    for plan in booked:
        word = unit(business.service(plan["service_id"]), lang)
        lines.append(f"{plan['service_name']}:")
        lines.extend(
            say(lang, "session_item", Unit=word[:1].upper() + word[1:], number=s["number"],
                when=when_text(lang, s))
            for s in plan["sessions"]
            if s.get("status") == "confirmed"
        )  # fmt: skip
    state[STEP] = {"step": "confirm", "services": [p["service_id"] for p in booked]}
    state["which_plan"] = {"intent": "cancel", "session": None, "day": None}
    return reply(say(lang, "cancel_all.ask", items="\n".join(lines)), state)


def confirmed(request: ModelRequest, state: JSON) -> ModelResponse:
    """A yes: to the list, a cancellation preview of each plan (the tools apply only
    a preview the customer has seen); to the previews, each one applied."""
    waiting = state[STEP]
    state.pop("which_plan", None)
    if waiting["step"] == "previewed":
        state[STEP] = {**waiting, "step": "apply"}
        return calls(
            request,
            state,
            *[
                ("cancel_booking", {"service_id": s, "proposal_id": p})
                for s, p in waiting["proposals"]
            ],
        )
    state[STEP] = {**waiting, "step": "preview"}
    wanted = [
        ("cancel_booking", {"service_id": s, "session_number": None}) for s in waiting["services"]
    ]
    return calls(request, state, *wanted)


def step(
    request: ModelRequest,
    business: Business,
    state: JSON,
    results: list[tuple[str, JSON, JSON]],
    lang: str,
) -> ModelResponse:
    """The previews shown together for one yes; then the cancellations reported together."""
    del request
    if state[STEP]["step"] == "preview":
        shown = [r for _, _, r in results if r.get("ok") and r.get("proposal_id")]
        if shown:
            state[STEP] = {
                "step": "previewed",
                "proposals": [[r["service_id"], r["proposal_id"]] for r in shown],
            }
            items = "\n".join(_preview_lines(business, r, lang) for r in shown)
            return reply(say(lang, "cancel_preview", items=items), state)
    state.pop(STEP, None)
    texts = [
        cancelled(business.service(r["service_id"]), r, lang)
        for _, _, r in results
        if r.get("booked") and r.get("kind") == "cancel"
    ]
    errors = [
        tool_error(r["error"], _service(business, args.get("service_id")), lang)
        for _, args, r in results
        if "error" in r
    ]
    return reply("\n".join(texts + errors) or say(lang, "cancel_all.none"), state)


def _preview_lines(business: Business, result: JSON, lang: str) -> str:
    word = unit(business.service(result["service_id"]), lang)
    lines = [f"{result['service_name']}:"]
    lines += [
        say(lang, "session_item", Unit=word[:1].upper() + word[1:], number=s["number"],
            when=when_text(lang, s))
        for s in result["sessions"]
    ]  # fmt: skip
    return "\n".join(lines)


def _service(business: Business, service_id: str | None) -> Service | None:
    return next((s for s in business.services if s.id == service_id), None)
