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

from bookbot.agent.nlu.corrections import (
    corrected_hours,
    correction_spans,
    marker_spans,
    without_pauses,
)
from bookbot.agent.nlu.date_hits import DateHit
from bookbot.agent.nlu.dates import find_dates
from bookbot.agent.nlu.lexicon import alternation, generation, lexicon
from bookbot.agent.nlu.normalize import Normalized, normalize
from bookbot.agent.nlu.times import TimeHit, find_times
from bookbot.agent.nlu.when_pairing import Slot, listed_between, pair

_WAKING = (time(6), time(21))
"""Hours a customer may mean when saying a bare hour; outside them only one reading is."""
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

    `alt_time` is the other reading of a bare hour ("at 7" is 19:00, or 07:00), for a
    caller that knows the opening hours. `shift` is a move by an amount ("a week
    later" is (1, "week"), "2 days earlier" (-2, "day"); "later" also gives a date,
    "earlier" none). `excluded` marks a day ruled out ("Saturdays are bad for me");
    `session_ref` a day that names a booked session ("my Thursday session");
    `floating` a bare weekday ("thursday") read as the next one from today.
    `onward` marks the first day of a series ("ab 10.3.", "a partir del 10 de marzo",
    "starting March 10"): weekly habits said with it start on or after it.
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
    alt_time: dt.time | None = None
    shift: tuple[int, str] | None = None
    excluded: bool = False
    session_ref: bool = False
    floating: bool = False
    onward: bool = False
    same_time: bool = False
    """The time was said as "same time" and taken from the time said before it."""
    time_span: tuple[int, int] | None = None
    """Where the time itself was said, when `span` holds a day with several times
    ("thurs 17th, 4.30pm.. no wait make it 5.30pm"): a correction is placed by it."""

    @property
    def valid(self) -> bool:
        return self.invalid_reason is None

    @property
    def said(self) -> tuple[int, int]:
        """Where it was said: its own time's place when its day carries several times."""
        return self.time_span or self.span

    @property
    def is_range(self) -> bool:
        return self.end_date is not None and self.end_date != self.date

    @property
    def day_only(self) -> bool:
        """A day said with no time, part of the day or range of its own."""
        return self.time is None and self.window is None and not self.is_range

    @property
    def exact_time(self) -> dt.time | None:
        """The time when it was said exactly ("half past 6 in the evening" 18:30); None
        for a preference or a bound ("9ish", "after 5", "in the morning")."""
        if self.approximate or self.window is not None:
            return None
        return self.time

    @property
    def ambiguous_hour(self) -> bool:
        """A bare hour without am/pm whose two readings are both waking hours ("at 6":
        06:00 or 18:00); "at 4" is 16:00 (04:00 is no time to book), "10:15" is 10:15."""
        if self.time is None or self.alt_time is None:
            return False
        return all(_WAKING[0] <= t < _WAKING[1] for t in (self.time, self.alt_time))

    @property
    def missing(self) -> tuple[str, ...]:
        """What the customer left unsaid, for a question instead of a guess: "date" (a
        time without a day), "time" (a day without an exact time, or only a part of the
        day or a bound), "meridiem" (an hour that may be morning or afternoon), "valid"
        (a day that does not exist or disagrees with its weekday)."""
        gaps = []
        if self.date is None:
            gaps.append("date")
        if self.exact_time is None:
            gaps.append("time")
        if self.ambiguous_hour:
            gaps.append("meridiem")
        if not self.valid:
            gaps.append("valid")
        return tuple(gaps)

    @property
    def complete(self) -> bool:
        """A day and an exact, unambiguous time that exist: safe to propose as said."""
        return not self.missing

    def at(self, tz: tzinfo) -> datetime | None:
        """The local start as an aware datetime, when both date and time are known."""
        if self.date is None or self.time is None or not self.valid:
            return None
        return datetime.combine(self.date, self.time, tzinfo=tz)


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
    # aware datetimes equal as instants are one cache key: the zone and fold are keyed too
    zone_ref = (reference.tzinfo, reference.fold) if reference is not None else None
    at = (now, now.tzinfo, now.fold, reference, zone_ref)
    return list(_parse_when(text, at, day_first, lang, generation()))


