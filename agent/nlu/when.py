"""`parse_when`: every date and time a message names, paired up and resolved.

Pairing: a time next to a date belongs to it ("Friday 5pm", "at 5pm on Friday").
A time after a list of dates belongs to each of them that has none
("Monday and Wednesday at 6pm"), a time before a list likewise ("at 6 on Monday
or Tuesday"), and "at 5 or 6" gives two options on the same day. A time with no
date comes back with `date=None` ("tonight" and "this morning" mean today).
Plural weekdays or parts of the day ("Mondays", "Saturday mornings") mark the
result `recurring`; `expand_recurring` turns such habits into dated options.

Days the customer names are never moved: "today 8am" said at 9:00 is today at
08:00, in the past; the core refuses it (its PAST rule) and the bot says so.
Only inferred parts move forward: a missing year, a missing month, a bare weekday
(see dates.py for the exact rules).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from bookbot.agent.nlu.date_hits import DateHit
from bookbot.agent.nlu.dates import find_dates
from bookbot.agent.nlu.lexicon import alternation, lexicon
from bookbot.agent.nlu.normalize import Normalized, normalize
from bookbot.agent.nlu.times import TimeHit, find_times

_ISO_T = re.compile(r"(?<=\d{4}-\d{2}-\d{2})t(?=\d)")


@dataclass(frozen=True, slots=True)
class When:
    """One date and/or time the customer named, resolved to the business's local calendar.

    `date` is None when only a time was given; `time` is None when only a day was given.
    A range ("next week", "in April") runs from `date` to `end_date` (inclusive).
    `window` is the span of acceptable times for a part of the day ("morning" is
    09:00 in 08:00-12:00) or a bound ("after 3pm"); `approximate` says the time is a
    preference, not an appointment. `weekdays` are the weekdays named (Monday = 0);
    `recurring` marks a weekly habit ("Mondays at 6pm"). `invalid_reason` is set for
    dates or times that do not exist ("February has no 30th"); `date` may then hold
    the nearest real reading as a hint.
    """

    text: str
    span: tuple[int, int]
    date: dt.date | None = None
    time: dt.time | None = None
    end_date: dt.date | None = None
    window: tuple[dt.time, dt.time] | None = None
    approximate: bool = False
    weekdays: frozenset[int] = field(default_factory=frozenset)
    recurring: bool = False
    invalid_reason: str | None = None

    @property
    def valid(self) -> bool:
        return self.invalid_reason is None

    @property
    def is_range(self) -> bool:
        return self.end_date is not None and self.end_date != self.date

    def at(self, tz: tzinfo) -> datetime | None:
        """The local start as an aware datetime, when both date and time are known."""
        if self.date is None or self.time is None or not self.valid:
            return None
        return datetime.combine(self.date, self.time, tzinfo=tz)


@dataclass(slots=True)
class _Slot:
    hit: DateHit
    times: list[TimeHit] = field(default_factory=list)
    own: list[TimeHit] = field(default_factory=list)
    leading: bool = False

    @property
    def start(self) -> int:
        return min([self.hit.start, *(t.start for t in self.own)])

    @property
    def end(self) -> int:
        return max([self.hit.end, *(t.end for t in self.own)])


@lru_cache(maxsize=8)
def _gaps(code: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    w = lexicon(code).words
    tight = re.compile(rf"^[\s,]*(?:(?:{alternation(w['tight'])}|-)[\s,]*)*$")
    joiner = rf"(?:{alternation(w['list_sep'])}|,|;)"
    filler = alternation([*w["tight"], "maybe", "perhaps", "also", "too"])
    listed = re.compile(rf"^\s*(?:{joiner}|(?:{filler})\b)(?:\s*(?:{joiner}|(?:{filler})\b))*\s*$")
    return tight, listed


def parse_when(
    text: str,
    now: datetime,
    reference: datetime | None = None,
    *,
    day_first: bool = True,
    lang: str = "en",
) -> list[When]:
    """Dates and times in `text`, resolved against `now` (aware, business-local).

    `reference` is the datetime "same time" refers to (e.g. the last session).
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware (local time of the business)")
    if reference is not None and reference.tzinfo is not None:
        reference = reference.astimezone(now.tzinfo)
    norm = normalize(text, lang, numbers=True)
    work = _ISO_T.sub(" ", norm.text)
    dates = find_dates(work, now.date(), lang, day_first=day_first, now=now)
    times = find_times(work, lang, tuple((d.start, d.end) for d in dates))
    return _pair(norm, work, dates, times, now.date(), reference, lang)


