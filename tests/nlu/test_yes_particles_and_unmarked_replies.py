"""Two classes of yes (held-out sets 5 and 7). Phrasings are our own.

- A word that hesitates alone but firms up a yes right beside it (`yes_particles`):
  Austrian "eh" ("passt eh", "eh klar"), "halt", "schon"; Spanish "pues" ("pues vale",
  "vale pues"). With a pause, a reservation or a question it still holds the yes back.
- A short reply whose words mark no language ("jo", "jap", "sip"), read without the
  conversation's language (as the confirmation check of the service reads it): in every
  language that reads it; a yes only when none reads anything else.
"""

from __future__ import annotations

import pytest

from bookbot.agent.nlu import ReplyKind, classify_reply


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("passt eh", "de"),
        ("eh klar", "de"),
        ("jo eh, gemma", "de"),
        ("des geht eh gut", "de"),
        ("ja eh, so machen wir's", "de"),
        ("passt schon", "de"),
        ("ist halt gut so", "de"),
        ("pues vale", "es"),
        ("vale pues, resérvelo", "es"),
        ("pues sí, perfecto", "es"),
        ("claro pues", "es"),
        ("pues bueno, vale", "es"),
    ],
)
def test_a_particle_beside_a_yes_firms_it_up(text: str, lang: str) -> None:
    assert classify_reply(text, lang).kind is ReplyKind.YES


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("eh", "de"),
        ("eh... ja", "de"),
        ("eh, ok", "de"),
        ("passt eh, aber ich muss noch meinen Mann fragen", "de"),
        ("eh gut, ich überleg's mir noch", "de"),
        ("passt eh?", "de"),
        ("pues", "es"),
        ("pues... vale", "es"),
        ("pues no sé", "es"),
        ("vale pues, déjeme pensarlo", "es"),
        ("pues sí, ¿y cuánto cuesta?", "es"),
    ],
)
def test_a_particle_never_hides_a_hesitation(text: str, lang: str) -> None:
    assert classify_reply(text, lang).kind is not ReplyKind.YES


@pytest.mark.parametrize("text", ["jo", "jap", "jup", "jawohl", "sip", "sii", "yep", "aye", "k"])
def test_a_yes_only_one_language_spells_is_read_without_the_language(text: str) -> None:
    assert classify_reply(text).kind is ReplyKind.YES


@pytest.mark.parametrize("text", ["nö", "nope", "nein", "no"])
def test_a_no_only_one_language_spells_is_read_without_the_language(text: str) -> None:
    assert classify_reply(text).kind is ReplyKind.NO


@pytest.mark.parametrize("text", ["jo eh", "hmm", "mal", "3", "sisi?", "eh"])
def test_readings_that_disagree_or_hesitate_are_no_yes(text: str) -> None:
    assert classify_reply(text).kind is not ReplyKind.YES


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("ok, lass mich kurz überlegen", "de"),
        ("gut, ich überlegs mir", "de"),
        ("ja, ich denk nochmal drüber nach", "de"),
        ("passt, ich schlaf noch eine Nacht drüber", "de"),
        ("vale, déjeme pensarlo", "es"),
        ("bien, déjenme verlo con calma", "es"),
        ("sí, me lo pienso y le digo", "es"),
        ("ok, I'll think it over", "en"),
        ("sounds good but let me sleep on it", "en"),
        ("grand, I need to think about it", "en"),
    ],
)
def test_a_yes_beside_thinking_it_over_is_no_yes(text: str, lang: str) -> None:
    """Wanting to think it over, in the forms customers write it (formal "déjeme",
    "überleg's", "sleep on it"), holds any yes beside it back."""
    assert classify_reply(text, lang).kind is ReplyKind.UNKNOWN
