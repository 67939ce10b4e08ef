"""The date patterns, most specific first, each with the handler that resolves it.

`find_dates` (dates.py) runs them in order; a later pattern never takes text an
earlier one matched, so "next week Tuesday" is one date, not a week and a Tuesday.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, timedelta
from functools import lru_cache

from bookbot.agent.nlu import cal
from bookbot.agent.nlu.date_hits import Ctx, DateHit, amount, between, checked, offset, on
from bookbot.agent.nlu.dates_parts import month_part, part_of, week_part
from bookbot.agent.nlu.lexicon import Lexicon, alternation, lexicon
from bookbot.agent.nlu.times import find_times

Handler = Callable[[re.Match[str], Ctx], DateHit | None]
_WORD_AFTER = re.compile(r"\s*([a-z']+|[^\sa-z])?")
_WORD_BEFORE = re.compile(r"([a-z']+)\W*$")


@dataclass(frozen=True, slots=True)
class Grammar:
    lex: Lexicon
    patterns: tuple[tuple[re.Pattern[str], Handler], ...]


def _norm(phrase: str | None) -> str:
    return " ".join((phrase or "").split())


def _weekday(ctx: Ctx, match: re.Match[str], group: str = "wd") -> int | None:
    word = match.groupdict().get(group)
    return None if word is None else ctx.lex.weekdays[word.rstrip(".")]


def _month(ctx: Ctx, match: re.Match[str]) -> int:
    return ctx.lex.months[match.group("mon").rstrip(".")]


@lru_cache(maxsize=8)
def _unit_after(code: str) -> re.Pattern[str]:
    """A unit after "2.5" or "3/4" makes it a quantity, not a date."""
    return re.compile(rf"\s*(?:{lexicon(code).regex('not_date_unit')})\b")


def _word_after(ctx: Ctx, end: int) -> str | None:
    found = _WORD_AFTER.match(ctx.text, end)
    return found.group(1) if found else None


def _risky_ok(ctx: Ctx, match: re.Match[str], word: str) -> bool:
    """ "sat" or "may" count only next to other date words ("on sat", "sun 10am")."""
    if word.rstrip(".") not in ctx.lex.risky:
        return True
    before = _WORD_BEFORE.search(ctx.text, 0, match.start())
    if before and before.group(1) in ctx.lex.words["risky_before"]:
        return True
    after = _word_after(ctx, match.end())
    return (
        after is None
        or after in ",?!/&"
        or after.isdigit()
        or after[0].isdigit()
        or (after in ctx.lex.words["date_followers"])
    )


def _names_session(ctx: Ctx, match: re.Match[str]) -> bool:
    """ "my wed lesson", "the sat one": a short weekday between an owner word (or the
    start of the message) and a session noun names the session on that day."""
    before = _WORD_BEFORE.search(ctx.text, 0, match.start())
    if before is not None and before.group(1) not in ctx.lex.words["owners"]:
        return False
    return _word_after(ctx, match.end()) in (
        *ctx.lex.words["session_nouns"],
        *ctx.lex.words["ref_nouns"],
    )


def _follows_ok(ctx: Ctx, end: int) -> bool:
    after = _word_after(ctx, end)
    if after is None or not after[0].isalpha():
        return True
    return after in ctx.lex.words["date_followers"] and after not in ctx.lex.words["not_date_nouns"]


# --- handlers ----------------------------------------------------------------


def _iso(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    return checked(ctx, cal.exact_date(ctx.lex, int(m["y"]), int(m["m"]), int(m["d"])), None)


def _named(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    if not m.group("suf") and not m.group("y") and not _risky_ok(ctx, m, m.group("mon")):
        return None
    month, day = _month(ctx, m), int(m["d"])
    if m.group("y"):
        found = cal.exact_date(ctx.lex, int(m["y"]), month, day)
    else:
        found = cal.next_month_day(ctx.lex, ctx.today, month, day)
    return checked(ctx, found, _weekday(ctx, m))


def _of_month(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    first = ctx.today.replace(day=1)
    month = cal.add_months(first, 1) if _norm(m["rel"]) in ctx.lex.words["next"] else first
    return checked(ctx, cal.exact_date(ctx.lex, month.year, month.month, int(m["d"])), None)


def _numeric(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    a, b, sep, year = int(m["a"]), int(m["b"]), m.groupdict().get("s") or "-", m["y"]
    if a == 0 or b == 0 or _unit_after(ctx.lex.code).match(ctx.text, m.end()):
        return None
    if sep == "-" and not year and not _dashed_day(ctx, m):
        return None
    if sep == "." and not year and not m.groupdict().get("dot"):
        before = _WORD_BEFORE.search(ctx.text, 0, m.start())
        pre = {p for k in ("at", "around", "after", "before") for p in ctx.lex.words[k]}
        if b > 12 or (before and before.group(1) in pre):
            return None
    if sep == "." and b > 12 and not year:
        return None
    day, month = (a, b) if ctx.day_first else (b, a)
    if month > 12 and day <= 12:
        day, month = month, day
    weekday = _weekday(ctx, m)  # "Mo 13.4.", "Tue 14/04"
    if year:
        full = int(year) + (2000 if len(year) == 2 else 0)
        return checked(ctx, cal.exact_date(ctx.lex, full, month, day), weekday)
    found = cal.next_month_day(ctx.lex, ctx.today, month, day)
    return checked(ctx, _nearer_reading(ctx, found, month, day), weekday)


def _nearer_reading(ctx: Ctx, found: date | str, month: int, day: int) -> date | str:
    """An ambiguous "2/5" whose usual reading has passed this year (February 5 said in
    April) is the other one when that is coming soon (May 2, within about three
    months): nobody books ten months out by a bare day and month."""
    if not isinstance(found, date) or found.year == ctx.today.year or day > 12:
        return found
    other = cal.next_month_day(ctx.lex, ctx.today, day, month)
    soon = isinstance(other, date) and (other - ctx.today).days <= _SOON_DAYS
    return other if soon else found


_SOON_DAYS = 92


def _dashed_day(ctx: Ctx, m: re.Match[str]) -> bool:
    """ "15-04" or "04-15" is a date; "2-4" and "10-12" are more likely hours or counts.
    A dash date needs a zero-padded part or a part no hour reaches (24-31), and no
    range word before it ("between 9-14")."""
    parts = (m["a"], m["b"])
    padded = any(len(p) == 2 and p.startswith("0") for p in parts)
    if not (padded or any(24 <= int(p) <= 31 for p in parts)):
        return False
    before = _WORD_BEFORE.search(ctx.text, 0, m.start())
    return not (before and before.group(1) in ctx.lex.words["between"])


def _week_of(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    which = {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4}.get(m["n"], -1)  # the parsers' own digits
    return between(*cal.week_of_month(ctx.today, _month(ctx, m), which))


def _holiday(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    """The next day the named holiday falls on (today included)."""
    said = " ".join(m["h"].split())
    for entry in ctx.lex.words.get("fixed_holidays", ()):
        if entry[6:] == said:
            month, day = int(entry[:2]), int(entry[3:5])
            found = date(ctx.today.year, month, day)
            return on(found if found >= ctx.today else date(ctx.today.year + 1, month, day))
    for entry in ctx.lex.words.get("moving_holidays", ()):
        rule, name = entry.split(" ", 1)
        if name == said:
            found = cal.moving_holiday(rule, ctx.today.year)
            return on(found if found >= ctx.today else cal.moving_holiday(rule, ctx.today.year + 1))
    return None


def _fixed(days: int) -> Handler:
    def handler(m: re.Match[str], ctx: Ctx) -> DateHit | None:
        return on(ctx.today + timedelta(days=days))

    return handler


def _from_base(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    """ "a week from Monday", "3 days after tomorrow", "a week on Tuesday", "2 weeks today"."""
    word = _norm(m["base"])
    wd = ctx.lex.weekdays.get(word.rstrip("."))
    if wd is not None:
        return _later(m, ctx, cal.upcoming(ctx.today, wd))
    if word in ctx.lex.words["tomorrow"]:
        return _later(m, ctx, ctx.today + timedelta(days=1))
    return _later(m, ctx, ctx.today)


def _weekday_week(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    """ "Tuesday week": a week after the coming Tuesday."""
    wd = _weekday(ctx, m)
    assert wd is not None
    return on(cal.upcoming(ctx.today, wd) + timedelta(days=7))


def _weekday_in_weeks(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    """ "Mittwoch in zwei Wochen": Wednesday of the calendar week two weeks ahead."""
    wd = _weekday(ctx, m)
    if wd is None or ctx.lex.units[m["unit"]] != "week":
        return None
    return on(cal.in_week(ctx.today, amount(m, ctx), wd))


def _relative(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    """ "in 2 weeks", "within 3 days", "2 hours from now"; not "in a minute" (soon: "I'm
    flying out in a minute"), which no booking is made for."""
    article = (m.groupdict().get("q") or "").strip() in ctx.lex.words["a"]
    if ctx.lex.units[m["unit"]] == "minute" and article:
        return None
    return _later(m, ctx, ctx.today)


def _later(m: re.Match[str], ctx: Ctx, base: date) -> DateHit | None:
    unit, count = ctx.lex.units[m["unit"]], amount(m, ctx)
    if unit in ("hour", "minute"):
        if ctx.now is None:
            return on(ctx.today)
        step = timedelta(hours=count) if unit == "hour" else timedelta(minutes=count)
        later = (ctx.now.astimezone(UTC) + step).astimezone(ctx.now.tzinfo)  # real hours
        return replace(on(later.date()), time=later.time().replace(second=0, microsecond=0))
    target = offset(base, count, unit)
    if m.groupdict().get("range"):
        return between(ctx.today, target)
    return on(target)


def _in_week(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    wd = _weekday(ctx, m)
    assert wd is not None
    rel = _norm(m.groupdict().get("rel"))
    if m.groupdict().get("after_next"):
        return on(cal.in_week(ctx.today, 2, wd))
    if rel in ctx.lex.words["next"]:
        return on(cal.in_week(ctx.today, 1, wd))
    if rel in ctx.lex.words["this_only"]:
        return on(cal.this_weekday(ctx.today, wd))
    return on(cal.upcoming(ctx.today, wd))  # "coming", "upcoming", "this coming"


def _weekday_day(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    """ "Wednesday the 24th", "Mittwoch, den 18.", and a bare day number after a
    weekday ("wed 18 at 4", "sáb 21"): the next date that is both, within the next two
    such days of the month; else the nearest, flagged as not that weekday."""
    wd, day = _weekday(ctx, m), int(m["d"])
    if m["suf"] or m["the"] or m["dot"]:
        return checked(ctx, cal.next_day_of_month(ctx.lex, ctx.today, day), wd)
    if _word_after(ctx, m.end()) in ctx.lex.words["count_nouns"]:
        return None  # "Friday 3 sessions"
    found = checked(ctx, _matching_day(ctx, day, wd), wd)
    if found.invalid and day <= 12 and not _time_follows(ctx, m.end()):
        return None  # "fri 9" with no Friday the 9th near: perhaps 9 o'clock; the day stays
    return found


def _time_follows(ctx: Ctx, end: int) -> bool:
    rest = ctx.text[end:]
    hits = find_times(rest, ctx.lex.code)
    return bool(hits) and not rest[: hits[0].start].strip(" ,")


_DAYS_AHEAD = 2
"""How many coming occurrences of a day of the month a weekday may pick from."""


def _matching_day(ctx: Ctx, day: int, weekday: int | None) -> date | str:
    found = cal.next_day_of_month(ctx.lex, ctx.today, day)
    probe = found
    for _ in range(_DAYS_AHEAD):
        if isinstance(probe, str) or probe.weekday() == weekday:
            return probe if isinstance(probe, date) else found
        probe = cal.next_day_of_month(ctx.lex, probe + timedelta(days=1), day)
    return found


def _week_range(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    rel = _norm(m.groupdict().get("rel"))
    if m.groupdict().get("after_next"):
        start = cal.in_week(ctx.today, 2, 0)
        return between(start, start + timedelta(days=6), week=True)
    if rel in ctx.lex.words["next"]:
        start = cal.in_week(ctx.today, 1, 0)
        return between(start, start + timedelta(days=6), week=True)
    return between(ctx.today, cal.in_week(ctx.today, 0, 6), week=True)


def _weekend(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    ahead = 1 if _norm(m.groupdict().get("rel")) in ctx.lex.words["next"] else 0
    return replace(between(*cal.weekend(ctx.today, ahead)), weekdays=frozenset({5, 6}))


def _month_rel(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    first = ctx.today.replace(day=1)
    if _norm(m["rel"]) in ctx.lex.words["next"]:
        start = cal.add_months(first, 1)
        return between(start, start.replace(day=cal.days_in_month(start.year, start.month)))
    return between(ctx.today, first.replace(day=cal.days_in_month(first.year, first.month)))


def _plural(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    word = m.group("pl")
    wd = ctx.lex.weekday_plurals.get(word)
    if wd is None:
        wd = _weekday(ctx, m, "wd")
    if wd is None:  # pragma: no cover
        return None
    if _word_after(ctx, m.end()) in (*ctx.lex.words["session_nouns"], *ctx.lex.words["ref_nouns"]):
        day = on(cal.upcoming(ctx.today, wd))  # "wednesdays lesson": one day's session
        return replace(day, session_ref=True)
    return on(cal.upcoming(ctx.today, wd), recurring=True)


def _previous(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    """ "last monday": the one before today (a week ago when today is a Monday)."""
    wd = _weekday(ctx, m)
    assert wd is not None
    return on(ctx.today - timedelta(days=(ctx.today.weekday() - wd) % 7 or 7))


def _set(days: frozenset[int]) -> Handler:
    def handler(m: re.Match[str], ctx: Ctx) -> DateHit | None:
        first = min(cal.upcoming(ctx.today, d) for d in days)
        return DateHit(0, 0, first, weekdays=days, recurring=True)

    return handler


def _bare_weekday(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    if not (_risky_ok(ctx, m, m["wd"]) or _names_session(ctx, m)):
        return None
    wd = _weekday(ctx, m)
    assert wd is not None
    return replace(on(cal.upcoming(ctx.today, wd)), floating=True)


def _ordinal_day(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    before = ctx.text[: m.start()].strip(" ,.!?-:")
    after = ctx.text[m.end() :].lstrip()[:1]
    # "21st 11am", and "ok then 21st 11am": opening the message, or after words that
    # only lead into it
    words = before.split()  # none when only blanks stand before it ("\r21st")
    lead = words[-1] if words else ""
    # a sentence of its own: "weekdays office. 10th, 17th, 24th feb"
    sentence = bool(m["suf"]) and ctx.text[: m.start()].rstrip()[-1:] in (".", "!", "?", "\n")
    opens = not words or sentence or (bool(m["suf"]) and lead in ctx.lex.words.get("day_lead", ()))
    # "10th, 17th, 24th feb": a list of days opens the message (not "1st, we ...")
    starts_list = bool(m["suf"]) and _LIST_AFTER.match(ctx.text, m.end()) is not None
    at_start = opens and (after not in (",", ":", ";") or starts_list)
    listed = bool(m["suf"]) and _listed_day(ctx.lex.code).search(ctx.text, 0, m.start()) is not None
    w = ctx.lex.words
    dotted = bool(m["dot"]) and bool(w.get("day_dot"))
    # "am 18." is a day whatever word follows ("am 18. absagen", "am 15. am halb 8")
    nouns = (*w["session_nouns"], *w["ref_nouns"])
    own = dotted and bool(m["pre"]) and _word_after(ctx, m.end()) not in nouns  # not "3. Termin"
    sessions = bool(m["suf"]) and _names_sessions(ctx, m.end())
    follows = own or (_follows_ok(ctx, m.end()) and not sessions)
    if not (m["pre"] or at_start or listed) or not follows:
        return None
    pre = _norm(m["pre"]).split()
    if pre and pre[-1] in w.get("not_day_article", ()):
        return None  # "nehm die erste", "me quedo con la segunda": a day is no "die"/"la"
    article = bool(pre) and (len(pre) > 1 or pre[0] in w.get("day_article", ()))
    if not (m["suf"] or dotted or (article and pre[-1] in w["the"])):
        return None
    return checked(ctx, cal.next_day_of_month(ctx.lex, ctx.today, int(m["d"])), None)


_LIST_AFTER = re.compile(r"\s*,\s*\d{1,2}(?:st|nd|rd|th)\b")


def _names_sessions(ctx: Ctx, end: int) -> bool:
    """The ordinal ending at `end` opens a list of ordinals that ends in the word for a
    session, maybe after a service's word: "the 2nd and 3rd cleaning sittings" are
    sessions, not days."""
    listed = _ordinal_listed(ctx.lex.code)
    last = end
    while (found := listed.match(ctx.text, last)) is not None:
        last = found.end()
    if last == end:
        return False
    nouns = ctx.lex.words["session_nouns"]
    words = re.findall(r"[^\W\d_]+", ctx.text[last : last + 40])[:3]
    return any(w in nouns or w.rstrip("s") in nouns for w in words)


@lru_cache(maxsize=8)
def _ordinal_listed(code: str) -> re.Pattern[str]:
    """ ", 3rd", " and the 3rd": one more ordinal of a list, right after one."""
    seps = alternation(lexicon(code).words["list_sep"])
    return re.compile(rf"(?:\s*,\s*|\s+(?:{seps})\s+)(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)\b")


@lru_cache(maxsize=8)
def _listed_day(code: str) -> re.Pattern[str]:
    """ "the 20th or 21st": an ordinal day right after another one and a list word."""
    seps = alternation(lexicon(code).words["list_sep"])
    return re.compile(rf"\d(?:st|nd|rd|th)\s*(?:,\s*)?(?:(?:{seps})\s+|,\s*)$")


def _month_only(m: re.Match[str], ctx: Ctx) -> DateHit | None:
    pre = _norm(m.groupdict().get("pre"))
    rel = _norm(m.groupdict().get("rel"))
    year = int(m["y"]) if m.groupdict().get("y") else None
    month = _month(ctx, m)
    if rel in ctx.lex.words["next"] and month <= ctx.today.month:
        year = ctx.today.year + 1
    return between(*cal.month_range(ctx.today, month, part_of(ctx, pre), year))


@lru_cache(maxsize=8)
def grammar(code: str) -> Grammar:
    from bookbot.agent.nlu import dates_relative as rel
    from bookbot.agent.nlu.dates_patterns import build

    lex = lexicon(code)
    handlers: dict[str, Handler] = {
        "iso": _iso, "named": _named, "of_month": _of_month, "numeric": _numeric,
        "week_of": _week_of, "day_after_tomorrow": _fixed(2), "from_base": _from_base,
        "week_today": _fixed(7), "weekday_in_weeks": _weekday_in_weeks,
        "relative": _relative, "in_week": _in_week, "weekday_day": _weekday_day,
        "weekday_week": _weekday_week, "week_part": week_part, "month_part": month_part,
        "week_range": _week_range, "weekend": _weekend, "month_rel": _month_rel,
        "today": _fixed(0), "tomorrow": _fixed(1), "yesterday": _fixed(-1), "holiday": _holiday,
        "day_before_yesterday": _fixed(-2), "previous": _previous, "plural": _plural,
        "weekday_set": _set(frozenset(range(5))), "weekend_set": _set(frozenset({5, 6})),
        "weekday": _bare_weekday, "ordinal_day": _ordinal_day, "month_only": _month_only,
        "later": rel.later, "earlier": rel.earlier, "weekday_after": rel.weekday_after,
        "day_after": rel.day_after, "same_day": rel.same_day,
    }  # fmt: skip
    patterns = tuple((re.compile(regex), handlers[name]) for name, regex in build(lex))
    return Grammar(lex, patterns)
