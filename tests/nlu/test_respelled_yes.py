"""A yes in a spelling no word list holds (heldout10/11: "jawoi", "basst", "gärn",
"sipi", "yse plz") is read by rule (`nlu/respell.py`): letters repeated, two letters
swapped in a short reply, a dialect's sound shift, a diminutive. Only a reply in which
nothing was read is respelled, and only a plain yes counts: a no, a question, a
hesitation or a complaint is never turned into one ("caro" is no "claro")."""

from __future__ import annotations

import pytest

from bookbot.agent.nlu.yesno import ReplyKind, classify_reply


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # letters repeated
        ("yesss pls", "en"),
        ("okk", "en"),
        ("guuut", "de"),
        ("siiiip", "es"),
        ("valeee", "es"),
        # two letters swapped in a short reply
        ("yse", "en"),
        ("yse plz", "en"),
        ("oaky", "en"),
        ("vlae", "es"),
        ("gneau", "de"),
        # dialect sound shifts (German)
        ("basst", "de"),
        ("basst scho", "de"),
        ("jawoi", "de"),
        ("gärn", "de"),
        ("guad", "de"),
        ("basst, dange", "de"),
        # diminutives (Spanish)
        ("sipi", "es"),
        ("clarito", "es"),
        ("perfectito", "es"),
        ("sipi porfa", "es"),
    ],
)
def test_a_respelled_yes_is_a_yes(text: str, lang: str) -> None:
    assert classify_reply(text, lang).kind is ReplyKind.YES, text


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("caro", "es"),
        ("muy caro", "es"),
        ("too expensive", "en"),
        ("zu teuer", "de"),
        ("on", "en"),
        ("bad", "en"),
        ("sipi?", "es"),
        ("basst des?", "de"),
        ("yse but is it the same price?", "en"),
        ("gärn, aber i muas überlegen", "de"),
        ("noo", "en"),
        ("nop", "es"),
        ("naa", "de"),
        ("dange", "de"),
        ("gracias", "es"),
        ("clarito que no", "es"),
        ("basst ned", "de"),
        ("i dunno", "en"),
    ],
)
def test_a_no_a_question_or_a_complaint_stays_what_it_is(text: str, lang: str) -> None:
    assert classify_reply(text, lang).kind is not ReplyKind.YES, text


@pytest.mark.parametrize("text", ["jawoi", "basst scho", "sipi", "yse plz", "gärn", "clarito"])
def test_read_without_its_language_a_respelled_yes_is_a_yes(text: str) -> None:
    """As the service's confirmation check reads a reply (no language given)."""
    assert classify_reply(text).kind is ReplyKind.YES, text


@pytest.mark.parametrize("text", ["caro", "on", "too expensive", "basst ned", "sipi?"])
def test_read_without_its_language_a_complaint_stays_no_yes(text: str) -> None:
    assert classify_reply(text).kind is not ReplyKind.YES, text
