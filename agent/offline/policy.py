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

from datetime import date, datetime, timedelta

from bookbot.agent.model import ModelRequest, ModelResponse
from bookbot.agent.offline import replies
from bookbot.agent.offline.changes import ChangeDecider
from bookbot.agent.offline.composer import Composer
from bookbot.agent.offline.phase import JSON, calls, is_flexible, is_sequential, iso, reply
from bookbot.agent.offline.understanding import understand
from bookbot.core.config import Service

ACKNOWLEDGEMENTS = frozenset({"yes", "no", "thanks", "greeting"})


class OfflineModel:
    name = "offline"

    def complete(self, request: ModelRequest) -> ModelResponse:
        state = dict(request.state)
        last = request.messages[-1] if request.messages else {"role": "user", "content": ""}
        if last.get("role") == "tool":
            return Composer(request, state).run()
        return Decider(request, state, str(last.get("content") or "")).run()


class Decider(ChangeDecider):
    """The decide phase: the customer's message in, tool calls or a reply out."""

    def run(self) -> ModelResponse:
        u = self.u
        if "other_customer" in u.intents:
            return reply(replies.other_customer(), self.state)
        if u.invalid:
            if u.services and u.services[0] != self.state.get("service"):
                self.reset(keep_service=False)
                self.state["service"] = u.services[0]
            service = self.focus()
            if service is not None and self.state.get("stage") in (None, "confirm"):
                self.state["stage"] = "ask_start"  # the next message names the real date
            return reply(replies.invalid_date(u.invalid[0]), self.state)
        answered = self._answer_pending()
        if answered is not None:
            return answered
        if self.state.get("stage") in ("confirm", "ask_start"):
            amended = self._amend()
            if amended is not None:
                return amended
        if self.state.get("stage") == "confirm":
            if self.state.get("kind") == "reschedule" and u.has_when and not u.services:
                session = self.state.get("session")
                self.reset()
                if session is not None:
                    self.state["session"] = session
                return self._reschedule()  # another day for the same session
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
            if self._agrees():
                return self._apply_proposal()
            if u.reply == "no" and not u.has_when:
                kind = state.get("kind")
                self.reset()
                if kind == "book":
                    state["stage"] = "ask_start"
                    return reply(replies.declined(), state)
                return reply(replies.nothing_pending(), state)
        alternatives = state.get("alternatives") or []
        if alternatives and not u.has_when and (u.choice or u.reply == "yes"):
            index = (u.choice or 1) - 1
            if 0 <= index < len(alternatives):
                start = datetime.fromisoformat(alternatives[index])
                if state.get("stage") == "ask_reschedule":
                    return self._reschedule_to(start)
                starts = list(state.get("starts") or [])
                if state.get("replace") in starts:
                    starts[starts.index(state["replace"])] = iso(start)
                    return self._propose(sorted(datetime.fromisoformat(s) for s in starts))
                return self._propose([start])
        only_reply = not u.has_when and u.count is None and not u.intents - ACKNOWLEDGEMENTS
        if stage is None and u.reply == "no" and only_reply:
            return reply(replies.nothing_pending(), state)
        service = self.focus()
        if u.reply == "yes" and only_reply and stage is None and service is None:
            if state.get("looked_up"):
                return reply(replies.nothing_pending(), state)
            return self._find_focus()  # perhaps a yes to a reminder or an invitation
        if u.reply == "yes" and only_reply and "thanks" not in u.intents and service is not None:
            if stage in ("ask_start", "ask_count"):
                return reply(replies.ask_again(service, stage), state)
            if stage is None:
                return self._ask_next(service)  # a bare yes: say what comes next in the plan
        return None

    def _progress(self) -> ModelResponse:
        service = self.service(self.u.services[0]) if self.u.services else None
        args = {"service_id": service.id} if service else {}
        return calls(self.request, self.state, ("get_progress", args))

    def _list(self) -> ModelResponse:
        return calls(self.request, self.state, ("list_bookings", {}))

    def _price(self) -> ModelResponse | None:
        service = self.focus()
        if service is not None and "info" in self.u.intents:
            return None  # the description answers both, price included
        if service is None or ("services" in self.u.intents and not self.u.services):
            lines = [replies.price(self.business, s) for s in self.business.services]
            return reply("\n".join(lines), self.state)
        if self.u.has_when:
            return None
        return reply(replies.price(self.business, service), self.state)

    def _info(self) -> ModelResponse | None:
        service = self.focus()
        if service is None or self.u.has_when:
            return None
        self._set_ask_stage(service)
        return reply(replies.describe(self.business, service), self.state)

    def _availability(self) -> ModelResponse | None:
        u, service = self.u, self.focus()
        if service is None or (u.datetimes and u.window is None):
            return None  # an exact time is a wish to book it, not a question
        days = u.dates or tuple(d.date() for d in u.datetimes)
        first = days[0] if days else self.now.date()
        last = days[-1] if days else first + timedelta(days=6)
        self.state.pop("pending_date", None)
        if u.window is not None:
            self.state["window"] = [f"{u.window[0]:%H:%M}", f"{u.window[1]:%H:%M}"]
        return self._check_availability(service, first, last)

    def _check_availability(self, service: Service, first: date, last: date) -> ModelResponse:
        """Free times; for a sequential plan with the customer's progress beside them,
        since only days inside the next session's window can be booked."""
        wanted: list[tuple[str, JSON]] = [
            (
                "check_availability",
                {
                    "service_id": service.id,
                    "date_from": first.isoformat(),
                    "date_to": last.isoformat(),
                },
            )
        ]
        if is_sequential(service):
            wanted.insert(0, ("get_progress", {"service_id": service.id}))
        return calls(self.request, self.state, *wanted)

    # --- booking ------------------------------------------------------------

    def _set_ask_stage(self, service: Service) -> None:
        multi = is_flexible(service) and service.total_sessions > 1
        self.state["stage"] = "ask_count" if multi else "ask_start"

    def _book(self) -> ModelResponse:
        u, state = self.u, self.state
        service = self.focus()
        if service is None:
            if (u.has_when or "book" in u.intents or u.count) and not state.get("looked_up"):
                return self._find_focus()
            if u.has_when:
                state["pending_when"] = self.u.text
                return reply(replies.which_service(self.business), state)
            if "greeting" in u.intents or "help" in u.intents or not u.intents:
                if "book" in u.intents:
                    return reply(replies.which_service(self.business), state)
                if "thanks" in u.intents:
                    return reply(replies.thanks(), state)
                return reply(replies.greeting(self.business, self.request.customer_name), state)
            if "thanks" in u.intents:
                return reply(replies.thanks(), state)
            return reply(replies.which_service(self.business), state)
        if not u.has_when and state.get("pending_when"):
            pending = understand(state.pop("pending_when"), self.now, self.business)
            if pending.has_when:
                self.u = u = pending
        if is_flexible(service) and service.total_sessions > 1:
            return self._book_flexible(service)
        if not u.has_when:
            if "thanks" in u.intents:
                return reply(replies.thanks(), state)
            return self._ask_next(service)
        start = self._first_start(allow_default_time=False)
        if start is None:
            day = self._first_day()
            if day is not None:
                state["pending_date"] = day.isoformat()
                return self._check_availability(service, day, day)
            return reply(replies.ask_start(service), state)
        return self._propose([start])

    def _book_flexible(self, service: Service) -> ModelResponse:
        u, state = self.u, self.state
        if u.count:
            state["count"] = u.count
            state["collected"] = []
            state.pop("offset", None)
        count = state.get("count")
        collected: list[str] = list(state.get("collected") or [])
        wanted = (count - len(collected)) if count else None
        starts = self._starts(wanted)
        if not starts:
            if count and "offset" not in state:
                # Number the new sessions after the ones already in the package.
                state["pending"] = {"intent": "collect"}
                return calls(self.request, state, ("get_progress", {"service_id": service.id}))
            if count:
                state["stage"] = "collect"
                number = int(state["offset"]) + len(collected) + 1
                return reply(
                    replies.ask_next_start(service, number, count, first=not collected), state
                )
            if "thanks" in u.intents:
                return reply(replies.thanks(), state)
            return self._ask_next(service)
        collected.extend(iso(s) for s in starts)
        if count and len(collected) < count:
            state["collected"] = collected
            state["stage"] = "collect"
            number = int(state.get("offset") or 0) + len(collected) + 1
            return reply(replies.ask_next_start(service, number, count, first=False), state)
        return self._propose([datetime.fromisoformat(c) for c in collected])

    def _find_focus(self) -> ModelResponse:
        """No service named: the customer's one open plan is what they mean, if
        they have one (they may be answering an invitation to book the next
        session). The composer then decides this message again."""
        self.state["pending"] = {"intent": "focus", "text": self.u.text}
        return calls(self.request, self.state, ("get_progress", {}))

    def _ask_next(self, service: Service) -> ModelResponse:
        """Where the customer stands in this service's plan decides what to ask."""
        self.state["pending"] = {"intent": "next"}
        return calls(self.request, self.state, ("get_progress", {"service_id": service.id}))
