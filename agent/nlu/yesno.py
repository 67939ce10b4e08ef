"""The customer's answer to a proposal: yes, no, a change, or something else.

`classify_reply` reads the whole message:
- yes cues ("yes", "sounds good", "book it", 👍) with nothing against them -> YES;
- no cues ("no", "doesn't work", "cancel that") -> NO;
- a request for another day or time ("maybe another day", "a bit later"), a no
  that names a date or time ("no, Thursday instead"), a yes that names one with
  "but", a question or "instead" ("yes but can we do 3pm", "is Friday ok?"), or
  just a date or time ("how about Friday?") -> CHANGE;
- hesitation ("not sure", "let me check"), questions and anything else -> UNKNOWN.
A day the reply rules out ("no, Saturdays are bad for me") is not a wish: a plain
"no" that only rules days out is NO; "I can't do Friday" and "ok but not Tuesday"
ask for another day (CHANGE). Phrases like "no problem" count as yes. A yes that
names a date without asking
("yes, Friday works") stays YES with `mentions_when` set, so the caller can compare
it with its proposal. With both a yes and a no, the later cue wins ("no wait, yes").
`classify_yes_no` folds CHANGE into "no": the proposal as it stands is declined.

Safe by construction: a yes said with hesitation ("ok, let me think", "sí, bueno,
no sé"), with a reservation (someone to ask or something to check first, a
condition: "fine, but I must ask my wife", "vale, solo si me dan libre") or with a
question ("yes, is it the same price?", "passt, kostet das
gleich?") is UNKNOWN, never YES; "no problem" / "kein Problem" / "no hay problema"
are yes, "not sure" / "nicht sicher" / "no estoy seguro" hesitation. Without a
`lang`, the language is read from the message (en, de, es).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from functools import lru_cache
from typing import Literal

from bookbot.agent.nlu.lexicon import alternation, generation, lexicon
from bookbot.agent.nlu.normalize import normalize

DEFAULT_LANGUAGE = "en"
_ANY_NOW = datetime(2001, 1, 1, tzinfo=UTC)  # only whether a date is named matters here


class ReplyKind(StrEnum):
    YES = "yes"
    NO = "no"
    CHANGE = "change"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Reply:
    """What a reply means. `cues` are the phrases that decided it, for logs and tests."""

    kind: ReplyKind
    mentions_when: bool = False
    cues: tuple[str, ...] = ()

    @property
    def is_yes(self) -> bool:
        return self.kind is ReplyKind.YES


@dataclass(frozen=True, slots=True)
class _Cues:
    override: re.Pattern[str]
    hesitation: re.Pattern[str]
    reservation: re.Pattern[str]
    no: re.Pattern[str]
    yes: re.Pattern[str]
    contrast: re.Pattern[str]
    ask: re.Pattern[str]
    change: re.Pattern[str]
    plain_no: re.Pattern[str]
    question: re.Pattern[str]


@lru_cache(maxsize=8)
def _cues(code: str) -> _Cues:
    def one(key: str) -> re.Pattern[str]:
        return re.compile(lexicon(code).regex(key))

    keys = ("yes_override", "hesitation", "reservation", "no", "yes", "contrast", "ask",
            "change", "plain_no", "question")  # fmt: skip
    return _Cues(*(one(k) for k in keys))


def _take(pattern: re.Pattern[str], text: str) -> tuple[list[tuple[int, str]], str]:
    """Matches with their positions, and the text with them blanked out (what
    `pattern.sub` with spaces writes: it replaces the matches `finditer` finds), in
    one pass over the text."""
    found: list[tuple[int, str]] = []
    kept: list[str] = []
    done = 0
    for m in pattern.finditer(text):
        start, end = m.span()
        found.append((start, m.group()))
        kept += (text[done:start], " " * (end - start))
        done = end
    kept.append(text[done:])
    return found, "".join(kept)


def only_acknowledges(text: str, lang: str) -> bool:
    """A yes made only of words that take note ("right ok", "ah vale", "alles klar"):
    it agrees to nothing offered that was not asked as a question."""
    reply = classify_reply(text, lang)
    plain = _plain_acknowledgement(lang)
    return reply.is_yes and bool(reply.cues) and all(
        plain.match(" ".join(c.split())) for c in reply.cues
    )


@lru_cache(maxsize=8)
def _plain_acknowledgement(code: str) -> re.Pattern[str]:
    return re.compile(lexicon(code).regex("plain_acknowledgement"))


def classify_reply(text: str, lang: str | None = None) -> Reply:
    """Read a reply to a proposal; see the module docstring for the rules. `lang`
    None reads the language from the message itself (`detect_language`). A turn asks
    about the same text several times, so the answers are cached (they are immutable)."""
    return _classify_reply(text, lang, generation())


@lru_cache(maxsize=4096)
def _classify_reply(text: str, lang: str | None, _generation: int) -> Reply:
    read = _read_unmarked(text) if lang is None else _classify(text, lang)
    if read.kind is ReplyKind.UNKNOWN and not read.cues:
        return _misspelt_yes(text, lang) or read
    return read


def _misspelt_yes(text: str, lang: str | None) -> Reply | None:
    """A reply nothing was read in, read again with one word respelled ("basst",
    "jawoi", "sipi", "yse plz", see `respell`): a yes only when that reads as a plain yes."""
    from bookbot.agent.nlu.language import scores

    if lang is not None:
        return _respelled_in(text, lang)
    # read without its language (the service's confirmation check): in each language
    # its words mark most ("jawoi" marks none, so each is tried)
    points = scores(text)
    best = max(points.values(), default=0)
    for code in (c for c, p in points.items() if p == best):
        found = _respelled_in(text, code)
        if found is not None:
            return found
    return None


def _respelled_in(text: str, code: str) -> Reply | None:
    from bookbot.agent.nlu.respell import respelled_yes

    cues = _cues(code)

    def word_yes(word: str) -> bool:
        return bool(cues.yes.fullmatch(word) or cues.override.fullmatch(word))

    def plain_yes(respelled: str) -> bool:
        return _classify(respelled, code).kind is ReplyKind.YES

    t = normalize(text, code).text
    respelled = respelled_yes(t, code, word_yes, plain_yes)
    if respelled is None:
        return None
    return Reply(ReplyKind.YES, False, _classify(respelled, code).cues)


def _read_unmarked(text: str) -> Reply:
    """A reply read without its language: in the language its words mark. When they
    mark none or tie, in English ("no problem"); when English reads nothing in it
    ("jo", "sip", "jap"), in each of the other tied languages: a reading holds when
    every one that reads anything agrees ("jo" is a yes in German and unread in
    Spanish), else it is UNKNOWN ("jo eh": a yes in German, a hesitation in Spanish)."""
    from bookbot.agent.nlu.language import scores

    points = scores(text)
    best = max(points.values(), default=0)
    tied = [code for code, p in points.items() if p == best]
    if len(tied) == 1:
        return _classify(text, tied[0])
    first = _classify(text, DEFAULT_LANGUAGE)
    if first.kind is not ReplyKind.UNKNOWN or first.cues:
        return first
    read = [r for r in (_classify(text, code) for code in tied if code != DEFAULT_LANGUAGE)
            if r.kind is not ReplyKind.UNKNOWN or r.cues]  # fmt: skip
    if not read:
        return first
    if len({r.kind for r in read}) > 1:
        return Reply(ReplyKind.UNKNOWN, any(r.mentions_when for r in read))
    return read[0]


def _classify(text: str, code: str) -> Reply:
    from bookbot.agent.nlu.when import parse_when

    cues = _cues(code)
    t = normalize(text, code).text
    whens = parse_when(text, _ANY_NOW, lang=code)
    mentions_when = any(not w.excluded for w in whens)
    rules_out = len(whens) > len([w for w in whens if not w.excluded])
    yes, rest = _take(cues.override, t)
    hesitation, rest = _take(cues.hesitation, rest)
    hesitation = _without_particles(hesitation, t, code, cues)
    no, rest = _take(cues.no, rest)
    more_yes, rest = _take(cues.yes, rest)
    yes += more_yes
    said = tuple(p for _, p in sorted(yes + no)) or tuple(p for _, p in hesitation)
    if cues.change.search(t):
        kind = ReplyKind.CHANGE
    elif yes and no:
        later_yes = max(yes)[0] > max(no)[0]
        kind = ReplyKind.CHANGE if mentions_when else ReplyKind.YES if later_yes else ReplyKind.NO
    elif yes:
        kind = _yes_kind(t, cues, mentions_when, rules_out)
    elif no:
        plain = any(cues.plain_no.match(" ".join(p.split())) for _, p in no)
        kind = ReplyKind.CHANGE if mentions_when or (rules_out and not plain) else ReplyKind.NO
    else:
        kind = ReplyKind.CHANGE if mentions_when or rules_out else ReplyKind.UNKNOWN
    held = hesitation or _take(cues.reservation, t)[0]
    if kind is ReplyKind.YES and (held or _asks(t, cues)):
        # "ok let me think", "fine, but I must ask my wife first", "yes, is it the same price?"
        kind = ReplyKind.UNKNOWN
        said = tuple(p for _, p in held) or said
    return Reply(kind, mentions_when, said)


def _without_particles(
    hesitation: list[tuple[int, str]], t: str, code: str, cues: _Cues
) -> list[tuple[int, str]]:
    """A word that hesitates alone but firms up a yes it stands right beside
    (`yes_particles`: Austrian "passt eh", "eh klar"; Spanish "pues vale", "vale pues")
    is no hesitation there; with a pause or anything else between ("eh... ja",
    "pues... no sé") it still is."""
    particles = set(lexicon(code).word_list("yes_particles"))
    if not particles or not hesitation:
        return hesitation
    spans = [(m.start(), m.end()) for p in (cues.yes, cues.override) for m in p.finditer(t)]

    def firms_up(at: int, said: str) -> bool:
        end = at + len(said)
        return said.strip() in particles and any(
            (start > end and t[end:start].isspace()) or (at > stop and t[stop:at].isspace())
            for start, stop in spans
        )

    return [(at, said) for at, said in hesitation if not firms_up(at, said)]


def _yes_kind(t: str, cues: _Cues, mentions_when: bool, rules_out: bool) -> ReplyKind:
    wants = bool(cues.contrast.search(t) or cues.ask.search(t)) or "?" in t
    return ReplyKind.CHANGE if (mentions_when and wants) or rules_out else ReplyKind.YES


def _asks(t: str, cues: _Cues) -> bool:
    """A question after the yes words: the customer still asks something, so the yes
    is not an answer yet ("sounds good, is parking included?"); also one written
    without its question mark ("what time exactly", "stimmt das", "vale pero cuánto
    cuesta")."""
    return "?" in t or cues.question.search(t) is not None


def agrees_in_words(text: str, lang: str) -> bool:
    """A yes word with no no, no hesitation and no reservation beside it, whatever else
    the message says ("ja das passt so, bitte verschieben", "yes please move it"): the
    caller knows the action named is the one shown."""
    cues = _cues(lang)
    t = normalize(text, lang).text
    held = cues.no.search(t) or cues.hesitation.search(t) or cues.reservation.search(t)
    please = re.search(rf"(?<!\w)(?:{alternation(lexicon(lang).words['politeness'])})(?!\w)", t)
    return bool(cues.yes.search(t) or cues.override.search(t) or please) and not held


def concedes(text: str, lang: str) -> bool:
    """An "also" beside what is said ("saturday also i can manage", "freitag geht auch
    klar", "los miércoles también me sirven"): the customer accepts a day offered,
    not asks for one."""
    t = normalize(text, lang).text
    also = alternation(lexicon(lang).word_list("also"))
    return re.search(rf"(?<!\w)(?:{also})(?!\w)", t) is not None


def negates(text: str, lang: str) -> bool:
    """A negation anywhere ("don't cancel it", "nein, doch nicht", "mejor no"); the no
    cues are left out, as they hold the cancel words too ("cancel that")."""
    t = normalize(text, lang).text
    words = alternation([*lexicon(lang).words["negation"], *lexicon(lang).word_list("keep")])
    return re.search(rf"(?<!\w)(?:{words})(?!\w)", t) is not None


def classify_yes_no(text: str, lang: str | None = None) -> Literal["yes", "no"] | None:
    """ "yes", "no", or None when the reply is neither; a change request counts as "no"."""
    kind = classify_reply(text, lang).kind
    if kind is ReplyKind.YES:
        return "yes"
    if kind in (ReplyKind.NO, ReplyKind.CHANGE):
        return "no"
    return None
