"""Pairing the dates and times of one message: which time belongs to which day,
lists of days sharing a time or a week, a bare day inside a range.

`pair` (used by `parse_when`) returns the date slots, each with its times, and the
times that belong to no date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from bookbot.agent.nlu.date_hits import DateHit
from bookbot.agent.nlu.lexicon import alternation, lexicon
from bookbot.agent.nlu.marks import mark
from bookbot.agent.nlu.times import TimeHit


@dataclass(slots=True)
class Slot:
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
def _gaps(code: str) -> _Gaps:
    lex = lexicon(code)
    w = lex.words
    tight = re.compile(rf"^[\s,?]*(?:(?:{alternation(w['tight'])}|-)[\s,?]*)*$")
    joiner = rf"(?:{alternation(w['list_sep'])}|,|;)"
    filler = alternation([*w["tight"], *lex.word_list("list_fillers")])
    listed = re.compile(rf"^\s*(?:{joiner}|(?:{filler})\b)(?:\s*(?:{joiner}|(?:{filler})\b))*\s*$")
    words = alternation([*w["tight"], *lex.word_list("also")])
    also = re.compile(
        rf"^[\s,]*(?:(?:{words}|-)\b[\s,]*)*(?:{alternation(lex.word_list('also'))})\b"
        rf"[\s,]*(?:(?:{words}|-)\b[\s,]*)*$"
    )
    return _Gaps(tight, listed, also)


@dataclass(frozen=True, slots=True)
class _Gaps:
    tight: re.Pattern[str]
    """Words that may stand between a day and its time ("Friday at 5")."""
    listed: re.Pattern[str]
    """What joins a list of days or times ("Monday and Wednesday")."""
    also: re.Pattern[str]
    """ "Thursday 4.3., also 17:00": a time after an also-word still belongs to the
    day before it (`also` lists the words per language)."""


def listed_between(gap: str, lang: str) -> bool:
    """`gap` is only what joins a list of days or times ("or", ", and at", "oder")."""
    return bool(_gaps(lang).listed.match(gap.lower()))


def pair(
    work: str, dates: Sequence[DateHit], times: Sequence[TimeHit], today: date, lang: str
) -> tuple[list[Slot], list[TimeHit]]:
    """The date slots with their times, and the times that belong to no date."""
    gaps = _gaps(lang)
    slots = [Slot(d, own=[]) for d in dates]
    items: list[Slot | TimeHit] = sorted([*slots, *times], key=_start)
    loose: list[TimeHit] = []
    owner: dict[int, Slot] = {}
    for k, item in enumerate(items):
        if isinstance(item, TimeHit):
            target = _target(items, k, work, owner, gaps)
            if target is None:
                loose.append(item)
            else:
                target.own.append(item)
                owner[id(item)] = target
    _adopt(slots, loose, work, gaps.listed)
    _gather(slots, loose)
    _gone_by(slots, today)
    for slot in slots:
        slot.hit = mark(work, slot.hit, slot.start, slot.end, lang)
    slots = _narrow(slots, work, lang)
    for chain in _chains(slots, work, gaps.listed):
        _same_week(chain, work, today, lang)
        _share(chain)
    _from_onward(slots)
    return slots, loose


def _from_onward(slots: list[Slot]) -> None:
    """ "ab 10.3. jeden Montag", "starting March 10, Mondays at 6": the start day is
    no habit itself, and each weekly habit said with it starts on or after it."""
    starts = [s.hit.date for s in slots if s.hit.onward and s.hit.date is not None]
    if len(starts) != 1:
        return
    first = starts[0]
    for slot in slots:
        hit = slot.hit
        if hit.onward:
            slot.hit = replace(hit, recurring=False)
        elif hit.recurring and hit.date is not None and hit.date < first and len(hit.weekdays) == 1:
            (weekday,) = hit.weekdays
            day = first + timedelta(days=(weekday - first.weekday()) % 7)
            slot.hit = replace(hit, date=day, floating=False)


def _adopt(slots: list[Slot], loose: list[TimeHit], work: str, listed: re.Pattern[str]) -> None:
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


def _gone_by(slots: list[Slot], today: date) -> None:
    """ "Balu war gestern aufm Laufband": a day before today said without a time is what
    happened, no day wished (`excluded`). With a time ("how about yesterday at 10") it
    is a wish, which the bot refuses as passed."""
    for slot in slots:
        hit = slot.hit
        day_only = hit.time is None and not slot.own and hit.end_date is None
        if day_only and hit.date is not None and hit.date < today and not hit.floating:
            slot.hit = replace(hit, excluded=True)


def _gather(slots: list[Slot], loose: list[TimeHit]) -> None:
    """ "am Samstag 16.1. gleich zwei Stunden hintereinander, um 9 und um 10:30": two or
    more times said after the message's only day, with words between, are that day's
    (as they are when they follow it directly); one time alone stays the message's
    time of day."""
    if len(slots) != 1 or len(loose) < 2:
        return
    (slot,) = slots
    hit = slot.hit
    if slot.own or hit.time is not None or hit.date is None or hit.recurring or _is_range(hit):
        return
    if any(t.start < slot.end for t in loose):
        return
    slot.own.extend(sorted(loose, key=lambda t: t.start))
    loose.clear()


def _target(
    items: Sequence[Slot | TimeHit],
    k: int,
    work: str,
    owner: dict[int, Slot],
    gaps: _Gaps,
) -> Slot | None:
    """The date the time at `items[k]` belongs to, if any."""
    item = items[k]
    assert isinstance(item, TimeHit)
    tight, listed = gaps.tight, gaps.listed
    prev = items[k - 1] if k else None
    nxt = items[k + 1] if k + 1 < len(items) else None
    if isinstance(prev, Slot) and _free(prev):
        gap = work[prev.end : item.start]
        leads_next = (
            isinstance(nxt, Slot) and _free(nxt) and tight.match(work[item.end : nxt.start])
        )
        if tight.match(gap) or (not leads_next and gaps.also.match(gap)):
            return prev
    if (
        isinstance(prev, TimeHit)
        and id(prev) in owner
        and listed.match(work[prev.end : item.start])
    ):
        return owner[id(prev)]
    if isinstance(nxt, Slot) and _free(nxt) and tight.match(work[item.end : nxt.start]):
        nxt.leading = True
        return nxt
    return None


def _start(item: Slot | TimeHit) -> int:
    return item.hit.start if isinstance(item, Slot) else item.start


def _free(slot: Slot) -> bool:
    return not slot.own and slot.hit.time is None


def _chains(slots: list[Slot], work: str, listed: re.Pattern[str]) -> Iterable[list[Slot]]:
    chain: list[Slot] = []
    for slot in slots:
        gap = work[chain[-1].end : slot.start] if chain else ""
        if chain and (listed.match(gap) or _bare_gap(chain[-1], slot, gap)):
            chain.append(slot)
            continue
        if chain:
            yield chain
        chain = [slot]
    if chain:
        yield chain


def _bare_gap(prev: Slot, slot: Slot, gap: str) -> bool:
    """ "mon 13th wed 15th": two whole days side by side with only spaces between
    them are a list too (a day and a weekday or month that are one date are one hit)."""
    whole = all(s.hit.date is not None and s.hit.end_date is None for s in (prev, slot))
    return whole and gap.strip(" ,") == ""


@lru_cache(maxsize=8)
def _bare_day(code: str) -> re.Pattern[str]:
    """A day of the month alone: "the 14th", "am 14.", "el 14" (ordinals are written
    "14th" inside the parsers whatever the language)."""
    w = lexicon(code).words
    on, the = alternation(w["on_day"]), alternation(w["the"])
    return re.compile(rf"^(?:(?:{on})\s+)?(?:(?:{the})\s+)?(\d{{1,2}})(?:st|nd|rd|th|\.)?$")


def _narrow(slots: list[Slot], work: str, lang: str) -> list[Slot]:
    """ "in April, maybe the 14th", "next week, ideally Wednesday": a bare day of the
    month or weekday said beside a range falls inside it, and the range was only
    context (its time, if any, goes to the day). A day ruled out inside it ("next week,
    but not Wednesday") moves into it too, and the range stays; a day naming a booked
    session ("move my Thursday session to next week") stays apart."""
    ranges = [s for s in slots if _is_range(s.hit) and not (s.hit.session_ref or s.hit.excluded)]
    if len(ranges) != 1:
        return slots
    whole = ranges[0]
    assert whole.hit.date is not None and whole.hit.end_date is not None
    narrowed = False
    for slot in slots:
        if slot is whole or slot.hit.date is None or slot.hit.recurring:
            continue
        if slot.hit.session_ref:
            continue
        day = _inside(whole.hit.date, whole.hit.end_date, slot, work, lang)
        if day is None:
            continue
        narrowed = narrowed or not slot.hit.excluded
        slot.hit = replace(slot.hit, date=day, weekdays=frozenset({day.weekday()}), floating=False)
        if not slot.own and slot.hit.time is None:
            slot.own = list(whole.own)
    return [s for s in slots if s is not whole] if narrowed else slots


def _is_range(hit: DateHit) -> bool:
    if hit.date is None or hit.end_date is None or hit.recurring:
        return False
    return 0 < (hit.end_date - hit.date).days <= 31


def _inside(first: date, last: date, slot: Slot, work: str, lang: str) -> date | None:
    text = work[slot.hit.start : slot.hit.end].strip()
    found = _bare_day(lang).match(text)
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


def _says_week(text: str, lang: str) -> bool:
    return any(word in text for word in lexicon(lang).word_list("week"))


def _same_week(chain: list[Slot], work: str, today: date, lang: str) -> None:
    """ "Monday, Wednesday and Friday next week": a week said once for a list of bare
    weekdays puts each of them in that week."""
    anchors = {
        s.hit.date - timedelta(days=s.hit.date.weekday())
        for s in chain
        if s.hit.date is not None
        and len(s.hit.weekdays) == 1
        and not s.hit.recurring
        and _says_week(work[s.hit.start : s.hit.end], lang)
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
            slot.hit = replace(hit, date=day, floating=False)


def _share(chain: list[Slot]) -> None:
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
