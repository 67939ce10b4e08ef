"""The second person as dialects write it (held-out set 5): Irish, Scottish and
American "ye", "youse", "y'all", "yer"; Austrian and Bavarian "habts", "seids",
"kennts" and the Swiss "offe"; the "vos" of Argentina ("tenés", "podés"). Each reads
as the standard form, so a question to the business is read. Phrasings are our own."""

from __future__ import annotations

import pytest

from bookbot.agent.nlu import Intent, detect_intents, normalize


@pytest.mark.parametrize(
    ("text", "lang", "intent"),
    [
        ("what's yer number", "en", Intent.CONTACT),
        ("where are ye based", "en", Intent.CONTACT),
        ("are youse open on bank holidays", "en", Intent.OPENING),
        ("are y'all open on sundays", "en", Intent.OPENING),
        ("can ye move my appointment to friday", "en", Intent.RESCHEDULE),
        ("wo seids ihr eigentlich?", "de", Intent.CONTACT),
        ("habts ihr am samstag offen?", "de", Intent.OPENING),
        ("kennts ihr mir eure nummer schicken", "de", Intent.CONTACT),
        ("hend ihr am sunntig offe?", "de", Intent.OPENING),
        ("¿podés pasarla al jueves?", "es", Intent.RESCHEDULE),
    ],
)
def test_a_dialect_you_reads_as_you(text: str, lang: str, intent: Intent) -> None:
    assert intent in detect_intents(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "standard"),
    [
        ("are ye open", "en", "are you open"),
        ("yer address", "en", "your address"),
        ("habts ihr offen", "de", "habt ihr offen"),
        ("tenés turno", "es", "tienes turno"),
    ],
)
def test_the_standard_form_is_what_is_read(text: str, lang: str, standard: str) -> None:
    assert normalize(text, lang).text == standard
