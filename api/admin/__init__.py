"""The admin REST API (`/admin/api`, bearer token) and the dashboard page (`/admin`).

    build_admin_router(runtime, clock=...)    everything, as one APIRouter

    context          the dependencies: runtime, clock, session, token check
    errors           AdminRoute: bookbot errors -> 404 / 409 / 422 JSON
    schemas          response and request bodies
    views            the guide's multi-session and package views of a plan
    service_config   service configurations checked by the core's models
    routes_services  services: list, read, create, PUT, PATCH
    routes_plans     overview, bookings, groups, mark completed / no-show / cancel
    routes_insights  customers, transcripts, analytics
    routes_business  opening hours and closures, checked as the YAML is
    routes_export    bookings as CSV
    routes_calendar  a day or week of sessions per service, load against capacity
    routes_act       book, move, cancel for a customer; act on a Next Action
    acting           those actions through the chat's tools (one module to re-point)
    page             the dashboard page and its static files
    demo_seed        demo customers and plans (the guide's Marie and Thomas)

May import everything below it (agent, tools, store, core). Reads go through
`bookbot.store.admin_queries` / `admin_transcripts`, service edits through
`bookbot.store.services_admin`, status changes through `bookbot.store.status`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import APIRouter

from bookbot.agent.runtime import Runtime
from bookbot.api.admin import (
    page,
    routes_act,
    routes_business,
    routes_calendar,
    routes_export,
    routes_insights,
    routes_plans,
    routes_services,
)
from bookbot.api.admin.context import AdminContext

API_PREFIX = "/admin/api"


def build_admin_router(runtime: Runtime, *, clock: Callable[[], datetime]) -> APIRouter:
    """The admin API and dashboard over `runtime`; `clock` gives the (aware) now."""
    ctx = AdminContext(runtime, clock)
    router = APIRouter()
    for module in (
        routes_insights,
        routes_plans,
        routes_services,
        routes_calendar,
        routes_act,
        routes_business,
        routes_export,
    ):
        router.include_router(module.build(ctx), prefix=API_PREFIX)
    router.include_router(page.build())
    return router


__all__ = ["API_PREFIX", "build_admin_router"]
