"""Classes read from heldout21 (session 11), tested in phrasings of our own:

- times joined by "or" are alternatives for one visit (`offers_either`), also when the
  second comes after a time inside a part of the day ("Freitag nachmittags um 4 oder
  halb 5"); "and" lists them;
- "same time, 10am": the time spelt out is the time;
- a day before today said without a time is what happened ("he was in yesterday"), no
  day wished; with a time it is still a wish (refused as passed);
- a short word two edits from a calendar word is a word of its own ("Hüfte" is no
  "heute", "heuer" is this year);
- "next session" with a day and no question word is a wish to book, not a question
  about the bookings (`names_next_session`).
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bookbot.agent.nlu import names_next_session, offers_either, parse_when
from bookbot.agent.nlu.normalize import normalize
from bookbot.agent.nlu.words import typo_edits

ZONE = ZoneInfo("Europe/Vienna")
NOW = datetime(2027, 5, 3, 9, 0, tzinfo=ZONE)  # a Monday


def _timed(text: str, lang: str) -> list[tuple[date | None, time | None]]:
    return [(w.date, w.time) for w in parse_when(text, NOW, lang=lang) if not w.excluded]


@pytest.mark.parametrize(
    ("text", "lang", "starts"),
    [
        ("could I come fri the 7th at 9 or at 11:30?", "en", [(7, 9, 0), (7, 11, 30)]),
        ("wednesday at 3pm or thursday at 10am", "en", [(5, 15, 0), (6, 10, 0)]),
        ("Freitag nachmittags? so um 4 oder halb 5", "de", [(7, 16, 0), (7, 16, 30)]),
        ("am Mittwoch um 8 oder Donnerstag um 9", "de", [(5, 8, 0), (6, 9, 0)]),
        ("el viernes 7 a las 9 o a las 12", "es", [(7, 9, 0), (7, 12, 0)]),
    ],
)
def test_times_joined_by_or_are_alternatives(
    text: str, lang: str, starts: list[tuple[int, int, int]]
) -> None:
    whens = parse_when(text, NOW, lang=lang)
    assert _timed(text, lang) == [(date(2027, 5, d), time(h, m)) for d, h, m in starts]
    assert offers_either(text, whens, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("fri the 7th at 9 and at 11:30", "en"),
        ("wednesday at 3pm, thursday at 10am", "en"),
        ("Mittwoch um 8 und Donnerstag um 9", "de"),
        ("el miércoles a las 8 y el jueves a las 9", "es"),
        ("friday at 9 or so", "en"),
    ],
)
def test_times_listed_with_and_or_one_time_are_no_alternatives(text: str, lang: str) -> None:
    assert not offers_either(text, parse_when(text, NOW, lang=lang), lang)


@pytest.mark.parametrize(
    ("text", "lang", "day", "at"),
    [
        ("ok then move it to tuesday, same time, 10am", "en", 4, time(10)),
        ("dann am Dienstag, gleiche Uhrzeit um 10", "de", 4, time(10)),
        ("entonces el martes, a la misma hora, a las 10", "es", 4, time(10)),
    ],
)
def test_same_time_spelt_out_is_that_time(text: str, lang: str, day: int, at: time) -> None:
    reference = datetime(2027, 5, 7, 18, 0, tzinfo=ZONE)
    whens = [w for w in parse_when(text, NOW, reference, lang=lang) if w.date]
    assert [(w.date, w.time) for w in whens] == [(date(2027, 5, day), at)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("he was in yesterday and loved it", "en"),
        ("Leo war gestern schon da, lief super", "de"),
        ("ayer fue la primera y muy bien", "es"),
    ],
)
def test_a_day_gone_by_without_a_time_is_no_wish(text: str, lang: str) -> None:
    whens = parse_when(text, NOW, lang=lang)
    assert whens and all(w.excluded for w in whens)


def test_a_day_gone_by_with_a_time_is_still_a_wish() -> None:
    (when,) = parse_when("how about yesterday at 10", NOW, lang="en")
    assert (when.date, when.time, when.excluded) == (date(2027, 5, 2), time(10), False)


@pytest.mark.parametrize(
    ("word", "lang", "read"),
    [
        ("Hüfte", "de", "hufte"),
        ("heuer", "de", "heuer"),
        ("wendesday", "en", "wednesday"),
        ("Mitwoch", "de", "mittwoch"),
        ("samstig", "de", "samstag"),
    ],
)
def test_a_short_word_is_misspelt_by_one_edit_at_most(word: str, lang: str, read: str) -> None:
    assert normalize(word, lang, numbers=True).text == read


def test_typo_edits_counts_a_swap_as_one() -> None:
    assert typo_edits("wendesday", "wednesday") == 1
    assert typo_edits("hufte", "heute") == 2
    assert typo_edits("freitg", "freitag") == 1
    assert typo_edits("same", "same") == 0


@pytest.mark.parametrize(
    ("text", "lang", "wish"),
    [
        ("next session thursday 6th at 5 please", "en", True),
        ("nächste Stunde gern Donnerstag um 5", "de", True),
        ("la próxima sesión el jueves a las 5", "es", True),
        ("when is my next session?", "en", False),
        ("wann ist meine nächste Stunde?", "de", False),
        ("¿cuándo es mi próxima sesión?", "es", False),
        ("my appointments next week", "en", False),
    ],
)
def test_the_next_session_with_a_day_is_a_wish(text: str, lang: str, wish: bool) -> None:
    assert names_next_session(text, lang) is wish


# --- heldout23 (session 11) -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "thurs arvo at 3, actually nah make it 3:30",
        "thursday at 3, nope make it 3:30",
        "thursday at 3 actually make it 3:30",
    ],
)
def test_actually_and_a_no_then_make_it_corrects_the_time(text: str) -> None:
    assert _timed(text, "en") == [(date(2027, 5, 6), time(15, 30))]


def test_the_day_that_cannot_be_made_is_the_one_moved() -> None:
    from bookbot.agent.nlu import moved_from

    text = "can't make fri afternoon, can we shift it to thurs the 6th?"
    spans = [w.span for w in parse_when(text, NOW, lang="en") if w.date]
    assert moved_from(text, spans, "en") == 0


def test_same_time_is_no_part_of_the_day_said_before() -> None:
    text = "can't make fri afternoon, can we shift it to thurs the 6th same time?"
    thursday = [w for w in parse_when(text, NOW, lang="en") if w.date == date(2027, 5, 6)]
    assert [w.time for w in thursday] == [None]


# --- heldout22 (session 11) -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("para el viernes temprano, tipo 9, antes del trabajo", time(9)),
        ("el viernes tipo las 4 de la tarde", time(16)),
    ],
)
def test_tipo_before_an_hour_is_around_it(text: str, at: time) -> None:
    assert _timed(text, "es") == [(date(2027, 5, 7), at)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("la más temprano que tenga porfa", "es"),
        ("the earliest you've got please", "en"),
        ("die früheste, die Sie haben", "de"),
    ],
)
def test_the_earliest_one_has_picks_the_earliest(text: str, lang: str) -> None:
    from bookbot.agent.nlu import picks_earliest

    assert picks_earliest(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "starts"),
    [
        ("friday morning? 10 or half 11 would suit", "en", [time(10), time(11, 30)]),
        ("friday after work, 5 or 6pm", "en", [time(17), time(18)]),
        ("el viernes, 10 o 10 y media", "es", [time(10), time(10, 30)]),
    ],
)
def test_a_bare_hour_before_or_and_a_time_is_another_option(
    text: str, lang: str, starts: list[time]
) -> None:
    whens = parse_when(text, NOW, lang=lang)
    assert _timed(text, lang) == [(date(2027, 5, 7), at) for at in starts]
    assert offers_either(text, whens, lang)


def test_swiss_de_before_a_day_number_is_den() -> None:
    assert _timed("ok schad, denn nimm i de 22. am 10i", "de") == [(date(2027, 5, 22), time(10))]


@pytest.mark.parametrize(
    ("text", "day"),
    [("und dienstag den 18ten viertel vor drei", 18), ("am 1sten um 9", 1)],
)
def test_a_german_ordinal_written_as_said_is_a_day(text: str, day: int) -> None:
    (when,) = [w for w in parse_when(text, NOW, lang="de") if w.date]
    assert when.date is not None and when.date.day == day and when.time is not None