@lru_cache(maxsize=4096)
def _parse_when(
    text: str,
    at: tuple[datetime, tzinfo | None, int, datetime | None, object],
    day_first: bool,
    lang: str,
    _generation: int,
) -> tuple[When, ...]:
    """`parse_when`'s answer, cached: a turn reads the same text at the same time
    several times (the message, a reply check, a part of it)."""
    now, reference = at[0], at[3]
    norm = normalize(text, lang, numbers=True)
    work = without_pauses(_ISO_T.sub(" ", norm.text))
    dates = find_dates(work, now.date(), lang, day_first=day_first, now=now, reference=reference)
    times = find_times(work, lang, tuple((d.start, d.end) for d in dates))
    return tuple(_pair(norm, work, dates, times, now.date(), reference, lang))


def _pair(
    norm: Normalized,
    work: str,
    dates: Sequence[DateHit],
    times: Sequence[TimeHit],
    today: date,
    reference: datetime | None,
    lang: str,
) -> list[When]:
    slots, loose = pair(work, dates, times, today, lang)
    out: list[When] = []
    for slot in sorted(slots, key=lambda s: s.start):
        emitted = _emit(norm, slot, _said_before(out, today) or reference)
        out += emitted
    out += [w for t in loose for w in _emit_time(norm, t, today, reference)]
    ordered = sorted(out, key=lambda w: (w.span[0], w.time or time(0)))
    markers = correction_spans(norm, work, lang)
    ordered = _bare_corrections(ordered, norm, work, lang)
    ordered = _outside_reasons(ordered, norm, work, lang)
    kept = _same_time_kept(_self_corrected(ordered, markers), ordered)
    return _narrowed(kept, norm.original, lang)


def _same_time_kept(whens: list[When], read: list[When]) -> list[When]:
    """ "mon at half 5, sorry no, half 4, then wed same time": "same time" is the time
    kept by the correction (16:30), not the one taken back."""
    out = list(whens)
    for i, when in enumerate(out):
        if not when.same_time:
            continue
        # the time of a day said before ("i've got a call at 5" is no day's time)
        timed = [w for w in out[:i] if w.time is not None and w.date and not w.excluded]
        first = [w for w in read if w.time is not None and not w.excluded and w is not when]
        if timed and first and first[0].said[0] < when.said[0] and timed[-1].time != when.time:
            out[i] = replace(when, time=timed[-1].time, alt_time=None)
    return out


def _bare_corrections(whens: list[When], norm: Normalized, work: str, lang: str) -> list[When]:
    """A bare hour that replaces the time before a correction marker ("thurs at 4.. no
    sorry make that 5", "um 3, nee warte, 4"): read as a time on the half of the day of
    the time it replaces (it was read as nothing, or as a count of sessions)."""
    spans = marker_spans(work, lang)
    out = list(whens)
    for start, end, hour, minute in corrected_hours(work, spans, lang):
        at = norm.span(start, end)
        if any(w.span[0] <= at[0] < w.span[1] for w in out):
            continue  # already read ("a las 11")
        before = [w for w in out if w.span[1] <= at[0] and w.time is not None and not w.excluded]
        if not before:
            continue
        old = before[-1].time
        assert old is not None
        readings = [time(h, minute) for h in (hour, hour + 12) if h <= 23]
        near = min(readings, key=lambda t: abs(t.hour * 60 + t.minute - old.hour * 60 - old.minute))
        other = next((t for t in readings if t != near), None)
        new = replace(before[-1], text=norm.original[at[0]:at[1]], span=at, time=near,
                      alt_time=other, window=None, approximate=False)  # fmt: skip
        out.append(new)
    return sorted(out, key=lambda w: (w.span[0], w.time or time(0)))


