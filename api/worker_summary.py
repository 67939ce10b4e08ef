"""The worker's one-line summary of a pass, saying what waits for the quiet hours.

'2026-03-09 13:00:00Z enqueued 3 (reminder 2, progress 1); sent 3, retrying 0,
failed 0' by day. Inside the business's quiet hours it adds until when (local
time) and what waits for then: outbox rows whose next try is at the end of the
quiet hours, and due messages the policy holds until then (not enqueued at
night, see service.proactive), e.g. '; quiet hours until 08:00 Tue 10 Mar
(Europe/Zurich): 2 waiting (progress 1, reminder 1)'.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker

from bookbot.core.config import Business
from bookbot.core.notifications import due_messages
from bookbot.core.quiet_hours import QuietHours
from bookbot.service.delivery import DeliveryReport
from bookbot.service.proactive import read_state
from bookbot.store import outbox
from bookbot.store.columns import utc
from bookbot.store.outbox_waiting import kinds_waiting_until


def summary(
    now: datetime, kinds: Counter[str], report: DeliveryReport, quiet: str | None = None
) -> str:
    """The pass in one line (and ', deferred N' when rows due in quiet hours were
    moved to their end; `quiet` from `quiet_hours_note`)."""
    enqueued = f"enqueued {sum(kinds.values())}" + _detail(kinds)
    delivered = f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}"
    if report.deferred:
        delivered += f", deferred {report.deferred}"
    line = f"{now.astimezone(UTC):%Y-%m-%d %H:%M:%S}Z {enqueued}; {delivered}"
    return line if quiet is None else f"{line}; {quiet}"


def quiet_hours_note(
    session_factory: sessionmaker[Session], business: Business, *, now: datetime
) -> str | None:
    """'quiet hours until 08:00 Tue 10 Mar (Europe/Zurich): 2 waiting (reminder 2)',
    or None outside the quiet hours."""
    quiet = QuietHours.of(business)
    if quiet is None or not quiet.contains(now):
        return None
    until = quiet.after(now)
    with session_factory() as session:
        waiting = kinds_waiting_until(session, moment=until) + held_by_policy(
            session, business, now=now
        )
    local = until.astimezone(business.zone)
    when = f"{local:%H:%M} {local:%a} {local.day} {local:%b} ({business.timezone})"
    if not waiting:
        return f"quiet hours until {when}: nothing waiting"
    return f"quiet hours until {when}: {sum(waiting.values())} waiting{_detail(waiting)}"


def held_by_policy(session: Session, business: Business, *, now: datetime) -> Counter[str]:
    """Due messages the policy holds until the quiet hours end (not in the outbox yet)."""
    moment = utc(now)
    groups, completions = read_state(session, business, now=moment)
    due = due_messages(business, groups, completions, now=moment)
    held = [m for m in due if m.send_after > moment]
    taken = outbox.existing_keys(session, keys=[m.key for m in held])
    return Counter(m.kind.value for m in held if m.key not in taken)


def _detail(kinds: Counter[str]) -> str:
    detail = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
    return f" ({detail})" if detail else ""
