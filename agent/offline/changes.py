"""Changing what is booked or shown: cancel, reschedule, agreeing to a preview,
and amending a shown proposal ("make it 5:30")."""

from __future__ import annotations

import re
from datetime import datetime

from bookbot.agent.model import ModelResponse
from bookbot.agent.offline.phase import calls, iso, reply
from bookbot.agent.offline.wishes import WishReader

LAST = -1
"""The session number the language understanding gives "the last one"."""
NEGATION = re.compile(r"\b(?:no|nope|not|don'?t|do not|never ?mind|keep|rather)\b")
AGREEMENT = re.compile(r"\b(?:yes|yeah|yep|sure|ok(?:ay)?|please|go ahead|do it|fine)\b")


class ChangeDecider(WishReader):
    def _amend(self) -> ModelResponse | None:
        """ "Make it 5:30" or "the 12th instead" to a shown booking proposal: the
        same days at the new time, or the one start on the new day at its time."""
        u, state = self.u, self.state
        starts = [datetime.fromisoformat(s) for s in state.get("starts") or []]
        shown = state.get("kind") == "book" or state.get("alternatives") is not None
        if not shown or not starts or u.services or u.count:
            return None
        target = state.get("replace")
        if target in (state.get("starts") or []) and len(u.datetimes) == 1 and not u.dates:
            # "Friday 8am then" for the one session that did not fit
            index = state["starts"].index(target)
            starts[index] = u.datetimes[0].astimezone(self.zone)
            return self._propose(sorted(starts))
        if u.time_only and not (u.dates or u.datetimes or u.recurring):
            at = u.time_only
            return self._propose([s.replace(hour=at.hour, minute=at.minute) for s in starts])
        if len(starts) == 1 and len(u.dates) == 1 and not (u.datetimes or u.time_only):
            day = u.dates[0]
            return self._propose([starts[0].replace(year=day.year, month=day.month, day=day.day)])
        return None

    def _agrees(self) -> bool:
        """A yes to the shown proposal, also in the words of its action: "yes cancel
        it" to a cancellation, "yes, please change it" to a new schedule."""
        u = self.u
        if u.has_when:
            return False
        if u.reply == "yes":
            return True
        text = u.text.lower()
        if NEGATION.search(text):
            return False
        kind = self.state.get("kind")
        if kind == "cancel" and "cancel" in u.intents:
            return True
        return kind == "reschedule" and u.reply == "change" and bool(AGREEMENT.search(text))

    def _apply_proposal(self) -> ModelResponse:
        state = self.state
        proposal, kind, service = state["proposal"], state.get("kind"), state.get("service")
        if kind == "reschedule":
            return calls(
                self.request,
                state,
                ("reschedule_session", {"service_id": service, "proposal_id": proposal}),
            )
        if kind == "cancel":
            return calls(
                self.request,
                state,
                ("cancel_booking", {"service_id": service, "proposal_id": proposal}),
            )
        return calls(self.request, state, ("book_group", {"proposal_id": proposal}))

    # --- intents ------------------------------------------------------------

    def _target(self) -> int | None:
        """The session a change is about: "session 3", "the third one", -1 for "the last"."""
        u = self.u
        return u.session_number if u.session_number is not None else u.choice

    def _cancel(self) -> ModelResponse:
        service, number = self.focus(), self._target()
        day = self.u.dates[0] if self.u.dates else None
        if self.u.datetimes:
            day = self.u.datetimes[0].date()
        if service is None or number == LAST or (day is not None and number is None):
            # Which plan, "the last" session or "the one on the 7th" needs the bookings.
            self.state["pending"] = {
                "intent": "cancel",
                "session": number,
                "day": None if day is None else day.isoformat(),
            }
            args = {"service_id": service.id} if service else {}
            return calls(self.request, self.state, ("get_progress", args))
        return calls(
            self.request,
            self.state,
            ("cancel_booking", {"service_id": service.id, "session_number": number}),
        )

    def _reschedule(self) -> ModelResponse:
        if self._target() is not None:
            self.state["session"] = self._target()
        start = self._first_start(allow_default_time=False)
        day = self._first_day()
        if start is not None and self.state.get("session") == LAST:
            self.state["pending"] = {"intent": "reschedule", "session": LAST, "start": iso(start)}
            service = self.focus()
            args = {"service_id": service.id} if service else {}
            return calls(self.request, self.state, ("get_progress", args))
        if start is None and day is not None:
            # A new day without a time keeps the session's own time of day.
            self.state.pop("pending_date", None)
            self.state["pending"] = {
                "intent": "reschedule",
                "session": self.state.get("session"),
                "date": day.isoformat(),
            }
            service = self.focus()
            args = {"service_id": service.id} if service else {}
            return calls(self.request, self.state, ("get_progress", args))
        if start is None:
            self.state["stage"] = "ask_reschedule"
            return reply("Sure. Which day and time would you like instead?", self.state)
        return self._reschedule_to(start)

    def _reschedule_to(self, start: datetime) -> ModelResponse:
        service = self.focus()
        if service is None:
            self.state["pending"] = {
                "intent": "reschedule",
                "session": self.state.get("session"),
                "start": iso(start),
            }
            return calls(self.request, self.state, ("get_progress", {}))
        return calls(
            self.request,
            self.state,
            (
                "reschedule_session",
                {
                    "service_id": service.id,
                    "session_number": self.state.get("session"),
                    "new_start": iso(start),
                },
            ),
        )
