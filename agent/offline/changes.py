"""Changing what is booked or shown: cancel, reschedule, agreeing to a preview,
and amending a shown proposal ("make it 5:30")."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from typing import Any

from bookbot.agent import nlu
from bookbot.agent.model import ModelResponse
from bookbot.agent.offline import replies
from bookbot.agent.offline.catalogue import say
from bookbot.agent.offline.exclusions import next_suitable, ruled_out
from bookbot.agent.offline.phase import JSON, calls, iso, reply
from bookbot.agent.offline.state import Stage
from bookbot.agent.offline.understanding import Shift
from bookbot.agent.offline.wishes import WishReader
from bookbot.core.config import Service, Strategy

LAST = -1
"""The session number the language understanding gives "the last one"."""


def shifted(start: datetime, shift: Shift) -> datetime:
    """`start` moved by `shift` (days, calendar months, minutes) on the local clock."""
    months = start.month - 1 + shift.months
    day = start.date().replace(year=start.year + months // 12, month=months % 12 + 1, day=1)
    day = day.replace(day=min(start.day, calendar.monthrange(day.year, day.month)[1]))
    moved = datetime.combine(day, start.timetz()) + timedelta(days=shift.days)
    return moved + timedelta(minutes=shift.minutes)


class ChangeDecider(WishReader):
    def _add_to_shown(self) -> ModelResponse | None:
        """ "and the 11th same time" to a shown booking of a package booked at one's own
        pace: the shown starts and the new ones, while the package has sessions left."""
        u, focus = self.u, self.state.get("service")
        if not u.adds or not u.datetimes or u.source is not None or u.dates or not focus:
            return None
        service = self.service(focus)
        if service is None or service.booking_strategy is not Strategy.FLEXIBLE:
            return None
        if self.state.get("kind") != "book":
            return None
        starts = {self.local(s) for s in self.state.get("starts") or []}
        together = sorted(starts | {d.astimezone(self.zone) for d in u.datetimes})
        return self._propose(together) if len(together) <= service.total_sessions else None

    def _dropped_from_wish(self) -> ModelResponse | None:
        """ "just drop the Tuesday one then n keep the other 3", to a wish of several
        starts refused or shown for booking: the wish without that day (no booking is
        cancelled). A bare weekday names the wished start on that weekday."""
        u, state = self.u, self.state
        wished = [self.local(s) for s in state.get("starts") or []]
        waiting = state.get("replace") or state.get("alternatives") or state.get("kind") == "book"
        if "cancel" not in u.intents or len(wished) < 2 or not waiting:
            return None
        if u.datetimes or len(u.dates) > 1:
            return None
        day = u.source.day if u.source is not None else (u.dates[0] if u.dates else None)
        if day is None:
            return None
        named = [s for s in wished if s.date() == day]
        if not named and (day - self.now.date()).days <= 7:  # a bare weekday, read as the next
            named = [s for s in wished if s.weekday() == day.weekday()]
        if len(named) != 1:
            return None
        return self._propose([s for s in wished if s not in named])

    def _refused_refitted(self, starts: list[datetime]) -> list[datetime] | None:
        """The wished starts with the one that did not fit given the new day or time."""
        u, state = self.u, self.state
        target = state.get("replace")
        if target not in (state.get("starts") or []):
            return None
        index = state["starts"].index(target)
        if len(u.datetimes) == 1 and not u.dates:
            # "Friday 8am then" for the one session that did not fit
            new = u.datetimes[0].astimezone(self.zone)
            if new in starts:  # "pues solo el jueves a las 9": the one that fitted, alone
                return [s for k, s in enumerate(starts) if k != index]
            return [new if k == index else s for k, s in enumerate(starts)]
        if len(u.dates) == 1 and not u.datetimes:
            # "the 28th then": the session that did not fit moves to that day, its time kept
            at = u.time_only or starts[index].time()
            new = datetime.combine(u.dates[0], at, tzinfo=self.zone)
            return [new if k == index else s for k, s in enumerate(starts)]
        return None

    def _amend(self) -> ModelResponse | None:
        """ "Make it 5:30" or "the 12th instead" to a shown booking proposal: the
        same days at the new time, or the one start on the new day at its time."""
        u, state = self.u, self.state
        starts = [self.local(s) for s in state.get("starts") or []]
        shown = state.get("kind") == "book" or state.get("alternatives") is not None
        if not shown or not starts or u.services or u.count:
            return None
        if u.shift is not None and state.get("kind") == "book" and u.source is None:
            # "same days, one hour later", "a week later": every shown start moves by it
            return self._propose([shifted(s, u.shift) for s in starts])
        refitted = self._refused_refitted(starts)
        if refitted is not None:
            return self._propose(sorted(refitted))
        moved = self._moved_in_shown(starts)
        if moved is not None:
            return self._propose(sorted(moved))
        named = self._named_start(starts)
        if named is not None:
            return self._propose(sorted(named))
        weekly_from = self._weekly_from()  # "wednesdays at 5pm instead, from the 11th"
        only_weekly = not (u.dates or u.datetimes) or weekly_from is not None
        if u.recurring and (len(starts) > 1 or weekly_from) and only_weekly:
            weekly = self._expand_recurring(len(starts))  # "wednesdays at 7pm instead"
            return self._propose(weekly) if len(weekly) == len(starts) else None
        if u.time_only and not (u.dates or u.datetimes or u.recurring):
            at = u.time_only
            return self._propose([s.replace(hour=at.hour, minute=at.minute) for s in starts])
        if len(starts) == 1 and len(u.dates) == 1 and not (u.datetimes or u.time_only):
            day = u.dates[0]
            return self._propose([starts[0].replace(year=day.year, month=day.month, day=day.day)])
        return None

    def _moved_in_shown(self, starts: list[datetime]) -> list[datetime] | None:
        """ "move the Thursday one to Friday the 18th" to a shown (or refused) proposal:
        the shown start on the first day named moves to the other day, at the time said
        or its own. The day moved from never stays a start (it was booked before)."""
        u = self.u
        if "reschedule" not in u.intents and u.source is None:
            return None
        if u.recurring or u.onward or u.period:
            return None  # "lieber mittwochs um 17:00, ab 10.3.": a new weekly plan
        source = u.source.day if u.source is not None and u.source.day else None
        source = source or (u.dates[0] if u.dates else None)
        target_days = [d for d in u.dates if d != source]
        targets = [t.astimezone(self.zone) for t in u.datetimes if t.date() != source]
        if source is None or len(target_days) + len(targets) != 1 or len(u.dates) > 2:
            return None
        same = [k for k, s in enumerate(starts) if s.date() == source]
        if not same and (source in u.floating or u.source is not None):
            same = [k for k, s in enumerate(starts) if s.weekday() == source.weekday()]
        if len(same) != 1:
            return None
        old = starts[same[0]]
        if targets:
            new = targets[0]
        else:
            new = datetime.combine(target_days[0], u.time_only or old.time(), tzinfo=self.zone)
        if any(s.date() == new.date() for k, s in enumerate(starts) if k != same[0]):
            return None
        changed = list(starts)
        changed[same[0]] = new
        return changed

    def _named_start(self, starts: list[datetime]) -> list[datetime] | None:
        """ "make the wed one 5pm": the one shown start on the day the message names as a
        session (by its date, else by its weekday) takes the new time; the others stay."""
        u = self.u
        at = u.time_only or (u.datetimes[0].astimezone(self.zone).time() if u.datetimes else None)
        day = u.source.day if u.source is not None else None
        if day is None or at is None or len(starts) < 2 or len(u.datetimes) > 1:
            return None
        same = [k for k, s in enumerate(starts) if s.date() == day]
        same = same or [k for k, s in enumerate(starts) if s.weekday() == day.weekday()]
        if len(same) != 1:
            return None
        changed = list(starts)
        changed[same[0]] = starts[same[0]].replace(hour=at.hour, minute=at.minute)
        return changed

    def _about_shown(self) -> ModelResponse | None:
        """A message about one session of the shown plan ("will the second one also
        be on a Tuesday?", "the 2nd one at 10 please"): where each session has its own
        start, that start changes; otherwise the plan says when that session is."""
        u, state = self.u, self.state
        shown: list[list[Any]] = state.get("shown") or []
        number, service = u.session_number, self.focus()
        earliest = u.choice_earliest  # "the earliest one" picks an option, not a session
        if number is None and u.choice is not None and not state.get("alternatives"):
            number = shown[-1][0] if u.choice == LAST and shown else u.choice
        if state.get("kind") != "book" or number is None or len(shown) < 2 or service is None:
            return None
        if earliest and u.session_number is None:
            return reply(replies.book_as_shown(self.lang, or_other=True), state)
        numbers = [s[0] for s in shown]
        index = numbers.index(number) if number in numbers else number - 1
        if not 0 <= index < len(shown):
            return None
        starts = [self.local(s) for s in state.get("starts") or []]
        if len(starts) == len(shown) and (u.datetimes or u.dates or u.time_only):
            old = starts[index]
            if u.datetimes:
                starts[index] = u.datetimes[0].astimezone(self.zone)
            else:
                day = u.dates[0] if u.dates else old.date()
                starts[index] = datetime.combine(day, u.time_only or old.time(), tzinfo=self.zone)
            return self._propose(sorted(starts))
        if u.datetimes or u.time_only:
            return None  # a new time for the plan: the amendment decides
        number, total, when = shown[index]
        return reply(replies.shown_session(service, number, total, when, self.lang), state)

    def _question_on_shown(self) -> ModelResponse | None:
        """The price or what the plan includes, asked while a booking proposal waits
        for a yes: answered, and the proposal keeps waiting."""
        u, state, service = self.u, self.state, self.focus()
        asked = u.intents & {"price", "info"}
        other = u.services and u.services[0] != state.get("service")
        if state.get("kind") != "book" or not asked or u.has_when or other or service is None:
            return None
        if "info" in asked:
            text = replies.describe(self.business, service, ask=False, lang=self.lang)
        else:
            text = replies.price(self.business, service, self.lang)
        return reply(f"{text}\n{replies.book_as_shown(self.lang)}", state)

    def _agrees(self) -> bool:
        """A yes to the shown proposal, also in the words of its action: "yes cancel
        it" to a cancellation, "yes, please change it" to a new schedule."""
        u = self.u
        restated = u.has_when and self._restates_shown()
        if (u.has_when and not restated) or self._sized():
            return False
        if u.reply == "yes":
            return True
        text = u.text.lower()
        if nlu.negates(text, u.lang):
            return False
        kind = self.state.get("kind")
        if kind == "cancel" and "cancel" in u.intents:
            return True
        if restated and kind == "book" and nlu.agrees_in_words(text, u.lang):
            return True  # "yes please book him in for thurs at 4" to Thursday 16:00 shown
        return kind == "reschedule" and u.reply == "change" and nlu.agrees_in_words(text, u.lang)

    def _restates_shown(self) -> bool:
        """Every day and time the message says is one of the shown proposal's ("yeah
        cancel the fri one" to Friday's session shown for cancelling, "ja, Donnerstag um
        4 bitte" to Thursday 16:00): it names what is shown, no new wish."""
        u = self.u
        shown = [self.local(s) for s in self.state.get("shown_starts") or []]
        if not shown or u.window or u.shift or u.period or u.invalid:
            return False
        if u.excluded_dates or u.excluded_weekdays or u.unread:
            return False
        days = {s.date() for s in shown}
        weekdays = {s.weekday() for s in shown}
        times = {(s.hour, s.minute) for s in shown}
        # "saturday also i can manage", "los miércoles también me sirven": a weekday of
        # the plan shown, said with an "also", accepts it (a closure pushed a session there)
        conceded = nlu.concedes(u.text, u.lang)
        if u.recurring and not (
            conceded and all(r.at is None and set(r.weekdays) <= weekdays for r in u.recurring)
        ):
            return False
        floating = set(u.floating) if conceded else set()
        said = {*u.dates, *(t.date() for t in u.datetimes)}
        if not all(d in days or (d in floating and d.weekday() in weekdays) for d in said):
            return False
        if any(
            (t.date(), t.hour, t.minute) not in {(s.date(), s.hour, s.minute) for s in shown}
            for t in u.datetimes
        ):
            return False
        return u.time_only is None or (u.time_only.hour, u.time_only.minute) in times

    def _sized(self) -> bool:
        """The message asks for a number of sessions ("all 4 remaining") other than
        the shown proposal has: its yes is to that, not to the proposal."""
        u = self.u
        if not (u.count_all or u.count):
            return False
        shown = self.state.get("shown") or self.state.get("starts") or []
        if u.count is None:  # "all of them": a plan booked at once shows them all already
            service = self.focus()
            return service is None or service.booking_strategy is not Strategy.IMMEDIATE
        return u.count != len(shown)

    def _avoid_ruled_out(self) -> ModelResponse | None:
        """'No, Saturdays don't work for me' to a shown booking: the next suitable
        days instead, skipping every day the customer ruled out."""
        u, state = self.u, self.state
        said = bool(u.excluded_weekdays or u.excluded_dates)
        if not said or u.has_when or state.get("kind") != "book" or self.focus() is None:
            return None
        old = [self.local(s) for s in state.get("starts") or []]
        starts, previous = [], self.now.date()
        for start in sorted(old):
            day = start.date()
            if ruled_out(state, day) or day <= previous:
                found = next_suitable(self.business, state, max(day, previous), previous)
                if found is None:
                    return None
                day = found
            starts.append(datetime.combine(day, start.timetz()))
            previous = day
        if not starts or starts == sorted(old):
            return None
        self.reset()
        return self._propose(starts)

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
        if service.booking_strategy is Strategy.SEQUENTIAL:
            wanted.insert(0, ("get_progress", {"service_id": service.id}))
        return calls(self.request, self.state, *wanted)

    # --- intents ------------------------------------------------------------

    def _target(self) -> int | None:
        """The session a change is about: "session 3", "the third one", -1 for "the last"."""
        u = self.u
        return u.session_number if u.session_number is not None else u.choice

    def _cancel(self) -> ModelResponse:
        if "cancel_all" in self.u.intents and not self.u.services:
            self.reset(keep_service=False)  # every plan, not the one in focus
            self.state["pending"] = {"intent": "cancel_all"}
            return calls(self.request, self.state, ("get_progress", {}))
        service, number = self.focus(), self._target()
        day = self._cancelled_day()
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

    def _cancelled_day(self) -> date | None:
        """The day whose session a cancellation names: a day said ("the one on the 7th"),
        or the one day the customer cannot come ("we can't make it on Thu 29.4., please
        cancel it"): a cancellation that names a day never takes the whole plan."""
        u = self.u
        if u.datetimes:
            return u.datetimes[0].date()
        if u.dates:
            return u.dates[0]
        if len(u.excluded_dates) == 1:
            return u.excluded_dates[0]
        return u.source.day if u.source is not None else None

    def _reschedule(self) -> ModelResponse:
        if self._target() is not None:
            self.state["session"] = self._target()
        if self.u.source is not None or self.u.shift is not None:
            return self._reschedule_named()
        start = self._first_start(allow_default_time=False)
        day = self._first_day()
        service = self.focus()
        if start is None and self.u.period and service is not None:
            # "to next week": the free times then; a pick moves the session
            self.state["stage"] = Stage.ASK_RESCHEDULE
            return self._check_availability(service, *self.u.period)
        moved_from = self._moved_from(start)
        if moved_from is not None and start is not None and start.date() == moved_from:
            # "Thursday to Friday the 18th, same time": the new day at that time
            start = datetime.combine(self._in_listed(self.u.dates[-1]), start.timetz())
        if moved_from is not None:
            # "from Thursday to Friday": the first day names the session, the other the new day
            return self._lookup(
                {
                    "intent": "reschedule",
                    "session": self.state.get("session"),
                    "from": moved_from.isoformat(),
                    **({"start": iso(start)} if start else {"date": self.u.dates[-1].isoformat()}),
                }
            )
        if start is not None and (self.state.get("session") == LAST or self._floats(start)):
            # "the last one", or a bare weekday the session being moved anchors
            session = self.state.get("session")
            return self._lookup({"intent": "reschedule", "session": session, "start": iso(start)})
        if start is None and day is not None:
            # A new day without a time keeps the session's own time of day.
            self.state.pop("pending_date", None)
            pending = {"intent": "reschedule", "session": self.state.get("session")}
            return self._lookup({**pending, "date": day.isoformat()})
        if start is None:
            self.state["stage"] = Stage.ASK_RESCHEDULE
            return reply(say(self.lang, "move.ask_when"), self.state)
        return self._reschedule_to(start)

    def _reschedule_named(self) -> ModelResponse:
        """A move that names the booked session by its day or month ("my Thursday
        session", "the March one") or moves it by an amount ("a week earlier"): the
        plan tells which session; the rest of the message is where it goes."""
        u, source = self.u, self.u.source
        pending: JSON = {"intent": "reschedule", "session": self.state.get("session")}
        if source is not None and source.day is not None:
            pending["from"] = source.day.isoformat()
            pending["weekday"] = True  # else the session on that weekday
        if source is not None and source.month is not None:
            pending["month"] = source.month
        if u.shift is not None:
            pending["shift"] = [u.shift.days, u.shift.months, u.shift.minutes]
        else:
            pending.update(self._move_target(source.day if source else None))
        self.state.pop("pending_date", None)
        return self._lookup(pending)

    def _lookup(self, pending: JSON) -> ModelResponse:
        """The customer's plans first: the change waits in `pending` until they are known.
        A new day read from a bare weekday says so (the moved session may anchor it)."""
        day = pending.get("start") or pending.get("date")
        if day and date.fromisoformat(str(day)[:10]) in self.u.floating:
            pending["floating"] = True
        self.state["pending"] = pending
        service = self.focus()
        args = {"service_id": service.id} if service else {}
        return calls(self.request, self.state, ("get_progress", args))

    def _which_session(self) -> ModelResponse | None:
        """The answer to "which one?" among booked sessions on one weekday: its day
        ("the 22nd"), its number ("lesson 5") or its place in the list ("the second")."""
        waiting, u = self.state.pop("which_session", None), self.u
        if not waiting:
            return None
        sessions: list[list[Any]] = waiting["sessions"]
        numbers = [n for n, _ in sessions]
        said = {d.isoformat() for d in (*u.dates, *(t.date() for t in u.datetimes))}
        picked = [n for n, day in sessions if day in said]
        if not picked and u.session_number in numbers:
            picked = [u.session_number]
        if not picked and u.choice is not None and -1 <= u.choice <= len(numbers) != 0:
            picked = [numbers[u.choice - 1 if u.choice > 0 else -1]]
        if len(picked) != 1:
            return None
        return self._lookup({**waiting["pending"], "session": picked[0]})

    def _floats(self, start: datetime) -> bool:
        return start.date() in self.u.floating

    def _move_target(self, source: date | None) -> JSON:
        """Where a named session goes: a start, a day or a span of days ("next week")."""
        u = self.u
        starts = [d.astimezone(self.zone) for d in u.datetimes if d.date() != source]
        if starts:
            return {"start": iso(self._listed_start(starts[0]))}
        if u.period is not None and not u.period[0] <= (source or date.min) <= u.period[1]:
            return {"period": [u.period[0].isoformat(), u.period[1].isoformat()]}
        days = [d for d in u.dates if d != source]
        if days and u.time_only is not None:
            moment = datetime.combine(self._in_listed(days[0]), u.time_only, tzinfo=self.zone)
            return {"start": iso(moment)}
        if days:
            return {"date": self._in_listed(days[0]).isoformat()}
        if u.time_only is not None:
            return {"time": f"{u.time_only:%H:%M}"}
        return {}

    def _moved_from(self, start: datetime | None) -> date | None:
        """The day of the session to move when the message names it beside the new
        day ("my Thursday session to Friday"), and no session number says which."""
        dates = self.u.dates
        if self.state.get("session") is not None or not dates or self.u.period:
            return None
        if start is not None and dates[0] != start.date():
            return dates[0]
        if len(dates) == 2:
            return dates[0]  # a start on the first day is that session's, not the new one
        return None

    def _move(self, number: int | None, start: datetime) -> ModelResponse:
        """Move session `number` (LAST: the last booked one) to `start`."""
        self.state["session"] = number
        if number == LAST:
            self.state["pending"] = {"intent": "reschedule", "session": LAST, "start": iso(start)}
            service = self.focus()
            args = {"service_id": service.id} if service else {}
            return calls(self.request, self.state, ("get_progress", args))
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
