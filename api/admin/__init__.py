"""The admin REST API (`/admin/api`, bearer token) and the dashboard page (`/admin`).

    router           everything, as one APIRouter (`create_app` includes it)

    deps             what the routes depend on: AdminDep (the token check),
                     ActingDep, PresenterDep; the rest is api/deps.py's
    filters          the date range and phone filters the lists share
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
    routes_handoff   human handoff: the inbox of threads waiting for a person, a
                     thread's transcript, take over, staff reply, hand back
    acting           those actions through the chat's tools (one module to re-point)
    page             the dashboard page and its static files
    demo_seed        demo customers and plans for `bookbot demo` (the guide's Marie and Thomas)

Each routes module holds a module-level `router`; its routes take what they need
as `Annotated` dependencies (`AdminDep`, `SessionDep`, `NowDep`, `BusinessDep`),
read from the app's state (`api/deps.py`), so a test serves them over its own
runtime and frozen clock through `create_app`.

May import everything below it (agent, tools, store, core). Reads go through
`bookbot.store.admin_queries` / `admin_transcripts`, service edits through
`bookbot.store.services_admin`, status changes through `bookbot.store.status`.
"""

from __future__ import annotations

from fastapi import APIRouter

from bookbot.api.admin import (
    page,
    routes_act,
    routes_business,
    routes_calendar,
    routes_export,
    routes_handoff,
    routes_insights,
    routes_plans,
    routes_services,
)

API_PREFIX = "/admin/api"

router = APIRouter()
for _routes in (
    routes_insights,
    routes_plans,
    routes_services,
    routes_calendar,
    routes_act,
    routes_business,
    routes_export,
    routes_handoff,
):
    router.include_router(_routes.router, prefix=API_PREFIX)
router.include_router(page.router)

__all__ = ["API_PREFIX", "router"]
