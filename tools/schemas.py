"""Arguments and results of the tools. Field descriptions are the schema the
model reads, so they say what to pass in the customer's terms."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

LOCAL_DATETIME = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$"
LOCAL_DATE = r"^\d{4}-\d{2}-\d{2}$"


class Args(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Result(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- arguments -------------------------------------------------------------


class ListServicesArgs(Args):
    pass


class FindServiceArgs(Args):
    query: str = Field(description="What the customer asked for, in their words")


class CheckAvailabilityArgs(Args):
    service_id: str  # the system prompt lists every service with its service_id
    date_from: str | None = Field(
        default=None, pattern=LOCAL_DATE, description="First local day (YYYY-MM-DD)"
    )
    date_to: str | None = Field(
        default=None,
        pattern=LOCAL_DATE,
        description="Last local day (YYYY-MM-DD); default: date_from + 6 days",
    )
    session_number: int | None = Field(
        default=None, ge=1, description="Which session of the plan; default: the next one"
    )


class ProposeScheduleArgs(Args):
    service_id: str  # the system prompt lists every service with its service_id
    starts: list[str] = Field(
        min_length=1,
        description=(
            "Local starts (YYYY-MM-DDTHH:MM). Immediate: session 1 only (the rest is "
            "planned); sequential: the next session; flexible: one per session to book"
        ),
    )


class BookGroupArgs(Args):
    proposal_id: str = Field(
        description="The proposal_id the customer said yes to"
    )


class GetProgressArgs(Args):
    service_id: str | None = Field(
        default=None, description="Only this service's plan; default: all of the customer's plans"
    )


class ListBookingsArgs(Args):
    include_past: bool | None = Field(
        default=None, description="Also list past sessions (default: upcoming only)"
    )


class RescheduleArgs(Args):
    service_id: str
    session_number: int | None = Field(
        default=None, ge=1, description="The session to move (default: the next upcoming one)"
    )
    new_start: str | None = Field(
        default=None, pattern=LOCAL_DATETIME, description="New local start (YYYY-MM-DDTHH:MM)"
    )
    proposal_id: str | None = Field(
        default=None,
        description="Only to apply a preview after a clear yes; empty: preview",
    )


class CancelArgs(Args):
    service_id: str
    session_number: int | None = Field(
        default=None, ge=1, description="One session to cancel; empty: every upcoming session"
    )
    proposal_id: str | None = Field(
        default=None,
        description="Only to apply a preview after a clear yes; empty: preview",
    )


# --- results ---------------------------------------------------------------


class SessionView(Result):
    number: int
    of: int
    start: str = Field(description="Local start, YYYY-MM-DDTHH:MM")
    when: str = Field(description="The start as the customer should read it")
    duration_minutes: int
    name: str | None = None
    status: str | None = None
    moved: bool | None = Field(
        default=None,
        description="Reschedule previews: true for a session whose time changes, "
        "false for one that stays as it is",
    )
    service_id: str | None = None
    service_name: str | None = None


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


class AvailabilityDay(Result):
    date: str
    weekday: str
    times: list[str]


class BookingWindow(Result):
    """Where the next session of a sequential plan may go."""

    earliest_day: str
    latest_day: str | None = None
    suggested_day: str


class AvailabilityResult(Result):
    service_id: str
    session_number: int
    days: list[AvailabilityDay]
    window: BookingWindow | None = Field(
        default=None,
        description="Sequential plans: the days the next session may be booked on; "
        "only those days are searched",
    )
    note: str | None = None


class ConflictView(Result):
    rule: str
    session: int
    message: str
    requested: str | None = None
    alternatives: list[str] = Field(default_factory=list)
    alternatives_when: list[str] = Field(default_factory=list)
    earliest_day: str | None = None
    latest_day: str | None = None
    suggested_day: str | None = None


class ProposalResult(Result):
    ok: bool
    service_id: str
    service_name: str
    proposal_id: str | None = None
    kind: str | None = None
    sessions: list[SessionView] = Field(
        default_factory=list,
        description="The sessions to book or cancel; for a reschedule, the whole new plan "
        "in date order (every session, `moved` marking the ones whose time changes)",
    )
    moved_sessions: list[int] = Field(
        default_factory=list,
        description="Reschedule previews: the current numbers of the sessions that move",
    )
    total_price: str | None = None
    sessions_left_after: int | None = None
    conflict: ConflictView | None = None
    next_step: str | None = None


class BookingResult(Result):
    booked: bool
    already_done: bool = False
    service_id: str
    service_name: str
    kind: str
    sessions: list[SessionView]
    completed: int | None = None
    booked_total: int | None = None
    remaining_unscheduled: int | None = None
    conflict: ConflictView | None = None
    message: str | None = None


class NextActionView(Result):
    kind: str
    session: int | None = None
    at: str | None = None
    earliest_day: str | None = None
    latest_day: str | None = None
    suggested_day: str | None = None


class PlanProgressView(Result):
    service_id: str
    service_name: str
    strategy: str
    total: int
    completed: int
    booked: int
    remaining_unscheduled: int
    sessions: list[SessionView]
    next_action: NextActionView
    package_expires_on: str | None = None


class ProgressResult(Result):
    plans: list[PlanProgressView]


class BookingsResult(Result):
    bookings: list[SessionView]
