"""Services: list, read, create, replace (PUT) and change (PATCH).

A write is validated by the core's config models (422 naming each bad field),
saved to the database in one transaction, and handed to
`runtime.reload_business`, so the bot books with it from the next message on.
"""

# No `from __future__ import annotations`: FastAPI and pydantic read these
# signatures and fields at definition time.

from typing import Annotated, Any

from fastapi import APIRouter, Body, status

from bookbot.api.admin.deps import AdminDep, BusinessEditor, EditorDep
from bookbot.api.admin.errors import AdminRoute, InvalidInput, Problem
from bookbot.api.admin.schemas import ServiceOut
from bookbot.api.admin.service_config import merged, validated_business
from bookbot.core.config import Business
from bookbot.core.errors import InvalidTransitionError
from bookbot.store.business_file import service_to_mapping

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

router = APIRouter(route_class=AdminRoute, tags=["admin: services"])


@router.get("/services")
def list_services(_admin: AdminDep, editor: EditorDep) -> list[ServiceOut]:
    """The business's active services, in their configured order."""
    return [ServiceOut.of(s) for s in editor.current().services]


@router.get("/services/{service_id}")
def read_service(service_id: str, _admin: AdminDep, editor: EditorDep) -> ServiceOut:
    return ServiceOut.of(editor.current().service(service_id))


@router.post("/services", status_code=status.HTTP_201_CREATED)
def create_service(body: ServiceBody, _admin: AdminDep, editor: EditorDep) -> ServiceOut:
    """Add a service (a retired one with the same id comes back with this configuration)."""
    business = editor.current()
    service_id = body.get("id")
    if any(s.id == service_id for s in business.services):
        raise InvalidTransitionError(
            f"service {service_id!r} exists; change it with PUT or PATCH "
            f"/admin/api/services/{service_id}"
        )
    new = validated_business(business, body)
    return _saved(editor, new, new.services[-1].id)


@router.put("/services/{service_id}")
def replace_service(
    service_id: str, body: ServiceBody, _admin: AdminDep, editor: EditorDep
) -> ServiceOut:
    """Replace a service's whole configuration (fields left out take their defaults)."""
    business = editor.current()
    business.service(service_id)  # 404 for an unknown id
    _same_id(service_id, body)
    new = validated_business(business, {**body, "id": service_id})
    return _saved(editor, new, service_id)


@router.patch("/services/{service_id}")
def change_service(
    service_id: str, body: ServiceBody, _admin: AdminDep, editor: EditorDep
) -> ServiceOut:
    """Change some fields: each key given replaces the current one, null resets it."""
    business = editor.current()
    _same_id(service_id, body)
    mapping = merged(service_to_mapping(business.service(service_id)), body)
    new = validated_business(business, {**mapping, "id": service_id})
    return _saved(editor, new, service_id)


def _saved(editor: BusinessEditor, business: Business, service_id: str) -> ServiceOut:
    return ServiceOut.of(editor.save_service(business, service_id).service(service_id))


def _same_id(service_id: str, body: dict[str, Any]) -> None:
    given = body.get("id", service_id)
    if given != service_id:
        reason = f"a service keeps its id (bookings refer to it): {given!r} is not {service_id!r}"
        raise InvalidInput([Problem(("id",), reason)])
