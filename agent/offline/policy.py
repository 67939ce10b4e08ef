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

from dataclasses import replace
from datetime import date, datetime, timedelta

from bookbot.agent.model import ModelRequest, ModelResponse
from bookbot.agent.offline import (
    cancel_all,
    exclusions,
    fact_answers,
    free_times,
    options,
    questions,
    recall,
    replies,
)
from bookbot.agent.offline.changes import ChangeDecider
from bookbot.agent.offline.composer import Composer
from bookbot.agent.offline.nlu_adapter import read_message as understand
from bookbot.agent.offline.phase import (
    ANOTHER_DAY,
    JSON,
    SOONEST,
    calls,
    iso,
    reply,
)
from bookbot.core.config import Service, Strategy

ACKNOWLEDGEMENTS = frozenset({"yes", "no", "thanks", "greeting"})


class OfflineModel:
    name = "offline"

    def complete(self, request: ModelRequest) -> ModelResponse:
        state = dict(request.state)
        last = request.messages[-1] if request.messages else {"role": "user", "content": ""}
        if last.get("role") == "tool":
            return _with_preface(Composer(request, state, decide=_decide).run())
        return _with_preface(Decider(request, state, str(last.get("content") or "")).run())


def _decide(request: ModelRequest, state: JSON, text: str) -> ModelResponse:
    """The decide phase over `text` (the composer asks for it after a lookup)."""
    return Decider(request, state, text).run()


def _with_preface(response: ModelResponse) -> ModelResponse:
    """A two-part message ("how much is it and when's the earliest?"): the answer kept
    for the first part (`state["preface"]`) goes before the reply to the second."""
    state = response.state
    if response.content is None or not state or "preface" not in state:
        return response
    preface = str(state.pop("preface"))
    return replace(response, content=f"{preface}\n\n{response.content}", state=state)


