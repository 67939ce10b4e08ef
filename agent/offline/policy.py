"""The offline model's dialogue policy: a deterministic, rule-based model.

It answers through the same interface and the same tools as an LLM. Each call
is one of two phases:
- *decide*: the last message is the customer's; read it (`understand`) and
  either call tools or reply directly;
- *compose*: the last messages are results of its own tool calls; turn them
  into a reply (or, for a multi-step intent, into the next tool call).
Between calls it keeps a small dialogue state (which service, what it asked,
the proposal awaiting a yes) in `ModelResponse.state`.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any

from bookbot.agent.model import ModelRequest, ModelResponse, ToolCall
from bookbot.agent.offline import replies
from bookbot.agent.offline.understanding import Understanding, understand
from bookbot.core.config import Business, Service, Strategy

JSON = dict[str, Any]
DEFAULT_TIME = time(9, 0)


def _reply(text: str, state: JSON) -> ModelResponse:
    return ModelResponse(content=text, state=state)


def _calls(request: ModelRequest, state: JSON, *calls: tuple[str, JSON]) -> ModelResponse:
    base = len(request.messages)
    tool_calls = tuple(
        ToolCall(id=f"call_{base}_{i}", name=name, arguments=json.dumps(args))
        for i, (name, args) in enumerate(calls)
    )
    return ModelResponse(tool_calls=tool_calls, state=state)


def _iso(moment: datetime) -> str:
    return f"{moment:%Y-%m-%dT%H:%M}"


def _is_flexible(service: Service) -> bool:
    return service.requires_multiple_sessions and service.strategy is Strategy.FLEXIBLE


class OfflineModel:
    name = "offline"

    def complete(self, request: ModelRequest) -> ModelResponse:
        state = dict(request.state)
        last = request.messages[-1] if request.messages else {"role": "user", "content": ""}
        if last.get("role") == "tool":
            return Composer(request, state).run()
        return Decider(request, state, str(last.get("content") or "")).run()


class _Phase:
    def __init__(self, request: ModelRequest, state: JSON) -> None:
        self.request = request
        self.state = state
        self.business: Business = request.business
        self.zone = request.business.zone
        self.now = request.now.astimezone(self.zone)

    def service(self, service_id: str | None) -> Service | None:
        if not service_id:
            return None
        for service in self.business.services:
            if service.id == service_id:
                return service
        return None

    def focus(self) -> Service | None:
        return self.service(self.state.get("service"))

    def reset(self, keep_service: bool = True) -> None:
        """Forget what was asked; keep the service in focus and the "same time" reference."""
        service, ref = self.state.get("service"), self.state.get("ref")
        self.state.clear()
        if keep_service and service:
            self.state["service"] = service
        if ref:
            self.state["ref"] = ref


class Decider(_Phase):
    def __init__(self, request: ModelRequest, state: JSON, text: str) -> None:
        super().__init__(request, state)
        ref = state.get("ref")
        reference = datetime.fromisoformat(ref).replace(tzinfo=self.zone) if ref else None
        self.u: Understanding = understand(text, self.now, self.business, reference)

    def run(self) -> ModelResponse:
        u = self.u
        if "other_customer" in u.intents:
            return _reply(replies.other_customer(), self.state)
        if u.invalid:
            return _reply(replies.invalid_date(u.invalid[0]), self.state)
        answered = self._answer_pending()
        if answered is not None:
            return answered
        if self.state.get("stage") == "confirm":
            self.reset()  # the customer moved on: what awaited a yes is no longer asked
        if u.services and u.services[0] != self.state.get("service"):
            self.reset(keep_service=False)
            self.state["service"] = u.services[0]
        for intent, handler in (
            ("cancel", self._cancel),
            ("reschedule", self._reschedule),
            ("progress", self._progress),
            ("list", self._list),
            ("price", self._price),
            ("info", self._info),
            ("availability", self._availability),
        ):
            if intent in u.intents:
                response = handler()
                if response is not None:
                    return response
        if self.state.get("stage") == "ask_reschedule" and u.has_when:
            return self._reschedule()
        return self._book()

    # --- answers to what was asked ---------------------------------------

    def _answer_pending(self) -> ModelResponse | None:
        u, state = self.u, self.state
        stage = state.get("stage")
        if stage == "confirm" and state.get("proposal"):
            if u.reply == "yes" and not u.has_when:
                return self._apply_proposal()
            if u.reply == "no" and not u.has_when:
                kind = state.get("kind")
                self.reset()
                if kind == "book":
                    state["stage"] = "ask_start"
                    return _reply(replies.declined(), state)
                return _reply(replies.nothing_pending(), state)
        alternatives = state.get("alternatives") or []
        if alternatives and not u.has_when and (u.choice or u.reply == "yes"):
            index = (u.choice or 1) - 1
            if 0 <= index < len(alternatives):
                start = datetime.fromisoformat(alternatives[index])
                if state.get("stage") == "ask_reschedule":
                    return self._reschedule_to(start)
                return self._propose([start])
        if stage is None and u.reply in ("yes", "no") and not u.has_when and not u.intents:
            if u.reply == "no":
                return _reply(replies.nothing_pending(), state)
        return None

    def _apply_proposal(self) -> ModelResponse:
        state = self.state
        proposal, kind, service = state["proposal"], state.get("kind"), state.get("service")
        if kind == "reschedule":
            return _calls(
                self.request,
                state,
                ("reschedule_session", {"service_id": service, "proposal_id": proposal}),
            )
        if kind == "cancel":
            return _calls(
                self.request,
                state,
                ("cancel_booking", {"service_id": service, "proposal_id": proposal}),
            )
        return _calls(self.request, state, ("book_group", {"proposal_id": proposal}))

    # --- intents ------------------------------------------------------------

    def _cancel(self) -> ModelResponse:
        service = self.focus()
        if service is None:
            self.state["pending"] = {"intent": "cancel", "session": self.u.session_number}
            return _calls(self.request, self.state, ("get_progress", {}))
        return _calls(
            self.request,
            self.state,
            ("cancel_booking", {"service_id": service.id, "session_number": self.u.session_number}),
        )

    def _reschedule(self) -> ModelResponse:
        u = self.u
        if u.session_number is not None:
            self.state["session"] = u.session_number
        start = self._first_start(allow_default_time=False)
        if start is None:
            self.state["stage"] = "ask_reschedule"
            return _reply("Sure. Which day and time would you like instead?", self.state)
        return self._reschedule_to(start)

    def _reschedule_to(self, start: datetime) -> ModelResponse:
        service = self.focus()
        if service is None:
            self.state["pending"] = {
                "intent": "reschedule",
                "session": self.state.get("session"),
                "start": _iso(start),
            }
            return _calls(self.request, self.state, ("get_progress", {}))
        return _calls(
            self.request,
            self.state,
            (
                "reschedule_session",
                {
                    "service_id": service.id,
                    "session_number": self.state.get("session"),
                    "new_start": _iso(start),
                },
            ),
        )

    def _progress(self) -> ModelResponse:
        service = self.service(self.u.services[0]) if self.u.services else None
        args = {"service_id": service.id} if service else {}
        return _calls(self.request, self.state, ("get_progress", args))

    def _list(self) -> ModelResponse:
        return _calls(self.request, self.state, ("list_bookings", {}))

    def _price(self) -> ModelResponse | None:
        service = self.focus()
        if service is None:
            lines = [replies.price(self.business, s) for s in self.business.services]
            return _reply("\n".join(lines), self.state)
        if self.u.has_when:
            return None
        return _reply(replies.price(self.business, service), self.state)

    def _info(self) -> ModelResponse | None:
        service = self.focus()
        if service is None or self.u.has_when:
            return None
        self._set_ask_stage(service)
        return _reply(replies.describe(self.business, service), self.state)

    def _availability(self) -> ModelResponse | None:
        service = self.focus()
        if service is None or self.u.datetimes:
            return None
        first = self.u.dates[0] if self.u.dates else self.now.date()
        last = self.u.dates[-1] if self.u.dates else first + timedelta(days=6)
        return _calls(
            self.request,
            self.state,
            (
                "check_availability",
                {
                    "service_id": service.id,
                    "date_from": first.isoformat(),
                    "date_to": last.isoformat(),
                },
            ),
        )

    # --- booking ------------------------------------------------------------

    def _set_ask_stage(self, service: Service) -> None:
        multi = _is_flexible(service) and service.total_sessions > 1
        self.state["stage"] = "ask_count" if multi else "ask_start"

    def _book(self) -> ModelResponse:
        u, state = self.u, self.state
        service = self.focus()
        if service is None:
            if u.has_when:
                state["pending_when"] = self.u.text
                return _reply(replies.which_service(self.business), state)
            if "greeting" in u.intents or "help" in u.intents or not u.intents:
                if "book" in u.intents:
                    return _reply(replies.which_service(self.business), state)
                if "thanks" in u.intents:
                    return _reply(replies.thanks(), state)
                return _reply(replies.greeting(self.business, self.request.customer_name), state)
            if "thanks" in u.intents:
                return _reply(replies.thanks(), state)
            return _reply(replies.which_service(self.business), state)
        if not u.has_when and state.get("pending_when"):
            pending = understand(state.pop("pending_when"), self.now, self.business)
            if pending.has_when:
                self.u = u = pending
        if _is_flexible(service) and service.total_sessions > 1:
            return self._book_flexible(service)
        if not u.has_when:
            if "thanks" in u.intents:
                return _reply(replies.thanks(), state)
            self._set_ask_stage(service)
            return _reply(replies.describe(self.business, service), state)
        start = self._first_start(allow_default_time=False)
        if start is None:
            day = self._first_day()
            if day is not None:
                state["pending_date"] = day.isoformat()
                return _calls(
                    self.request,
                    state,
                    (
                        "check_availability",
                        {
                            "service_id": service.id,
                            "date_from": day.isoformat(),
                            "date_to": day.isoformat(),
                        },
                    ),
                )
            return _reply(replies.ask_start(service), state)
        return self._propose([start])

    def _book_flexible(self, service: Service) -> ModelResponse:
        u, state = self.u, self.state
        if u.count:
            state["count"] = u.count
            state["collected"] = []
        count = state.get("count")
        collected: list[str] = list(state.get("collected") or [])
        wanted = (count - len(collected)) if count else None
        starts = self._starts(wanted)
        if not starts:
            if count:
                state["stage"] = "collect"
                return _reply(replies.ask_next_start(service, len(collected) + 1, count), state)
            self._set_ask_stage(service)
            if "thanks" in u.intents:
                return _reply(replies.thanks(), state)
            return _reply(replies.describe(self.business, service), state)
        collected.extend(_iso(s) for s in starts)
        if count and len(collected) < count:
            state["collected"] = collected
            state["stage"] = "collect"
            return _reply(replies.ask_next_start(service, len(collected) + 1, count), state)
        return self._propose([datetime.fromisoformat(c) for c in collected])

    def _propose(self, starts: list[datetime]) -> ModelResponse:
        service = self.focus()
        assert service is not None
        self.state["ref"] = _iso(starts[0])
        return _calls(
            self.request,
            self.state,
            ("propose_schedule", {"service_id": service.id, "starts": [_iso(s) for s in starts]}),
        )

    # --- dates ------------------------------------------------------------

    def _first_day(self) -> date | None:
        if self.u.dates:
            return self.u.dates[0]
        pending = self.state.get("pending_date")
        return date.fromisoformat(pending) if pending else None

    def _first_start(self, *, allow_default_time: bool) -> datetime | None:
        u = self.u
        if u.datetimes:
            return u.datetimes[0].astimezone(self.zone)
        if u.recurring:
            starts = self._expand_recurring(1)
            return starts[0] if starts else None
        day = self._first_day()
        at = u.time_only or (DEFAULT_TIME if allow_default_time and day else None)
        if at is None:
            return None
        if day is None:
            day = self.now.date()
            if datetime.combine(day, at, tzinfo=self.zone) <= self.now:
                day += timedelta(days=1)
        self.state.pop("pending_date", None)
        return datetime.combine(day, at, tzinfo=self.zone)

    def _starts(self, wanted: int | None) -> list[datetime]:
        """Every start the message names; recurring wishes expand to `wanted`."""
        u = self.u
        if u.recurring:
            return self._expand_recurring(wanted or len(u.recurring))
        starts = [d.astimezone(self.zone) for d in u.datetimes]
        if not starts:
            first = self._first_start(allow_default_time=False)
            if first is not None:
                starts = [first]
        return starts[:wanted] if wanted else starts

    def _expand_recurring(self, count: int) -> list[datetime]:
        """The next `count` dates that fall on the wished weekdays, from tomorrow."""
        found: list[datetime] = []
        day = self.now.date() + timedelta(days=1)
        for _ in range(370):
            for pattern in self.u.recurring:
                if day.weekday() in pattern.weekdays:
                    at = pattern.at or self.u.time_only or DEFAULT_TIME
                    found.append(datetime.combine(day, at, tzinfo=self.zone))
                    break
            if len(found) >= count:
                break
            day += timedelta(days=1)
        return found


class Composer(_Phase):
    """Turn the results of this model's tool calls into the reply."""

    def run(self) -> ModelResponse:
        results = self._results()
        for name, args, result in results:
            response = self._one(name, args, result)
            if response is not None:
                return response
        return _reply(replies.nothing_pending(), self.state)

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
            return _reply(replies.tool_error(str(error.get("message"))), state)
        service = self.service(result.get("service_id") or args.get("service_id"))
        if name == "get_progress":
            return self._after_progress(result)
        if name == "list_bookings":
            return _reply(replies.bookings(result.get("bookings", [])), state)
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
            session = state.get("session")
            self.reset()
            state["stage"] = keep_stage
            if session is not None:
                state["session"] = session
            state["alternatives"] = alternatives
            return _reply(replies.conflict(service, conflict), state)
        kind = result.get("kind", "book")
        self.reset()
        state.update(stage="confirm", proposal=result["proposal_id"], kind=kind)
        if kind == "reschedule":
            return _reply(replies.reschedule_preview(service, result), state)
        if kind == "cancel":
            return _reply(replies.cancel_preview(service, result), state)
        return _reply(replies.proposal(self.business, service, result), state)

    def _after_booking(self, service: Service, result: JSON) -> ModelResponse:
        state = self.state
        self.reset()
        if not result["booked"]:
            if result.get("conflict"):
                return _reply(replies.conflict(service, result["conflict"]), state)
            state["stage"] = "ask_start"
            return _reply(replies.tool_error(str(result.get("message"))), state)
        if result.get("kind") == "cancel":
            return _reply(replies.cancelled(service, result), state)
        sessions = result.get("sessions") or []
        if sessions:
            state["ref"] = sessions[-1]["start"]
        return _reply(replies.booked(service, result), state)

    def _after_availability(self, service: Service, result: JSON) -> ModelResponse:
        pending = self.state.get("pending_date")
        days = result.get("days", [])
        if pending:
            day = date.fromisoformat(pending)
            text = f"{day:%A} {day.day} {day:%B}"
            if not days:
                self.state.pop("pending_date", None)
                return _reply(replies.nothing_that_day(text), self.state)
            return _reply(replies.ask_time_for_day(text, days[0]["times"]), self.state)
        return _reply(replies.availability(service, result), self.state)

    def _after_progress(self, result: JSON) -> ModelResponse:
        state = self.state
        plans = result.get("plans", [])
        pending = state.pop("pending", None)
        if pending:
            active = [p for p in plans if p["booked"] > 0]
            if len(active) == 1:
                service_id = active[0]["service_id"]
                state["service"] = service_id
                if pending["intent"] == "cancel":
                    return _calls(
                        self.request,
                        state,
                        (
                            "cancel_booking",
                            {"service_id": service_id, "session_number": pending.get("session")},
                        ),
                    )
                return _calls(
                    self.request,
                    state,
                    (
                        "reschedule_session",
                        {
                            "service_id": service_id,
                            "session_number": pending.get("session"),
                            "new_start": pending.get("start"),
                        },
                    ),
                )
            if not active:
                return _reply("You have no upcoming appointments to change.", state)
            names = ", ".join(p["service_name"] for p in active)
            return _reply(f"Which plan do you mean: {names}?", state)
        return _reply(replies.progress(self.business, plans), state)