def _self_corrected(whens: Sequence[When], markers: Sequence[tuple[int, int]]) -> list[When]:
    """`whens` (in text order) with the last reading before each correction marker
    replaced by the first one after it, which keeps what it leaves out (the day of a
    corrected time, the time of a corrected day). Nothing changes without a reading
    on both sides."""
    out = list(whens)
    for start, end in markers:
        before = [w for w in out if w.said[1] <= start and not w.excluded]
        after = sorted((w for w in out if w.said[0] >= end), key=lambda w: w.said[0])
        before.sort(key=lambda w: w.said[1])
        if not before:
            continue
        taken_back = before[-1]
        # "sat 30 at 11... ah no, that saturday there's a party, better fri 29": a
        # mention of the day taken back is no correction of it
        again = [w for w in after if _mentions(w, taken_back)]
        after = [w for w in after if w not in again]
        if after:
            correction = after[0]
            out[out.index(correction)] = _completed(correction, taken_back)
            out.remove(taken_back)
            for w in again:
                out.remove(w)
    return out


def _mentions(when: When, taken_back: When) -> bool:
    """`when` names only the day of `taken_back` again, with no time of its own: the same
    date, or a bare weekday of it ("ese sábado" after "el sábado 30")."""
    if not when.day_only:
        return False
    same_weekday = when.floating and bool(when.weekdays) and when.weekdays == taken_back.weekdays
    return when.date is not None and (when.date == taken_back.date or same_weekday)


def _completed(correction: When, taken_back: When) -> When:
    if correction.date is None and correction.end_date is None and taken_back.date is not None:
        correction = replace(
            correction, date=taken_back.date, end_date=taken_back.end_date,
            weekdays=taken_back.weekdays, floating=taken_back.floating,
        )  # fmt: skip
    if correction.time is None and correction.window is None and taken_back.time is not None:
        correction = replace(
            correction, time=taken_back.time, window=taken_back.window,
            approximate=taken_back.approximate, alt_time=taken_back.alt_time,
        )  # fmt: skip
    return correction


def _narrowed(whens: list[When], text: str, lang: str) -> list[When]:
    """ "next tue after work? like half 6", "el viernes por la tarde, tipo 5 y media",
    "lieber nachmittags, so 15 Uhr": an exact time right after a part of the day (its
    window; of a day said, or of the day being discussed) that falls inside that window
    is the time meant, not a second option. More times listed right after it with no
    day of their own ("nachmittags? gegen 17 Uhr oder halb 6") are more options on
    that day."""
    out: list[When] = []
    listing = False  # the last time was merged into its part of the day
    for when in whens:
        part = out[-1] if out else None
        if part is not None and part.window is not None and part.approximate and _inside(
            when, part.date, part.window
        ):
            out[-1] = replace(
                part, time=when.time, window=None, approximate=when.approximate,
                alt_time=when.alt_time, span=(part.span[0], when.span[1]),
                text=f"{part.text} … {when.text}",
            )  # fmt: skip
            listing = True
            continue
        if (
            part is not None and listing and when.end_date is None
            and _inside(when, None, (time.min, time.max))
            and listed_between(text[part.said[1] : when.span[0]], lang)
        ):  # fmt: skip
            out.append(replace(
                when, date=part.date, end_date=part.end_date, weekdays=part.weekdays,
                floating=part.floating, time_span=when.span,
            ))  # fmt: skip
            continue
        listing = False
        out.append(when)
    return out


def _inside(when: When, day: date | None, window: tuple[dt.time, dt.time]) -> bool:
    """`when` is only an exact time (on `day` or on no day) inside `window`."""
    return (
        when.time is not None and when.window is None and when.date in (None, day)
        and not when.excluded and window[0] <= when.time <= window[1]
    )  # fmt: skip


def _outside_reasons(whens: list[When], norm: Normalized, work: str, lang: str) -> list[When]:
    """ "mejor más temprano porque ella en la tarde se cansa. ¿a las 11?", "weil sie
    nachmittags Schule hat": a part of the day inside the customer's reason (from its
    "because" to the end of the sentence) is why, not when."""
    spans = [norm.span(*m.span()) for m in _reason_clause(lang, generation()).finditer(work)]
    if not spans:
        return whens
    return [
        w for w in whens
        if not (
            w.window is not None and w.approximate and w.date is None and w.end_date is None
            and any(a <= w.span[0] < b for a, b in spans)
        )
    ]  # fmt: skip


