"""How the customer sounds, and whether they ask what they are talking to.

    is_upset(text, lang) -> bool       "this is useless", "das ist lächerlich", "estoy harto":
                                       the bot offers a person (human handoff)
    asks_if_bot(text, lang) -> bool    "are you a bot?": answered honestly, a person offered

The words are data: each language's phrase lists (`upset`, `bot_question` in
`*_phrases.py`); a language that lists none is never read as upset.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bookbot.agent.nlu.lexicon import generation, lexicon
from bookbot.agent.nlu.normalize import normalize


@lru_cache(maxsize=64)
def _pattern(lang: str, key: str, _generation: int) -> re.Pattern[str]:
    return re.compile(lexicon(lang).regex(key))


def _says(text: str, lang: str, key: str) -> bool:
    return _pattern(lang, key, generation()).search(normalize(text, lang).text) is not None


def is_upset(text: str, lang: str = "en") -> bool:
    """Whether the message sounds angry or fed up with the bot or the business."""
    return _says(text, lang, "upset")


def asks_if_bot(text: str, lang: str = "en") -> bool:
    """Whether the message asks if it is talking to a bot (not for a person as such)."""
    return _says(text, lang, "bot_question")
