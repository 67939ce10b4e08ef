"""Reading the customer's wished times: the first start, every start a message
names, weekly habits as dates. The base of the offline model's decide phase."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from bookbot.agent import nlu
from bookbot.agent.model import ModelRequest, ModelResponse
from bookbot.agent.offline.exclusions import ruled_out
from bookbot.agent.offline.nlu_adapter import read_message as understand
from bookbot.agent.offline.phase import JSON, LANG, Phase, calls, iso
from bookbot.agent.offline.understanding import Understanding

DEFAULT_TIME = time(9, 0)


class WishReader(Phase):
    def __init__(self, request: ModelRequest, state: JSON, text: str) -> None:
        super().__init__(request, state)
        ref = state.get("ref")
        reference = datetime.fromisoformat(ref).replace(tzinfo=self.zone) if ref else None
        day_ref = state.pop("day_ref", None)  # a day only discussed: "the monday after" it
        if reference is None and day_ref:
            reference = datetime.combine(date.fromisoformat(day_ref), time(0), tzinfo=self.zone)
        self.reference = reference
        lang = state.get(LANG)
        self.u: Understanding = understand(text, self.now, self.business, reference, lang)
        state[LANG] = self.u.lang  # kept for the next message, when that one is unclear

    def reread(self, text: str) -> Understanding:
        """Another text (a part of the message) read like the message itself."""
        return understand(text, self.now, self.business, self.reference, self.u.lang)

    def _propose(self, starts: list[datetime]) -> ModelResponse:
        service = self.focus()
        assert service is not None
        self.state["ref"] = iso(starts[0])
        self.state["starts"] = [iso(s) for s in starts]
        self.state.pop("replace", None)
        return calls(
            self.request,
            self.state,
            ("propose_schedule", {"service_id": service.id, "starts": [iso(s) for s in starts]}),
        )

    # --- dates ------------------------------------------------------------

    def _in_listed(self, day: date) -> date:
        """'Wednesday at 3' right after the free times of next week were listed means
        that week's Wednesday, not this week's: a day a week or less before a listed
        day of the same weekday moves onto it."""
        day = self._in_window(day)
        listed = [date.fromisoformat(d) for d in self.state.get("listed") or []]
        if not listed or day in listed:
            return day
        later = [d for d in listed if d.weekday() == day.weekday() and 0 < (d - day).days <= 7]
        return later[0] if len(later) == 1 else day

    def _in_window(self, day: date) -> date:
        """ "am 15." right after the reply said the next session goes between 1 Feb and
        1 Mar is 15 Feb: a day named without its month moves into the window told."""
        window = self.state.get("day_window")
        if not window or nlu.names_month(self.u.text, self.u.lang):
            return day
        first, last = (date.fromisoformat(d) for d in window)
        if first <= day <= last:
            return day
        inside = [d for d in _same_day_later(day, 3) if first <= d <= last]
        return inside[0] if len(inside) == 1 else day

    def _listed_start(self, moment: datetime) -> datetime:
        day = self._in_listed(moment.date())
        return moment.replace(year=day.year, month=day.month, day=day.day)

    def _first_day(self) -> date | None:
        if self.u.dates:
            return self._in_listed(self.u.dates[0])
        pending = self.state.get("pending_date")
        return date.fromisoformat(pending) if pending else None

    def _first_start(self, *, allow_default_time: bool) -> datetime | None:
        u = self.u
        if u.datetimes:
            return self._listed_start(u.datetimes[0].astimezone(self.zone))
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
        # "saturdays only ... 10th, 17th, 24th feb and 3rd march, all at 11 am": weekdays
        # without a time beside several days and times describe them, they add none
        described = len(u.datetimes) > 1 and all(r.at is None for r in u.recurring)
        if u.recurring and not described:
            return self._expand_recurring(wanted or len(u.recurring))
        starts = [self._listed_start(d.astimezone(self.zone)) for d in u.datetimes]
        if starts and u.dates:
            starts = sorted({*starts, *self._kept_starts()})
        if not starts and len(u.dates) > 1 and u.time_only is not None:
            # "Monday 8, Thursday 11 and Monday 15, all three at 18:00"
            at = u.time_only
            starts = [datetime.combine(self._in_listed(d), at, tzinfo=self.zone) for d in u.dates]
        if not starts:
            first = self._first_start(allow_default_time=False)
            if first is not None:
                starts = [first]
        return starts[:wanted] if wanted else starts

    def _kept_starts(self) -> list[datetime]:
        """ "keep thursday then and make the second one tuesday nov 9th at 10": a day
        of a wish of several starts, said again without a time beside new starts, keeps
        its time; the start refused does not ("oh it's a holiday, then thursday at 10")."""
        wished, refused = list(self.state.get("starts") or []), self.state.get("replace")
        if len(wished) < 2:
            return []
        days = set(self.u.dates)
        return [self.local(s) for s in wished if s != refused and self.local(s).date() in days]

    def _weekly_from(self) -> date | None:
        """The day a weekly wish starts from: the series start it names ("wednesdays,
        ab 10.3."), else the one day named beside it ("Tuesdays at 6, the 17th")."""
        u = self.u
        if u.recurring and u.onward is not None:
            return u.onward
        if u.recurring and len(u.dates) == 1 and not u.datetimes:
            return u.dates[0]
        return None

    def _expand_recurring(self, count: int) -> list[datetime]:
        """The next `count` dates that fall on the wished weekdays, from tomorrow (or
        the day the message says they start), skipping the days ruled out."""
        found: list[datetime] = []
        day = max(self.now.date() + timedelta(days=1), self._weekly_from() or self.now.date())
        for _ in range(370):
            for pattern in self.u.recurring:
                if day.weekday() in pattern.weekdays and not ruled_out(self.state, day):
                    at = pattern.at or self.u.time_only or DEFAULT_TIME
                    found.append(datetime.combine(day, at, tzinfo=self.zone))
                    break
            if len(found) >= count:
                break
            day += timedelta(days=1)
        return found


def _same_day_later(day: date, months: int) -> list[date]:
    """The same day of the month in each of the next `months` months (where it exists)."""
    found = []
    year, month = day.year, day.month
    for _ in range(months):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        try:
            found.append(day.replace(year=year, month=month))
        except ValueError:
            continue
    return found
