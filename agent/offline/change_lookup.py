"""The compose phase's half for changes: once `get_progress` tells which plan
and sessions the customer has, find the session a cancel or move is about ("the
last one", "the one on the 7th", "my Thursday session") and call the tool."""

from __future__ import annotations

from bookbot.agent.model import ModelResponse
from bookbot.agent.offline import guidance, replies
from bookbot.agent.offline.phase import JSON, Phase, calls, reply

LAST = -1
"""The session number the language understanding gives "the last one"."""


class ChangeLookup(Phase):
    def _pending_change(self, pending: JSON, plans: list[JSON]) -> ModelResponse:
        """Cancel or move a session once the plan it belongs to is known."""
        state = self.state
        focus = state.get("service")
        booked = [p for p in plans if p["booked"] > 0]
        chosen = [p for p in booked if p["service_id"] == focus] or booked
        if not chosen:
            return reply("You have no upcoming appointments to change.", state)
        if len(chosen) > 1:
            state["which_plan"] = pending  # "the laser one" picks it up again
            names = ", ".join(p["service_name"] for p in chosen)
            return reply(f"Which plan do you mean: {names}?", state)
        plan = chosen[0]
        service_id, number = plan["service_id"], pending.get("session")
        state["service"] = service_id
        if number == LAST:
            confirmed = [s["number"] for s in plan["sessions"] if s.get("status") == "confirmed"]
            number = max(confirmed) if confirmed else None
        if pending.get("from") and number is None:
            on_from = guidance.confirmed_on(plan, pending["from"])
            if not on_from:
                day = replies.day_text(pending["from"])
                return reply(f"You have no appointment on {day} to move.", state)
            number = on_from[0]["number"]
        if pending["intent"] == "cancel":
            if pending.get("day") and number is None:
                on_day = [
                    s["number"]
                    for s in plan["sessions"]
                    if s.get("status") == "confirmed" and s["start"][:10] == pending["day"]
                ]
                if not on_day:
                    day = replies.day_text(pending["day"])
                    return reply(f"You have no appointment on {day} to cancel.", state)
                number = on_day[0]
            args = {"service_id": service_id, "session_number": number}
            return calls(self.request, state, ("cancel_booking", args))
        start = pending.get("start")
        if start is None and pending.get("date"):
            on_day = [
                s
                for s in plan["sessions"]
                if s.get("status") == "confirmed" and s["start"][:10] == pending["date"]
            ]
            if on_day and number in (None, on_day[0]["number"]):
                # "I can't make it on the 10th": the day names the session, not the new day
                state.update(stage="ask_reschedule", session=on_day[0]["number"])
                return reply(replies.ask_new_time(on_day[0]["when"]), state)
            session = self._session_to_move(plan, number)
            if session is None:
                return reply("You have no upcoming session of that plan to move.", state)
            number = session["number"]
            start = f"{pending['date']}T{session['start'][11:16]}"
        args = {"service_id": service_id, "session_number": number, "new_start": start}
        return calls(self.request, state, ("reschedule_session", args))

    def _session_to_move(self, plan: JSON, number: int | None) -> JSON | None:
        now = f"{self.now:%Y-%m-%dT%H:%M}"
        for session in sorted(plan["sessions"], key=lambda s: s["start"]):
            if session.get("status") != "confirmed":
                continue
            if number is None and session["start"] > now or session["number"] == number:
                return dict(session)
        return None
