"""The offline model's decide phase: the customer's message in, tool calls or a
reply out.

`Decider.run` is a fixed pipeline of small steps (`DECIDE_STEPS`); the first step
with an answer wins. What the dialogue waits for picks the steps of `STAGE_STEPS`,
what the message asks picks the handler of `INTENT_STEPS`; booking is what is left.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from bookbot.agent.model import ModelResponse
from bookbot.agent.offline import (
    booking,
    cancel_all,
    days_named,
    exclusions,
    fact_answers,
    handoff,
    lookups,
    pending_answers,
    questions,
    recall,
    replies,
)
from bookbot.agent.offline.changes import ChangeDecider
from bookbot.agent.offline.phase import calls, iso, reply
from bookbot.agent.offline.state import Stage, waits_for_time

ACKNOWLEDGEMENTS = frozenset({"yes", "no", "thanks", "greeting"})
ACTING = frozenset({"book", "cancel", "reschedule", "list", "progress", "price", "info"})

Step = Callable[["Decider"], ModelResponse | None]


def first_answer(decider: Decider, steps: Sequence[Step]) -> ModelResponse | None:
    for step in steps:
        response = step(decider)
        if response is not None:
            return response
    return None


class Decider(ChangeDecider):
    """The decide phase: one message, one answer (`run`)."""

    progress_told: bool = False
    """The progress the message asks about is answered already (the reply's preface)."""
    unhelped: int = 0
    """Replies in a row before this message that could not help (`handoff.UNHELPED`)."""

    def run(self) -> ModelResponse:
        return first_answer(self, DECIDE_STEPS) or booking.book(self)

    # --- reading the message ----------------------------------------------

    def _keep_focus(self) -> ModelResponse | None:
        """A service read only loosely ("starting" for a "Starter Package") never
        replaces the one the conversation is about."""
        u, focus = self.u, self.state.get("service")
        if u.service_loose and focus and u.services and u.services[0] != focus:
            self.u = replace(u, services=(), service_loose=False)
        return None

    def _unit_of_open_plan(self) -> ModelResponse | None:
        """ "can I book lesson 2 for Mon 27/11": a session number beside a service heard
        only in a word for one appointment is a session of the plan the customer has,
        looked up first; another service takes it only if the customer has no plan."""
        u = self.u
        if not (u.service_by_unit and u.session_number and u.services):
            return None
        focus = self.state.get("service")
        if focus and focus != u.services[0]:
            self.u = replace(u, services=(), service_by_unit=False)
            return None
        if focus or self.state.get("looked_up"):
            return None
        return booking.find_focus(self)

    def _days_named_before(self) -> ModelResponse | None:
        """A bare weekday is the day of it the customer wished last (`days_named`)."""
        if not set(self.u.intents) & {"reschedule", "cancel"}:
            self.u = days_named.anchored(self.u, self.state, self.now.date())
        return None

    def _refused(self) -> ModelResponse | None:
        """Another customer's business, or a service the business does not offer."""
        u = self.u
        if "other_customer" in u.intents:
            return reply(replies.other_customer(self.lang), self.state)
        if u.unknown_service and u.session_number is None:
            text = replies.unknown_service(self.business, u.unknown_service, self.lang)
            self.state[handoff.UNHELPED] = self.unhelped + 1
            return reply(text, self.state)
        return None

    def _questions_and_facts(self) -> ModelResponse | None:
        """The question clauses and business facts asked are answered first: alone when
        nothing else is asked (a proposal on the table keeps waiting), else as the
        reply's preface."""
        self._answer_questions_first()
        facts = self._facts()
        if facts is not None and not self._acts_too():
            if len(self.u.services) == 1:
                self.state["service"] = self.u.services[0]  # "is the bleaching valid...?"
            return reply(facts, self.state)
        if facts is not None:
            self.state["preface"] = facts
        exclusions.remember(self.state, self.u)
        u = self.u
        if u.hour_reading is not None and self._time_asked():
            # "make it 11" to a shown time: an hour, not a count
            self.u = replace(u, time_only=u.time_only or u.hour_reading, count=None)
        return None

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
        weekdays = sorted({w for r in u.recurring for w in r.weekdays})
        return fact_answers.answer(u.intents, self.business, service, days, self.lang, weekdays)

    def _acts_too(self) -> bool:
        """Besides its questions, the message asks for something to be done or shown."""
        u = self.u
        opening_day = "opening" in u.intents and "book" not in u.intents
        return bool(u.intents & ACTING) or (u.has_when and not opening_day)

    def _time_asked(self) -> bool:
        """A proposal, options or a question for a time waits (not "how many?")."""
        if self.stage is Stage.ASK_COUNT:
            return False
        waiting = self.state.get("alternatives") or self.state.get("pending_date")
        return waits_for_time(self.stage) or bool(waiting)

    def _switch_to_named(self) -> None:
        """A service named other than the one in focus: what was asked is forgotten."""
        u = self.u
        if u.services and u.services[0] != self.state.get("service"):
            self.reset(keep_service=False)
            self.state["service"] = u.services[0]

    def _invalid_day(self) -> ModelResponse | None:
        """'the 31st of April': said so, and the next message names the real date."""
        u = self.u
        if not u.invalid:
            return None
        self._switch_to_named()
        if self.focus() is not None and self.stage in (None, Stage.CONFIRM):
            self.state["stage"] = Stage.ASK_START
        if u.invalid_time is not None:  # "the 29th then, same time": the time said here
            self.state["ref"] = iso(datetime.combine(self.now.date(), u.invalid_time, self.zone))
        return reply(replies.invalid_date(u.invalid[0], self.lang), self.state)

    def _partly_read(self) -> ModelResponse | None:
        """A day or time read only in part ("wed 18 at 4" read as this Wednesday):
        say what was understood and ask, never propose the partial reading."""
        u = self.u
        if not (u.unread and u.has_when):
            return None
        self._switch_to_named()
        if self.focus() is not None and self.stage in (None, Stage.CONFIRM):
            self.reset()
            self.state["stage"] = Stage.ASK_START
        moment = u.datetimes[0] if u.datetimes else None
        day = moment.date() if moment else (u.dates[0] if u.dates else None)
        at = moment.time() if moment else u.time_only
        return reply(replies.partly_read(day, at, u.unread, self.lang), self.state)

    # --- answers to what the last reply asked -----------------------------

    def _plan_named(self) -> ModelResponse | None:
        """'the laser one' to "which plan do you mean?": the change asked before."""
        u = self.u
        waiting = self.state.pop("which_plan", None)
        if not (waiting and u.services and not u.intents - ACKNOWLEDGEMENTS):
            return None
        self.reset(keep_service=False)
        self.state.update(service=u.services[0], pending=waiting)
        return calls(self.request, self.state, ("get_progress", {"service_id": u.services[0]}))

    def _earlier_offer(self) -> ModelResponse | None:
        """'actually the first time you offered was better'."""
        back = recall.earlier(self.state, self.u.earlier_offer)
        if back is None:
            return None
        self.reset(keep_service=False)
        self.state["service"] = back[0]
        return self._propose([self.local(s) for s in back[1]])

    def _all_cancelled(self) -> ModelResponse | None:
        """A yes to "cancel all of these?"; anything else drops that question."""
        if self.state.get(cancel_all.STEP) and self.u.reply == "yes" and not self.u.services:
            return cancel_all.confirmed(self.request, self.state)
        self.state.pop(cancel_all.STEP, None)
        return None

    def _in_stage(self) -> ModelResponse | None:
        if self.stage is None:
            return None
        return first_answer(self, STAGE_STEPS.get(self.stage, ()))

    def _left_proposal(self) -> ModelResponse | None:
        """The customer moved on from a shown proposal: what awaited a yes is no longer
        asked; a new day for a shown move moves the same session."""
        u = self.u
        if self.state.get("kind") == "reschedule" and u.has_when and not u.services:
            session = self.state.get("session")
            self.reset()
            if session is not None:
                self.state["session"] = session
            return self._reschedule()
        self.reset()
        return None

    # --- what the message asks ----------------------------------------------

    def _by_intent(self) -> ModelResponse | None:
        self._switch_to_named()
        for intent, handler in INTENT_STEPS:
            if intent in self.u.intents:
                response = handler(self)
                if response is not None:
                    return response
        return None

    def _new_time_for_move(self) -> ModelResponse | None:
        if self.stage is Stage.ASK_RESCHEDULE and self.u.has_when:
            return self._reschedule()
        return None

    def _nothing_understood(self) -> ModelResponse | None:
        """Nothing in the message this model can act on ("is there parking?")."""
        answered_before = any(m.get("role") == "assistant" for m in self.request.messages[:-1])
        if self._acts_on_something() or self.stage is not None or not answered_before:
            return None
        if self.u.hesitant:
            return reply(replies.take_your_time(self.lang), self.state)
        self.state[handoff.UNHELPED] = self.unhelped + 1
        return reply(replies.not_understood(self.business, self.lang), self.state)

    def _unread_on_shown(self) -> ModelResponse | None:
        """A question this model cannot answer while a booking proposal waits for a yes
        ("do I need sports clothes?"): said so, and the proposal keeps waiting, so a
        yes after it still books what was shown."""
        if self.state.get("kind") != "book" or self._acts_on_something():
            return None
        if self.u.hesitant:  # "let me think about it": the proposal keeps waiting
            return reply(replies.take_your_time(self.lang, shown=True), self.state)
        self.state[handoff.UNHELPED] = self.unhelped + 1
        return reply(replies.unread_on_shown(self.lang), self.state)

    def _acts_on_something(self) -> bool:
        """Whether the message holds anything this model reads: an intent, a yes or no,
        a day or time, a service, a count or a pick."""
        u = self.u
        picked = u.session_number is not None or u.choice is not None
        return bool(
            u.intents or u.reply or u.has_when or u.services or u.count or u.count_all or picked
        )

    def _when_is_it(self) -> ModelResponse | None:
        """'and my 3rd one?': when that session is."""
        u = self.u
        asking = self._target() is not None and not self.state.get("alternatives")
        if asking and not (u.has_when or u.intents) and self.focus():
            return lookups.bookings(self)
        return None


DECIDE_STEPS: tuple[Step, ...] = (
    Decider._keep_focus,
    Decider._unit_of_open_plan,
    Decider._days_named_before,
    handoff.request,
    Decider._refused,
    Decider._questions_and_facts,
    Decider._invalid_day,
    Decider._partly_read,
    Decider._plan_named,
    Decider._earlier_offer,
    Decider._dropped_from_wish,
    Decider._all_cancelled,
    Decider._which_session,
    pending_answers.answer_pending,
    Decider._in_stage,
    Decider._by_intent,
    Decider._new_time_for_move,
    Decider._nothing_understood,
    Decider._when_is_it,
)
"""The decide pipeline, in order; `booking.book` answers what none of them does."""

STAGE_STEPS: dict[Stage, tuple[Step, ...]] = {
    Stage.CONFIRM: (
        Decider._about_shown,
        Decider._question_on_shown,
        Decider._add_to_shown,
        Decider._amend,
        Decider._unread_on_shown,
        Decider._left_proposal,
    ),
    Stage.ASK_START: (Decider._amend,),
}
"""What a message may be in answer to, by what the dialogue waits for (after the
direct answers of `pending_answers`)."""

INTENT_STEPS: tuple[tuple[str, Step], ...] = (
    ("cancel", Decider._cancel),
    ("reschedule", Decider._reschedule),
    ("progress", lookups.progress),
    ("list", lookups.bookings),
    ("price", lookups.price),
    ("info", lookups.info),
    ("availability", lookups.availability),
)
"""One handler per intent, by priority; a handler may pass (None) to the next."""
