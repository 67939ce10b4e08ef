"""Services: list, read, create, replace (PUT) and change (PATCH).

A write is validated by the core's config models (422 naming each bad field),
saved to the database in one transaction, and handed to
`runtime.reload_business`, so the bot books with it from the next message on.
"""

# No `from __future__ import annotations` here: FastAPI reads the route
# signatures at definition time, and SessionDep/AdminDep are local to `build`.

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, status
from sqlalchemy.orm import Session

from bookbot.api.admin.context import Admin, AdminContext
from bookbot.api.admin.errors import AdminRoute, InvalidInput, Problem
from bookbot.api.admin.schemas import ServiceOut
from bookbot.api.admin.service_config import merged, validated_business
from bookbot.core.config import Business
from bookbot.core.errors import InvalidTransitionError
from bookbot.store.business_file import service_to_mapping
from bookbot.store.businesses import load_business
from bookbot.store.services_admin import save_service

SERVICE_EXAMPLE = {
    "id": "physiotherapy",
    "name": "Physiotherapy Treatment Plan",
    "requires_multiple_sessions": True,
    "total_sessions_required": 6,
    "multi_session_strategy": "sequential",
    "session_buffer_config": {"minimum_days": 2, "maximum_days": 7, "recommended_days": 3},
    "duration_minutes": 45,
}
ServiceBody = Annotated[
    dict[str, Any],
    Body(description="A service in the business YAML's form", examples=[SERVICE_EXAMPLE]),
]


def build(ctx: AdminContext) -> APIRouter:
    router = APIRouter(route_class=AdminRoute, tags=["admin: services"])
    SessionDep = Annotated[Session, Depends(ctx.session)]
    AdminDep = Annotated[Admin, Depends(ctx.admin)]

    def current(session: Session) -> Business:
        return load_business(session, ctx.business.name)

    def write(session: Session, business: Business, service_id: str) -> ServiceOut:
        saved = save_service(session, business=business, service_id=service_id, at=ctx.now())
        session.commit()
        ctx.runtime.reload_business(saved)
        return ServiceOut.of(saved.service(service_id))

    @router.get("/services")
    def list_services(_admin: AdminDep, session: SessionDep) -> list[ServiceOut]:
        """The business's active services, in their configured order."""
        return [ServiceOut.of(s) for s in current(session).services]

    @router.get("/services/{service_id}")
    def read_service(service_id: str, _admin: AdminDep, session: SessionDep) -> ServiceOut:
        return ServiceOut.of(current(session).service(service_id))

    @router.post("/services", status_code=status.HTTP_201_CREATED)
    def create_service(body: ServiceBody, _admin: AdminDep, session: SessionDep) -> ServiceOut:
        """Add a service (a retired one with the same id comes back with this configuration)."""
        business = current(session)
        service_id = body.get("id")
        if any(s.id == service_id for s in business.services):
            raise InvalidTransitionError(
                f"service {service_id!r} exists; change it with PUT or PATCH "
                f"/admin/api/services/{service_id}"
            )
        new = validated_business(business, body)
        return write(session, new, new.services[-1].id)

    @router.put("/services/{service_id}")
    def replace_service(
        service_id: str, body: ServiceBody, _admin: AdminDep, session: SessionDep
    ) -> ServiceOut:
        """Replace a service's whole configuration (fields left out take their defaults)."""
        business = current(session)
        business.service(service_id)  # 404 for an unknown id
        _same_id(service_id, body)
        new = validated_business(business, {**body, "id": service_id})
        return write(session, new, service_id)

    @router.patch("/services/{service_id}")
    def change_service(
        service_id: str, body: ServiceBody, _admin: AdminDep, session: SessionDep
    ) -> ServiceOut:
        """Change some fields: each key given replaces the current one, null resets it."""
        business = current(session)
        _same_id(service_id, body)
        mapping = merged(service_to_mapping(business.service(service_id)), body)
        new = validated_business(business, {**mapping, "id": service_id})
        return write(session, new, service_id)

    return router


def _same_id(service_id: str, body: dict[str, Any]) -> None:
    given = body.get("id", service_id)
    if given != service_id:
        reason = f"a service keeps its id (bookings refer to it): {given!r} is not {service_id!r}"
        raise InvalidInput([Problem(("id",), reason)])
