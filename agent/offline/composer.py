"""The offline model's compose phase: tool results in, the customer's reply out
(or, for a multi-step intent, the next tool call)."""

from __future__ import annotations

import json
from datetime import date

from bookbot.agent.model import ModelResponse
from bookbot.agent.offline import conflicts, guidance, replies
from bookbot.agent.offline.phase import JSON, Phase, calls, is_flexible, reply
from bookbot.core.config import Service

LAST = -1
"""The session number the language understanding gives "the last one"."""


class Composer(Phase):
    """Turn the results of this model's tool calls into the reply."""

    def run(self) -> ModelResponse:
        results = self._results()
        by_name = {name: result for name, _, result in results}
        if {"get_progress", "check_availability"} <= set(by_name):
            combined = self._availability_in_plan(by_name["get_progress"], by_name)
            if combined is not None:
                return combined
        for name, args, result in results:
            if name == "get_progress" and "check_availability" in by_name:
                continue  # read beside the availability, above
            response = self._one(name, args, result)
            if response is not None:
                return response
        return reply(replies.nothing_pending(), self.state)

    def _results(self) -> list[tuple[str, JSON, JSON]]:
        messages = self.request.messages
        index = len(messages) - 1
        outputs: dict[str, JSON] = {}
        while index >= 0 and messages[index].get("role") == "tool":
            outputs[str(messages[index].get("tool_call_id"))] = json.loads(
                str(messages[index].get("content") or "{}")
            )
            index -= 1
        calls = messages[index].get("tool_calls") or [] if index >= 0 else []
        found = []
        for call in calls:
            function = call.get("function", {})
            args = json.loads(function.get("arguments") or "{}")
            found.append((str(function.get("name")), args, outputs.get(str(call.get("id")), {})))
        return found

    def _one(self, name: str, args: JSON, result: JSON) -> ModelResponse | None:
        state = self.state
        if "error" in result:
            error = result["error"]
            if error.get("code") == "ProposalError":
                self.reset()
            return reply(replies.tool_error(str(error.get("message"))), state)
        service = self.service(result.get("service_id") or args.get("service_id"))
        if name == "get_progress":
            return self._after_progress(result)
        if name == "list_bookings":
            return reply(replies.bookings(self.business, result.get("bookings", [])), state)
        if service is None:
            return None
        state["service"] = service.id
        if name == "check_availability":
            return self._after_availability(service, result)
        if "ok" in result:
            return self._after_proposal(name, service, result)
        if "booked" in result:
            return self._after_booking(service, result)
        return None

    def _after_proposal(self, name: str, service: Service, result: JSON) -> ModelResponse:
        state = self.state
        if not result["ok"]:
            conflict = result.get("conflict") or {}
            alternatives = conflict.get("alternatives") or []
            keep_stage = "ask_reschedule" if name == "reschedule_session" else "ask_start"
            session, starts = state.get("session"), state.get("starts")
            self.reset()
            state["stage"] = keep_stage
            if session is not None:
                state["session"] = session
            state["alternatives"] = alternatives
            if starts:
                state["starts"] = starts  # "8am then" changes these, not a new wish
            if starts and len(starts) > 1 and conflict.get("requested") in starts:
                # A pick replaces only the start that did not fit, not the others.
                state["replace"] = conflict["requested"]
            return reply(conflicts.conflict(self.business, service, conflict), state)
        kind = result.get("kind", "book")
        starts = [s["start"] for s in result.get("sessions", [])] if kind == "book" else []
        wished = state.get("starts") or []
        moved = result.get("moved_sessions") or []
        self.reset()
        state.update(stage="confirm", proposal=result["proposal_id"], kind=kind)
        if kind == "reschedule" and moved:
            state["session"] = moved[0]  # "what about the 12th?" moves the same one
        if wished and len(wished) in (1, len(starts)):
            state["starts"] = starts[: len(wished)]  # what a "make it 5:30" changes
        if kind == "reschedule":
            return reply(replies.reschedule_preview(service, result), state)
        if kind == "cancel":
            return reply(replies.cancel_preview(service, result), state)
        return reply(replies.proposal(self.business, service, result), state)

    def _after_booking(self, service: Service, result: JSON) -> ModelResponse:
        state = self.state
        self.reset()
        if not result["booked"]:
            if result.get("conflict"):
                return reply(conflicts.conflict(self.business, service, result["conflict"]), state)
            state["stage"] = "ask_start"
            return reply(replies.tool_error(str(result.get("message"))), state)
        if result.get("kind") == "cancel":
            return reply(replies.cancelled(service, result), state)
        sessions = result.get("sessions") or []
        if sessions:
            state["ref"] = sessions[-1]["start"]
        return reply(replies.booked(service, result), state)

    def _availability_in_plan(
        self, progress: JSON, by_name: dict[str, JSON]
    ) -> ModelResponse | None:
        """A sequential plan decides first: nothing to book before the current session
        is completed, and only days inside the window after it."""
        service = self.service(by_name["check_availability"].get("service_id"))
        if service is None or "error" in progress:
            return None
        plan = guidance.plan_for(progress.get("plans", []), service.id)
        if plan is None:
            return None
        action = plan["next_action"]
        pending = self.state.get("pending_date")
        if action["kind"] in ("attend", "await_completion"):
            self.state.pop("pending_date", None)
            text, _ = guidance.next_step(self.business, service, plan)
            return reply(text, self.state)
        earliest, latest = action.get("earliest_day"), action.get("latest_day")
        outside = pending and ((earliest and pending < earliest) or (latest and pending > latest))
        if action["kind"] == "book_next" and outside:
            self.state.pop("pending_date", None)
            text, stage = guidance.next_step(self.business, service, plan)
            if stage is not None:
                self.state["stage"] = stage
            day = replies.day_text(str(pending))
            return reply(f"Sorry, {day} is outside the window. {text}", self.state)
        if action["kind"] == "book_next" and earliest:
            found = by_name["check_availability"]
            found["days"] = [
                d
                for d in found.get("days", [])
                if earliest <= d["date"] and (not latest or d["date"] <= latest)
            ]
        return None

    def _after_availability(self, service: Service, result: JSON) -> ModelResponse:
        pending = self.state.get("pending_date")
        window = self.state.pop("window", None)
        days = result.get("days", [])
        if window:
            start, end = window
            days = [{**d, "times": [t for t in d["times"] if start <= t < end]} for d in days]
            days = [d for d in days if d["times"]]
            result = {**result, "days": days}
        if pending:
            day = date.fromisoformat(pending)
            text = f"{day:%A} {day.day} {day:%B}"
            if not days:
                self.state.pop("pending_date", None)
                return reply(replies.nothing_that_day(text), self.state)
            return reply(replies.ask_time_for_day(text, days[0]["times"]), self.state)
        if len(days) == 1:
            self.state["pending_date"] = days[0]["date"]  # "8:30 please" means that day
        return reply(replies.availability(service, result), self.state)

    def _after_progress(self, result: JSON) -> ModelResponse:
        state = self.state
        plans = result.get("plans", [])
        pending = state.pop("pending", None)
        if pending and pending.get("intent") == "focus":
            return self._refocus(str(pending.get("text") or ""), plans)
        if pending and pending.get("intent") in ("next", "collect"):
            service = self.focus()
            if service is not None:
                if pending["intent"] == "collect":
                    return self._start_collecting(service, plans)
                return self._next_step(service, plans)
        if pending:
            return self._pending_change(pending, plans)
        return reply(replies.progress(self.business, plans), state)

    def _next_step(self, service: Service, plans: list[JSON]) -> ModelResponse:
        state = self.state
        plan = guidance.plan_for(plans, service.id)
        if plan is None or plan["next_action"]["kind"] == "book_first":
            multi = is_flexible(service) and service.total_sessions > 1
            state["stage"] = "ask_count" if multi else "ask_start"
            return reply(replies.describe(self.business, service), state)
        text, stage = guidance.next_step(self.business, service, plan)
        if stage is not None:
            state["stage"] = stage
        return reply(text, state)

    def _start_collecting(self, service: Service, plans: list[JSON]) -> ModelResponse:
        state = self.state
        plan = guidance.plan_for(plans, service.id)
        count = int(state.get("count") or 1)
        remaining = service.total_sessions if plan is None else plan["remaining_unscheduled"]
        offset = 0 if plan is None else plan["total"] - remaining
        capped = guidance.count_capped(service, count, remaining)
        if remaining <= 0:
            self.reset()
            return reply(str(capped), state)
        count = min(count, remaining)
        state.update(count=count, collected=[], offset=offset, stage="collect")
        text = replies.ask_next_start(
            service, offset + 1, count, first=True, remaining=remaining if plan else None
        )
        return reply(f"{capped}\n{text}" if capped else text, state)

    def _pending_change(self, pending: JSON, plans: list[JSON]) -> ModelResponse:
        """Cancel or move a session once the plan it belongs to is known."""
        state = self.state
        focus = state.get("service")
        booked = [p for p in plans if p["booked"] > 0]
        chosen = [p for p in booked if p["service_id"] == focus] or booked
        if not chosen:
            return reply("You have no upcoming appointments to change.", state)
        if len(chosen) > 1:
            names = ", ".join(p["service_name"] for p in chosen)
            return reply(f"Which plan do you mean: {names}?", state)
        plan = chosen[0]
        service_id, number = plan["service_id"], pending.get("session")
        state["service"] = service_id
        if number == LAST:
            confirmed = [s["number"] for s in plan["sessions"] if s.get("status") == "confirmed"]
            number = max(confirmed) if confirmed else None
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

    def _refocus(self, text: str, plans: list[JSON]) -> ModelResponse:
        """Decide `text` again with the customer's one open plan in focus."""
        from bookbot.agent.offline.policy import Decider  # the two phases call each other

        state = self.state
        open_plans = [p for p in plans if p["next_action"]["kind"] not in ("done", "expired")]
        services = list(dict.fromkeys(p["service_id"] for p in open_plans))
        if len(services) == 1:
            state["service"] = services[0]
        elif len(services) > 1:
            names = ", ".join(dict.fromkeys(p["service_name"] for p in open_plans))
            state["pending_when"] = text
            return reply(f"Which plan is this about: {names}?", state)
        state["looked_up"] = True
        try:
            return Decider(self.request, state, text).run()
        finally:
            state.pop("looked_up", None)
