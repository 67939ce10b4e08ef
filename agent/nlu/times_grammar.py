"""The time-of-day patterns and their handlers; `find_times` (times.py) runs them.

See times.py for the rules they implement.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import time
from functools import lru_cache

from bookbot.agent.nlu.case_blind import case_blind, lower_ascii
from bookbot.agent.nlu.lexicon import Lexicon, Meridiem, alternation, lexicon

END_OF_DAY = time(23, 59)


@dataclass(frozen=True, slots=True)
class TimeHit:
    start: int
    end: int
    time: dt.time | None
    window: tuple[dt.time, dt.time] | None = None
    approximate: bool = False
    plural: bool = False
    today: bool = False
    same_time: bool = False
    invalid: str | None = None
    raw: tuple[int, int, Meridiem | None] | None = None
    pre: str | None = None
    daypart: bool = False
    alt: dt.time | None = None
    """The other reading of a bare hour: 07:00 for "at 7" (read 19:00), 20:00 for "at 8"."""


def other_reading(hour: int, minute: int, ap: Meridiem | None, at: time) -> time | None:
    """The other half of the day for an hour said without am or pm (1..11)."""
    if ap is not None or not 1 <= hour <= 11:
        return None
    return time(hour, minute) if at.hour >= 12 else time(hour + 12, minute)


def resolve_hour(hour: int, minute: int, ap: Meridiem | None, hint: Meridiem | None) -> time | None:
    """24-hour time from a spoken hour; None when it cannot be a time of day."""
    if ap == "am" and hour == 12:
        hour = 0
    elif ap == "pm" and 1 <= hour < 12:
        hour += 12
    elif ap is None and 1 <= hour < 12:
        if hint == "pm" or (hint is None and hour <= 7):
            hour += 12
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


_Handler = Callable[[re.Match[str], Lexicon], TimeHit | None]


_Patterns = tuple[tuple[re.Pattern[str], _Handler], ...]


@dataclass(frozen=True, slots=True)
class _Grammar:
    pre_kind: dict[str, str]
    patterns: _Patterns
    lower_ascii: _Patterns
    """The same patterns for lower-case ASCII text, without IGNORECASE where that
    reads such text alike (`case_blind`)."""

    def patterns_for(self, text: str) -> _Patterns:
        """The patterns to run over `text`: the faster ones where they read it alike."""
        return self.lower_ascii if lower_ascii(text) else self.patterns


def _pre_kind(lex: Lexicon) -> dict[str, str]:
    kinds: dict[str, str] = {}
    for kind in ("at", "around", "after", "before", "between"):
        for phrase in lex.words[kind]:
            kinds.setdefault(" ".join(phrase.split()), kind)
    return kinds


def meridiem(lex: Lexicon) -> str:
    """The am/pm spellings as a regex. A language whose "am" is also a preposition
    (German "um 5 am Montag", "halb 5 am Nachmittag") lists it under
    `meridiem_before_nothing`: it is a meridiem only at the end or before punctuation
    (a masked date after it is blanked with spaces, hence one space at most)."""
    bare = set(lex.word_list("meridiem_before_nothing"))
    return "|".join(f"{m}(?= ?(?:$|[^\\sa-z0-9]))" if m in bare else m for m in ("am", "pm"))


def ap_of(match: re.Match[str], group: str = "ap") -> Meridiem | None:
    value = match.groupdict().get(group)
    return "am" if value == "am" else "pm" if value == "pm" else None


def _clock(
    match: re.Match[str], lex: Lexicon, hour: int, minute: int, *, strict: bool = True
) -> TimeHit | None:
    ap = ap_of(match)
    if ap is None and (match.groupdict().get("h") or "").startswith("0"):
        ap = "am"  # "03:00" is written the 24-hour way: no afternoon guess
    pre = " ".join((match.groupdict().get("pre") or "").split()) or None
    start, end = match.span()
    if pre and (_idiom(match, lex) or _starts_a_day(match, lex, pre)):
        pre = None  # "what about 4:30?" proposes 4:30, it is not "around 4:30"
        start = len(match.string) - len(match.string[match.end("pre") :].lstrip())
    resolved = resolve_hour(hour, minute, ap, _literal_hint(match, lex, ap))
    if resolved is None:
        if not strict:
            return None
        said = f"{hour}:{minute:02d}"
        return TimeHit(start, end, None, invalid=lex.sentence("no_such_time", time=said))
    alt = other_reading(hour, minute, ap, resolved)
    hit = TimeHit(start, end, resolved, raw=(hour, minute, ap), pre=pre, alt=alt)
    return shape(hit, resolved, lex, ish=_ish(match))


EARLIEST_LITERAL = 6
"""The first hour a customer may mean in the morning when writing it on the 24-hour clock."""


def _literal_hint(match: re.Match[str], lex: Lexicon, ap: Meridiem | None) -> Meridiem | None:
    """German "7 Uhr" is written on the 24-hour clock: 07:00 first (the afternoon
    reading stays the other one, for opening hours to choose); `clock_literal` lists
    such words per language."""
    words = lex.word_list("clock_literal")
    if ap is not None or not words or int(match.groupdict().get("h") or 0) < EARLIEST_LITERAL:
        return None  # "um 3 Uhr" is 15:00: nobody books 03:00
    said = match.string[match.start() : match.end() + 5].lower()  # "7:30 Uhr": after it
    return "am" if any(re.search(rf"\b{re.escape(w)}\b", said) for w in words) else None


def _starts_a_day(match: re.Match[str], lex: Lexicon, pre: str) -> bool:
    """ "starting Fri 15 Jan 9am", "ab Montag 10 Uhr": the word opens the day (the date
    between them is masked with spaces), so the time is the start asked for, not "from
    9am on"."""
    if grammar(lex.code).pre_kind.get(pre) != "after":
        return False
    rest = match.string[match.end("pre") : match.end()]
    return len(rest) - len(rest.lstrip()) > 1


