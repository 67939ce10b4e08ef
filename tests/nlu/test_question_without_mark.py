"""A question written without its question mark is still a question: a yes word in
it ("what time exactly", "is that right", "stimmt das", "vale pero cuánto cuesta")
answers nothing, so no proposal is booked on it. Found reading held-out set 5's
"where are ye exactly", where "exactly" was a yes. Phrasings are our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookbot.agent.nlu import ReplyKind, classify_reply
from tests.offline.dialogue_testkit import dialogue


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("what time exactly", "en"),
        ("is that right", "en"),
        ("ok and where do I park", "en"),
        ("great, how long is it exactly", "en"),
        ("right so what happens after", "en"),
        ("wann genau", "de"),
        ("stimmt das so", "de"),
        ("ok, was kostet das genau", "de"),
        ("passt das auch mit dem Parkplatz", "de"),
        ("vale pero cuánto cuesta", "es"),
        ("perfecto, y dónde estáis exactamente", "es"),
        ("vale, a qué hora exactamente", "es"),
    ],
)
def test_a_question_without_its_mark_is_no_yes(text: str, lang: str) -> None:
    assert classify_reply(text, lang).kind is not ReplyKind.YES


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("yes, whenever suits", "en"),
        ("sure, that is what I wanted", "en"),
        ("wie besprochen, passt", "de"),
        ("ja, wie immer", "de"),
        ("stimmt so", "de"),
        ("vale, cuanto antes mejor", "es"),
        ("sí, cuando quiera", "es"),
    ],
)
def test_a_question_word_that_asks_nothing_keeps_the_yes(text: str, lang: str) -> None:
    assert classify_reply(text, lang).kind is ReplyKind.YES


@pytest.mark.parametrize("text", ["what time exactly", "is that right", "wann genau"])
def test_no_proposal_is_booked_on_a_question(tmp_path: Path, text: str) -> None:
    with dialogue(tmp_path, "2026-03-04T09:00") as d:
        d.say("I'd like an initial consultation")
        d.say("Friday at 10am")
        d.say(text)
        assert d.booked() == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [("yeah why not", "en"), ("ja, warum nicht", "de"), ("vale, por qué no", "es")],
)
def test_why_not_stays_a_yes(text: str, lang: str) -> None:
    assert classify_reply(text, lang).kind is ReplyKind.YES


@pytest.mark.parametrize(
    ("text", "lang"),
    [("ok do it", "en"), ("yes, do that", "en"), ("ok mach das", "de"), ("vale, hazlo", "es")],
)
def test_an_imperative_is_no_question(text: str, lang: str) -> None:
    """ "do it" puts the verb first too, and asks nothing."""
    assert classify_reply(text, lang).kind is ReplyKind.YES