def _pair(
    norm: Normalized,
    work: str,
    dates: Sequence[DateHit],
    times: Sequence[TimeHit],
    today: date,
    reference: datetime | None,
    lang: str,
) -> list[When]:
    tight, listed = _gaps(lang)
    slots = [_Slot(d, own=[]) for d in dates]
    items: list[_Slot | TimeHit] = sorted([*slots, *times], key=_start)
    loose: list[TimeHit] = []
    owner: dict[int, _Slot] = {}
    for k, item in enumerate(items):
        if isinstance(item, TimeHit):
            target = _target(items, k, work, owner, tight, listed)
            if target is None:
                loose.append(item)
            else:
                target.own.append(item)
                owner[id(item)] = target
    _adopt(slots, loose, work, listed)
    slots = _narrow(slots, work)
    for chain in _chains(slots, work, listed):
        _same_week(chain, work, today)
        _share(chain)
    out = [w for s in slots for w in _emit(norm, s, reference)]
    out += [w for t in loose for w in _emit_time(norm, t, today, reference)]
    return sorted(out, key=lambda w: (w.span[0], w.time or time(0)))


def _adopt(slots: list[_Slot], loose: list[TimeHit], work: str, listed: re.Pattern[str]) -> None:
    """ "at 10 or 11 tomorrow": options listed before a leading time join its date."""
    for slot in slots:
        if not slot.leading:
            continue
        first = min(slot.own, key=lambda t: t.start)
        for t in sorted(loose, key=lambda t: -t.start):
            if t.end <= first.start and listed.match(work[t.end : first.start]):
                slot.own.insert(0, t)
                loose.remove(t)
                first = t


def _target(
    items: Sequence[_Slot | TimeHit],
    k: int,
    work: str,
    owner: dict[int, _Slot],
    tight: re.Pattern[str],
    listed: re.Pattern[str],
) -> _Slot | None:
    """The date the time at `items[k]` belongs to, if any."""
    item = items[k]
    assert isinstance(item, TimeHit)
    prev = items[k - 1] if k else None
    nxt = items[k + 1] if k + 1 < len(items) else None
    if isinstance(prev, _Slot) and _free(prev) and tight.match(work[prev.end : item.start]):
        return prev
    if (
        isinstance(prev, TimeHit)
        and id(prev) in owner
        and listed.match(work[prev.end : item.start])
    ):
        return owner[id(prev)]
    if isinstance(nxt, _Slot) and _free(nxt) and tight.match(work[item.end : nxt.start]):
        nxt.leading = True
        return nxt
    return None


def _start(item: _Slot | TimeHit) -> int:
    return item.hit.start if isinstance(item, _Slot) else item.start


def _free(slot: _Slot) -> bool:
    return not slot.own and slot.hit.time is None


def _chains(slots: list[_Slot], work: str, listed: re.Pattern[str]) -> Iterable[list[_Slot]]:
    chain: list[_Slot] = []
    for slot in slots:
        if chain and listed.match(work[chain[-1].end : slot.start]):
            chain.append(slot)
            continue
        if chain:
            yield chain
        chain = [slot]
    if chain:
        yield chain


_BARE_DAY = re.compile(r"^(?:on\s+)?(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?$")


def _narrow(slots: list[_Slot], work: str) -> list[_Slot]:
    """ "in April, maybe the 14th", "next week, ideally Wednesday": a bare day of the
    month or weekday said beside a range falls inside it, and the range was only
    context (its time, if any, goes to the day)."""
    ranges = [s for s in slots if _is_range(s.hit)]
    if len(ranges) != 1:
        return slots
    whole = ranges[0]
    assert whole.hit.date is not None and whole.hit.end_date is not None
    narrowed = False
    for slot in slots:
        if slot is whole or slot.hit.date is None or slot.hit.recurring:
            continue
        day = _inside(whole.hit.date, whole.hit.end_date, slot, work)
        if day is None:
            continue
        narrowed = True
        slot.hit = replace(slot.hit, date=day, weekdays=frozenset({day.weekday()}))
        if not slot.own and slot.hit.time is None:
            slot.own = list(whole.own)
    return [s for s in slots if s is not whole] if narrowed else slots


def _is_range(hit: DateHit) -> bool:
    if hit.date is None or hit.end_date is None or hit.recurring:
        return False
    return 0 < (hit.end_date - hit.date).days <= 31