@lru_cache(maxsize=32)
def _reason_clause(lang: str, _generation: int) -> re.Pattern[str]:
    words = alternation(lexicon(lang).word_list("reason_opening"))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)[^.!?;]*")


def _said_before(out: Sequence[When], today: date) -> datetime | None:
    """ "thurs at 5 and fri same time": "same time" after a day with its own time in
    the same message means that time, not the one discussed before."""
    # "can't make fri arvo ... thurs same time": a part of the day is no time to repeat
    timed = [w for w in out if w.time is not None and not w.excluded and w.window is None]
    if not timed:
        return None
    return datetime.combine(timed[-1].date or today, timed[-1].time or time(0))


def _emit(norm: Normalized, slot: Slot, reference: datetime | None) -> list[When]:
    hit = slot.hit
    start, end = norm.span(slot.start, slot.end)
    base = When(
        text=norm.original[start:end], span=(start, end), date=hit.date, time=hit.time,
        end_date=hit.end_date, weekdays=hit.weekdays, recurring=hit.recurring,
        invalid_reason=hit.invalid, shift=hit.shift, excluded=hit.excluded,
        session_ref=hit.session_ref, floating=hit.floating, onward=hit.onward,
    )  # fmt: skip
    if not slot.times:
        return [base]
    if len(slot.times) == 1:
        return [_with_time(base, slot.times[0], reference)]
    return [
        replace(_with_time(base, t, reference), time_span=norm.span(t.start, t.end))
        for t in slot.times
    ]


def _with_time(base: When, t: TimeHit, reference: datetime | None) -> When:
    if t.same_time:
        if reference is None:
            return base
        when = replace(
            base, time=reference.time().replace(second=0, microsecond=0), same_time=True
        )
        if base.end_date is not None and base.date is not None and base.end_date > base.date:
            day = base.date + timedelta(days=(reference.weekday() - base.date.weekday()) % 7)
            when = replace(when, date=day, end_date=None, weekdays=frozenset({day.weekday()}))
        return when
    return replace(
        base, time=t.time, window=t.window, approximate=t.approximate,
        invalid_reason=base.invalid_reason or t.invalid, alt_time=t.alt,
    )  # fmt: skip


def _emit_time(norm: Normalized, t: TimeHit, today: date, reference: datetime | None) -> list[When]:
    if t.same_time and reference is None:
        return []
    start, end = norm.span(t.start, t.end)
    base = When(text=norm.original[start:end], span=(start, end), date=today if t.today else None)
    if t.today:
        base = replace(base, weekdays=frozenset({today.weekday()}))
    return [_with_time(base, t, reference)]


def within_hours(when: When, hours: Sequence[tuple[dt.time, dt.time]]) -> When:
    """An ambiguous bare hour ("at 4") settled by opening hours: when exactly one of
    its two readings falls inside one of `hours` (start, end), that one, no longer
    ambiguous; else `when` unchanged (the caller asks "4 in the morning or afternoon?")."""
    if when.time is None or when.alt_time is None:
        return when
    fits = [t for t in (when.time, when.alt_time) if any(a <= t < b for a, b in hours)]
    if len(fits) != 1:
        return when
    return replace(when, time=fits[0], alt_time=None)


def expand_recurring(whens: Iterable[When], start: date, count: int) -> list[When]:
    """The first `count` dated options from the recurring habits in `whens`, from `start` on.

    "Mondays and Wednesdays at 6pm, and Saturday mornings" from Monday March 2 gives
    Mon 2nd 18:00, Wed 4th 18:00, Sat 7th 09:00 (approximate), Mon 9th 18:00, ...
    """
    habits = [w for w in whens if w.recurring and w.weekdays and w.valid and not w.excluded]
    out: list[When] = []
    day = start
    while habits and len(out) < count and day < start + timedelta(days=366):
        todays = [w for w in habits if day.weekday() in w.weekdays]
        for w in sorted(todays, key=lambda w: w.time or time(0)):
            if len(out) < count:
                out.append(replace(w, date=day, weekdays=frozenset({day.weekday()})))
        day += timedelta(days=1)
    return out
