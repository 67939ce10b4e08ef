"""The thing a message asks the business for, named in the customer's words.

"do you do piercings?", "do you offer botox?", "I'd like a massage", "can I get a
haircut": `asked_for` returns "piercings", "botox", "a massage", "a haircut" (the
article said with it kept, for a reply in the customer's words).
Nothing is returned when the words after the question name no thing ("do you do
anything on Friday?", "I need a time next week", "do you have parking?"): only
calendar, booking and stop words, or words the lexicon lists as not services.
Whether the business offers it is the caller's question (see `services`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from bookbot.agent.nlu.lexicon import alternation, lexicon
from bookbot.agent.nlu.normalize import normalize

_WORD = re.compile(r"[a-z][a-z'-]*")
_MAX_WORDS = 3


@lru_cache(maxsize=8)
def _asks(lang: str) -> re.Pattern[str]:
    return re.compile(lexicon(lang).regex("service_asked"))


@lru_cache(maxsize=8)
def _stop(lang: str) -> re.Pattern[str]:
    words = lexicon(lang).words["asked_stops"]
    return re.compile(rf"[^a-z' -]|\b(?:{alternation(words)})\b")


def asked_for(text: str, lang: str = "en") -> str | None:
    """The thing `text` asks for ("teeth whitening"), if it names one."""
    lex = lexicon(lang)
    t = normalize(text, lang).text
    found = _asks(lang).search(t)
    if found is None:
        return None
    rest = t[found.end() :]
    stop = _stop(lang).search(rest)
    words = _WORD.findall(rest[: stop.start()] if stop else rest)
    singular = lex.word_list("indefinite_articles")
    article = words[0] if words and words[0] in singular else None
    while words and words[0] in (*singular, *lex.word_list("asked_articles")):
        words = words[1:]
    if not words or len(words) > _MAX_WORDS:
        return None
    plain = set(lex.stopwords) | lex.generic_service_words | set(lex.words["not_services"])
    calendar = set(lex.weekdays) | set(lex.months) | set(lex.weekday_plurals) | set(lex.dayparts)
    if any(w in lex.words["not_services"] or w in calendar for w in words):
        return None
    if all(w in plain or w.rstrip("s") in plain for w in words):
        return None
    return " ".join([article, *words] if article else words)
