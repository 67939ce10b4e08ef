"""A yes said with a reservation is not a yes: someone still has to be asked, something
checked first, or the yes holds only under a condition. The bot must then ask again,
never book (issue 13: a deferred yes booked a session nobody had confirmed)."""

from __future__ import annotations

import pytest

from bookbot.agent.nlu.yesno import ReplyKind, classify_reply

RESERVED = [
    ("en", "sounds great, I just need to check with my partner"),
    ("en", "ok but I have to ask my manager first"),
    ("en", "yes, only if my shift ends early"),
    ("en", "fine, I'll let you know tonight"),
    ("en", "perfect, but I must speak to my physio before"),
    ("de", "super, aber ich muss das noch mit meiner frau absprechen"),
    ("de", "ja, falls ich den wagen bekomme"),
    ("de", "okay, ich muss vorher noch meine schicht nachschauen"),
    ("de", "passt eigentlich, sag dir morgen bescheid"),
    ("de", "gut, nur wenn mein sohn mitkommen kann"),
    ("es", "vale, pero tengo que consultarlo con mi marido"),
    ("es", "perfecto, aunque primero miro mi turno"),
    ("es", "sí, solo si me dan el día libre"),
    ("es", "genial, pregunto en el trabajo y te confirmo"),
    ("es", "me va bien, tengo que hablarlo con mi madre"),
]

PLAIN_YES = [
    ("en", "yes please, book it"),
    ("en", "sure, see you then"),
    ("de", "ja gerne, passt mir"),
    ("de", "klingt gut, bitte buchen"),
    ("es", "sí, perfecto"),
    ("es", "vale, resérvalo"),
]


@pytest.mark.parametrize(("lang", "text"), RESERVED)
def test_a_yes_with_a_reservation_is_not_a_yes(lang: str, text: str) -> None:
    assert classify_reply(text, lang).kind is not ReplyKind.YES
    assert classify_reply(text).kind is not ReplyKind.YES  # language read from the text


@pytest.mark.parametrize(("lang", "text"), PLAIN_YES)
def test_a_plain_yes_stays_a_yes(lang: str, text: str) -> None:
    assert classify_reply(text, lang).kind is ReplyKind.YES
