"""Every sentence of the proactive messages, in one place, per language.

To change a wording, edit `TEXTS`; to translate, add a language with the same
keys (a test checks that every language has every key and the same fields).
Texts are `str.format` templates. Outside WhatsApp's 24-hour window a message
goes out as an approved template: `TEMPLATES` names it per text id and lists
which fields fill its body's {{1}}, {{2}}, ... in order (every such field is
never empty). The policy in `notifications.py` decides what is due; this module
only words it.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

DEFAULT_LANGUAGE = "en"

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        # building blocks
        "unit.session": "Session",
        "unit.lesson": "Lesson",
        "count.session.one": "1 session",
        "count.session.many": "{n} sessions",
        "count.lesson.one": "1 lesson",
        "count.lesson.many": "{n} lessons",
        "units.session": "sessions",
        "units.lesson": "lessons",
        "count.day.one": "1 day",
        "count.day.many": "{n} days",
        "label": "{unit} {number} of {total}",
        "label.named": "{unit} {number} of {total} ({name})",
        "date": "{weekday} {day} {month} {year}",
        "time": "{hour:02d}:{minute:02d}",
        "weekdays": "Mon Tue Wed Thu Fri Sat Sun",
        "months": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
        "when.today": "today, {day}",
        "when.tomorrow": "tomorrow, {day}",
        "when.later": "on {day}",
        "in.today": "today",
        "in.tomorrow": "tomorrow",
        "in.days": "in {days}",
        "advice.range": (
            "We recommend {suggested} (any open day from {earliest} to {latest} works)."
        ),
        "advice.open": "We recommend {suggested} (any open day from {earliest} works).",
        "advice.any": "Just reply with a day and time that suit you.",
        "advice.passed": (
            "The recommended window ended on {latest}; reply and we'll find the next possible time."
        ),
        "advice.closed": (
            "We're closed on the remaining days of the recommended window (until {latest}); "
            "reply and we'll find the next possible time."
        ),
        # `package`: the service named as a package, unless its name already says so
        "package.plain": "{service} package",
        "package.named": "{service}",
        "package.words": (
            "package pack plan course program programme bundle membership subscription "
            "series treatment"
        ),
        "deadline.until": "Any open day until {latest} still works.",
        "deadline.open": "Just reply with a day and time that suit you.",
        "deadline.passed": (
            "The recommended window ended on {latest}; reply and we'll find the next possible time."
        ),
        "deadline.closed": (
            "We're closed on the remaining days of the recommended window (until {latest}); "
            "reply and we'll find the next possible time."
        ),
        # messages
        "reminder": (
            "⏰ Reminder: {label} of your {service} is {when} at {time}. "
            "Reply here if you need to change it."
        ),
        "reminder.single": (
            "⏰ Reminder: your {service} is {when} at {time}. Reply here if you need to change it."
        ),
        "outreach": "📅 Ready to book {next_label}? {advice}",
        "outreach.no_show": (
            "We missed you at {missed_label} on {day}. Would you like to book it again? {advice}"
        ),
        "overdue": (
            "It's been {days} since {last_label}. Book {next_label} soon for best results! "
            "{deadline}"
        ),
        "check_in": (
            "👋 You have {remaining} remaining in your {package}. Would you like to schedule more?"
        ),
        "expiry": (
            "⏳ Your {package} expires {expires_in} ({day}). {remaining} still available! "
            "Would you like to book them?"
        ),
        "progress": "✅ {label} complete – {completed} of {total} done, {remaining} to go.",
        "halfway": (
            "🎉 Milestone! You're halfway through – {completed} of {total} {units} complete, "
            "{remaining} to go."
        ),
        "one_to_go": ("Almost there! {completed} of {total} {units} complete. Just 1 more to go!"),
        "all_done": (
            "🏆 Congratulations! You've completed all {total} {units} of your {service}!\n\n"
            "How are you feeling? Would you like to:\n"
            "- Book a follow-up evaluation?\n"
            "- Purchase another package?\n"
            "- Share feedback on your experience?"
        ),
    },
    "de": {
        # building blocks
        "unit.session": "Termin",
        "unit.lesson": "Lektion",
        "count.session.one": "1 Termin",
        "count.session.many": "{n} Termine",
        "count.lesson.one": "1 Lektion",
        "count.lesson.many": "{n} Lektionen",
        "units.session": "Terminen",
        "units.lesson": "Lektionen",
        "count.day.one": "1 Tag",
        "count.day.many": "{n} Tagen",
        "label": "{unit} {number} von {total}",
        "label.named": "{unit} {number} von {total} ({name})",
        "date": "{weekday}, {day}. {month} {year}",
        "time": "{hour:02d}:{minute:02d}",
        "weekdays": "Mo Di Mi Do Fr Sa So",
        "months": "Jan. Feb. März Apr. Mai Juni Juli Aug. Sep. Okt. Nov. Dez.",
        "when.today": "heute, {day}",
        "when.tomorrow": "morgen, {day}",
        "when.later": "am {day}",
        "in.today": "heute",
        "in.tomorrow": "morgen",
        "in.days": "in {days}",
        "advice.range": (
            "Wir empfehlen {suggested} (jeder offene Tag von {earliest} bis {latest} passt)."
        ),
        "advice.open": "Wir empfehlen {suggested} (jeder offene Tag ab {earliest} passt).",
        "advice.any": "Antworten Sie einfach mit einem Tag und einer Uhrzeit, die Ihnen passen.",
        "advice.passed": (
            "Der empfohlene Zeitraum endete am {latest}; antworten Sie, und wir finden den "
            "nächstmöglichen Termin."
        ),
        "advice.closed": (
            "An den übrigen Tagen des empfohlenen Zeitraums (bis {latest}) haben wir geschlossen; "
            "antworten Sie, und wir finden den nächstmöglichen Termin."
        ),
        "package.plain": "Paket {service}",
        "package.named": "{service}",
        "package.words": (
            "package paket pack plan kurs programm abo abonnement serie behandlung "
            "behandlungsplan mitgliedschaft"
        ),
        "deadline.until": "Jeder offene Tag bis {latest} ist noch möglich.",
        "deadline.open": "Antworten Sie einfach mit einem Tag und einer Uhrzeit, die Ihnen passen.",
        "deadline.passed": (
            "Der empfohlene Zeitraum endete am {latest}; antworten Sie, und wir finden den "
            "nächstmöglichen Termin."
        ),
        "deadline.closed": (
            "An den übrigen Tagen des empfohlenen Zeitraums (bis {latest}) haben wir geschlossen; "
            "antworten Sie, und wir finden den nächstmöglichen Termin."
        ),
        # messages
        "reminder": (
            "⏰ Erinnerung: {label} Ihrer Behandlung {service} ist {when} um {time}. "
            "Antworten Sie hier, wenn Sie etwas ändern möchten."
        ),
        "reminder.single": (
            "⏰ Erinnerung: Ihr Termin {service} ist {when} um {time}. "
            "Antworten Sie hier, wenn Sie etwas ändern möchten."
        ),
        "outreach": "📅 Möchten Sie {next_label} buchen? {advice}",
        "outreach.no_show": (
            "Wir haben Sie am {day} zu {missed_label} vermisst. Möchten Sie ihn neu buchen? "
            "{advice}"
        ),
        "overdue": (
            "Seit {last_label} sind {days} vergangen. Buchen Sie {next_label} bald, damit die "
            "Behandlung gut wirkt! {deadline}"
        ),
        "check_in": (
            "👋 Sie haben noch {remaining} in Ihrem {package}. Möchten Sie weitere planen?"
        ),
        "expiry": (
            "⏳ Ihr {package} läuft {expires_in} ab ({day}). Noch {remaining} verfügbar! "
            "Möchten Sie sie buchen?"
        ),
        "progress": "✅ {label} erledigt – {completed} von {total} geschafft, noch {remaining}.",
        "halfway": (
            "🎉 Halbzeit! {completed} von {total} {units} sind geschafft, noch {remaining}."
        ),
        "one_to_go": "Fast geschafft! {completed} von {total} {units} erledigt. Nur noch 1!",
        "all_done": (
            "🏆 Herzlichen Glückwunsch! Sie haben alle {total} {units} Ihrer Behandlung "
            "{service} abgeschlossen!\n\n"
            "Wie geht es Ihnen? Möchten Sie:\n"
            "- eine Nachkontrolle buchen?\n"
            "- ein weiteres Paket kaufen?\n"
            "- uns eine Rückmeldung geben?"
        ),
    },
    "es": {
        # building blocks
        "unit.session": "Sesión",
        "unit.lesson": "Clase",
        "count.session.one": "1 sesión",
        "count.session.many": "{n} sesiones",
        "count.lesson.one": "1 clase",
        "count.lesson.many": "{n} clases",
        "units.session": "sesiones",
        "units.lesson": "clases",
        "count.day.one": "1 día",
        "count.day.many": "{n} días",
        "label": "{unit} {number} de {total}",
        "label.named": "{unit} {number} de {total} ({name})",
        "date": "{weekday} {day} {month} {year}",
        "time": "{hour:02d}:{minute:02d}",
        "weekdays": "lun mar mié jue vie sáb dom",
        "months": "ene feb mar abr may jun jul ago sep oct nov dic",
        "when.today": "hoy, {day}",
        "when.tomorrow": "mañana, {day}",
        "when.later": "el {day}",
        "in.today": "hoy",
        "in.tomorrow": "mañana",
        "in.days": "en {days}",
        "advice.range": (
            "Le recomendamos el {suggested} (vale cualquier día abierto del {earliest} "
            "al {latest})."
        ),
        "advice.open": (
            "Le recomendamos el {suggested} (vale cualquier día abierto a partir del {earliest})."
        ),
        "advice.any": "Responda con el día y la hora que le vengan bien.",
        "advice.passed": (
            "El periodo recomendado terminó el {latest}; responda y buscaremos el próximo "
            "hueco posible."
        ),
        "advice.closed": (
            "Estamos cerrados los días que quedan del periodo recomendado (hasta el {latest}); "
            "responda y buscaremos el próximo hueco posible."
        ),
        "package.plain": "bono de {service}",
        "package.named": "{service}",
        "package.words": (
            "package bono paquete pack plan curso programa abono serie tratamiento "
            "suscripcion suscripción"
        ),
        "deadline.until": "Aún vale cualquier día abierto hasta el {latest}.",
        "deadline.open": "Responda con el día y la hora que le vengan bien.",
        "deadline.passed": (
            "El periodo recomendado terminó el {latest}; responda y buscaremos el próximo "
            "hueco posible."
        ),
        "deadline.closed": (
            "Estamos cerrados los días que quedan del periodo recomendado (hasta el {latest}); "
            "responda y buscaremos el próximo hueco posible."
        ),
        # messages
        "reminder": (
            "⏰ Recordatorio: la {label} de su {service} es {when} a las {time}. "
            "Responda aquí si necesita cambiarla."
        ),
        "reminder.single": (
            "⏰ Recordatorio: su cita de {service} es {when} a las {time}. "
            "Responda aquí si necesita cambiarla."
        ),
        "outreach": "📅 ¿Reservamos la {next_label}? {advice}",
        "outreach.no_show": (
            "Le echamos de menos en la {missed_label} del {day}. ¿Quiere volver a reservarla? "
            "{advice}"
        ),
        "overdue": (
            "Han pasado {days} desde la {last_label}. ¡Reserve pronto la {next_label} para "
            "obtener los mejores resultados! {deadline}"
        ),
        "check_in": "👋 Le quedan {remaining} en su {package}. ¿Quiere programar más?",
        "expiry": (
            "⏳ Su {package} caduca {expires_in} ({day}). ¡Aún tiene {remaining} disponibles! "
            "¿Quiere reservarlas?"
        ),
        "progress": ("✅ {label} completada: {completed} de {total} hechas, quedan {remaining}."),
        "halfway": (
            "🎉 ¡A mitad de camino! {completed} de {total} {units} completadas, quedan {remaining}."
        ),
        "one_to_go": "¡Ya casi está! {completed} de {total} {units} completadas. ¡Solo queda 1!",
        "all_done": (
            "🏆 ¡Enhorabuena! Ha completado las {total} {units} de su {service}.\n\n"
            "¿Cómo se encuentra? ¿Le gustaría:\n"
            "- reservar una revisión de seguimiento?\n"
            "- comprar otro bono?\n"
            "- darnos su opinión?"
        ),
    },
}


@dataclass(frozen=True, slots=True)
class TemplateSpec:
    """An approved WhatsApp template and the fields that fill its body, in order."""

    name: str
    fields: tuple[str, ...]


TEMPLATES: dict[str, TemplateSpec] = {
    "reminder": TemplateSpec("bookbot_reminder", ("label", "service", "when", "time")),
    "reminder.single": TemplateSpec("bookbot_reminder_single", ("service", "when", "time")),
    "outreach": TemplateSpec("bookbot_outreach", ("next_label", "advice")),
    "outreach.no_show": TemplateSpec("bookbot_outreach_no_show", ("missed_label", "day", "advice")),
    "overdue": TemplateSpec("bookbot_overdue", ("days", "last_label", "next_label", "deadline")),
    "check_in": TemplateSpec("bookbot_check_in", ("remaining", "package")),
    "expiry": TemplateSpec("bookbot_expiry", ("package", "expires_in", "day", "remaining")),
    "progress": TemplateSpec("bookbot_progress", ("label", "completed", "total", "remaining")),
    "halfway": TemplateSpec("bookbot_halfway", ("completed", "total", "units", "remaining")),
    "one_to_go": TemplateSpec("bookbot_one_to_go", ("completed", "total", "units")),
    "all_done": TemplateSpec("bookbot_all_done", ("total", "units", "service")),
}
"""Template per message text id (the building blocks have none)."""


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    template: str
    language: str
    params: tuple[str, ...]


def texts(language: str) -> Mapping[str, str]:
    """The texts of `language`; ValueError naming the known languages otherwise."""
    found = TEXTS.get(language)
    if found is None:
        known = ", ".join(sorted(TEXTS))
        raise ValueError(f"no notification texts for language {language!r} (known: {known})")
    return found


def phrase(language: str, key: str, **fields: object) -> str:
    """One text of `language` with its fields filled in."""
    table = texts(language)
    if key not in table:
        raise ValueError(f"notification text {key!r} is missing for language {language!r}")
    try:
        return table[key].format(**fields)
    except KeyError as exc:
        raise ValueError(f"notification text {key!r} ({language}) needs field {exc}") from None


def render(text_id: str, language: str, fields: Mapping[str, str]) -> Rendered:
    """A message text and its template call, from the same fields.

    Fields derived here: `package` (from `service`, see `package_text`)."""
    spec = TEMPLATES.get(text_id)
    if spec is None:
        raise ValueError(f"{text_id!r} is not a message text (known: {', '.join(TEMPLATES)})")
    if "service" in fields:
        fields = {**fields, "package": package_text(language, fields["service"])}
    text = phrase(language, text_id, **fields)
    return Rendered(text, spec.name, language, tuple(fields[name] for name in spec.fields))


def package_text(language: str, service: str) -> str:
    """The service as a package: 'Massage package', but 'Laser Skin Rejuvenation
    (6-session package)' or 'Physiotherapy Treatment Plan' as they are, since their
    names already say what they are (one of the language's `package.words`)."""
    nouns = texts(language).get("package.words", "").split()
    words = {w.casefold() for w in re.findall(r"\w+", service)}
    says_it = any(n.casefold() in words or f"{n}s".casefold() in words for n in nouns)
    return phrase(language, "package.named" if says_it else "package.plain", service=service)


def placeholders(template: str) -> set[str]:
    """The field names a text uses (for the consistency tests)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def unit_word(language: str, unit: str) -> str:
    """'Session' or 'Lesson', as a label starts."""
    return phrase(language, f"unit.{unit}")


def units_word(language: str, unit: str) -> str:
    """'sessions' or 'lessons'."""
    return phrase(language, f"units.{unit}")


def count_text(language: str, n: int, unit: str) -> str:
    """'1 session', '7 lessons', '3 days'."""
    return phrase(language, f"count.{unit}.{'one' if n == 1 else 'many'}", n=n)


def day_text(language: str, day: date) -> str:
    """A local date as the customer reads it: 'Tue 24 Mar 2026'."""
    table = texts(language)
    weekday = table["weekdays"].split()[day.weekday()]
    month = table["months"].split()[day.month - 1]
    return phrase(language, "date", weekday=weekday, day=day.day, month=month, year=day.year)


def time_text(language: str, moment: datetime) -> str:
    """A local wall-clock time: '14:00'."""
    return phrase(language, "time", hour=moment.hour, minute=moment.minute)


def label(language: str, unit: str, number: int, total: int, name: str | None = None) -> str:
    """'Session 2 of 3 (Healing check)', 'Lesson 4 of 10'."""
    key = "label" if name is None else "label.named"
    word = unit_word(language, unit)
    return phrase(language, key, unit=word, number=number, total=total, name=name)


def when_text(language: str, day: date, sent_on: date) -> str:
    """'tomorrow, Tue 24 Mar 2026' as read on `sent_on`."""
    key = {0: "when.today", 1: "when.tomorrow"}.get((day - sent_on).days, "when.later")
    return phrase(language, key, day=day_text(language, day))


def expires_in(language: str, day: date, sent_on: date) -> str:
    """'today', 'tomorrow', 'in 14 days' as read on `sent_on`."""
    days = (day - sent_on).days
    key = {0: "in.today", 1: "in.tomorrow"}.get(days, "in.days")
    return phrase(language, key, days=count_text(language, days, "day"))


def advice(
    language: str, *, today: date, earliest: date, suggested: date | None, latest: date | None
) -> str:
    """The suggested day and the window for the next session, from today on.

    `suggested` is the open day the policy chose (`open_days`); None when no day of
    the window from today on is open."""
    earliest = max(earliest, today)
    if latest is not None and latest < today:
        return phrase(language, "advice.passed", latest=day_text(language, latest))
    if suggested is None and latest is not None:
        return phrase(language, "advice.closed", latest=day_text(language, latest))
    if suggested is None or (latest is None and suggested <= earliest):
        return phrase(language, "advice.any")
    suggested = max(suggested, earliest)
    return phrase(
        language,
        "advice.open" if latest is None else "advice.range",
        suggested=day_text(language, suggested),
        earliest=day_text(language, earliest),
        latest=None if latest is None else day_text(language, latest),
    )


def deadline(language: str, *, today: date, latest: date | None, open_left: bool = True) -> str:
    """Until when the overdue session may still be booked; `open_left` is False when
    the business is closed on every remaining day of the window."""
    if latest is None:
        return phrase(language, "deadline.open")
    if latest < today:
        key = "deadline.passed"
    else:
        key = "deadline.until" if open_left else "deadline.closed"
    return phrase(language, key, latest=day_text(language, latest))
