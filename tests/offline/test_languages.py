"""Customers writing German or Spanish are answered in their language: the
catalogues are complete, and a conversation's proposal, options and confirmation
come out in the customer's language, kept across a message that says nothing about
its language ("ok", "2"). English stays the default."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from bookbot.agent.offline import catalogue
from bookbot.agent.offline.texts import en
from tests.offline.dialogue_testkit import dialogue

NOW = "2026-03-02T09:00"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


UNIT_WORDS = {"unit", "Unit", "units"}
"""The session word, which every caller passes in all its forms: a language writes
the one its grammar wants ('Stunde 2', 'la clase 2', 'lesson 2')."""


@pytest.mark.parametrize("lang", ["de", "es"])
def test_every_english_text_has_a_translation_with_the_same_fields(lang: str) -> None:
    """The same keys in every catalogue, and per key the same {fields}: a translation
    drops no fact (a day, a name, a count) and asks for none the caller lacks."""
    table = catalogue.texts(lang).TEXTS
    assert sorted(set(en.TEXTS) ^ set(table)) == []
    for key, template in en.TEXTS.items():
        assert _fields(table[key]) - UNIT_WORDS == _fields(template) - UNIT_WORDS, key


@pytest.mark.parametrize("lang", ["de", "es"])
def test_no_english_sentence_is_left_untranslated(lang: str) -> None:
    """A text the same as the English one is only layout (fields, marks, a word such
    as "min" both languages write)."""
    table = catalogue.texts(lang).TEXTS
    for key, template in en.TEXTS.items():
        if table[key] == template:
            words = re.sub(r"\{[^}]*\}", " ", template)
            assert len(re.findall(r"[^\W\d_]", words)) <= 7, (lang, key)


def test_an_unknown_language_or_key_falls_back_to_english() -> None:
    assert catalogue.say("fr", "thanks") == en.TEXTS["thanks"]
    assert catalogue.day_text("de", "2026-03-18") == "Mi, 18.3.2026"
    assert catalogue.day_text("es", "2026-03-18") == "mié 18 mar 2026"
    assert catalogue.day_text("en", "2026-03-18") == "Wed 18 Mar 2026"


@pytest.mark.parametrize(
    ("first", "wish", "proposal", "yes", "confirmed", "day"),
    [
        ("Hallo, ich hätte gern eine Laser-Haarentfernung", "am Mittwoch 18.3. um 16 Uhr",
         "Passt das für Sie?", "ja, gerne", "bestätigt", "Mi, 18.3.2026, 16:00"),
        ("Guten Tag, Laser bitte", "Mittwoch, den 18. März um 16 Uhr",
         "Passt das für Sie?", "ok", "bestätigt", "Mi, 18.3.2026, 16:00"),
        ("hola, quiero el láser", "el miércoles 18 de marzo a las 16",
         "¿Le va bien?", "sí, perfecto", "confirmadas", "mié 18 mar 2026, 16:00"),
        ("buenas, el laser por favor", "miércoles 18/3 a las 4 de la tarde",
         "¿Le va bien?", "vale", "confirmadas", "mié 18 mar 2026, 16:00"),
    ],
)  # fmt: skip
def test_a_booking_is_answered_in_the_customers_language(
    tmp_path: Path, first: str, wish: str, proposal: str, yes: str, confirmed: str, day: str
) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say(first)
        shown = d.say(wish)
        assert proposal in shown and day in shown and d.booked() == []
        done = d.say(yes)  # a short yes keeps the language of the conversation
        assert confirmed in done and day in done
        assert d.booked()[0] == ("laser-hair-removal", 1, "2026-03-18 16:00")


@pytest.mark.parametrize(
    ("wish", "offer", "row"),
    [("Laser bitte, am Sonntag 8.3. um 10", "Welcher Termin passt Ihnen?", "Mo, 9.3. 08:00"),
     ("el láser el domingo 8 de marzo a las 10", "¿Cuál prefiere?", "lun 9 mar 08:00")],
)  # fmt: skip
def test_options_are_offered_in_the_customers_language(
    tmp_path: Path, wish: str, offer: str, row: str
) -> None:
    with dialogue(tmp_path, NOW) as d:
        text = d.say(wish)
        assert offer in text and row in [c.title for c in d.choices]
        number = [c.title for c in d.choices].index(row) + 1
        assert "Termin 1" in d.say(str(number)) or d.tools == ["propose_schedule"]
        assert d.booked() == []


def test_english_stays_the_default(tmp_path: Path) -> None:
    with dialogue(tmp_path, NOW) as d:
        assert "Does this work for you?" in d.say("laser on march 18 at 4pm please")
        assert "confirmed" in d.say("ok")
