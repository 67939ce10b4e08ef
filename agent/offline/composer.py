"""The offline model's compose phase: tool results in, the customer's reply out
(or, for a multi-step intent, the next tool call)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Protocol

from bookbot.agent.model import ModelRequest, ModelResponse
from bookbot.agent.offline import (
    cancel_all,
    catalogue,
    conflicts,
    exclusions,
    free_times,
    guidance,
    handoff,
    options,
    proposal_results,
    recall,
    replies,
)
from bookbot.agent.offline.catalogue import say
from bookbot.agent.offline.change_lookup import ChangeLookup
from bookbot.agent.offline.nlu_adapter import read_message as understand
from bookbot.agent.offline.phase import ANOTHER_DAY, EITHER, JSON, SOONEST, calls, reply
from bookbot.agent.offline.state import Stage
from bookbot.core.config import Service, Strategy

LAST = -1
"""The session number the language understanding gives "the last one"."""


class Decide(Protocol):
    """The decide phase (`decider.Decider`), passed in: the two phases call each other.
    `progress_told`: the progress was said already (a question answered first)."""

    def __call__(
        self, request: ModelRequest, state: JSON, text: str, *, progress_told: bool = False
    ) -> ModelResponse: ...


class Composer(ChangeLookup):
    """Turn the results of this model's tool calls into the reply."""

    asked_range: JSON = {}
    """The arguments of the availability looked up beside the plan's progress."""

    def __init__(self, request: ModelRequest, state: JSON, *, decide: Decide) -> None:
        super().__init__(request, state)
        self.decide = decide

    def run(self) -> ModelResponse:
        results = self._results()
        if (self.state.get(cancel_all.STEP) or {}).get("step") in ("preview", "apply"):
            return cancel_all.step(self.request, self.business, self.state, results, self.lang)
        by_name = {name: result for name, _, result in results}
        if {"get_progress", "check_availability"} <= set(by_name):
            self.asked_range = next(a for n, a, _ in results if n == "check_availability")
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
        if "error" in result:
            return self._after_error(name, args, result["error"])
        if name == handoff.TOOL:
            return reply(handoff.requested(result, self.lang, self.now), self.state)
        if name == "reschedule_session" and _asks_which(result):
            # No session named ("move my appointment"): the next upcoming one.
            chosen = {**args, "session_number": result["sessions"][0]["number"]}
            return calls(self.request, self.state, ("reschedule_session", chosen))
        if name == "get_progress":
            return self._after_progress(result)
        if name == "list_bookings":
            return self._after_listing(result.get("bookings", []))
        service = self.service(result.get("service_id") or args.get("service_id"))
        if service is None:
            return None
        self.state["service"] = service.id
        if name == "check_availability":
            return self._after_availability(service, result, args)
        if "ok" in result:
            return self._after_proposal(name, service, result)
        if "booked" in result:
            return self._after_booking(service, result)
        return None

    def _after_error(self, name: str, args: JSON, error: JSON) -> ModelResponse:
        if name == "reschedule_session" and error.get("code") == "no_plan":
            rebook = self._book_instead(args)
            if rebook is not None:
                return rebook
        if error.get("code") == "ProposalError":
            self.reset()
        service = self.service(args.get("service_id"))
        return reply(replies.tool_error(error, service, self.lang), self.state)

    def _after_listing(self, items: list[JSON]) -> ModelResponse:
        """The bookings ahead; one session when one was asked ("when is my fitting?")."""
        state, asked = self.state, self.state.pop("asked", None)
        one = [s for s in items if asked and s.get("service_id") == asked[0]]
        if asked and asked[1] != LAST:
            one = [s for s in one if s["number"] == asked[1]]
        one = sorted(one, key=lambda s: s["number"])[-1:]
        if one:
            return reply(replies.one_booking(one[0], self.business, self.lang), state)
        if not items:
            # Nothing ahead: where the customer stands says what to do next.
            state["pending"] = {"intent": "nothing_ahead"}
            return calls(self.request, state, ("get_progress", {}))
        return reply(replies.bookings(self.business, items, self.lang), state)

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
        return proposal_results.after_proposal(self, name, service, result)

    def _after_booking(self, service: Service, result: JSON) -> ModelResponse:
        state = self.state
        self.reset()
        if not result["booked"]:
            if result.get("conflict"):
                return reply(
                    conflicts.conflict(self.business, service, result["conflict"], self.lang), state
                )
            state["stage"] = Stage.ASK_START
            # changed since it was shown: told as an offer no longer valid
            code = "" if result.get("kind") == "cancel" else "ProposalError"
            error = {"code": code, "message": result.get("message")}
            return reply(replies.tool_error(error, service, self.lang), state)
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
        asked = self.state.pop("asked_days", None)
        if action["kind"] == "book_next" and not pending and (earliest or latest):
            beside = self._beside_window(service, plan, self.asked_range, asked)
            if beside is not None:
                return beside
        outside = pending and ((earliest and pending < earliest) or (latest and pending > latest))
        if action["kind"] == "book_next" and outside:
            self.state.pop("pending_date", None)
            text, stage = guidance.next_step(self.business, service, plan, self.lang)
            if stage is not None:
                self.state["stage"] = stage
            day = catalogue.day_text(self.lang, str(pending))
            return reply(say(self.lang, "outside_window", day=day, text=text), self.state)
        same_time = self._same_time_on_named_day(plan) if pending else None
        if same_time is not None:
            self.state.pop("pending_date", None)
            return self._propose_next(service, same_time)
        if action["kind"] == "book_next" and earliest:
            found = by_name["check_availability"]
            found["days"] = [
                d
                for d in found.get("days", [])
                if earliest <= d["date"] and (not latest or d["date"] <= latest)
            ]
        return None

    def _beside_window(
        self, service: Service, plan: JSON, found: JSON, asked: list[str] | None
    ) -> ModelResponse | None:
        """An availability question for the next session whose days all lie outside its
        window ("this thursday the 17th? any time after 2", "when's the earliest I can do
        the last one"): the window is named as a proposal names it; with no day said,
        the free times from its first day are looked up instead."""
        action = plan["next_action"]
        earliest, latest = action.get("earliest_day"), action.get("latest_day")
        first, last = found.get("date_from"), found.get("date_to")
        if asked:
            first, last = asked
        if not first or not last:
            return None
        if not ((earliest and last < earliest) or (latest and first > latest)):
            return None
        if asked is None and earliest and last < earliest:
            end = date.fromisoformat(earliest) + timedelta(days=6)
            if latest:
                end = min(end, date.fromisoformat(latest))
            args = {"service_id": service.id, "date_from": earliest, "date_to": end.isoformat()}
            return calls(self.request, self.state, ("check_availability", args))
        text, stage = guidance.next_step(self.business, service, plan, self.lang)
        if stage is not None:
            self.state["stage"] = stage
        day = catalogue.day_text(self.lang, str(first))
        return reply(say(self.lang, "outside_window", day=day, text=text), self.state)

    def _nothing_on(self, day: date) -> ModelResponse:
        """No free time on the one day asked about: closed that day, or full."""
        self.state.pop("pending_date", None)
        self.state["day_ref"] = day.isoformat()  # "the monday after"
        self.state[ANOTHER_DAY] = day.isoformat()  # "yes please": the next free days
        text = catalogue.day_long(self.lang, day)
        closed = not self.business.opening(day)
        return reply(free_times.nothing_that_day(text, closed=closed, lang=self.lang), self.state)

    def _after_availability(
        self, service: Service, result: JSON, args: JSON | None = None
    ) -> ModelResponse:
        pending = self.state.get("pending_date")
        window = self.state.pop("window", None)
        days = exclusions.keep_suitable(self.state, result.get("days", []))
        result = {**result, "days": days}
        if window:
            start, end = window
            days = [{**d, "times": [t for t in d["times"] if start <= t < end]} for d in days]
            days = [d for d in days if d["times"]]
            result = {**result, "days": days}
        either = self._either_free(self.state.pop(EITHER, None), days)
        if either is not None:
            return either
        self.state["listed"] = [d["date"] for d in days[:5]]  # "Wednesday" means one of these
        if pending:
            day = date.fromisoformat(pending)
            if not days:
                return self._nothing_on(day)
            text = catalogue.day_long(self.lang, day)
            step = self.business.slot_step_minutes
            text = free_times.ask_time_for_day(text, days[0]["times"], step, self.lang)
            if self.state.get("stage") == Stage.COLLECT:
                return reply(text, self.state)
            starts = free_times.spread(days[0]["date"], days[0]["times"])
            return options.offer(
                free_times.with_options(text, starts, self.lang), self.state, starts
            )
        asked = _one_day(args or {})
        if not days and asked is not None and not self.business.opening(asked):
            return self._nothing_on(asked)
        if days and self.state.pop(SOONEST, False) and self.state.get("stage") != Stage.COLLECT:
            return self._propose_first(days)  # "the soonest you have": that one, for a yes
        if len(days) == 1:
            self.state["pending_date"] = days[0]["date"]  # "8:30 please" means that day
        offer = bool(days) and self.state.get("stage") != Stage.COLLECT
        step = self.business.slot_step_minutes
        text = free_times.availability(service, result, step, offer_first=offer, lang=self.lang)
        if not offer:
            return reply(text, self.state)
        starts = free_times.offered_starts(days)
        self.state["yes_takes_first"] = True  # "The earliest is ... Shall I take it?"
        return options.offer(text, self.state, starts)

    def _either_free(self, wished: list[str] | None, days: list[JSON]) -> ModelResponse | None:
        """Of the starts offered as alternatives, the free ones to pick from (a yes
        takes the one when only one is free); when none is, the day's free times
        follow the word that they are taken."""
        if not wished:
            return None
        free = {f"{d['date']}T{t}" for d in days for t in d["times"]}
        kept = [s for s in wished if s in free]
        if not kept:
            self.state["preface"] = replies.either_taken(self.lang)
            return None
        self.state["yes_takes_first"] = len(kept) == 1
        text = replies.either_free(kept, all_free=len(kept) == len(wished), lang=self.lang)
        return options.offer(text, self.state, kept)

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
        if pending and pending.get("intent") == "progress_then":
            return self._progress_then(str(pending.get("text") or ""), result)
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
        return reply(replies.progress(self.business, plans, self.lang), state)

    def _after_move(self, result: JSON, plans: list[JSON]) -> ModelResponse:
        """A move is done: the whole updated plan, the moved sessions marked."""
        service = self.service(result.get("service_id"))
        assert service is not None
        plan = guidance.plan_for(plans, service.id)
        if plan is None:
            return reply(replies.booked(service, result, self.lang), self.state)
        moved = {s["start"] for s in result.get("sessions") or []}
        text = replies.moved_schedule(service, plan["sessions"], moved, self.lang)
        return reply(text, self.state)

    def _nothing_ahead(self, plans: list[JSON]) -> ModelResponse:
        """No upcoming appointment: with one plan still open, what comes next in it."""
        state, text = self.state, replies.bookings(self.business, [], self.lang)
        open_plans = [p for p in plans if p["next_action"]["kind"] not in ("done", "expired")]
        service = self.service(open_plans[0]["service_id"]) if len(open_plans) == 1 else None
        if service is None:
            return reply(say(self.lang, "book_something", text=text), state)
        state["service"] = service.id
        start = self._same_time_as_before(open_plans[0])
        if start is not None:
            return self._propose_next(service, start)
        step, stage = guidance.next_step(self.business, service, open_plans[0], self.lang)
        if stage is not None:
            state["stage"] = stage
        _remember_window(state, open_plans[0])
        return reply(f"{text}\n{step}", state)

    def _next_step(self, service: Service, plans: list[JSON]) -> ModelResponse:
        state = self.state
        plan = guidance.plan_for(plans, service.id)
        if plan is None or plan["next_action"]["kind"] == "book_first":
            multi = service.booking_strategy is Strategy.FLEXIBLE and service.total_sessions > 1
            state["stage"] = Stage.ASK_COUNT if multi else Stage.ASK_START
            return reply(replies.describe(self.business, service, lang=self.lang), state)
        start = self._same_time_as_before(plan)
        if start is not None:
            return self._propose_next(service, start)
        text, stage = guidance.next_step(self.business, service, plan, self.lang)
        if stage is not None:
            state["stage"] = stage
        _remember_window(state, plan)
        return reply(text, state)

    def _propose_next(self, service: Service, start: str) -> ModelResponse:
        self.state.update(starts=[start], ref=start)
        args = {"service_id": service.id, "starts": [start]}
        return calls(self.request, self.state, ("propose_schedule", args))

    def _same_time_as_before(self, plan: JSON) -> str | None:
        """'when is my next one? at the same time as last time, if possible': the time
        of the plan's last session, on the day suggested for the next one. Only the
        time is taken from the earlier session; a day the message names itself is left
        to the customer's next answer."""
        action = plan["next_action"]
        if action["kind"] != "book_next" or not action.get("suggested_day"):
            return None
        last = _last_start(self, plan)
        if last is None:
            return None
        text = proposal_results.customer_text(self)
        told = understand(text, self.now, self.business, last, self.lang)
        if told.time_only is None or told.dates or told.datetimes or told.recurring:
            return None
        if told.time_only != last.time().replace(second=0, microsecond=0):
            return None  # a time of its own goes the usual way
        return f"{action['suggested_day']}T{told.time_only:%H:%M}"

    def _same_time_on_named_day(self, plan: JSON) -> str | None:
        """ "my 2nd session next monday, same time as last one": the day named, at the
        time of the plan's last session (which the message could not know when read)."""
        last = _last_start(self, plan)
        if last is None or plan["next_action"]["kind"] != "book_next":
            return None
        text = proposal_results.customer_text(self)
        told = understand(text, self.now, self.business, last, self.lang)
        plain = understand(text, self.now, self.business, None, self.lang)
        if len(told.datetimes) != 1 or plain.datetimes or plain.time_only or not plain.dates:
            return None
        start = told.datetimes[0].astimezone(self.zone)
        if start.time() != last.time().replace(second=0, microsecond=0):
            return None
        return f"{start:%Y-%m-%dT%H:%M}"

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
        capped = guidance.count_capped(service, count, remaining, self.lang)
        if remaining <= 0:
            self.reset()
            return reply(str(capped), state)
        count = min(count, remaining)
        collected = list(state.get("collected") or [])[:count]
        state.update(count=count, collected=collected, offset=offset, stage=Stage.COLLECT)
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
            lang=self.lang,
        )
        return reply(f"{capped}\n{text}" if capped else text, state)

    def _progress_then(self, text: str, result: JSON) -> ModelResponse:
        """The progress asked, kept as the reply's first part; then the rest of the
        message (a booking) is decided again."""
        told = replies.progress(self.business, result.get("plans", []), self.lang)
        earlier = self.state.get("preface")
        self.state["preface"] = f"{earlier}\n{told}" if earlier else told
        return self.decide(self.request, self.state, text, progress_told=True)

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
            return reply(say(self.lang, "which_plan.about", names=names), state)
        state["looked_up"] = True
        try:
            return self.decide(self.request, state, text)
        finally:
            state.pop("looked_up", None)


def _last_start(c: Composer, plan: JSON) -> datetime | None:
    """The start of the plan's last session attended or booked."""
    before = [s["start"] for s in plan.get("sessions", [])
              if s.get("start") and s.get("status") in ("completed", "confirmed")]  # fmt: skip
    return c.local(max(before)) if before else None


def _asks_which(result: JSON) -> bool:
    """A move's answer asking which of the listed upcoming sessions to move."""
    refused = not result.get("ok", True) and not result.get("conflict")
    return refused and bool(result.get("sessions"))


def _remember_window(state: JSON, plan: JSON) -> None:
    """The days the next session may go on, when the reply names them."""
    action = plan["next_action"]
    if action["kind"] == "book_next" and action.get("earliest_day") and action.get("latest_day"):
        state["day_window"] = [action["earliest_day"], action["latest_day"]]


def _one_day(args: JSON) -> date | None:
    """The one day an availability question asked about ("el martes 8 por la mañana"),
    so that a closed day is answered as closed, not as a day with nothing free."""
    first, last = args.get("date_from"), args.get("date_to")
    return date.fromisoformat(str(first)[:10]) if first and first == last else None