def _idiom(match: re.Match[str], lex: Lexicon) -> bool:
    before = match.string[: match.start()].split()
    return bool(before) and before[-1] in lex.words["not_around_after"]


_ISH = re.compile(r"(?:(?<=\d)|(?<=noon)|(?<=midday)|(?<=night)|(?<=[\s-]))ish\b")


def _ish(match: re.Match[str]) -> bool:
    """ "5ish", "noon-ish": the time is a rough one ("finish at 5" is not)."""
    return bool(_ISH.search(match.group()))


def shape(hit: TimeHit, at: time, lex: Lexicon, *, ish: bool = False) -> TimeHit:
    """Apply the preposition before a clock time: "around", "after", "before"."""
    kind = grammar(lex.code).pre_kind.get(hit.pre or "", "at")
    if kind == "around" or ish:
        return replace(hit, time=at, approximate=True)
    if kind == "after":
        return replace(hit, time=at, approximate=True, window=(at, END_OF_DAY), alt=None)
    if kind == "before":
        return replace(hit, time=None, approximate=True, window=(time(0), at), alt=None)
    return replace(hit, time=at)


def _hm(match: re.Match[str], lex: Lexicon) -> TimeHit | None:
    sep, minute = match.group("sep"), int(match.group("m"))
    if sep.isspace() and not (match.group("ap") or match.group("pre")):
        return None
    if sep != ":" and minute > 59:
        return None
    return _clock(match, lex, int(match.group("h")), minute, strict=sep == ":")


def _hour(match: re.Match[str], lex: Lexicon) -> TimeHit | None:
    return _clock(match, lex, int(match.group("h")), 0, strict=False)


def _military(match: re.Match[str], lex: Lexicon) -> TimeHit | None:
    digits = match.group("hm")
    return _clock(match, lex, int(digits[:-2]), int(digits[-2:]), strict=False)


def _half_past(match: re.Match[str], lex: Lexicon) -> TimeHit | None:
    return _clock(match, lex, int(match.group("h")), 30, strict=False)


def _quarter_past(match: re.Match[str], lex: Lexicon) -> TimeHit | None:
    return _clock(match, lex, int(match.group("h")), 15, strict=False)


def _quarter_to(match: re.Match[str], lex: Lexicon) -> TimeHit | None:
    hour = int(match.group("h"))
    return _clock(match, lex, hour - 1 if hour > 1 else 12, 45, strict=False)


def _quarter_into(match: re.Match[str], lex: Lexicon) -> TimeHit | None:
    """Austrian and East German "viertel 8" is a quarter into the hour before 8: 7:15."""
    hour = int(match.group("h"))
    return _clock(match, lex, hour - 1 if hour > 1 else 12, 15, strict=False)


def _half_to(match: re.Match[str], lex: Lexicon) -> TimeHit | None:
    """German "halb 5" is half an hour before 5: 4:30."""
    hour = int(match.group("h"))
    return _clock(match, lex, hour - 1 if hour > 1 else 12, 30, strict=False)


