"""What a message asks for: `detect_intents(text) -> set[Intent]`, keyword and regex based.

A message may carry several intents ("Hi, I'd like to book, how much is it?" is
greeting + book + price); `primary_intent` picks the one to act on first.
`OTHER_CUSTOMER` flags any attempt to see someone else's data: a name with a
possessive ("John's appointments", "my wife's booking"), a phone number or
e-mail address next to booking words, "other customers", "who else is booked",
a relative's booking ("my son Leo also has an appointment", "when is her session?").
A yes word that only acknowledges before a question ("ok. what do I have booked?")
adds no YES; "book the remaining sessions" books (it is no progress question).
Business facts a customer asks about have their own intents: POLICY (cancelling
or moving: notice, fees), VALIDITY (package expiry), OPENING (open on a day or a
holiday), CONTACT (phone, e-mail, address), HUMAN (a person, not the bot); and
CANCEL_ALL ("cancel all my appointments") comes with CANCEL. Every intent shown is
returned: "cancel Friday and what does a new package cost?" is CANCEL + PRICE.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from bookbot.agent.nlu.lexicon import generation, lexicon, phrase_alternation
from bookbot.agent.nlu.normalize import normalize
from bookbot.agent.nlu.yesno import ReplyKind, classify_reply


class Intent(StrEnum):
    BOOK = "book"
    AVAILABILITY = "availability"
    PLAN_INFO = "plan_info"
    PRICE = "price"
    PROGRESS = "progress"
    RESCHEDULE = "reschedule"
    CANCEL = "cancel"
    LIST_BOOKINGS = "list_bookings"
    SERVICES = "services"
    GREETING = "greeting"
    THANKS = "thanks"
    HELP = "help"
    YES = "yes"
    NO = "no"
    OTHER_CUSTOMER = "other_customer"
    CANCEL_ALL = "cancel_all"
    """Every plan, not one: "cancel all my appointments"; CANCEL comes with it."""
    POLICY = "policy"
    """What cancelling or moving costs or needs: "what happens if I cancel late?"."""
    VALIDITY = "validity"
    """How long a package lasts: "does the package expire?"."""
    OPENING = "opening"
    """Whether the business is open on a day: "are you open on Easter Monday?"."""
    CONTACT = "contact"
    """How to reach the business: "what's your phone number?"."""
    HUMAN = "human"
    """A person instead of the bot: "can I talk to someone?"."""


PRIORITY: tuple[Intent, ...] = (
    Intent.OTHER_CUSTOMER, Intent.CANCEL_ALL, Intent.CANCEL, Intent.RESCHEDULE,
    Intent.PROGRESS, Intent.LIST_BOOKINGS, Intent.POLICY, Intent.VALIDITY, Intent.PRICE,
    Intent.PLAN_INFO, Intent.OPENING, Intent.AVAILABILITY, Intent.BOOK, Intent.SERVICES,
    Intent.CONTACT, Intent.YES, Intent.NO, Intent.HELP, Intent.HUMAN, Intent.THANKS,
    Intent.GREETING,
)  # fmt: skip
"""Which intent to act on first when a message has several."""

_PHONE = re.compile(r"(?<![\w])\+?\d[\d\s().\-/]{7,}\d(?!\w)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")

_QUESTIONS = frozenset({
    Intent.LIST_BOOKINGS, Intent.PROGRESS, Intent.PRICE, Intent.PLAN_INFO, Intent.SERVICES,
    Intent.OTHER_CUSTOMER, Intent.HELP, Intent.AVAILABILITY, Intent.POLICY, Intent.VALIDITY,
    Intent.OPENING, Intent.CONTACT,
})  # fmt: skip
"""Intents that ask something: an "ok" before them acknowledges, it does not agree."""


@dataclass(frozen=True, slots=True)
class _Rules:
    by_intent: tuple[tuple[Intent, re.Pattern[str]], ...]
    possessive: re.Pattern[str]
    not_people: frozenset[str]
    book_remaining: re.Pattern[str]
    progress_question: re.Pattern[str]
    acknowledgement: re.Pattern[str]
    own_contact: re.Pattern[str]
    book_verb: re.Pattern[str]
    list_question: re.Pattern[str]
    booking_words: re.Pattern[str]
    next_session: re.Pattern[str]


@lru_cache(maxsize=8)
def _rules(code: str) -> _Rules:
    lex = lexicon(code)
    pairs = tuple(
        (intent, re.compile(phrase_alternation(lex.phrases[f"intent_{intent.value}"])))
        for intent in Intent
        if f"intent_{intent.value}" in lex.phrases
    )
    things = "|".join(lex.words["personal_things"])
    possessive = re.compile(rf"\b([a-z]+)'s\s+(?:\w+\s+)?(?:{things})\b")

    def one(key: str) -> re.Pattern[str]:
        return re.compile(lex.regex(key))

    # "fri's lesson", "tomorrow's session": a day's, no one's (months are also names:
    # "June's lesson" is June's)
    calendar = {*lex.weekdays, *lex.words["not_people"]} - lex.risky
    return _Rules(
        pairs, possessive, frozenset(calendar), one("book_remaining"),
        one("progress_question"), one("acknowledgement"), one("own_contact"), one("book_verb"),
        one("list_question"), one("booking_words"), one("next_session"),
    )  # fmt: skip


def detect_intents(text: str, lang: str = "en") -> set[Intent]:
    """Every intent the message shows; empty when it shows none we know."""
    return set(_detect_intents(text, lang, generation()))


@lru_cache(maxsize=4096)
def _detect_intents(text: str, lang: str, _generation: int) -> frozenset[Intent]:
    """`detect_intents`, cached: a turn reads the same text more than once."""
    rules = _rules(lang)
    t = normalize(text, lang).text
    found = _found(t, rules)
    if _other_customer(t, rules):
        found.add(Intent.OTHER_CUSTOMER)
    reply = classify_reply(text, lang)
    if reply.kind is ReplyKind.YES and not _acknowledges(reply.cues, found, rules):
        found.add(Intent.YES)
    elif reply.kind is ReplyKind.NO and not found & {Intent.CANCEL, Intent.POLICY}:
        found.add(Intent.NO)
    if Intent.CANCEL_ALL in found:
        found.add(Intent.CANCEL)
    if Intent.PROGRESS in found and _books_the_rest(t, rules):
        found.discard(Intent.PROGRESS)  # "book the remaining sessions" books them
        found.add(Intent.BOOK)
    if Intent.PROGRESS in found:
        found.discard(Intent.PLAN_INFO)
    if Intent.LIST_BOOKINGS in found and _books_not_lists(t, rules):
        found.discard(Intent.LIST_BOOKINGS)  # "book my next session" books, it does not list
    if found & {Intent.CANCEL, Intent.RESCHEDULE, Intent.LIST_BOOKINGS, Intent.PROGRESS}:
        found.discard(Intent.BOOK)
    if found & {Intent.CANCEL, Intent.RESCHEDULE, Intent.PROGRESS}:
        found.discard(Intent.LIST_BOOKINGS)
    return frozenset(found)


_ACTIONS = frozenset({Intent.CANCEL, Intent.RESCHEDULE, Intent.BOOK, Intent.PRICE})


def _found(t: str, rules: _Rules) -> set[Intent]:
    """The intents whose phrases the text holds. A question about the rules for
    cancelling ("what happens if I cancel late?") is no cancellation: actions (and a
    validity question, "until when can I cancel?") are looked for in the text without
    the policy question."""
    patterns = dict(rules.by_intent)
    found = {intent for intent, pattern in rules.by_intent if pattern.search(t)}
    policy = patterns.get(Intent.POLICY)
    if policy is None or Intent.POLICY not in found:
        return found
    rest = policy.sub(lambda m: " " * len(m.group()), t)
    for action in (_ACTIONS | {Intent.VALIDITY}) & found:
        if not patterns[action].search(rest):
            found.discard(action)
    return found


def primary_intent(intents: Iterable[Intent]) -> Intent | None:
    """The intent to act on first, by `PRIORITY`."""
    have = set(intents)
    return next((i for i in PRIORITY if i in have), None)


def _acknowledges(cues: tuple[str, ...], found: set[Intent], rules: _Rules) -> bool:
    """ "ok. what appointments do I have?": a yes word before a question only
    acknowledges; the question is what the message says."""
    if not found & _QUESTIONS or not cues:
        return False
    return all(rules.acknowledgement.match(" ".join(c.split())) for c in cues)


def _books_not_lists(t: str, rules: _Rules) -> bool:
    """ "book my next session" books, it does not list."""
    return bool(rules.book_verb.search(t)) and not rules.list_question.search(t)


def names_next_session(text: str, lang: str) -> bool:
    """The message lists bookings only by naming "the next session" with no question
    word ("nächste Einheit gern Montag den 13."): with a day said, a wish to book it."""
    rules = _rules(lang)
    t = normalize(text, lang).text
    if not rules.next_session.search(t) or rules.list_question.search(t):
        return False
    rest = rules.next_session.sub(lambda m: " " * len(m.group()), t)
    listing = dict(rules.by_intent).get(Intent.LIST_BOOKINGS)
    return listing is None or not listing.search(rest)


def _books_the_rest(t: str, rules: _Rules) -> bool:
    return bool(rules.book_remaining.search(t)) and not rules.progress_question.search(t)


_MY = re.compile(r"\b(?:my|our)\s+(?:little\s+|youngest\s+|eldest\s+|oldest\s+)?$")
_HOUSEHOLD = frozenset(
    "son daughter kid kids child boy girl lad wife husband partner mum mom mother dad father "
    "missus hubby one".split()
)  # fmt: skip


def _household(t: str, match: re.Match[str]) -> bool:
    """ "my son's lesson", "our little one's appointment": a child or partner the customer
    books for from this phone, so their own bookings; a name ("my son Leo's", "Anna's")
    may have a number of their own, whose data stays private."""
    return match.group(1) in _HOUSEHOLD and bool(_MY.search(t, 0, match.start(1)))


def _other_customer(t: str, rules: _Rules) -> bool:
    for match in rules.possessive.finditer(t):
        if match.group(1) in rules.not_people or _household(t, match):
            continue
        return True
    for pattern in (_PHONE, _EMAIL):
        for match in pattern.finditer(t):
            if sum(c.isdigit() for c in match.group()) < 9 and pattern is _PHONE:
                continue
            if rules.own_contact.search(t[: match.start()].rstrip()):
                continue
            if rules.booking_words.search(t):
                return True
    return False
