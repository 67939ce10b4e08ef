"""The offline model's compose phase: tool results in, the customer's reply out
(or, for a multi-step intent, the next tool call)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

from bookbot.agent import nlu
from bookbot.agent.model import ModelRequest, ModelResponse
from bookbot.agent.nlu import ReplyKind
from bookbot.agent.offline import (
    cancel_all,
    catalogue,
    conflicts,
    exclusions,
    free_times,
    guidance,
    options,
    recall,
    replies,
)
from bookbot.agent.offline.catalogue import say
from bookbot.agent.offline.change_lookup import ChangeLookup
from bookbot.agent.offline.phase import ANOTHER_DAY, JSON, SOONEST, calls, reply
from bookbot.core.config import Service, Strategy

LAST = -1
"""The session number the language understanding gives "the last one"."""


def _already_booked(service: Service, conflict: JSON) -> bool:
    """The conflict of a new booking for an immediate plan that is booked already."""
    immediate = service.strategy is Strategy.IMMEDIATE and service.total_sessions > 1
    return immediate and conflict.get("rule") == "no_sessions_left"


Decide = Callable[[ModelRequest, JSON, str], ModelResponse]
"""The decide phase (`policy.Decider`), passed in: the two phases call each other."""


class Composer(ChangeLookup):
    """Turn the results of this model's tool calls into the reply."""

    def __init__(self, request: ModelRequest, state: JSON, *, decide: Decide) -> None:
        super().__init__(request, state)
        self.decide = decide

    def run(self) -> ModelResponse:
        results = self._results()
        if (self.state.get(cancel_all.STEP) or {}).get("step") in ("preview", "apply"):
            return cancel_all.step(self.request, self.business, self.state, results, self.lang)
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
        return reply(replies.nothing_pending(self.lang), self.state)

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
            if name == "reschedule_session" and error.get("code") == "no_plan":
                rebook = self._book_instead(args)
                if rebook is not None:
                    return rebook
            if error.get("code") == "ProposalError":
                self.reset()
            return reply(replies.tool_error(str(error.get("message"))), state)
        if name == "reschedule_session" and _asks_which(result):
            # No session named ("move my appointment"): the next upcoming one.
            chosen = {**args, "session_number": result["sessions"][0]["number"]}
            return calls(self.request, state, ("reschedule_session", chosen))
        service = self.service(result.get("service_id") or args.get("service_id"))
        if name == "get_progress":
            return self._after_progress(result)
        if name == "list_bookings":
            items, asked = result.get("bookings", []), state.pop("asked", None)
            one = [s for s in items if asked and s.get("service_id") == asked[0]]
            if asked and asked[1] != LAST:
                one = [s for s in one if s["number"] == asked[1]]
            one = sorted(one, key=lambda s: s["number"])[-1:]
            if one:
                return reply(replies.one_booking(one[0]), state)
            if not items:
                # Nothing ahead: where the customer stands says what to do next.
                state["pending"] = {"intent": "nothing_ahead"}
                return calls(self.request, state, ("get_progress", {}))
            return reply(replies.bookings(self.business, items), state)
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

    def _book_instead(self, args: JSON) -> ModelResponse | None:
        """A move asked for when nothing is booked (after a no-show: "can I rebook?"):
        propose booking that time instead; the customer still says yes first."""
        service, start = self.service(args.get("service_id")), args.get("new_start")
        if service is None or not start:
            return None
        self.reset(keep_service=False)
        self.state.update(service=service.id, starts=[start], note="nothing_to_move")
        return calls(
            self.request,
            self.state,
            ("propose_schedule", {"service_id": service.id, "starts": [start]}),
        )

    def _after_proposal(self, name: str, service: Service, result: JSON) -> ModelResponse:
        state = self.state
        note = state.pop("note", None)
        if not result["ok"]:
            conflict = result.get("conflict") or {}
            wished = state.get("starts") or []
            if _already_booked(service, conflict) and name == "propose_schedule" and wished:
                # A new day for a plan booked in full: a move of one of its sessions.
                self.reset()
                state.update(stage="ask_which", move_to=wished[0])
                return reply(replies.ask_which_to_move(service, wished[0]), state)
            conflict = self._suitable_alternatives(conflict)
            keep_stage = "ask_reschedule" if name == "reschedule_session" else "ask_start"
            session, starts = state.get("session"), state.get("starts")
            self.reset()
            state["stage"] = keep_stage
            if session is not None:
                state["session"] = session
            if starts:
                state["starts"] = starts  # "8am then" changes these, not a new wish
            if starts and len(starts) > 1 and conflict.get("requested") in starts:
                # A pick replaces only the start that did not fit, not the others.
                state["replace"] = conflict["requested"]
            text = conflicts.conflict(self.business, service, conflict, self.lang)
            if not conflicts.offered(conflict) and conflict.get("requested"):
                if conflict.get("rule") not in conflicts.NO_DAY_FIXES:
                    state[ANOTHER_DAY] = str(conflict["requested"])[:10]
            return options.offer(text, state, conflicts.offered(conflict))
        kind = result.get("kind", "book")
        if kind == "book" and self._repeats_a_declined_plan(result):
            # The same plan again after "no, not Saturdays...": offering it would let the
            # next "yes" book what the customer just turned down. Ask instead.
            return reply(say(self.lang, "proposal.unchanged"), state)
        starts = [s["start"] for s in result.get("sessions", [])] if kind == "book" else []
        wished = state.get("starts") or []
        moved = result.get("moved_sessions") or []
        self.reset()
        state.update(stage="confirm", proposal=result["proposal_id"], kind=kind)
        if kind == "reschedule" and moved:
            state["session"] = moved[0]  # "what about the 12th?" moves the same one
        if wished and len(wished) in (1, len(starts)):
            state["starts"] = starts[: len(wished)]  # what a "make it 5:30" changes
        if kind == "book":
            sessions = result.get("sessions", [])
            state["shown"] = [[s["number"], s["of"], s["when"]] for s in sessions]
            recall.remember(state, service.id, starts)
        if kind == "reschedule":
            return reply(replies.reschedule_preview(service, result, self.lang), state)
        if kind == "cancel":
            return reply(replies.cancel_preview(service, result, self.lang), state)
        text = replies.proposal(self.business, service, result, self.lang)
        if note == "nothing_to_move":
            text = (
                f"You have no upcoming {replies.unit(service)} to move, so let's book it.\n{text}"
            )
        return reply(text, state)

    def _repeats_a_declined_plan(self, result: JSON) -> bool:
        """Whether `result` shows exactly the plan on screen although the customer's
        message did not accept it (a no, a change, or anything but a plain yes)."""
        shown = self.state.get("shown")
        if self.state.get("stage") != "confirm" or not shown:
            return False
        again = [[s["number"], s["of"], s["when"]] for s in result.get("sessions", [])]
        if again != shown:
            return False
        return nlu.classify_reply(self._customer_text(), self.lang).kind is not ReplyKind.YES

    def _customer_text(self) -> str:
        for message in reversed(self.request.messages):
            if message.get("role") == "user":
                return str(message.get("content") or "")
        return ""

    def _suitable_alternatives(self, conflict: JSON) -> JSON:
        """The conflict's alternatives without the days the customer ruled out."""
        starts, whens = conflict.get("alternatives") or [], conflict.get("alternatives_when")
        if not starts or not whens or len(starts) != len(whens):
            return conflict
        kept = [
            (a, w)
            for a, w in zip(starts, whens, strict=True)
            if not exclusions.ruled_out(self.state, str(a)[:10])
        ]
        return {
            **conflict,
            "alternatives": [a for a, _ in kept],
            "alternatives_when": [w for _, w in kept],
        }

    def _after_booking(self, service: Service, result: JSON) -> ModelResponse:
        state = self.state
        self.reset()
        if not result["booked"]:
            if result.get("conflict"):
                return reply(
                    conflicts.conflict(self.business, service, result["conflict"], self.lang), state
                )
            state["stage"] = "ask_start"
            return reply(replies.tool_error(str(result.get("message"))), state)
        if result.get("kind") == "cancel":
            return reply(replies.cancelled(service, result, self.lang), state)
        sessions = result.get("sessions") or []
        if result.get("kind") == "reschedule" and sessions:
            # the whole plan as it now stands, not only the moved sessions
            state.update(service=service.id, pending={"intent": "moved", "result": result})
            return calls(self.request, state, ("get_progress", {"service_id": service.id}))
        if sessions:
            state["ref"] = sessions[-1]["start"]
        recall.forget(state)
        return reply(replies.booked(service, result, self.lang), state)

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
            text, _ = guidance.next_step(self.business, service, plan, self.lang)
            return reply(text, self.state)
        earliest, latest = action.get("earliest_day"), action.get("latest_day")
        outside = pending and ((earliest and pending < earliest) or (latest and pending > latest))
        if action["kind"] == "book_next" and outside:
            self.state.pop("pending_date", None)
            text, stage = guidance.next_step(self.business, service, plan, self.lang)
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
        days = exclusions.keep_suitable(self.state, result.get("days", []))
        result = {**result, "days": days}
        if window:
            start, end = window
            days = [{**d, "times": [t for t in d["times"] if start <= t < end]} for d in days]
            days = [d for d in days if d["times"]]
            result = {**result, "days": days}
        self.state["listed"] = [d["date"] for d in days[:5]]  # "Wednesday" means one of these
        if pending:
            day = date.fromisoformat(pending)
            text = catalogue.day_long(self.lang, day)
            if not days:
                self.state["day_ref"] = self.state.pop("pending_date")  # "the monday after"
                self.state[ANOTHER_DAY] = day.isoformat()  # "yes please": the next free days
                return reply(
                    free_times.nothing_that_day(
                        text, closed=not self.business.opening(day), lang=self.lang
                    ),
                    self.state,
                )
            step = self.business.slot_step_minutes
            text = free_times.ask_time_for_day(text, days[0]["times"], step, self.lang)
            if self.state.get("stage") == "collect":
                return reply(text, self.state)
            starts = free_times.spread(days[0]["date"], days[0]["times"])
            return options.offer(
                free_times.with_options(text, starts, self.lang), self.state, starts
            )
        if days and self.state.pop(SOONEST, False) and self.state.get("stage") != "collect":
            return self._propose_first(days)  # "the soonest you have": that one, for a yes
        if len(days) == 1:
            self.state["pending_date"] = days[0]["date"]  # "8:30 please" means that day
        offer = bool(days) and self.state.get("stage") != "collect"
        step = self.business.slot_step_minutes
        text = free_times.availability(service, result, step, offer_first=offer, lang=self.lang)
        if not offer:
            return reply(text, self.state)
        starts = free_times.offered_starts(days)
        self.state["yes_takes_first"] = True  # "The earliest is ... Shall I take it?"
        return options.offer(text, self.state, starts)

    def _propose_first(self, days: list[JSON]) -> ModelResponse:
        service = self.focus()
        start = f"{days[0]['date']}T{days[0]['times'][0]}"
        assert service is not None
        self.state.update(starts=[start], ref=start)
        args = {"service_id": service.id, "starts": [start]}
        return calls(self.request, self.state, ("propose_schedule", args))

    def _after_progress(self, result: JSON) -> ModelResponse:
        state = self.state
        plans = result.get("plans", [])
        pending = state.pop("pending", None)
        if pending and pending.get("intent") == "focus":
            return self._refocus(str(pending.get("text") or ""), plans)
        if pending and pending.get("intent") == "cancel_all":
            return cancel_all.offer(self.business, plans, state, self.lang)
        if pending and pending.get("intent") == "nothing_ahead":
            return self._nothing_ahead(plans)
        if pending and pending.get("intent") == "moved":
            return self._after_move(pending["result"], plans)
        if pending and pending.get("intent") in ("next", "collect"):
            service = self.focus()
            if service is not None:
                if pending["intent"] == "collect":
                    return self._start_collecting(service, plans, pending.get("day"))
                return self._next_step(service, plans)
        if pending:
            return self._pending_change(pending, plans)
        return reply(replies.progress(self.business, plans), state)

    def _after_move(self, result: JSON, plans: list[JSON]) -> ModelResponse:
        """A move is done: the whole updated plan, the moved sessions marked."""
        service = self.service(result.get("service_id"))
        assert service is not None
        plan = guidance.plan_for(plans, service.id)
        if plan is None:
            return reply(replies.booked(service, result, self.lang), self.state)
        moved = {s["start"] for s in result.get("sessions") or []}
        return reply(replies.moved_schedule(service, plan["sessions"], moved), self.state)

    def _nothing_ahead(self, plans: list[JSON]) -> ModelResponse:
        """No upcoming appointment: with one plan still open, what comes next in it."""
        state, text = self.state, replies.bookings(self.business, [])
        open_plans = [p for p in plans if p["next_action"]["kind"] not in ("done", "expired")]
        service = self.service(open_plans[0]["service_id"]) if len(open_plans) == 1 else None
        if service is None:
            return reply(f"{text} Would you like to book something?", state)
        state["service"] = service.id
        step, stage = guidance.next_step(self.business, service, open_plans[0], self.lang)
        if stage is not None:
            state["stage"] = stage
        return reply(f"{text}\n{step}", state)

    def _next_step(self, service: Service, plans: list[JSON]) -> ModelResponse:
        state = self.state
        plan = guidance.plan_for(plans, service.id)
        if plan is None or plan["next_action"]["kind"] == "book_first":
            multi = service.booking_strategy is Strategy.FLEXIBLE and service.total_sessions > 1
            state["stage"] = "ask_count" if multi else "ask_start"
            return reply(replies.describe(self.business, service, lang=self.lang), state)
        text, stage = guidance.next_step(self.business, service, plan, self.lang)
        if stage is not None:
            state["stage"] = stage
        return reply(text, state)

    def _start_collecting(
        self, service: Service, plans: list[JSON], day: str | None
    ) -> ModelResponse:
        """Collect the starts of `count` sessions, numbered after the package's booked
        ones; starts the message already named count, a named day shows its times."""
        state = self.state
        plan = guidance.plan_for(plans, service.id)
        count = int(state.get("count") or 1)
        remaining = service.total_sessions if plan is None else plan["remaining_unscheduled"]
        offset = 0 if plan is None else plan["total"] - remaining
        if state.pop("all", False):
            count = remaining  # "the remaining sessions": every one left
        capped = guidance.count_capped(service, count, remaining)
        if remaining <= 0:
            self.reset()
            return reply(str(capped), state)
        count = min(count, remaining)
        collected = list(state.get("collected") or [])[:count]
        state.update(count=count, collected=collected, offset=offset, stage="collect")
        if day is not None:
            state["pending_date"] = day
            args = {"service_id": service.id, "date_from": day, "date_to": day}
            return calls(self.request, state, ("check_availability", args))
        text = replies.ask_next_start(
            service,
            offset + len(collected) + 1,
            count,
            first=not collected,
            remaining=remaining if plan else None,
        )
        return reply(f"{capped}\n{text}" if capped else text, state)

    def _refocus(self, text: str, plans: list[JSON]) -> ModelResponse:
        """Decide `text` again with the customer's one open plan in focus."""
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
            return self.decide(self.request, state, text)
        finally:
            state.pop("looked_up", None)


def _asks_which(result: JSON) -> bool:
    """A move's answer asking which of the listed upcoming sessions to move."""
    refused = not result.get("ok", True) and not result.get("conflict")
    return refused and bool(result.get("sessions"))