def _inside(first: date, last: date, slot: _Slot, work: str) -> date | None:
    text = work[slot.hit.start : slot.hit.end].strip()
    found = _BARE_DAY.match(text)
    bare_weekday = len(text.split()) == 1 and text.isalpha() and len(slot.hit.weekdays) == 1
    if not found and not bare_weekday:
        return None
    day = first
    while day <= last:
        if found and day.day == int(found.group(1)):
            return day
        if bare_weekday and day.weekday() in slot.hit.weekdays:
            return day
        day += timedelta(days=1)
    return None


def _same_week(chain: list[_Slot], work: str, today: date) -> None:
    """ "Monday, Wednesday and Friday next week": a week said once for a list of bare
    weekdays puts each of them in that week."""
    anchors = {
        s.hit.date - timedelta(days=s.hit.date.weekday())
        for s in chain
        if s.hit.date is not None
        and len(s.hit.weekdays) == 1
        and not s.hit.recurring
        and "week" in work[s.hit.start : s.hit.end]
    }
    if len(anchors) != 1:
        return
    monday = anchors.pop()
    for slot in chain:
        hit, text = slot.hit, work[slot.hit.start : slot.hit.end].strip()
        bare = len(text.split()) == 1 and text.isalpha() and len(hit.weekdays) == 1
        if not bare or hit.recurring or hit.end_date is not None:
            continue
        (weekday,) = hit.weekdays
        day = monday + timedelta(days=weekday)
        if day >= today:
            slot.hit = replace(hit, date=day)


def _share(chain: list[_Slot]) -> None:
    """Times and weekly habits said once for a list of days apply to each of them."""
    for k, slot in enumerate(chain):
        slot.times = list(slot.own)
        if slot.own or slot.hit.time is not None:
            continue
        later = next((s for s in chain[k + 1 :] if s.own), None)
        earlier = next((s for s in reversed(chain[:k]) if s.own and s.leading), None)
        if later is not None and not later.leading:
            slot.times = list(later.own)
        elif earlier is not None:
            slot.times = list(earlier.own)
    if any(s.hit.recurring or any(t.plural for t in s.times) for s in chain):
        for slot in chain:
            if slot.hit.weekdays and slot.hit.end_date is None:
                slot.hit = replace(slot.hit, recurring=True)


def _emit(norm: Normalized, slot: _Slot, reference: datetime | None) -> list[When]:
    hit = slot.hit
    start, end = norm.span(slot.start, slot.end)
    base = When(
        text=norm.original[start:end], span=(start, end), date=hit.date, time=hit.time,
        end_date=hit.end_date, weekdays=hit.weekdays, recurring=hit.recurring,
        invalid_reason=hit.invalid,
    )  # fmt: skip
    if not slot.times:
        return [base]
    return [_with_time(base, t, reference) for t in slot.times]


def _with_time(base: When, t: TimeHit, reference: datetime | None) -> When:
    if t.same_time:
        if reference is None:
            return base
        when = replace(base, time=reference.time().replace(second=0, microsecond=0))
        if base.end_date is not None and base.date is not None and base.end_date > base.date:
            day = base.date + timedelta(days=(reference.weekday() - base.date.weekday()) % 7)
            when = replace(when, date=day, end_date=None, weekdays=frozenset({day.weekday()}))
        return when
    return replace(
        base, time=t.time, window=t.window, approximate=t.approximate,
        invalid_reason=base.invalid_reason or t.invalid,
    )  # fmt: skip


def _emit_time(norm: Normalized, t: TimeHit, today: date, reference: datetime | None) -> list[When]:
    if t.same_time and reference is None:
        return []
    start, end = norm.span(t.start, t.end)
    base = When(text=norm.original[start:end], span=(start, end), date=today if t.today else None)
    if t.today:
        base = replace(base, weekdays=frozenset({today.weekday()}))
    return [_with_time(base, t, reference)]


def expand_recurring(whens: Iterable[When], start: date, count: int) -> list[When]:
    """The first `count` dated options from the recurring habits in `whens`, from `start` on.

    "Mondays and Wednesdays at 6pm, and Saturday mornings" from Monday March 2 gives
    Mon 2nd 18:00, Wed 4th 18:00, Sat 7th 09:00 (approximate), Mon 9th 18:00, ...
    """
    habits = [w for w in whens if w.recurring and w.weekdays and w.valid]
    out: list[When] = []
    day = start
    while habits and len(out) < count and day < start + timedelta(days=366):
        todays = [w for w in habits if day.weekday() in w.weekdays]
        for w in sorted(todays, key=lambda w: w.time or time(0)):
            if len(out) < count:
                out.append(replace(w, date=day, weekdays=frozenset({day.weekday()})))
        day += timedelta(days=1)
    return out
