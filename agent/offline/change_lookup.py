"""The compose phase's half for changes: once `get_progress` tells which plan
and sessions the customer has, find the session a cancel or move is about ("the
last one", "the one on the 7th", "my Thursday session") and call the tool."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, datetime, timedelta

from bookbot.agent.model import ModelResponse
from bookbot.agent.offline import replies
from bookbot.agent.offline.catalogue import day_text, say, texts, when_text
from bookbot.agent.offline.phase import JSON, Phase, calls, reply
from bookbot.agent.offline.state import Stage

LAST = -1
"""The session number the language understanding gives "the last one"."""


class ChangeLookup(Phase):
    def _pending_change(self, pending: JSON, plans: list[JSON]) -> ModelResponse:
        """Cancel or move a session once the plan it belongs to is known."""
        plan = self._changed_plan(pending, plans)
        if isinstance(plan, ModelResponse):
            return plan
        self.state["service"] = plan["service_id"]
        number = self._named_number(plan, pending)
        if isinstance(number, ModelResponse):
            return number
        if number is not None:
            self.state["session"] = number  # a refusal's follow-up ("friday instead") moves it
        if pending["intent"] == "reschedule" and self._named_move(pending):
            return self._move_named(plan, number, pending)
        if pending["intent"] == "cancel":
            return self._cancel_in(plan, number, pending)
        return self._move_in(plan, number, pending)

    def _changed_plan(self, pending: JSON, plans: list[JSON]) -> JSON | ModelResponse:
        """The one booked plan the change is about, or the reply when there is none
        (a move with nothing booked books that time instead) or several."""
        state = self.state
        focus = state.get("service")
        booked = [p for p in plans if p["booked"] > 0]
        chosen = [p for p in booked if p["service_id"] == focus] or booked
        start = str(pending.get("start") or "")
        moves_away = bool(pending.get("from")) and start[:10] == pending["from"]
        if not chosen and pending["intent"] == "reschedule" and focus and start and not moves_away:
            # nothing booked to move: the tool's answer leads to booking that time instead
            # (never the day the customer moves away from)
            args = {
                "service_id": focus,
                "session_number": pending.get("session"),
                "new_start": pending["start"],
            }
            return calls(self.request, state, ("reschedule_session", args))
        if not chosen:
            return reply(say(self.lang, "change.none"), state)
        if len(chosen) > 1:
            state["which_plan"] = pending  # "the laser one" picks it up again
            names = ", ".join(p["service_name"] for p in chosen)
            return reply(say(self.lang, "which_plan.mean", names=names), state)
        return chosen[0]

    def _named_number(self, plan: JSON, pending: JSON) -> int | None | ModelResponse:
        """The session number the change names ("the last one", "my Thursday one"),
        or the question when the day or month names none or several."""
        number = pending.get("session")
        if number == LAST:
            confirmed = [s["number"] for s in plan["sessions"] if s.get("status") == "confirmed"]
            number = max(confirmed) if confirmed else None
        if not (pending.get("from") or pending.get("month")) or number is not None:
            return number
        named = self._named_session(plan, pending)
        if not named:
            return reply(self._none_named(pending, self.lang), self.state)
        if len(named) > 1:
            return self._ask_which(plan, named, pending)
        return int(named[0]["number"])

    def _cancel_in(self, plan: JSON, number: int | None, pending: JSON) -> ModelResponse:
        if pending.get("day") and number is None:
            on_day = [
                s["number"]
                for s in plan["sessions"]
                if s.get("status") == "confirmed" and s["start"][:10] == pending["day"]
            ]
            if not on_day:
                day = day_text(self.lang, pending["day"])
                return reply(say(self.lang, "change.none_on_day.cancel", day=day), self.state)
            number = on_day[0]
        args = {"service_id": plan["service_id"], "session_number": number}
        return calls(self.request, self.state, ("cancel_booking", args))

    def _move_in(self, plan: JSON, number: int | None, pending: JSON) -> ModelResponse:
        state, start = self.state, pending.get("start")
        if start is None and pending.get("date"):
            on_day = [
                s
                for s in plan["sessions"]
                if s.get("status") == "confirmed" and s["start"][:10] == pending["date"]
            ]
            if on_day and number in (None, on_day[0]["number"]):
                # "I can't make it on the 10th": the day names the session, not the new day
                state.update(stage=Stage.ASK_RESCHEDULE, session=on_day[0]["number"])
                when = when_text(self.lang, on_day[0])
                return reply(replies.ask_new_time(when, self.lang), state)
            session = self._session_to_move(plan, number)
            if session is None:
                return reply(say(self.lang, "change.none_to_move"), state)
            number = session["number"]
            start = f"{self._anchored(pending, session)}T{session['start'][11:16]}"
        elif start is not None and pending.get("floating"):
            session = self._session_to_move(plan, number)
            if session is not None:
                start = f"{self._anchored(pending, session)}{start[10:]}"
        args = {"service_id": plan["service_id"], "session_number": number, "new_start": start}
        return calls(self.request, state, ("reschedule_session", args))

    def _session_to_move(self, plan: JSON, number: int | None) -> JSON | None:
        now = f"{self.now:%Y-%m-%dT%H:%M}"
        for session in sorted(plan["sessions"], key=lambda s: s["start"]):
            if session.get("status") != "confirmed":
                continue
            if number is None and session["start"] > now or session["number"] == number:
                return dict(session)
        return None

    # --- a session named by its day, weekday or month --------------------------

    def _named_session(self, plan: JSON, pending: JSON) -> list[JSON]:
        """The confirmed session on the named day (else, when allowed, the upcoming
        ones on that weekday: several ask which) or the first in the named month."""
        confirmed = sorted(
            (s for s in plan["sessions"] if s.get("status") == "confirmed"),
            key=lambda s: s["start"],
        )
        upcoming = [s for s in confirmed if _day(s) >= self.now.date()] or confirmed
        if pending.get("from"):
            day = date.fromisoformat(pending["from"])
            same = [s for s in confirmed if s["start"][:10] == pending["from"]]
            if not same and pending.get("weekday"):
                return [s for s in upcoming if _day(s).weekday() == day.weekday()]
            return same[:1]
        month = int(pending["month"])
        return [s for s in upcoming if _day(s).month == month][:1]

    def _ask_which(self, plan: JSON, named: list[JSON], pending: JSON) -> ModelResponse:
        """Several booked sessions on the weekday named: which one; the answer ("the
        22nd", "lesson 5", "the second one") resumes the change (`which_session`)."""
        state = self.state
        state["which_session"] = {
            "pending": pending,
            "sessions": [[s["number"], s["start"][:10]] for s in named],
        }
        service, lang = self.service(plan["service_id"]), self.lang
        one = replies.unit(service, lang) if service is not None else say(lang, "unit.session")
        many = replies.unit(service, lang, many=True) if service else say(lang, "unit.sessions")
        words = {"unit": one, "Unit": one[:1].upper() + one[1:]}
        options = [
            say(lang, "change.option", number=s["number"], when=when_text(lang, s), **words)
            for s in named
        ]
        listed = ", ".join(options[:-1]) + say(lang, "free.or") + options[-1]
        weekday = texts(lang).WEEKDAYS_LONG[_day(named[0]).weekday()]
        weekdays = say(lang, "weekday.plural", weekday=weekday)
        text = say(
            lang, "change.which_on_weekday", count=len(named), units=many, weekdays=weekdays,
            listed=listed, **words,
        )  # fmt: skip
        return reply(text, state)

    def _anchored(self, pending: JSON, session: JSON) -> str:
        """The new day of a move said as a bare weekday ("to thursday"): read from today,
        unless the session is later than this week, then the first such day after it."""
        target = date.fromisoformat(str(pending.get("start") or pending["date"])[:10])
        day, today = _day(session), self.now.date()
        end_of_week = today + timedelta(days=6 - today.weekday())
        if not pending.get("floating") or day <= end_of_week or target >= day:
            return target.isoformat()
        return (day + timedelta(days=(target.weekday() - day.weekday()) % 7 or 7)).isoformat()

    @staticmethod
    def _none_named(pending: JSON, lang: str = "en") -> str:
        verb = pending["intent"]  # "cancel" or "reschedule", as the keys name them
        if pending.get("from"):
            day = day_text(lang, pending["from"])
            return say(lang, f"change.none_on_day.{verb}", day=day)
        month = texts(lang).MONTHS_LONG[int(pending["month"]) - 1]
        return say(lang, f"change.none_in_month.{verb}", month=month)

    @staticmethod
    def _named_move(pending: JSON) -> bool:
        """A move whose new time is a shift, a span, a time of day or not yet said."""
        if pending.get("shift") or pending.get("period") or pending.get("time"):
            return True
        named = pending.get("from") or pending.get("month")
        return bool(named) and not (pending.get("start") or pending.get("date"))

    def _move_named(self, plan: JSON, number: int | None, pending: JSON) -> ModelResponse:
        state = self.state
        session = self._session_to_move(plan, number)
        if session is None:
            return reply(say(self.lang, "change.none_to_move"), state)
        service_id = plan["service_id"]
        state.update(service=service_id, session=session["number"])
        start = datetime.fromisoformat(session["start"])
        if pending.get("shift"):
            days, months, minutes = pending["shift"]
            moved = _add_months(start, months) + timedelta(days=days, minutes=minutes)
            new_start = f"{moved:%Y-%m-%dT%H:%M}"
        elif pending.get("time"):
            new_start = f"{session['start'][:10]}T{pending['time']}"
        elif pending.get("period"):
            first, last = pending["period"]
            state["stage"] = Stage.ASK_RESCHEDULE
            args = {"service_id": service_id, "date_from": first, "date_to": last}
            return calls(self.request, state, ("check_availability", args))
        else:
            state["stage"] = Stage.ASK_RESCHEDULE
            return reply(replies.ask_new_time(when_text(self.lang, session), self.lang), state)
        args = {"service_id": service_id, "session_number": session["number"]}
        return calls(self.request, state, ("reschedule_session", {**args, "new_start": new_start}))


def _day(session: JSON) -> date:
    return date.fromisoformat(str(session["start"])[:10])


def _add_months(moment: datetime, months: int) -> datetime:
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, monthrange(year, month)[1]))
