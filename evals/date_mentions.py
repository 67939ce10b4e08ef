"""Does a reply mention a given date, in any form people commonly write one?

Accepted for 2026-03-24 (a Tuesday): "March 24", "Mar 24th", "24 March",
"24th of March", "Tue 24 Mar 2026", "Tuesday, March 24", "24.03.", "24.3.2026",
"24/03", "24/3/26", "2026-03-24", "Tuesday the 24th", "Tue 24th", and the same in
German and Spanish ("Dienstag, 24. März", "Di. 24.3.", "martes 24 de marzo de
2026", "el martes 24"). When a
weekday or a year is written next to the date it must be the right one
("Mon 24 Mar" does not mention Tuesday the 24th), and numbers never match
inside longer numbers ("124.03." is not the 24th). Month-first numeric dates
("3/24") count only when they cannot be read day-first.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_OTHER_MONTHS = (  # German and Spanish names, full (the short forms are their first letters)
    ("januar", "jänner", "enero"),
    ("februar", "febrero"),
    ("märz", "maerz", "mrz", "marzo"),
    ("abril",),
    ("mai", "mayo"),
    ("juni", "junio"),
    ("juli", "julio"),
    ("agosto",),
    ("septiembre", "setiembre"),
    ("oktober", "octubre"),
    ("noviembre",),
    ("dezember", "diciembre"),
)
_OTHER_WEEKDAYS = (
    ("montag", "lunes"),
    ("dienstag", "martes"),
    ("mittwoch", "miércoles", "miercoles"),
    ("donnerstag", "jueves"),
    ("freitag", "viernes"),
    ("samstag", "sonnabend", "sábado", "sabado"),
    ("sonntag", "domingo"),
)
_TWO_LETTER_WEEKDAYS = ("mo", "di", "mi", "do", "fr", "sa", "so")
"""German two-letter weekdays; counted only with their dot ("Di."), since "mi" or "so"
are also everyday words."""
_LETTER = "a-zäöüßáéíóúñ"

_ORD = r"(?:st|nd|rd|th|º|°)?"
_SEP = r"[\s,.]*"
_YEAR = r"(?:[\s,']*(?:de\s+)?(?P<year>\d{4}|'\d{2})\b)?"


def _month_forms(month: int) -> set[str]:
    name = MONTHS[month - 1]
    forms = {name, name[:3], *_OTHER_MONTHS[month - 1]}
    forms.update(f[:3] for f in _OTHER_MONTHS[month - 1])
    return forms | ({"sept", "sep"} if month == 9 else set())


def _month_word(month: int) -> str:
    forms = _month_forms(month)
    return "(?:" + "|".join(sorted(map(re.escape, forms), key=len, reverse=True)) + r")\.?"


_EXTRA_WEEKDAY_FORMS = {1: ("tues",), 2: ("weds",), 3: ("thur", "thurs")}


def _weekday_forms(index: int) -> set[str]:
    name = WEEKDAYS[index]
    forms = {name, name[:3], *_EXTRA_WEEKDAY_FORMS.get(index, ()), *_OTHER_WEEKDAYS[index]}
    forms.update(f[:3] for f in _OTHER_WEEKDAYS[index])
    return forms


def _weekday_word(weekday: int | None = None) -> str:
    """'Tue', 'Tues.', 'Tuesday', 'Dienstag', 'Di.', 'martes' (one weekday, or any)."""
    indexes = range(7) if weekday is None else (weekday,)
    forms = sorted({f for i in indexes for f in _weekday_forms(i)}, key=len, reverse=True)
    dotted = "|".join(_TWO_LETTER_WEEKDAYS[i] for i in indexes)
    return "(?:(?:" + "|".join(map(re.escape, forms)) + r")\.?|(?:" + dotted + r")\.)"


_WEEKDAY_OF = {form: i for i in range(7) for form in _weekday_forms(i)} | {
    form: i for i, form in enumerate(_TWO_LETTER_WEEKDAYS)
}
_ANY_WEEKDAY = re.compile(
    r"(?i)\b(" + _weekday_word() + r")[\s,]*(?:the\s+|den\s+|el\s+)?$"
)


def _patterns(day: date) -> list[re.Pattern[str]]:
    d, m = day.day, day.month
    dd = rf"0?{d}" if d < 10 else str(d)
    mm = rf"0?{m}" if m < 10 else str(m)
    month = _month_word(m)
    found = [
        rf"\b{month}{_SEP}(?:the\s+)?{dd}{_ORD}(?!\d){_YEAR}",  # March 24, Mar 24th, 2026
        rf"(?<![\d.]){dd}{_ORD}(?:\s+(?:of|de))?[\s.-]*{month}(?![{_LETTER}]){_YEAR}",
        # 24 March, 24-Mar, 24. März, 24 de marzo
        rf"(?<![\d.]){dd}\.{mm}\.(?:(?P<year>\d{{4}}|\d{{2}})(?!\d))?",  # 24.03. 24.3.2026
        rf"(?<![\d/]){dd}/{mm}(?:/(?P<year>\d{{4}}|\d{{2}}))?(?![\d/])",  # 24/03 24/3/26
        rf"(?<!\d){day.year}-{m:02d}-{d:02d}(?!\d)",  # 2026-03-24
        # Tuesday the 24th, Tue 24th, Dienstag, den 24., el martes 24 (a month after the
        # number is the forms above)
        rf"\b{_weekday_word(day.weekday())}[\s,]*(?:the\s+|den\s+|el\s+)?{dd}{_ORD}\.?"
        rf"(?![\d/:{_LETTER}])(?!\s*(?:(?:of|de)\s+)?(?:{_all_months()}))",
    ]
    if d > 12:
        found.append(rf"(?<![\d/]){mm}/{dd}(?:/(?P<year>\d{{4}}|\d{{2}}))?(?![\d/])")  # 3/24
    return [re.compile(p, re.IGNORECASE) for p in found]


def _all_months() -> str:
    return "|".join(sorted({f for m in range(1, 13) for f in _month_forms(m)}))


def _year_ok(match: re.Match[str], day: date) -> bool:
    year = match.groupdict().get("year")
    if not year:
        return True
    year = year.lstrip("'")
    return int(year) == (day.year if len(year) == 4 else day.year % 100)


def _weekday_ok(text: str, match: re.Match[str], day: date) -> bool:
    """A weekday written just before the date must be the date's own weekday."""
    before = _ANY_WEEKDAY.search(text[max(0, match.start() - 16) : match.start()])
    if before is None:
        return True
    word = before.group(1).lower().rstrip(".")
    return _WEEKDAY_OF.get(word) == day.weekday()


def mentions(text: str, day: date) -> bool:
    """True when `text` names `day` in one of the accepted forms."""
    for pattern in _patterns(day):
        for match in pattern.finditer(text):
            if _year_ok(match, day) and _weekday_ok(text, match, day):
                return True
    return False


def missing_dates(text: str, days: tuple[date, ...]) -> list[date]:
    return [day for day in days if not mentions(text, day)]
