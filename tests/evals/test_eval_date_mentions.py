"""reply_mentions_dates accepts the common written forms of a date, and only
the date meant."""

from __future__ import annotations

from datetime import date

import pytest

from bookbot.evals.date_mentions import mentions, missing_dates

TUESDAY_24_MARCH = date(2026, 3, 24)


@pytest.mark.parametrize(
    "text",
    [
        "March 24", "march 24th", "Mar 24", "Mar. 24, 2026", "24 March", "24th of March",
        "24 Mar 2026", "24-Mar", "24.03.", "24.3.2026", "24.03.26", "24/03", "24/3/2026",
        "3/24", "2026-03-24", "Tuesday the 24th", "Tue 24th", "tues. 24th",
        "Tue 24 Mar 2026", "Tuesday, March 24", "📅 Session 2 of 3: Tue 24 Mar 2026, 14:00",
        "see you on (24.03.) at 2pm",
    ],
)  # fmt: skip
def test_common_forms_are_accepted(text: str) -> None:
    assert mentions(text, TUESDAY_24_MARCH)


@pytest.mark.parametrize(
    "text",
    [
        "Mon 24 Mar",  # the wrong weekday
        "Wednesday, March 24",
        "24 Mar 2027",  # the wrong year
        "3/24/2027",
        "124.03.",  # inside a longer number
        "March 2026",
        "March 14",
        "24/04",
        "the 24th",  # no month, no weekday: could be any month
        "Tuesday the 24th of April",
        "Mar 245",
        "2026-03-25",
    ],
)
def test_other_dates_are_not_taken_for_it(text: str) -> None:
    assert not mentions(text, TUESDAY_24_MARCH)


def test_day_first_numbers_are_not_read_month_first_when_ambiguous() -> None:
    fifth_of_march = date(2026, 3, 5)
    assert mentions("05.03.", fifth_of_march)
    assert mentions("5/3", fifth_of_march)
    assert not mentions("03/05", fifth_of_march)  # 3 May, read day-first
    assert mentions("Thursday the 5th", fifth_of_march)


def test_missing_dates_lists_the_ones_not_mentioned() -> None:
    reply = "Session 1: Tue 10 Mar 2026, 14:00\nSession 2: Tue 24 Mar 2026, 14:00"
    days = (date(2026, 3, 10), TUESDAY_24_MARCH, date(2026, 4, 23))
    assert missing_dates(reply, days) == [date(2026, 4, 23)]


@pytest.mark.parametrize(
    "text",
    [
        "Dienstag, 24. März 2026",
        "Di. 24.3. um 14 Uhr",
        "am 24. Mär",
        "Dienstag, den 24.",
        "martes 24 de marzo de 2026",
        "el martes 24 a las 14:00",
        "24 de mar.",
        "Sesión 1: mar 24 de marzo",
    ],
)
def test_german_and_spanish_forms_mention_it(text: str) -> None:
    assert mentions(text, TUESDAY_24_MARCH)


@pytest.mark.parametrize(
    "text",
    ["Mi. 24. März", "lunes 24 de marzo", "24 de marzo de 2025", "24. April", "el miércoles 24"],
)
def test_german_and_spanish_forms_of_other_days_do_not(text: str) -> None:
    assert not mentions(text, TUESDAY_24_MARCH)