def _minutes_past(match: re.Match[str], lex: Lexicon) -> TimeHit | None:
    return _clock(match, lex, int(match.group("h")), int(match.group("m")), strict=False)


def _range(match: re.Match[str], lex: Lexicon) -> TimeHit | None:
    pre, sep = match.group("pre"), " ".join(match.group("sep").split())
    ap_a, ap_b = ap_of(match, "apa"), ap_of(match, "apb")
    left_clock = bool(ap_a or match.group("ma"))
    if pre is None and not (left_clock or (ap_b and not match.group("mb"))):
        # "10:00-12", "9am to 12", "3-6pm" are ranges; "las tres a las 18:00" (all
        # three at 18:00) is a bare number before a time of its own
        return None
    if sep in lex.words["list_sep"] and pre != lex.words["between"][0]:
        return None
    ha, ma = int(match.group("ha")), int(match.group("ma") or 0)
    hb, mb = int(match.group("hb")), int(match.group("mb") or 0)
    end = resolve_hour(hb, mb, ap_b, None)
    if end is None:
        return None
    hint: Meridiem | None = ap_a
    if hint is None and ap_b is not None:
        hint = "pm" if ap_b == "pm" and ha + 12 <= end.hour else "am"
    start = resolve_hour(ha, ma, hint, None)
    if start is None or start >= end:
        return None
    return TimeHit(*match.span(), start, (start, end), approximate=True)


def _noon(match: re.Match[str], lex: Lexicon) -> TimeHit | None:
    at = time(0) if match.group("w") in lex.words["midnight"] else time(12)
    pre = " ".join((match.group("pre") or "").split()) or None
    hit = TimeHit(*match.span(), at, raw=(at.hour, 0, "am" if at.hour < 12 else "pm"), pre=pre)
    return shape(hit, at, lex, ish=_ish(match))


def _same(match: re.Match[str], lex: Lexicon) -> TimeHit | None:
    return TimeHit(*match.span(), None, same_time=True)


def _daypart(match: re.Match[str], lex: Lexicon) -> TimeHit | None:
    name = " ".join(match.group("part").split())
    part = lex.dayparts.get(name)
    if part is None:
        return None
    return TimeHit(
        *match.span(), part.preferred, (part.start, part.end), approximate=True,
        plural=bool(match.group("pl")), today=bool(match.group("this")), daypart=True,
    )  # fmt: skip


def _tonight(match: re.Match[str], lex: Lexicon) -> TimeHit | None:
    part = lex.dayparts["evening"]
    return TimeHit(*match.span(), part.preferred, (part.start, part.end), approximate=True,
                   today=True, daypart=True)  # fmt: skip


