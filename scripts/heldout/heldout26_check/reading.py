"""The customers' date and time words, read again from the words and the clock:
weekdays in Taglish, German and Spanish, 'KW 12', 'übermorgen', eastern German
'viertel 4' = 15:15, 'primer sábado de abril', dates that do not exist, greetings."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from heldout26_check.model import DAYS, INVALID, Case, hm, need
from heldout26_check.rules import day_starts, last_done, slot_problem, window

# --------------------------------------------------------------------------- reading phrases

WEEKDAYS_BY_LANG = {
    "ph": {"mon": 0, "monday": 0, "tue": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
           "thu": 3, "thursday": 3, "fri": 4, "friday": 4, "sat": 5, "saturday": 5,
           "sabado": 5, "sun": 6, "sunday": 6, "linggo": 6},
    "de": {"montag": 0, "dienstag": 1, "mittwoch": 2, "mittwochs": 2, "donnerstag": 3,
           "freitag": 4, "freitags": 4, "samstag": 5, "sonnabend": 5, "sonnabends": 5,
           "sa": 5, "sonntag": 6},
    "ec": {"lunes": 0, "martes": 1, "miércoles": 2, "jueves": 3, "viernes": 4,
           "sábado": 5, "domingo": 6},
}  # fmt: skip
WEEKDAYS: dict[str, int] = {}  # the case's language, set by read_all
MONTHS = {
    "jan": 1, "january": 1, "enero": 1, "feb": 2, "february": 2, "febrero": 2,
    "mar": 3, "march": 3, "marzo": 3, "apr": 4, "april": 4, "abril": 4,
    "may": 5, "mayo": 5, "jun": 6, "june": 6, "junio": 6, "jul": 7, "july": 7, "julio": 7,
}  # fmt: skip
RELATIVE = {"kahapon": -1, "ayer": -1, "mamaya": 0, "mamayang": 0, "heute": 0, "bukas": 1, "tom": 1,
            "morgen": 1, "mañana": 1, "übermorgen": 2}  # fmt: skip
ORDINALS = {"primer": 1, "primero": 1, "segundo": 2, "tercer": 3, "tercero": 3, "último": -1}
SAXON_HOURS = {"achte": 8, "neune": 9, "zehne": 10, "elfe": 11, "zwölfe": 12, "viere": 4,
               "fünfe": 5, "sechse": 6, "dreie": 3, "zweie": 2}  # fmt: skip


def words(text: str) -> list[str]:
    return re.findall(r"[a-záéíóúñüäöß]+", text.lower())


def weekday_in(text: str) -> int | None:
    found = [WEEKDAYS[w] for w in words(text) if w in WEEKDAYS]  # noqa: F821 (module state)
    if len(set(found)) > 1:
        raise AssertionError(f"two weekdays in {text!r}")
    return found[0] if found else None


def number_in(text: str) -> int:
    numbers = re.findall(r"\d+", text)
    if len(numbers) != 1:
        raise AssertionError(f"expected one number in {text!r}")
    return int(numbers[0])


@dataclass
class Ctx:
    case: Case
    phrase: str
    now: datetime
    values: dict[str, Any]


Resolver = Callable[[Ctx], Any]


def wd_check(day: date | str, text: str) -> date | str:
    wd = weekday_in(text)
    if isinstance(day, date) and wd is not None and day.weekday() != wd:
        return f"weekday mismatch: {day} is not {DAYS[wd]}"
    return day


def coming_weekday(c: Ctx) -> date:
    """'Thursday', 'am sa', 'el jueves': the next such day after today."""
    wd = weekday_in(c.phrase)
    assert wd is not None, c.phrase
    today = c.now.date()
    return today + timedelta(days=(wd - today.weekday() - 1) % 7 + 1)


def next_week_weekday(c: Ctx) -> date:
    """'nächste Woche Dienstag', 'next week Tue': that weekday in the calendar week after
    this one."""
    wd = weekday_in(c.phrase)
    assert wd is not None and any(w in c.phrase.lower() for w in ("nächste woche", "next week"))
    monday = c.now.date() - timedelta(days=c.now.weekday()) + timedelta(days=7)
    return monday + timedelta(days=wd)


def previous_weekday(c: Ctx) -> date:
    """'el sábado pasado': the last such day before today."""
    wd = weekday_in(c.phrase)
    assert wd is not None and "pasado" in c.phrase.lower()
    today = c.now.date()
    return today - timedelta(days=(today.weekday() - wd - 1) % 7 + 1)


def coming_nth(n: int) -> Resolver:
    """'no este sábado ni el otro, sino el siguiente': the n-th coming such day."""

    def resolve(c: Ctx) -> date:
        return coming_weekday(c) + timedelta(days=7 * (n - 1))

    return resolve


def week_number(c: Ctx) -> int:
    """'übernächste Woche': the ISO week two after this one ('nächste Woche': one)."""
    low = c.phrase.lower()
    ahead = 2 if "übernächste woche" in low else 1 if "nächste woche" in low else 0
    return (c.now.date() + timedelta(days=7 * ahead)).isocalendar().week


def relative_day(c: Ctx) -> date:
    found = [RELATIVE[w] for w in words(c.phrase) if w in RELATIVE]
    assert len(found) == 1, c.phrase
    return c.now.date() + timedelta(days=found[0])


def day_of_month(c: Ctx) -> date | str:
    """'sa 18', 'hanggang 13', '17th', 'el viernes 5': the next date with that day."""
    n = number_in(c.phrase)
    day = c.now.date()
    for _ in range(62):
        if day.day == n:
            return wd_check(day, c.phrase)
        day += timedelta(days=1)
    raise AssertionError(c.phrase)


def month_day(c: Ctx) -> date | str:
    """'May 14', 'Feb 30', 'Sat Apr 10', '5 de marzo', 'sábado 31 de abril'."""
    low = c.phrase.lower()
    month = [MONTHS[w] for w in words(low) if w in MONTHS]
    assert len(month) == 1, c.phrase
    day_number = number_in(low)
    year = c.now.year
    try:
        day = date(year, month[0], day_number)
    except ValueError:
        return INVALID
    if day < c.now.date():
        day = date(year + 1, month[0], day_number)
    return wd_check(day, c.phrase)


def calendar_week(c: Ctx) -> date:
    """'KW 12 Montag': ISO week 12 of this year."""
    week = int(re.search(r"KW\s*(\d+)", c.phrase).group(1))  # type: ignore[union-attr]
    wd = weekday_in(c.phrase.split(str(week), 1)[1])
    assert wd is not None
    return date.fromisocalendar(c.now.year, week, wd + 1)


def nth_weekday(c: Ctx) -> date:
    """'el primer sábado de abril'."""
    ws = words(c.phrase)
    n = next(ORDINALS[w] for w in ws if w in ORDINALS)
    wd = weekday_in(c.phrase)
    month = next(MONTHS[w] for w in ws if w in MONTHS)
    day = date(c.now.year, month, 1)
    while day.weekday() != wd:
        day += timedelta(days=1)
    return day + timedelta(days=7 * (n - 1))


def after(ref: str) -> Resolver:
    """'Dienstag drauf', 'Montag drauf', 'el sábado siguiente, el 8': the first such
    weekday after the day the reading `ref` stands for (and its day number, if said)."""

    def resolve(c: Ctx) -> date | str:
        base = c.values[ref]
        wd = weekday_in(c.phrase)
        assert wd is not None and isinstance(base, date)
        day = base + timedelta(days=(wd - base.weekday() - 1) % 7 + 1)
        numbers = re.findall(r"\d+", c.phrase)
        if numbers and int(numbers[0]) != day.day:
            return f"day number {numbers[0]} is not {day}"
        return day

    return resolve


def clock_en(c: Ctx) -> time:
    m = re.search(r"(\d{1,2})(?::(\d\d))?\s*(am|pm)", c.phrase.lower())
    assert m, c.phrase
    h = int(m.group(1)) % 12 + (12 if m.group(3) == "pm" else 0)
    return time(h, int(m.group(2) or 0))


def clock_de(pm: bool) -> Resolver:
    """German (eastern) clock words: 'viertel 4' = 3:15, 'dreiviertel 5' = 4:45,
    'halb 10' = 9:30, 'um achte' = 8:00, '7:30', '18 Uhr', 'um 10', 'bis 2'."""

    def resolve(c: Ctx) -> time:
        low = c.phrase.lower()
        if m := re.search(r"dreiviertel\s*(\d+)", low):
            h, mi = int(m.group(1)) - 1, 45
        elif m := re.search(r"viertel\s*(\d+)", low):
            h, mi = int(m.group(1)) - 1, 15
        elif m := re.search(r"halb\s*(\d+)", low):
            h, mi = int(m.group(1)) - 1, 30
        elif m := re.search(r"(\d{1,2}):(\d\d)", low):
            h, mi = int(m.group(1)), int(m.group(2))
        elif m := re.search(r"(\d{1,2})\s*uhr", low):
            h, mi = int(m.group(1)), 0
        elif m := re.search(r"(?:um|bis)\s*(\d{1,2})\b", low):
            h, mi = int(m.group(1)), 0
        else:
            h = next(SAXON_HOURS[w] for w in words(low) if w in SAXON_HOURS)
            mi = 0
        if pm and h < 12:
            h += 12
        return time(h, mi)

    return resolve


def clock_es(c: Ctx) -> time:
    """'a las 5 de la tarde', '11 y media', 'tipo 8 y media', 'a las 9'."""
    low = c.phrase.lower()
    h = number_in(low)
    mi = 30 if "y media" in low else 15 if "y cuarto" in low else 0
    if "de la tarde" in low and h < 12:
        h += 12
    return time(h, mi)


def same_time_as(service: str, session: int, customer: str | None = None) -> Resolver:
    """'same time', 'gleiche zeit', 'a la misma hora', 'wie immer': the time of that booking."""

    def resolve(c: Ctx) -> time:
        who = customer or c.case.customer
        b = next(
            b for b in c.case.setup if (b.customer, b.service, b.session) == (who, service, session)
        )
        return b.start.time()

    return resolve


def same_as(ref: str) -> Resolver:
    return lambda c: c.values[ref]


def free_starts(service: str, day_ref: str, session: int = 1) -> Resolver:
    """'was habt ihr am sa noch frei': every free start of that day, as 'HH:MM'."""

    def resolve(c: Ctx) -> list[str]:
        svc = c.case.biz.services[service]
        day = c.values[day_ref]
        case = c.case
        starts = day_starts(case.biz, day, svc.dur(session))
        return [
            f"{s:%H:%M}"
            for s in starts
            if slot_problem(case.biz, svc, session, s, c.now, case.setup, case.customer) is None
        ]

    return resolve


def later_of(ref: str) -> Resolver:
    """'den späteren' among exactly two offered times."""

    def resolve(c: Ctx) -> time:
        offered = c.values[ref]
        assert len(offered) == 2, offered
        return hm(max(offered))

    return resolve


def earliest_free(service: str, session: int, day_ref: str) -> Resolver:
    """'a la hora más temprana que tenga ese mismo jueves'."""

    def resolve(c: Ctx) -> time:
        return hm(free_starts(service, day_ref, session)(c)[0])

    return resolve


def window_last(service: str) -> Resolver:
    """'el último día posible': the last day of the sequential window."""

    def resolve(c: Ctx) -> date:
        svc = c.case.biz.services[service]
        return window(svc, last_done(c.case, service))[1]

    return resolve


GREETINGS = [  # (words, from hour, to hour): a greeting is a time phrase too
    (("good morning", "guten morgen", "buenos días", "buenos dias"), 4, 12),
    (("good afternoon", "buenas tardes"), 12, 19),
    (("good eve", "gud eve", "good evening", "guten abend", "nabend", "buenas noches"), 17, 24),
    (("guten tag",), 8, 18),
]


def check_greetings(case: Case) -> None:
    for i, step in enumerate(case.steps, start=1):
        if "user" not in step:
            continue
        low = str(step["user"]).lower()
        for said, lo, hi in GREETINGS:
            if any(re.search(rf"\b{w}\b", low) for w in said):
                h = case.clocks[i - 1].hour
                need(lo <= h < hi, f"step {i} greets {said[0]!r} at {h}:xx")
