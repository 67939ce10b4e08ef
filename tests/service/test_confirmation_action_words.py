"""A yes to a move or cancellation said with the action's own verb counts as a yes
also when the verb carries an accent (Spanish imperatives with a pronoun:
"anúlala", "cámbiamela"), and a refusal stays a refusal."""

from __future__ import annotations

import pytest

from bookbot.service.confirmation import classify_text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("sí, anúlala", "cancel"),
        ("vale, cancélamela por favor", "cancel"),
        ("Sí, anúlamela", "cancel"),
        ("sí, cámbiala", "reschedule"),
        ("ok muévela", "reschedule"),
        ("ja, bitte stornieren", "cancel"),
        ("yes, cancel it", "cancel"),
    ],
)
def test_the_action_verb_in_answer_to_its_own_proposal_is_a_yes(text: str, kind: str) -> None:
    assert classify_text(text, [kind]) == "yes"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("no, no la anules", "cancel"),
        ("no, mejor no la cambies", "reschedule"),
        ("nein, nicht stornieren", "cancel"),
    ],
)
def test_a_refusal_with_the_action_verb_stays_a_no(text: str, kind: str) -> None:
    assert classify_text(text, [kind]) == "no"


def test_the_action_verb_is_no_yes_to_another_kind_of_proposal() -> None:
    assert classify_text("sí, anúlala", ["book"]) != "yes"
