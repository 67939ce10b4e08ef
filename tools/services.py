"""list_services and find_service: what the business offers."""

from __future__ import annotations

import difflib
import re

from pydantic import Field

from bookbot.core.config import Business, Service
from bookbot.prompts import facts
from bookbot.tools.arguments import Args, Result
from bookbot.tools.context import ToolContext

_WORD = re.compile(r"[a-z0-9]+")


class ListServicesArgs(Args):
    pass


class FindServiceArgs(Args):
    query: str = Field(description="The customer's words")


class GapView(Result):
    from_session: int
    to_session: int
    minimum_days: int
    maximum_days: int | None = None
    target_days: int


class ServiceView(Result):
    service_id: str
    name: str
    description: str | None = None
    strategy: str
    how_booking_works: str
    total_sessions: int
    sessions: list[str]
    gaps: list[GapView]
    spacing: str
    price: str
    package_expiry_days: int | None = None


class ServicesResult(Result):
    services: list[ServiceView]


def list_services(ctx: ToolContext, args: ListServicesArgs) -> ServicesResult:
    """Every service: sessions, spacing, booking strategy, price."""
    return ServicesResult(services=[service_view(ctx.business, s) for s in ctx.business.services])


def find_service(ctx: ToolContext, args: FindServiceArgs) -> ServicesResult:
    """Services matching the customer's words, best first; empty when none fits."""
    words = _WORD.findall(args.query.lower())
    scored = [(_score(words, s), i, s) for i, s in enumerate(ctx.business.services)]
    hits = sorted((t for t in scored if t[0] >= 0.6), key=lambda t: (-t[0], t[1]))
    return ServicesResult(services=[service_view(ctx.business, s) for _, _, s in hits])


def _score(query_words: list[str], service: Service) -> float:
    phrases = [service.id.replace("-", " "), service.name, *service.trigger_words]
    words = {w for p in phrases for w in _WORD.findall(p.lower()) if len(w) > 2}
    text = " ".join(query_words)
    score = 0.0
    for phrase in service.trigger_words:
        if phrase.lower() in text:
            score += 2 + len(phrase) / 20
    for word in query_words:
        if len(word) <= 2:
            continue
        if word in words:
            score += 1
        elif difflib.get_close_matches(word, words, n=1, cutoff=0.8):
            score += 0.6
    return score


def service_view(business: Business, service: Service) -> ServiceView:
    n = service.total_sessions
    sessions = [
        f"{k}. {service.session_name(k) or f'Session {k}'} ({service.session_duration(k)} min)"
        for k in range(1, n + 1)
    ]
    gaps = [
        GapView(
            from_session=k,
            to_session=k + 1,
            minimum_days=gap.minimum,
            maximum_days=gap.maximum,
            target_days=gap.target,
        )
        for k in range(1, n)
        for gap in [service.gap(k)]
    ]
    return ServiceView(
        service_id=service.id,
        name=service.name,
        description=service.description,
        strategy=service.strategy.value if n > 1 else "single",
        how_booking_works=facts.strategy_text(service),
        total_sessions=n,
        sessions=sessions,
        gaps=gaps,
        spacing=facts.buffer_text(service) if n > 1 else "",
        price=facts.price_text(service, business.currency),
        package_expiry_days=service.package_expiry_days,
    )
