"""A reply confirms a proposal only when it plainly says yes, in any of the three
languages; a no, a question or hesitation is never a yes (issue 13, class 5)."""

from __future__ import annotations

import pytest

from bookbot.agent.nlu import ReplyKind, classify_reply, classify_yes_no


@pytest.mark.parametrize(
    "text",
    [
        "jawohl, so machen wir's",
        "klingt gut, danke",
        "ja gern",
        "geht klar \U0001f44d",
        "einverstanden",
        "sí, me va bien",
        "venga, perfecto",
        "vale, gracias",
        "de acuerdo",
        "sí claro",
        "that works, thanks",
        "yep, go ahead",
        "not a problem at all",
        "kein Problem",
        "no hay problema",
    ],
)
def test_plain_agreement_is_yes(text: str) -> None:
    assert classify_reply(text).kind is ReplyKind.YES, classify_reply(text)


@pytest.mark.parametrize(
    "text",
    [
        "nein, lieber doch nicht",
        "eher nicht",
        "das passt mir nicht",
        "nee danke",
        "no, gracias",
        "no me viene bien",
        "mejor que no",
        "nope, not for me",
        "no thanks",
    ],
)
def test_declining_is_no(text: str) -> None:
    assert classify_yes_no(text) == "no", classify_reply(text)


@pytest.mark.parametrize(
    "text",
    [
        # hesitation, even next to a yes word
        "ja, aber ich muss noch überlegen",
        "vielleicht, weiss nicht",
        "ok, ich sag dir noch Bescheid",
        "sí... bueno, no sé",
        "quizás, déjame pensarlo",
        "vale, ya te digo",
        "yes probably, I'll let you know",
        "ok I guess, let me check my diary",
        "hmm",
        # a question still open
        "passt, ist das der gleiche Preis?",
        "gut, muss ich etwas mitbringen?",
        "vale, ¿y cuánto cuesta?",
        "sí, ¿hay aparcamiento?",
        "sounds good, is parking included?",
        "sure, do I need to bring anything?",
        # unsure
        "nicht ganz sicher",
        "no estoy seguro",
        "not too sure",
    ],
)
def test_hesitation_and_questions_are_never_yes(text: str) -> None:
    assert classify_reply(text).kind is not ReplyKind.YES, classify_reply(text)
    assert classify_yes_no(text) != "yes"


@pytest.mark.parametrize(
    "text",
    ["ja, aber lieber am Freitag", "sí, pero mejor el viernes", "yes but Friday is better"],
)
def test_a_yes_that_asks_for_another_day_is_a_change(text: str) -> None:
    assert classify_reply(text).kind is ReplyKind.CHANGE


def test_the_language_may_be_given() -> None:
    assert classify_reply("vale", "es").kind is ReplyKind.YES
    assert classify_reply("passt", "de").kind is ReplyKind.YES
