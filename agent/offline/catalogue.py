"""The offline model's words in the customer's language: `say(lang, key, ...)` fills
a template of `texts.<lang>.TEXTS` (English when the language or the key is
missing), and the calendar helpers write days and times the way that language does."""

from __future__ import annotations

import re
from datetime import date, datetime
from types import ModuleType
from typing import Any

from bookbot.agent.offline.texts import de, en, es
from bookbot.core.config import Service

LANGUAGES: dict[str, ModuleType] = {"en": en, "de": de, "es": es}
DEFAULT = "en"
_WHEN = re.compile(
    r"[A-Z][a-z]{2} (?P<d>\d{1,2}) (?P<mon>[A-Z][a-z]{2}) (?P<y>\d{4}), (?P<hm>\d{2}:\d{2})"
)
"""The tools' `when` ('Tue 10 Mar 2026, 14:00', tools.views.human)."""


def texts(lang: str | None) -> ModuleType:
    return LANGUAGES.get(lang or DEFAULT, en)


def say(lang: str | None, key: str, **values: Any) -> str:
    """The template `key` in `lang` (else English), filled with `values`."""
    template = texts(lang).TEXTS.get(key) or en.TEXTS[key]
    return str(template).format(**values)


def _parts(lang: str | None, day: date) -> dict[str, Any]:
    words = texts(lang)
    return {
        "wd": words.WEEKDAYS[day.weekday()],
        "weekday": words.WEEKDAYS_LONG[day.weekday()],
        "mon": words.MONTHS[day.month - 1],
        "month": words.MONTHS_LONG[day.month - 1],
        "d": day.day,
        "m": day.month,
        "y": day.year,
    }


def day_text(lang: str | None, value: str | date) -> str:
    """A day as the customer reads it: 'Sat 7 Mar 2026', 'Sa, 7.3.2026', 'sáb 7 mar 2026'."""
    day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return str(texts(lang).DAY_FORMAT).format(**_parts(lang, day))


def day_long(lang: str | None, day: date) -> str:
    """'Saturday 7 March', 'Samstag, 7. März', 'sábado 7 de marzo'."""
    return str(texts(lang).DAY_LONG_FORMAT).format(**_parts(lang, day))


def option_text(lang: str | None, start: str) -> str:
    """An offered start as a row title: 'Wed 18 Mar 16:00', 'Mi, 18.3. 16:00'."""
    moment = datetime.fromisoformat(start)
    values = {**_parts(lang, moment.date()), "hm": f"{moment:%H:%M}"}
    return str(texts(lang).OPTION_FORMAT).format(**values)


def when_text(lang: str | None, session: dict[str, Any]) -> str:
    """A session's start: the tools' English `when`, or written in `lang` from `start`."""
    if (lang or DEFAULT) == DEFAULT:
        return str(session["when"])
    if session.get("start"):
        return at_text(lang, str(session["start"]))
    said = _WHEN.fullmatch(str(session["when"]))  # a plan kept in the state: `when` alone
    if said is None or said["mon"] not in en.MONTHS:
        return str(session["when"])
    day = date(int(said["y"]), en.MONTHS.index(said["mon"]) + 1, int(said["d"]))
    return f"{day_text(lang, day)}, {said['hm']}"


def at_text(lang: str | None, start: str) -> str:
    """A local start 'YYYY-MM-DDTHH:MM' as '<day>, HH:MM' in `lang`."""
    return f"{day_text(lang, start[:10])}, {start[11:16]}"


def count_text(lang: str | None, service: Service, n: int) -> str:
    """'3 sessions', '1 Stunde', '2 clases'."""
    return f"{n} {unit(lang, service, many=n != 1)}"


def unit(lang: str | None, service: Service, *, many: bool = False) -> str:
    """What one session of `service` is called: 'lesson' / 'session' and translations."""
    words = f"{service.name} {' '.join(service.trigger_words)}".lower()
    kind = "lesson" if "lesson" in words else "session"
    return say(lang, f"unit.{kind}{'s' if many else ''}")
