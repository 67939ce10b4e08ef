"""The tools the model is given, in the order it sees them, as one registry."""

from __future__ import annotations

from bookbot.tools.availability import check_availability
from bookbot.tools.changes import cancel_booking, reschedule_session
from bookbot.tools.context import ToolContext
from bookbot.tools.handoff import request_human
from bookbot.tools.planning import book_group, propose_schedule
from bookbot.tools.progress import get_progress, list_bookings
from bookbot.tools.registry import ToolRegistry
from bookbot.tools.services import find_service, list_services


def build_registry() -> ToolRegistry[ToolContext]:
    registry: ToolRegistry[ToolContext] = ToolRegistry()
    for tool in (
        list_services,
        find_service,
        check_availability,
        propose_schedule,
        book_group,
        get_progress,
        list_bookings,
        reschedule_session,
        cancel_booking,
        request_human,
    ):
        registry.tool(tool)
    return registry


TOOL_NAMES = build_registry().names
