"""An hour the customer turns down is no count ("8 is too early"), and everyday yes
forms of each language agree to a shown proposal (issue 13)."""

from __future__ import annotations

import pytest

from bookbot.agent.nlu import ReplyKind, classify_reply, extract_count


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("hmm 9 is a bit too early for me, 11am?", "en"),
        ("7:30 would be way too early", "en"),
        ("18 uhr ist mir zu spät", "de"),
        ("las 8 es demasiado temprano", "es"),
    ],
)
def test_an_hour_turned_down_is_no_count(text: str, lang: str) -> None:
    assert extract_count(text, lang) is None


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("jawoll", "de"),
        ("jup, mach so", "de"),
        ("japp bitte buchen", "de"),
        ("book them", "en"),
        ("great, lock it in", "en"),
        ("ok book em", "en"),
    ],
)
def test_everyday_yes_forms_agree(text: str, lang: str) -> None:
    assert classify_reply(text, lang).kind is ReplyKind.YES


@pytest.mark.parametrize(
    "text",
    ["martes 9, jueves 11 y sábado 13, las tres a las 17:00", "las dos a las 10:30 porfa"],
)
def test_las_tres_before_a_time_counts_them_it_is_no_time(text: str) -> None:
    """ "las tres a las 17:00" is "all three at 17:00", never 15:00."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from bookbot.agent.nlu import parse_when

    now = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Madrid"))
    times = [w.time for w in parse_when(text, now, lang="es") if w.time is not None]
    assert time(15, 0) not in times and time(14, 0) not in times and times


@pytest.mark.parametrize(
    ("text", "lang", "agrees"),
    [
        ("ja das passt so, bitte verschieben", "de", True),
        ("yes please move it", "en", True),
        ("sí, cámbiala por favor", "es", True),
        ("please do move it", "en", True),
        ("no, keep it where it is", "en", False),
        ("nein, doch nicht verschieben", "de", False),
        ("mejor no, déjala", "es", False),
        ("ok, aber ich muss erst meinen Mann fragen", "de", False),
    ],
)
def test_a_yes_in_the_words_of_the_action_agrees(text: str, lang: str, agrees: bool) -> None:
    from bookbot.agent.nlu import agrees_in_words, negates

    assert (agrees_in_words(text, lang) and not negates(text, lang)) is agrees


@pytest.mark.parametrize(
    "text",
    ["el sábado no nos va", "jueves no nos viene bien, mejor viernes", "el lunes no les vale"],
)
def test_a_day_that_does_not_suit_us_is_ruled_out(text: str) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from bookbot.agent.nlu import parse_when

    now = datetime(2027, 2, 1, 10, 0, tzinfo=ZoneInfo("Europe/Madrid"))
    assert parse_when(text, now, lang="es")[0].excluded
