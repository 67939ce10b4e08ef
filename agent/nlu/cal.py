"""Date arithmetic for the parsers: next occurrences, week ranges, and why a date is not real.

Weeks start on Monday. Nothing here reads the clock: `today` is passed in.
Functions that can meet a date that does not exist return a `str` reason
("February has no 30th") instead of a date, so the bot can say so.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from bookbot.agent.nlu.lexicon import Lexicon


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def add_months(day: date, months: int) -> date:
    """Same day `months` later, clamped to the month's end (Jan 31 + 1 -> Feb 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, days_in_month(year, month + 1)))


def no_such_day(lex: Lexicon, month: int, day: int, year: int | None = None) -> str:
    name = lex.month_names[month - 1]
    if month == 2 and day == 29 and year is not None:
        return lex.sentence("no_such_day_year", month=name, year=year, n=day, nth=lex.ordinal(day))
    return lex.sentence("no_such_day", month=name, n=day, nth=lex.ordinal(day))


def exact_date(lex: Lexicon, year: int, month: int, day: int) -> date | str:
    """A date from explicit parts, or the reason it does not exist."""
    if not 1 <= month <= 12:
        return lex.sentence("no_such_month", month=month)
    if day < 1 or day > 31:
        return lex.sentence("no_day_of_month", day=day)
    if day > days_in_month(year, month):
        return no_such_day(lex, month, day, year)
    return date(year, month, day)


def next_month_day(lex: Lexicon, today: date, month: int, day: int) -> date | str:
    """The first `month`/`day` on or after today (this year, else next year)."""
    if not 1 <= month <= 12:
        return lex.sentence("no_such_month", month=month)
    if not 1 <= day <= 31:
        return lex.sentence("no_day_of_month", day=day)
    if day > days_in_month(2000, month):  # 2000 is a leap year: never exists
        return no_such_day(lex, month, day)
    year = today.year + 1 if (month, day) < (today.month, today.day) else today.year
    if day > days_in_month(year, month):
        return no_such_day(lex, month, day, year)
    return date(year, month, day)


def next_day_of_month(lex: Lexicon, today: date, day: int) -> date | str:
    """ "the 24th": this month if still ahead (today counts), else next month."""
    if not 1 <= day <= 31:
        return lex.sentence("no_day_of_month", day=day)
    year, month = today.year, today.month
    if day < today.day:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if day > days_in_month(year, month):
        return no_such_day(lex, month, day, year if month == 2 and day == 29 else None)
    return date(year, month, day)


def upcoming(today: date, weekday: int, *, include_today: bool = False) -> date:
    """The next `weekday` (0 = Monday): tomorrow at the earliest unless `include_today`."""
    ahead = (weekday - today.weekday()) % 7
    if ahead == 0 and not include_today:
        ahead = 7
    return today + timedelta(days=ahead)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def in_week(today: date, weeks_ahead: int, weekday: int) -> date:
    """`weekday` of the calendar week `weeks_ahead` after this one (0 = this week)."""
    return week_start(today) + timedelta(days=7 * weeks_ahead + weekday)


def this_weekday(today: date, weekday: int) -> date:
    """ "this Friday": this week's if not past (today counts), else the next one."""
    found = in_week(today, 0, weekday)
    return found if found >= today else upcoming(today, weekday)


def weekend(today: date, weeks_ahead: int = 0) -> tuple[date, date]:
    """The coming weekend (today if it is one), or the one `weeks_ahead` calendar weeks on."""
    if weeks_ahead == 0:
        saturday = today if today.weekday() >= 5 else upcoming(today, 5)
        if today.weekday() == 6:
            return today, today
        return saturday, saturday + timedelta(days=1)
    saturday = in_week(today, weeks_ahead, 5)
    return saturday, saturday + timedelta(days=1)


def month_range(
    today: date, month: int, part: str | None = None, year: int | None = None
) -> tuple[date, date]:
    """A month (or its early / mid / late part) that has not ended yet, never before today."""
    parts = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
    first, last = parts.get(part or "", (1, 31))
    years = (year,) if year is not None else (today.year, today.year + 1)
    for y in years:
        start = date(y, month, first)
        end = date(y, month, min(last, days_in_month(y, month)))
        if end >= today or year is not None:
            return max(start, today) if year is None else start, end
    y = today.year + 1  # pragma: no cover
    return date(y, month, first), date(y, month, min(last, days_in_month(y, month)))


def week_of_month(today: date, month: int, which: int) -> tuple[date, date]:
    """ "the first week of April" as days 1-7 (which = 1..4), or the last 7 days (which = -1)."""
    for year in (today.year, today.year + 1):
        size = days_in_month(year, month)
        if which == -1:
            start, end = date(year, month, size - 6), date(year, month, size)
        else:
            start = date(year, month, 7 * (which - 1) + 1)
            end = date(year, month, min(7 * which, size))
        if end >= today:
            return start, end
    return start, end  # pragma: no cover


def easter(year: int) -> date:
    """Easter Sunday of `year` in the Gregorian calendar (the anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    f = h + m - 7 * ((a + 11 * h + 22 * m) // 451) + 114
    return date(year, f // 31, f % 31 + 1)


def nth_weekday(year: int, month: int, n: int, weekday: int) -> date:
    """The `n`th `weekday` (0 = Monday) of the month; n = -1 is the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year, month, days_in_month(year, month))
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def moving_holiday(rule: str, year: int) -> date:
    """The day of a holiday that moves from year to year, by its rule: "easter+1"
    (Easter Monday), "easter-2" (Good Friday), "01/3/0" (the third Monday of January),
    "05/-1/0" (the last Monday of May)."""
    if rule.startswith("easter"):
        return easter(year) + timedelta(days=int(rule[6:] or 0))
    month, n, weekday = (int(part) for part in rule.split("/"))
    return nth_weekday(year, month, n, weekday)
