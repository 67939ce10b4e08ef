"""Proactive messages (reminders, outreach, milestones) in German and Spanish: a
customer who writes German or Spanish gets them in that language, with the same
template fields as the English ones (the field consistency is checked for every
language in test_core_notify_properties)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bookbot.core import notification_texts as words


def test_german_and_spanish_are_known_languages() -> None:
    assert {"en", "de", "es"} <= set(words.TEXTS)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Wed 18 Mar 2026"), ("de", "Mi, 18. März 2026"), ("es", "mié 18 mar 2026")],
)
def test_a_day_is_written_the_way_the_language_writes_it(language: str, expected: str) -> None:
    assert words.day_text(language, date(2026, 3, 18)) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "⏰ Erinnerung: Termin 2 von 6 Ihrer Behandlung Laser ist morgen, "
               "Mi, 18. März 2026 um 16:00."),
        ("es", "⏰ Recordatorio: la Sesión 2 de 6 de su Laser es mañana, mié 18 mar 2026 "
               "a las 16:00."),
    ],
)  # fmt: skip
def test_a_reminder_in_the_customers_language(language: str, expected: str) -> None:
    day, sent = date(2026, 3, 18), date(2026, 3, 17)
    fields = {
        "label": words.label(language, "session", 2, 6),
        "service": "Laser",
        "when": words.when_text(language, day, sent),
        "time": words.time_text(language, datetime(2026, 3, 18, 16, tzinfo=UTC)),
    }
    rendered = words.render("reminder", language, fields)
    assert rendered.text.startswith(expected)
    assert rendered.language == language
    assert rendered.params == (fields["label"], "Laser", fields["when"], "16:00")


@pytest.mark.parametrize(
    ("language", "service", "expected"),
    [
        ("de", "Massage", "Paket Massage"),
        ("de", "Physiotherapie-Behandlung", "Physiotherapie-Behandlung"),
        ("es", "Masaje", "bono de Masaje"),
        ("es", "Bono 6 sesiones láser", "Bono 6 sesiones láser"),
    ],
)  # fmt: skip
def test_a_package_is_named_once_in_every_language(
    language: str, service: str, expected: str
) -> None:
    assert words.package_text(language, service) == expected


@pytest.mark.parametrize("language", ["de", "es"])
def test_counts_and_deadlines_are_translated(language: str) -> None:
    english = {
        words.count_text("en", 3, "session"),
        words.expires_in("en", date(2026, 3, 20), date(2026, 3, 6)),
        words.deadline("en", today=date(2026, 3, 6), latest=None),
    }
    own = {
        words.count_text(language, 3, "session"),
        words.expires_in(language, date(2026, 3, 20), date(2026, 3, 6)),
        words.deadline(language, today=date(2026, 3, 6), latest=None),
    }
    assert not own & english
