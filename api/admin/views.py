"""The per-customer plan views of the product guide, from the core's progress.

A plan (immediate or sequential strategy) reads as the guide's "Multi-Session
View"; a package (flexible strategy) as its "Package Management" view:

    Progress: 2 of 3 complete
    ✅ Session 1: Tue 10 Mar 2026, 14:00 - Completed
    📅 Session 3: Thu 23 Apr 2026, 14:00 - Confirmed
    Next Action: Send Session 3 reminder on Wed 22 Apr 2026, 14:00

    Progress: 7 of 10 booked, 4 completed
    ✅ Lesson 1: Mon 16 Mar 2026, 17:00 - Completed
    Remaining: 3 unscheduled lessons

Every time reads with weekday, date and time in the business's time zone, so two
plans booked the same day still read apart. A no-show is listed but not counted
as booked ("2 of 10 booked, 1 completed, plus 1 no-show"), so the counts match
the lines below them. A group keeps the session count it was sold with even if
the service's configuration changed since.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bookbot.api.admin.schemas import CustomerOut, NextActionOut, PlanOut, SessionOut
from bookbot.api.admin.timefmt import day_text, when_text
from bookbot.core.config import Business, Service, Strategy
from bookbot.core.errors import NotFoundError
from bookbot.core.progress import NextAction, NextActionKind, Progress, progress
from bookbot.core.types import BookingStatus, SessionState
from bookbot.store.admin_queries import AdminPlan

ICONS = {
    BookingStatus.COMPLETED: "✅",
    BookingStatus.CONFIRMED: "📅",
    BookingStatus.NO_SHOW: "❌",
    BookingStatus.CANCELLED: "🚫",
}
WORDS = {
    BookingStatus.COMPLETED: "Completed",
    BookingStatus.CONFIRMED: "Confirmed",
    BookingStatus.NO_SHOW: "No-show",
    BookingStatus.CANCELLED: "Cancelled",
}


def unit(service: Service) -> str:
    """What one session is called: lessons for a driving school, sessions otherwise."""
    return "Lesson" if "lesson" in service.name.lower() else "Session"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun.lower()}{'' if count == 1 else 's'}"


class PlanPresenter:
    """Turns one stored plan into its view, at `now`, for `business`."""

    def __init__(self, business: Business, now: datetime) -> None:
        self.business = business
        self.now = now
        self.zone = business.zone

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def view(self, plan: AdminPlan) -> PlanOut:
        group = plan.group
        service = self.as_sold(group.service_id, group.total_sessions, Strategy(group.strategy))
        states = [SessionState(b.session_number, b.start, b.end, b.status) for b in plan.bookings]
        state = progress(
            service,
            states,
            self.now,
            zone=self.zone,
            expires_at=group.package_expires_at,
            is_open=self.business.is_open,
        )
        noun = unit(service)
        sessions = [
            SessionOut(
                booking_id=b.id,
                number=b.session_number,
                name=service.session_name(b.session_number),
                start=b.start,
                end=b.end,
                status=b.status,
                when=when_text(b.start, self.zone),
                label=f"{noun} {b.session_number}: "
                f"{when_text(b.start, self.zone)} - {WORDS[b.status]}",
                can_mark=b.status is BookingStatus.CONFIRMED and b.start <= self.now,
            )
            for b in sorted(plan.bookings, key=lambda b: (b.start, b.session_number))
        ]
        action = self.next_action(state.next_action, state, noun)
        if group.status == "cancelled":
            action = NextActionOut(kind="cancelled", text="None - the plan was cancelled")
        package = group.strategy == Strategy.FLEXIBLE.value and group.total_sessions > 1
        expires_in = None
        if group.package_expires_at is not None:
            expires_in = (self.local_day(group.package_expires_at) - self.local_day(self.now)).days
        out = PlanOut(
            id=group.id,
            customer=CustomerOut.of(plan.customer),
            service_id=service.id,
            service_name=service.name,
            strategy=Strategy(group.strategy),
            view="package" if package else "plan",
            unit=noun,
            status=group.status,
            total=state.total,
            completed=state.completed,
            booked=state.booked,
            scheduled=state.completed + state.booked,
            no_shows=state.no_shows,
            remaining_unscheduled=state.remaining_unscheduled,
            percent_complete=round(100 * state.completed / state.total) if state.total else 0,
            created_at=group.created_at,
            title=f"{service.name} · booked {when_text(group.created_at, self.zone)}",
            expires_at=group.package_expires_at,
            expires_in_days=expires_in,
            next_action=action,
            sessions=sessions,
            summary=[],
        )
        return out.model_copy(update={"summary": self.summary(out)})

    def as_sold(self, service_id: str, total: int, strategy: Strategy) -> Service:
        """The service with the session count and strategy the plan was sold with
        (the configuration may have changed since); for a service retired since,
        a stand-in without buffers."""
        try:
            service = self.business.service(service_id)
        except NotFoundError:
            return Service(
                id=service_id,
                name=f"{service_id} (retired)",
                requires_multiple_sessions=total > 1,
                total_sessions_required=total,
                multi_session_strategy=strategy,
            )
        if (service.total_sessions, service.strategy) == (total, strategy):
            return service
        return service.model_copy(
            update={"total_sessions_required": total, "multi_session_strategy": strategy}
        )

    def progress_line(self, out: PlanOut) -> str:
        if out.view == "package":
            line = f"Progress: {out.scheduled} of {out.total} booked, {out.completed} completed"
        else:
            line = f"Progress: {out.completed} of {out.total} complete"
        if out.no_shows:
            line += f", plus {_plural(out.no_shows, 'no-show')} (not counted)"
        return line

    def summary(self, out: PlanOut) -> list[str]:
        """The guide's text view, line by line."""
        lines = [
            f"Customer: {out.customer.name or out.customer.phone}",
            f"Service: {out.service_name}",
            f"Strategy: {out.strategy.value.capitalize()}",
            "",
            self.progress_line(out),
        ]
        shown = [
            f"{ICONS[s.status]} {s.label}"
            for s in out.sessions
            if s.status is not BookingStatus.CANCELLED
        ]
        if out.view == "package":
            lines += ["", "Booked Sessions:", *shown, ""]
            lines.append(
                f"Remaining: {_plural(out.remaining_unscheduled, 'unscheduled ' + out.unit)}"
            )
            if out.expires_at is not None and out.expires_in_days is not None:
                lines.append(self.expiry_text(out.expires_at, out.expires_in_days))
        else:
            lines += [*shown, ""]
        lines.append(f"Next Action: {out.next_action.text}")
        return lines

    def expiry_text(self, expires_at: datetime, days: int) -> str:
        when = day_text(self.local_day(expires_at))
        if days < 0 or expires_at <= self.now:
            return f"Expired: {when}"
        return f"Expires: {when} (in {_plural(days, 'day')})"

    def next_action(self, action: NextAction, state: Progress, noun: str) -> NextActionOut:
        return NextActionOut(
            kind=action.kind,
            session=action.session,
            at=action.at,
            earliest=action.earliest,
            latest=action.latest,
            suggested=action.suggested,
            text=self.action_text(action, state, noun),
        )

    def action_text(self, action: NextAction, state: Progress, noun: str) -> str:
        kind, number = action.kind, action.session
        if kind is NextActionKind.DONE:
            return f"None - all {_plural(state.total, noun)} completed"
        if kind is NextActionKind.EXPIRED:
            return "None - the package has expired"
        if kind is NextActionKind.ATTEND and action.at is not None:
            hours = self.business.notifications.reminder_hours
            reminder = action.at - timedelta(hours=hours)
            if self.now < reminder:
                day = self.local_day(reminder)
                if day == self.local_day(self.now):
                    local_time = reminder.astimezone(self.zone)
                    return f"Send {noun} {number} reminder today at {local_time:%H:%M}"
                return f"Send {noun} {number} reminder on {when_text(reminder, self.zone)}"
            return f"{noun} {number} on {when_text(action.at, self.zone)}"
        if kind is NextActionKind.AWAIT_COMPLETION:
            return f"Mark {noun} {number} completed or no-show"
        if kind is NextActionKind.BOOK_FIRST:
            return f"Book {noun} 1"
        if kind is NextActionKind.BOOK_NEXT and action.suggested and action.earliest:
            window = f"from {day_text(action.earliest)}"
            if action.latest is not None:
                window = f"{day_text(action.earliest)} to {day_text(action.latest)}"
            late = "Overdue: " if self.local_day(self.now) > action.suggested else ""
            return f"{late}Book {noun} {number}, suggested {day_text(action.suggested)} ({window})"
        left = state.remaining_unscheduled
        return f"Invite to schedule the remaining {_plural(left, noun)}"
