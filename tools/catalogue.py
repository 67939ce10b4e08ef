"""The registry of every tool, in the order the model sees them."""

from __future__ import annotations

from bookbot.tools.catalog import check_availability, find_service, list_services
from bookbot.tools.changes import cancel_booking, reschedule_session
from bookbot.tools.context import ToolContext
from bookbot.tools.planning import book_group, propose_schedule
from bookbot.tools.progress_tools import get_progress, list_bookings
from bookbot.tools.registry import ToolRegistry


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
    ):
        registry.tool(tool)
    return registry


TOOL_NAMES = build_registry().names