class Decider(ChangeDecider):
    """The decide phase: the customer's message in, tool calls or a reply out."""

    def run(self) -> ModelResponse:
        u = self.u
        if "other_customer" in u.intents:
            return reply(replies.other_customer(), self.state)
        if u.unknown_service and u.session_number is None:
            return reply(
                replies.unknown_service(self.business, u.unknown_service, self.lang), self.state
            )
        self._answer_questions_first()
        u = self.u
        facts = self._facts()
        if facts is not None and not self._acts_too():
            return reply(facts, self.state)  # a proposal on the table keeps waiting
        if facts is not None:
            self.state["preface"] = facts  # answered first, then the action
        exclusions.remember(self.state, u)
        if u.hour_reading is not None and self._time_asked():
            # "make it 11" to a shown time: an hour, not a count
            self.u = u = replace(u, time_only=u.time_only or u.hour_reading, count=None)
        if u.invalid:
            if u.services and u.services[0] != self.state.get("service"):
                self.reset(keep_service=False)
                self.state["service"] = u.services[0]
            service = self.focus()
            if service is not None and self.state.get("stage") in (None, "confirm"):
                self.state["stage"] = "ask_start"  # the next message names the real date
            return reply(replies.invalid_date(u.invalid[0]), self.state)
        if u.unread and u.has_when:
            return self._partly_read()
        waiting = self.state.pop("which_plan", None)
        if waiting and u.services and not u.intents - ACKNOWLEDGEMENTS:
            # "the laser one" to "which plan do you mean?": the change asked before
            self.reset(keep_service=False)
            self.state.update(service=u.services[0], pending=waiting)
            return calls(self.request, self.state, ("get_progress", {"service_id": u.services[0]}))
        back = recall.earlier(self.state, u.earlier_offer)
        if back is not None:  # "actually the first time you offered was better"
            self.reset(keep_service=False)
            self.state["service"] = back[0]
            return self._propose([self.local(s) for s in back[1]])
        if self.state.get(cancel_all.STEP) and u.reply == "yes" and not u.services:
            return cancel_all.confirmed(self.request, self.state)
        self.state.pop(cancel_all.STEP, None)
        answered = self._which_session() or self._answer_pending()
        if answered is not None:
            return answered
        if self.state.get("stage") == "confirm":
            about = self._about_shown() or self._question_on_shown()
            if about is not None:
                return about
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
        if (
            self._understood_nothing()
            and self.state.get("stage") is None
            and self._answered_before()
        ):
            return reply(replies.not_understood(self.business, self.lang), self.state)
        asking = self._target() is not None and not self.state.get("alternatives")
        if asking and not (u.has_when or u.intents) and self.focus():
            return self._list()  # "and my 3rd one?": when it is
        return self._book()

    def _answer_questions_first(self) -> None:
        """'How much is X? and can I book Y on Friday at 9': the question clauses are
        answered before the reply, the rest of the message decides what happens."""
        found = questions.split(self.u, self.reread)
        if found is None:
            return
        asked, rest = found
        answers = [questions.answer(q, self.business, self.lang) for q in asked]
        self.state["preface"] = "\n".join(a for a in answers if a)
        named = [q.services[0] for q in asked if q.services]
        if not rest.services and named:
            rest = replace(rest, services=(named[0],))  # "...? and can I book it friday"
        self.u = rest

    def _facts(self) -> str | None:
        """The answers to questions about the business (notice, validity, opening on
        a day, contact) the message asks."""
        u = self.u
        if not set(u.intents) & set(fact_answers.FACT_INTENTS):
            return None
        service = self.service(u.services[0]) if u.services else self.focus()
        days = list(dict.fromkeys([*u.dates, *(d.date() for d in u.datetimes)]))
        return fact_answers.answer(u.intents, self.business, service, days, self.lang)

    def _acts_too(self) -> bool:
        """Besides its questions, the message asks for something to be done or shown."""
        u = self.u
        acting = {"book", "cancel", "reschedule", "list", "progress", "price", "info"}
        opening_day = "opening" in u.intents and not ({"book"} & u.intents)
        return bool(u.intents & acting) or (u.has_when and not opening_day)

    def _partly_read(self) -> ModelResponse:
        """A day or time read only in part ("wed 18 at 4" read as this Wednesday):
        say what was understood and ask, never propose the partial reading."""
        u = self.u
        if u.services and u.services[0] != self.state.get("service"):
            self.reset(keep_service=False)
            self.state["service"] = u.services[0]
        if self.focus() is not None and self.state.get("stage") in (None, "confirm"):
            self.reset()
            self.state["stage"] = "ask_start"
        moment = u.datetimes[0] if u.datetimes else None
        day = moment.date() if moment else (u.dates[0] if u.dates else None)
        at = moment.time() if moment else u.time_only
        return reply(replies.partly_read(day, at, u.unread, self.lang), self.state)

    def _time_asked(self) -> bool:
        """A proposal, options or a question for a time waits (not "how many?")."""
        state = self.state
        if state.get("stage") == "ask_count":
            return False
        asked = state.get("stage") in ("confirm", "ask_start", "collect", "ask_reschedule")
        return asked or bool(state.get("alternatives") or state.get("pending_date"))

    def _understood_nothing(self) -> bool:
        """Nothing in the message this model can act on ("is there parking?")."""
        u = self.u
        picked = u.session_number is not None or u.choice is not None
        some = u.intents or u.reply or u.has_when or u.services or u.count or u.count_all
        return not (some or picked)

    def _answered_before(self) -> bool:
        return any(m.get("role") == "assistant" for m in self.request.messages[:-1])

    # --- answers to what was asked ---------------------------------------

    def _answer_pending(self) -> ModelResponse | None:
        u, state = self.u, self.state
        stage = state.get("stage")
        if stage == "confirm" and state.get("proposal"):
            avoided = self._avoid_ruled_out()
            if avoided is not None:
                return avoided
            if self._agrees():
                return self._apply_proposal()
            other = bool(u.services) and u.services[0] != state.get("service")
            if u.reply == "no" and not u.has_when and not other:
                kind = state.get("kind")
                self.reset()
                if kind == "book":
                    state["stage"] = "ask_start"
                    return reply(replies.declined(self.lang), state)
                return reply(replies.nothing_pending(self.lang), state)
        if stage == "ask_which" and (u.session_number is not None or u.choice is not None):
            number = u.session_number if u.session_number is not None else u.choice
            start = self.local(state.pop("move_to"))
            state.pop("stage", None)
            return self._move(number, start)
        picked = self._picked_option()
        if picked is not None:
            return picked
        only_reply = not (u.has_when or u.services or u.count_all) and u.count is None
        only_reply = only_reply and not u.intents - ACKNOWLEDGEMENTS
        if stage is None and u.reply == "no" and only_reply:
            return reply(replies.nothing_pending(self.lang), state)
        service = self.focus()
        if u.reply == "yes" and only_reply and stage is None and service is None:
            if state.get("looked_up"):
                return reply(replies.nothing_pending(self.lang), state)
            return self._find_focus()  # perhaps a yes to a reminder or an invitation
        another = state.pop(ANOTHER_DAY, None)
        if u.reply == "yes" and only_reply and service is not None and another:
            # "yes please" to "would another day work?": the free days after it
            first = max(date.fromisoformat(another), self.now.date()) + timedelta(days=1)
            return self._check_availability(service, first, first + timedelta(days=6))
        if u.reply == "yes" and only_reply and "thanks" not in u.intents and service is not None:
            if stage in ("ask_start", "ask_count"):
                return reply(replies.ask_again(service, stage, self.lang), state)
            if stage is None:
                return self._ask_next(service)  # a bare yes: say what comes next in the plan
        return None

    def _picked_option(self) -> ModelResponse | None:
        """One of the numbered options shown, picked by its number, its time or a yes
        (a yes picks only when one option was offered, or the first was offered for
        it); a yes to several asks which."""
        u, state = self.u, self.state
        alternatives: list[str] = list(state.get("alternatives") or [])
        index = options.pick(u, alternatives, self.now)
        agreed = u.reply == "yes" and "thanks" not in u.intents and not self._sized()
        if index is None and alternatives and agreed and not u.has_when:
            if len(alternatives) > 1 and not state.get("yes_takes_first"):
                return options.offer(
                    replies.which_option(alternatives, self.lang), state, alternatives
                )
            index = 0
        if index is None:
            return None
        start = self.local(alternatives[index])
        if state.get("stage") == "ask_reschedule":
            return self._reschedule_to(start)
        starts = list(state.get("starts") or [])
        if state.get("replace") in starts:
            return self._propose(sorted(self._replaced(starts, state["replace"], start)))
        return self._propose([start])

    def _replaced(self, starts: list[str], refused: str, picked: datetime) -> list[datetime]:
        """The wished starts with the refused one replaced by the picked option. A bare
        time ("8am then") re-times every wished start that had the refused time of day:
        the customer moves the whole request, not one day of it."""
        wished = [self.local(s) for s in starts]
        if not self.u.time_only or self.u.dates or self.u.datetimes:
            return [picked if s == refused else w for s, w in zip(starts, wished, strict=True)]
        at = self.local(refused).time()
        return [w.replace(hour=picked.hour, minute=picked.minute) if w.time() == at else w
                for w in wished]  # fmt: skip

    def _progress(self) -> ModelResponse:
        service = self.service(self.u.services[0]) if self.u.services else None
        args = {"service_id": service.id} if service else {}
        return calls(self.request, self.state, ("get_progress", args))

    def _list(self) -> ModelResponse:
        service = self.focus()
        if service is not None and self._target() is not None:
            self.state["asked"] = [service.id, self._target()]  # "when is my fitting?"
        return calls(self.request, self.state, ("list_bookings", {}))

    def _price(self) -> ModelResponse | None:
        service = self.focus()
        if service is not None and "info" in self.u.intents:
            return None  # the description answers both, price included
        if service is None or ("services" in self.u.intents and not self.u.services):
            lines = [replies.price(self.business, s, self.lang) for s in self.business.services]
            return reply("\n".join(lines), self.state)
        if self.u.has_when:
            return None
        if "availability" in self.u.intents:
            self.state["preface"] = replies.price(self.business, service, self.lang)
            return None  # "and when's the earliest?": the free times follow the price
        return reply(replies.price(self.business, service, self.lang), self.state)

    def _info(self) -> ModelResponse | None:
        service = self.focus()
        if service is None or self.u.has_when:
            return None
        self._set_ask_stage(service)
        return reply(replies.describe(self.business, service, lang=self.lang), self.state)

    def _availability(self) -> ModelResponse | None:
        u, service = self.u, self.focus()
        if u.choice_earliest and not u.has_when and service is not None:
            self.state[SOONEST] = True  # "the soonest you have": the first free start
        if service is None and not (u.datetimes or u.dates or u.time_only):
            return self._opening_hours()
        if service is None or (u.datetimes and u.window is None):
            return None  # an exact time is a wish to book it, not a question
        days = u.dates or tuple(d.date() for d in u.datetimes)
        first = days[0] if days else self.now.date()
        last = days[-1] if days else first + timedelta(days=6)
        self.state.pop("pending_date", None)
        if u.window is not None:
            self.state["window"] = [f"{u.window[0]:%H:%M}", f"{u.window[1]:%H:%M}"]
        return self._check_availability(service, first, last)

    def _opening_hours(self) -> ModelResponse:
        """'When are you open?', 'are you open on Saturdays?' with no service in mind."""
        weekdays = tuple(sorted({d for r in self.u.recurring for d in r.weekdays}))
        today = self.now.date()
        soon = [d for d in self.business.closed if today <= d <= today + timedelta(days=90)]
        weekly = self.business.hours
        closed = sorted(d for d in soon if weekly.get(f"{d:%a}".lower()))  # else closed anyway
        days = [d.isoformat() for d in closed[:5]]
        return reply(free_times.opening_hours(self.business, weekdays, days), self.state)

    # --- booking ------------------------------------------------------------

    def _set_ask_stage(self, service: Service) -> None:
        multi = service.booking_strategy is Strategy.FLEXIBLE and service.total_sessions > 1
        self.state["stage"] = "ask_count" if multi else "ask_start"

    def _book(self) -> ModelResponse:
        u, state = self.u, self.state
        service = self.focus()
        if service is None:
            if (u.has_when or "book" in u.intents or u.count) and not state.get("looked_up"):
                return self._find_focus()
            if u.has_when:
                state["pending_when"] = self.u.text
                return reply(replies.which_service(self.business, self.lang), state)
            if "greeting" in u.intents or "help" in u.intents or not u.intents:
                if "book" in u.intents:
                    return reply(replies.which_service(self.business, self.lang), state)
                if "thanks" in u.intents:
                    return reply(replies.thanks(self.lang), state)
                return reply(
                    replies.greeting(self.business, self.request.customer_name, self.lang), state
                )
            if "thanks" in u.intents:
                return reply(replies.thanks(self.lang), state)
            return reply(replies.which_service(self.business, self.lang), state)
        if not u.has_when and state.get("pending_when"):
            pending = understand(
                state.pop("pending_when"), self.now, self.business, None, state.get("lang")
            )
            if pending.has_when:
                self.u = u = pending
        if service.booking_strategy is Strategy.FLEXIBLE and service.total_sessions > 1:
            return self._book_flexible(service)
        if (
            service.booking_strategy is Strategy.IMMEDIATE
            and (u.session_number or 0) > 1
            and u.has_when
        ):
            return self._reschedule()  # a new booking starts at session 1: this one exists
        if not u.has_when:
            if "thanks" in u.intents:
                return reply(replies.thanks(self.lang), state)
            return self._ask_next(service)
        vague = self._vague_day()
        if vague is not None:
            return self._times_on(service, vague)
        start = self._first_start(allow_default_time=False)
        if start is None:
            day = self._first_day()
            if day is not None:
                return self._times_on(service, day)
            return reply(replies.ask_start(service, self.lang), state)
        return self._propose([start])

    def _vague_day(self) -> date | None:
        """'Friday morning': one day and only a part of it, which asks for the free
        times then rather than a guessed time."""
        u = self.u
        if u.window is None or u.recurring or u.time_only or u.dates or len(u.datetimes) != 1:
            return None
        return u.datetimes[0].date()

    def _times_on(self, service: Service, day: date) -> ModelResponse:
        """The free times on `day` (inside the wished part of it); the next message
        names the time."""
        self.state["pending_date"] = day.isoformat()
        if self.u.window is not None:
            self.state["window"] = [f"{self.u.window[0]:%H:%M}", f"{self.u.window[1]:%H:%M}"]
        return self._check_availability(service, day, day)

    def _book_flexible(self, service: Service) -> ModelResponse:
        u, state = self.u, self.state
        if u.count or u.count_all:
            state["count"] = u.count or service.total_sessions
            state["collected"] = []
            state.pop("offset", None)
            state["all"] = u.count_all and not u.count  # every session left, once known
        count = state.get("count")
        collected: list[str] = list(state.get("collected") or [])
        wanted = (count - len(collected)) if count else None
        bare_time = u.time_only and not (u.dates or u.datetimes or u.recurring)
        if bare_time and collected and not state.get("pending_date"):
            # A time alone for a later session of a package names no day: ask for it.
            number = int(state.get("offset") or 0) + len(collected) + 1
            return reply(replies.ask_day_for(service, number), state)
        vague = self._vague_day()
        starts = [] if vague else self._starts(wanted)
        day = vague or (self.u.dates[0] if self.u.dates else None)
        if not starts and day is not None and (not count or "offset" in state):
            return self._times_on(service, day)  # a day without a time: which times are free
        if count and "offset" not in state and len(collected) + len(starts) < count:
            # Number the new sessions after the ones already in the package first.
            state["collected"] = collected + [iso(s) for s in starts]
            state["pending"] = {"intent": "collect"}
            if starts:
                state["ref"] = iso(starts[-1])
            elif day is not None:
                state["pending"]["day"] = day.isoformat()  # its free times, once numbered
                if u.window is not None:
                    state["window"] = [f"{u.window[0]:%H:%M}", f"{u.window[1]:%H:%M}"]
            return calls(self.request, state, ("get_progress", {"service_id": service.id}))
        if not starts:
            if count:
                state["stage"] = "collect"
                number = int(state["offset"]) + len(collected) + 1
                return reply(
                    replies.ask_next_start(service, number, count, first=not collected), state
                )
            if "thanks" in u.intents:
                return reply(replies.thanks(self.lang), state)
            return self._ask_next(service)
        collected.extend(iso(s) for s in starts)
        state["ref"] = collected[-1]  # "same time" for the next one means this one's time
        if count and len(collected) < count:
            state["collected"] = collected
            state["stage"] = "collect"
            number = int(state.get("offset") or 0) + len(collected) + 1
            return reply(replies.ask_next_start(service, number, count, first=False), state)
        return self._propose([self.local(c) for c in collected])

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