@lru_cache(maxsize=8)
def grammar(code: str) -> _Grammar:
    lex = lexicon(code)
    w = lex.words
    pre = alternation([*w["at"], *w["around"], *w["after"], *w["before"]])
    bare_pre = alternation([p for k in ("at", "around", "after", "before") for p in w[k]
                            if p not in w["loose_pre"]])  # fmt: skip
    at = alternation([p for p in w["at"] if p not in w["loose_pre"]])
    not_money = rf"(?!\s*(?:{alternation(w['not_clock_after'])})(?![a-z]))"
    opt_pre = rf"(?:(?P<pre>{pre})(?:\s+|(?=\d)))?"
    left = r"(?<![\d:./+-])"
    mer = meridiem(lex)
    ap = rf"(?:\s*(?P<ap>{mer})\b)?"
    num = r"(?P<h>\d{1,2})"
    tail = r"(?:\s*-?\s*ish\b)?"
    # An ordinal suffix sticks to the number ("10th"); "at 10 then" is still a time.
    not_count = rf"(?![\d:/]|\.\d|(?:st|nd|rd|th)\b|\s*(?:%|(?:{alternation(w['count_nouns'])})\b))"
    glue = alternation(w["daypart_glue"])
    parts = alternation(lex.dayparts)
    not_after = "".join(f"(?<!{re.escape(p)} )" for p in w["not_daypart_after"])
    after_part = "|".join(f"(?<={re.escape(p)} )" for p in lex.word_list("part_before_hour"))
    not_verb = "".join(f"(?<!{re.escape(v)} )" for v in lex.word_list("count_verbs"))
    patterns: list[tuple[str, _Handler]] = [
        (
            rf"(?:(?P<pre>{alternation(w['between'])})\s+)?{left}(?P<ha>\d{{1,2}})(?:[:.h]"
            rf"(?P<ma>[0-5]\d))?\s*(?P<apa>{mer})?\s*(?P<sep>{alternation(w['range_sep'])})\s*"
            rf"(?P<hb>\d{{1,2}})(?:[:.h](?P<mb>[0-5]\d))?\s*(?P<apb>{mer})?(?![\d:])",
            _range,
        ),
        (rf"{opt_pre}{left}{num}(?P<sep>[:.h]|\s)(?P<m>\d\d)(?![\d])(?!\.\d){ap}{tail}", _hm),
        # "half past 2pm" before "2pm" alone; "half 2" is British for 2:30
        (rf"{opt_pre}(?:{alternation(w['half_past'])})\s+{num}(?!\d){ap}", _half_past),
        (rf"{opt_pre}(?:{alternation(w['quarter_past'])})\s+{num}(?!\d){ap}", _quarter_past),
        (rf"{opt_pre}(?:{alternation(w['quarter_to'])})\s+{num}(?!\d){ap}", _quarter_to),
        (
            rf"{opt_pre}(?:{alternation(w['quarter_into'])})\s+{left}{num}{not_count}{ap}",
            _quarter_into,
        ),
        (
            rf"{opt_pre}(?P<m>[1-5]?\d)\s+(?:minutes?\s+)?(?:{alternation(w['past'])})\s+"
            rf"{num}(?!\d){ap}",
            _minutes_past,
        ),
        (rf"{opt_pre}(?:{alternation(w['half_hour'])})\s+{left}{num}{not_count}{ap}", _half_past),
        (rf"{opt_pre}(?:{alternation(w['half_to'])})\s+{left}{num}{not_count}{ap}", _half_to),
        # "a las 5 y media", "las 6 menos cuarto": the minutes after the hour
        (rf"{opt_pre}{left}{num}\s+(?:{alternation(w['half_after_hour'])})\b", _half_past),
        (rf"{opt_pre}{left}{num}\s+(?:{alternation(w['quarter_after_hour'])})\b", _quarter_past),
        (rf"{opt_pre}{left}{num}\s+(?:{alternation(w['quarter_before_hour'])})\b", _quarter_to),
        (rf"{opt_pre}{left}(?P<hm>\d{{3,4}})\s*(?:h|hrs|hours)\b", _military),
        # "230pm", "1030am": the colon left out
        (rf"{opt_pre}{left}(?P<hm>\d{{3,4}})\s*(?P<ap>{mer})\b{tail}", _military),
        (rf"{opt_pre}{left}{num}\s*(?P<ap>{mer})\b{tail}", _hour),
        (rf"{opt_pre}{left}{num}\s*(?:{alternation(w['oclock'])}){ap}{tail}", _hour),
        (rf"{opt_pre}{left}{num}h(?![a-z\d]){tail}", _hour),
        (rf"{opt_pre}{left}{num}\s*-?\s*ish\b", _hour),
        # "at 1530": four digits of a 24-hour clock right after "at" (not a price)
        (
            rf"(?P<pre>{at})\s*{left}(?P<hm>(?:[01]\d|2[0-3])[0-5]\d){not_count}{not_money}",
            _military,
        ),
        (rf"{not_verb}(?P<pre>{bare_pre})\s+{left}{num}{not_count}{tail}", _hour),
        # "tomorrow evening 6", "Freitag abends 7": the hour right after its part of the day
        *(
            [(rf"(?:{after_part}){left}{num}{not_count}{tail}", _hour)]
            if after_part
            else []
        ),
        (
            rf"{opt_pre}{left}{num}(?=\s+(?:(?:{glue})\s+)*(?:{parts}|"
            rf"{alternation(w['tonight'])})\b)",
            _hour,
        ),
        (
            rf"{opt_pre}(?:12\s*)?(?P<w>{alternation([*w['noon'], *w['midnight']])})"
            rf"(?:\s*-?\s*ish)?\b",
            _noon,
        ),
        (rf"(?:{alternation(w['same_time'])})\b", _same),
        (
            rf"{not_after}(?:(?P<this>{alternation(w['this_daypart'])})\s+)?(?P<part>{parts})"
            rf"(?P<pl>s)?\b",
            _daypart,
        ),
        (rf"\b(?:{alternation(w['tonight'])})\b", _tonight),
    ]
    compiled = tuple((re.compile(rf"(?<![\w]){p}", re.IGNORECASE), h) for p, h in patterns)
    fast = tuple((case_blind(pattern), h) for pattern, h in compiled)
    return _Grammar(_pre_kind(lex), compiled, fast)
