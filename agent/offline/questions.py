"""A message that asks and acts at once ("what does the consultation cost? and can I
book a trial lesson on Sat 27.3. at 9"): its question clauses are answered first, and
the rest of the message is decided as if it came alone."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from bookbot.agent.offline import fact_answers, replies
from bookbot.agent.offline.understanding import Understanding
from bookbot.core.config import Business

QUESTIONS = frozenset({"price", "info", "services", *fact_answers.FACT_INTENTS})
ACTIONS = frozenset({"book", "cancel", "reschedule", "list", "progress", "availability"})
_CLAUSE_END = re.compile(r"(?<=[?!.;])\s+")


def _asks(u: Understanding) -> bool:
    """A question clause: no action asked, and no day unless the day is what is asked
    about ("is that the holiday weekend?", "are you open on the 3rd?")."""
    about_day = "opening" in u.intents
    acts = bool(u.intents & ACTIONS) or (u.has_when and not about_day)
    return bool(u.intents & QUESTIONS) and not acts


def _acts(u: Understanding) -> bool:
    return u.has_when or bool(u.intents & ACTIONS)


def split(
    u: Understanding, read: Callable[[str], Understanding]
) -> tuple[list[Understanding], Understanding] | None:
    """(the question clauses, the rest read alone) when the message has both; else None."""
    clauses = [c for c in _CLAUSE_END.split(u.text.strip()) if c]
    if len(clauses) < 2 or "policy" in u.intents:
        return None  # "I'm thinking of cancelling... until when is it free?": one question
    readings = [read(c) for c in clauses]
    asked = [r for r in readings if _asks(r)]
    rest = [r for r in readings if not _asks(r)]
    if not asked or not any(_acts(r) for r in rest):
        return None
    acting = read(" ".join(r.text for r in rest))
    offered = [s for r in asked if "services" in r.intents for s in r.services]
    both = [s for s in acting.services if s in offered]
    if both:
        # "wants to try piano. do u do trial lessons? could she come saturday": the rest
        # names the pack (piano) and the trial (try); the one asked about is meant ("do
        # you do X? and book me Y on friday" still books Y)
        acting = replace(acting, services=(both[0],), service_loose=False)
    return asked, acting


def answer(u: Understanding, business: Business, lang: str) -> str | None:
    """The answer to one question clause: the business facts, the price, the description."""
    service = business.service(u.services[0]) if u.services else None
    parts = [fact_answers.answer(u.intents, business, service, list(u.dates), lang)]
    if "price" in u.intents:
        chosen = [service] if service is not None else list(business.services)
        parts.extend(replies.price(business, s, lang) for s in chosen)
    elif "info" in u.intents and service is not None:
        parts.append(replies.describe(business, service, ask=False, lang=lang))
    text = "\n".join(p for p in parts if p)
    return text or None
