"""Independent date checker for evals/heldout14 (does not import bookbot).

It re-derives, from DESIGN.md's scheduling rules and the three business files, that every
expected booking of the held-out set is right:

- every weekday a customer message names matches the date the case means by it;
- every booking (setup and final) is a valid slot: inside one opening range, on the
  slot grid counted from that range's start, not on a closed date;
- every new booking starts at least `min_notice_hours` after the clock of the turn
  that booked it (the clock of the case's last customer message, the latest one);
- capacity holds and the customer is never in two sessions at once;
- each move/cancel case sits on the side of `reschedule_notice_hours` it claims, and
  the final state follows from that side (inside: unchanged; outside: applied);
- immediate plans are recomputed from session 1 with the planning rule (earliest
  day >= day(k) + target with a free slot, the free start closest to the preferred
  time, a tie to the earlier);
- sequential sessions lie inside [day(k) + min, day(k) + max] of the previous one;
- flexible sessions are at least the minimum apart; session numbers follow date order;
- hesitation cases end with no new booking;
- requests the customer makes that the business must refuse are really refusable
  (closed day, gap under the minimum, outside the window), and every date a reply
  must mention is a booked date or a date the rules name.

Run: python scripts/heldout/heldout14_dates.py  (exit 0 when every check passes)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parents[2] / "evals" / "heldout14"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

WEEKDAY_WORDS: dict[str, int] = {
    # English
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
    # German (incl. Swabian)
    "montag": 0, "dienstag": 1, "dienschdag": 1, "mittwoch": 2, "donnerstag": 3,
    "freitag": 4, "samstag": 5, "sonntag": 6,
    # Spanish
    "lunes": 0, "martes": 1, "miercoles": 2, "miércoles": 2, "jueves": 3, "viernes": 4,
    "sabado": 5, "sábado": 5, "domingo": 6,
}  # fmt: skip


@dataclass(frozen=True)
class Booking:
    service: str
    session: int
    start: datetime
    status: str


@dataclass(frozen=True)
class Case:
    id: str
    tags: tuple[str, ...]
    biz: dict[str, Any]
    zone: ZoneInfo
    now: datetime
    setup: tuple[Booking, ...]
    final: tuple[Booking, ...]
    user_clocks: tuple[tuple[str, datetime], ...]
    mentions: tuple[date, ...]


# Per-case facts the checker verifies: weekday words in messages, notice sides, refusals.
# weekdays: (word as written in a message, the date it means)
# notice: (booking start the customer wants to move/cancel, "inside" | "outside", kind)
# refused: (kind, details) that must really be refused under the rules
# rule_dates: dates a reply must mention that are not booked (named by a rule)
ANNOTATIONS: dict[str, dict[str, Any]] = {
    "ho14-en01-rehab-immediate-half-four": {"weekdays": [("thurs", "2027-01-14")]},
    "ho14-en02-rehab-past-boxing-day": {
        "weekdays": [("wednesday", "2026-12-23")],
        "closed": ["2026-12-26", "2026-12-27"],
    },
    "ho14-en03-pt-three-at-once": {
        "weekdays": [("mon", "2027-01-11"), ("wed", "2027-01-13"), ("fri", "2027-01-15")],
    },
    "ho14-en04-pt-two-same-day": {
        "weekdays": [("sat", "2027-01-16"), ("sunday", "2027-01-17"), ("monday", "2027-01-18")],
        "refused": [("gap", "pt-10-pack", "2027-01-16T07:00", "2027-01-16T09:00")],
        "closed": ["2027-01-17"],
    },
    "ho14-en05-pt-move-outside-notice": {
        "weekdays": [("thursday", "2027-01-21"), ("friday", "2027-01-22")],
        "notice": ("2027-01-21T17:00", "outside", "move"),
    },
    "ho14-en06-intro-cancel-inside-notice": {"notice": ("2027-02-02T07:00", "inside", "cancel")},
    "ho14-en07-pt-price-check-with-wife": {"weekdays": [("tue", None), ("thurs", None)]},
    "ho14-en08-intro-for-son-address": {"weekdays": [("sat", "2027-01-23")]},
    "ho14-en09-pt-progress-massage": {},
    "ho14-en10-intro-short-msgs-holiday-correction": {
        "weekdays": [("wed", "2026-12-16"), ("thurs", "2026-12-17")],
        "closed": ["2026-12-16"],
    },
    "ho14-de01-aligner-immediate-donnerstag": {"weekdays": [("donnerstag", "2027-01-14")]},
    "ho14-de02-aligner-past-christmas": {
        "weekdays": [("donnerstag", "2026-12-17")],
        "closed": ["2026-12-24", "2026-12-25", "2026-12-26", "2026-12-27"],
    },
    "ho14-de03-prophylaxe-three-swabian": {
        "weekdays": [
            ("dienschdag", "2027-01-12"),
            ("dienschdag", "2027-02-09"),
            ("dienschdag", "2027-03-09"),
        ],
    },  # fmt: skip
    "ho14-de04-prophylaxe-pair-too-close": {
        "refused": [("gap", "prophylaxe-karte", "2027-01-15T09:00", "2027-01-29T09:00")],
    },
    "ho14-de05-kontrolle-move-inside-notice": {
        "weekdays": [("mittwoch", "2027-01-20")],
        "notice": ("2027-01-19T09:00", "inside", "move"),
    },
    "ho14-de06-kontrolle-cancel-outside-notice": {
        "weekdays": [("freitag", "2027-02-05")],
        "notice": ("2027-02-05T11:00", "outside", "cancel"),
    },
    "ho14-de07-aligner-price-ueberlegen": {},
    "ho14-de08-kontrolle-tochter-viertel-nach-drei": {
        "weekdays": [("mittwoch", "2027-01-20"), ("donnerstag", "2027-01-21")],
        "refused": [("closed-at", "kontrolle", "2027-01-20T15:00")],
    },
    "ho14-de09-prophylaxe-progress-address": {},
    "ho14-de10-bleaching-then-kontrolle-short": {"weekdays": [("freitag", "2027-01-22")]},
    "ho14-es01-prp-second-inside-window": {"weekdays": [("jueves", "2027-01-07")]},
    "ho14-es02-prp-second-too-early-voseo": {
        "weekdays": [("martes", "2027-01-19"), ("martes", "2027-02-02")],
        "refused": [("window", "prp-capilar", "2027-01-19T10:00")],
        "rule_dates": ["2027-02-02"],
    },
    "ho14-es03-consulta-hablo-con-marido": {"weekdays": [("jueves", "2027-01-14")]},
    "ho14-es04-consulta-festivo-8-dic": {
        "weekdays": [("miercoles", "2026-12-09")],
        "closed": ["2026-12-08"],
    },
    "ho14-es05-prp-start-correction-chile": {
        "weekdays": [("lunes", "2027-01-11"), ("martes", "2027-01-12")],
    },
    "ho14-es06-prp-move-outside-notice-arg": {
        "weekdays": [("viernes", "2026-12-18"), ("sabado", "2026-12-19")],
        "notice": ("2026-12-18T10:00", "outside", "move"),
    },
    "ho14-es07-consulta-cancel-inside-notice": {"notice": ("2027-01-19T10:00", "inside", "cancel")},
    "ho14-es08-consulta-para-el-novio": {"weekdays": [("viernes", "2027-01-15")]},
    "ho14-es09-prp-short-msgs-price-address": {"weekdays": [("sabado", "2027-01-16")]},
    "ho14-es10-prp-progress-injerto": {},
}

errors: list[str] = []


def fail(case_id: str, message: str) -> None:
    errors.append(f"{case_id}: {message}")


def local(value: object, zone: ZoneInfo) -> datetime:
    text = str(value)  # a string, or a datetime YAML already parsed
    return datetime.fromisoformat(str(text)).replace(tzinfo=zone)


def service_of(biz: dict[str, Any], service_id: str) -> dict[str, Any]:
    return next(s for s in biz["services"] if s["id"] == service_id)


def duration(biz: dict[str, Any], service_id: str, session: int) -> timedelta:
    svc = service_of(biz, service_id)
    sessions = svc.get("sessions")
    minutes = svc["duration_minutes"]
    if sessions:
        minutes = sessions[session - 1].get("duration_minutes", minutes)
    return timedelta(minutes=minutes)


def total(biz: dict[str, Any], service_id: str) -> int:
    return int(service_of(biz, service_id).get("total_sessions_required", 1))


def gap_rule(biz: dict[str, Any], service_id: str, k: int) -> tuple[int, int | None, int]:
    """(minimum, maximum, target) days from session k to k+1, as DESIGN.md defines them."""
    cfg = service_of(biz, service_id).get("session_buffer_config") or {}
    minimum = cfg.get(
        f"session_{k}_to_{k + 1}_days", cfg.get("default_days", cfg.get("minimum_days", 0))
    )
    maximum = cfg.get("maximum_days")
    target = max(cfg.get("recommended_days", minimum), minimum)
    return int(minimum), maximum, int(target)


def strategy(biz: dict[str, Any], service_id: str) -> str:
    return str(service_of(biz, service_id).get("multi_session_strategy", "single"))


def is_closed_day(biz: dict[str, Any], day: date) -> bool:
    closed = {str(d) for d in biz.get("closed", [])}
    return day.isoformat() in closed or not biz["hours"].get(DAYS[day.weekday()])


def ranges(biz: dict[str, Any], day: date) -> list[tuple[time, time]]:
    if is_closed_day(biz, day):
        return []
    out = []
    for text in biz["hours"][DAYS[day.weekday()]]:
        a, b = text.split("-")
        out.append((time.fromisoformat(a), time.fromisoformat(b)))
    return out


def valid_slot(biz: dict[str, Any], start: datetime, length: timedelta) -> str | None:
    """None when `start` is a valid slot for a session of `length`, else why not."""
    day = start.date()
    if is_closed_day(biz, day):
        return f"{day} is closed"
    step = int(biz["slot_step_minutes"])
    for a, b in ranges(biz, day):
        open_at = datetime.combine(day, a, start.tzinfo)
        close_at = datetime.combine(day, b, start.tzinfo)
        if open_at <= start and start + length <= close_at:
            offset = int((start - open_at).total_seconds() // 60)
            if offset % step:
                return f"{start:%Y-%m-%d %H:%M} is off the {step}-minute grid from {a}"
            return None
    return f"{start:%Y-%m-%d %H:%M} (+{length}) is not inside opening hours"


def overlaps(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> bool:
    return a0 < b1 and b0 < a1


def parse_case(path: Path) -> Case:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    biz = yaml.safe_load((path.parent / data["business"]).read_text(encoding="utf-8"))
    zone = ZoneInfo(biz["timezone"])
    now = local(data["now"], zone)

    def bookings(items: list[dict[str, Any]]) -> tuple[Booking, ...]:
        return tuple(
            Booking(b["service"], int(b.get("session", 1)), local(b["start"], zone), b["status"])
            for b in items
        )

    clock, clocks, mentions = now, [], []
    for step in data["steps"]:
        if "advance_to" in step:
            clock = local(step["advance_to"], zone)
        if "user" in step:
            clocks.append((str(step["user"]), clock))
            for d in (step.get("expect") or {}).get("reply_mentions_dates", []):
                mentions.append(date.fromisoformat(str(d)))
    return Case(
        id=data["id"],
        tags=tuple(data.get("tags", [])),
        biz=biz,
        zone=zone,
        now=now,
        setup=bookings((data.get("setup") or {}).get("bookings", [])),
        final=bookings(data["final"]["bookings"]),
        user_clocks=tuple(clocks),
        mentions=tuple(mentions),
    )


def free(
    case: Case,
    service_id: str,
    session: int,
    start: datetime,
    others: list[tuple[datetime, datetime]],
    after: datetime,
    booked_at: datetime,
) -> bool:
    length = duration(case.biz, service_id, session)
    if valid_slot(case.biz, start, length) is not None:
        return False
    if start < booked_at + timedelta(hours=case.biz["min_notice_hours"]) or start < after:
        return False
    return not any(overlaps(start, start + length, a, b) for a, b in others)


def plan_immediate(
    case: Case, service_id: str, first: datetime, booked_at: datetime
) -> list[datetime]:
    """DESIGN.md's immediate rule, from session 1's slot; capacity 1 services, one customer."""
    plan = [first]
    preferred = first.time()
    busy = [(first, first + duration(case.biz, service_id, 1))]
    for k in range(1, total(case.biz, service_id)):
        _, maximum, target = gap_rule(case.biz, service_id, k)
        prev = plan[-1]
        prev_end = prev + duration(case.biz, service_id, k)
        day = prev.date() + timedelta(days=target)
        last_day = (
            prev.date() + timedelta(days=maximum)
            if maximum is not None
            else day + timedelta(days=366)
        )
        chosen = None
        while day <= last_day and chosen is None:
            candidates = []
            for a, b in ranges(case.biz, day):
                t = datetime.combine(day, a, case.zone)
                while t < datetime.combine(day, b, case.zone):
                    if free(case, service_id, k + 1, t, busy, prev_end, booked_at):
                        candidates.append(t)
                    t += timedelta(minutes=case.biz["slot_step_minutes"])
            if candidates:
                want = datetime.combine(day, preferred, case.zone)
                chosen = min(candidates, key=lambda c: (abs((c - want).total_seconds()), c))
            day += timedelta(days=1)
        if chosen is None:
            raise AssertionError(f"no slot for session {k + 1}")
        plan.append(chosen)
        busy.append((chosen, chosen + duration(case.biz, service_id, k + 1)))
    return plan


def check_weekdays(case: Case, notes: dict[str, Any]) -> None:
    text = " ".join(m for m, _ in case.user_clocks).lower()
    for word, when in notes.get("weekdays", []):
        if word.lower() not in text:
            fail(case.id, f"no message names {word!r}")
        if when is not None and date.fromisoformat(when).weekday() != WEEKDAY_WORDS[word.lower()]:
            fail(case.id, f"{word!r} does not match {when} ({date.fromisoformat(when):%A})")


def check_slots(case: Case) -> None:
    for b in (*case.setup, *case.final):
        problem = valid_slot(case.biz, b.start, duration(case.biz, b.service, b.session))
        if problem:
            fail(case.id, f"{b.service} session {b.session}: {problem}")
        if b.session > total(case.biz, b.service):
            fail(case.id, f"{b.service} has no session {b.session}")


def is_new(case: Case, b: Booking) -> bool:
    return not any(s.service == b.service and s.start == b.start for s in case.setup)


def check_notice_and_overlap(case: Case) -> None:
    booked_at = case.user_clocks[-1][1]
    for b in case.final:
        if is_new(case, b) and b.status == "confirmed":
            if b.start < booked_at + timedelta(hours=case.biz["min_notice_hours"]):
                fail(case.id, f"{b.service} {b.start} is inside the booking notice")
            if b.start < case.now:
                fail(case.id, f"new booking {b.start} is in the past")
    live = [b for b in case.final if b.status != "cancelled"]
    for i, a in enumerate(live):
        for b in live[i + 1 :]:
            a1 = a.start + duration(case.biz, a.service, a.session)
            b1 = b.start + duration(case.biz, b.service, b.session)
            if overlaps(a.start, a1, b.start, b1):
                fail(case.id, f"overlapping sessions {a.start} and {b.start}")
    for s in case.setup:
        if s.status == "completed" and s.start > case.now:
            fail(case.id, f"setup session completed in the future: {s.start}")


def check_setup_kept(case: Case, notes: dict[str, Any]) -> None:
    moved = notes.get("notice")
    for s in case.setup:
        same = [b for b in case.final if b.service == s.service and b.session == s.session]
        if moved and local(moved[0], case.zone) == s.start:
            continue
        if not same or same[0].start != s.start or same[0].status != s.status:
            fail(case.id, f"setup booking {s.service} #{s.session} {s.start} changed in final")


def check_notice_side(case: Case, notes: dict[str, Any]) -> None:
    if "notice" not in notes:
        return
    start_text, side, kind = notes["notice"]
    start = local(start_text, case.zone)
    asked_at = case.user_clocks[0][1]
    hours = (start - asked_at).total_seconds() / 3600
    limit = case.biz["reschedule_notice_hours"]
    actual = "outside" if hours >= limit else "inside"
    if actual != side:
        fail(
            case.id, f"{kind} asked {hours:.1f}h ahead is {actual} the {limit}h notice, not {side}"
        )
    before = next(s for s in case.setup if s.start == start)
    after = next(
        b for b in case.final if b.service == before.service and b.session == before.session
    )
    if side == "inside" and (after.start != before.start or after.status != "confirmed"):
        fail(case.id, "a session inside the notice changed")
    if side == "outside" and kind == "cancel" and after.status != "cancelled":
        fail(case.id, "the cancellation outside the notice is not applied")
    if side == "outside" and kind == "move" and after.start == before.start:
        fail(case.id, "the move outside the notice is not applied")


def check_strategies(case: Case) -> None:
    for service_id in {b.service for b in case.final}:
        group = sorted(
            (b for b in case.final if b.service == service_id and b.status != "cancelled"),
            key=lambda b: b.start,
        )
        if [b.session for b in group] != sorted(b.session for b in group):
            fail(case.id, f"{service_id}: session numbers do not follow date order")
        kind = strategy(case.biz, service_id)
        check_gaps(case, service_id, group, sequential=kind == "sequential")
        if kind == "sequential" and sum(1 for b in group if b.status == "confirmed") > 1:
            fail(case.id, f"{service_id}: a sequential plan has more than one open session")
        if kind == "immediate" and group and all(is_new(case, b) for b in group):
            check_immediate(case, service_id, group)


def check_gaps(case: Case, service_id: str, group: list[Booking], *, sequential: bool) -> None:
    """Every strategy keeps the minimum; sequential keeps the maximum and completion order."""
    for prev, nxt in zip(group, group[1:], strict=False):
        minimum, maximum, _ = gap_rule(case.biz, service_id, prev.session)
        days = (nxt.start.date() - prev.start.date()).days
        span = f"{prev.start:%m-%d} and {nxt.start:%m-%d}"
        if days < minimum:
            fail(case.id, f"{service_id}: {days} days between {span} < {minimum}")
        if sequential and maximum is not None and days > maximum:
            fail(case.id, f"{service_id}: {days} days between {span} > maximum {maximum}")
        if sequential and is_new(case, nxt) and prev.status != "completed":
            fail(case.id, f"{service_id}: session {nxt.session} booked before the last completed")


def check_immediate(case: Case, service_id: str, group: list[Booking]) -> None:
    """A whole immediate plan booked in the case equals the plan recomputed from session 1."""
    if len(group) != total(case.biz, service_id) or group[0].session != 1:
        fail(case.id, f"{service_id}: an immediate plan is booked whole")
        return
    booked_at = case.user_clocks[-1][1]
    expected = plan_immediate(case, service_id, group[0].start, booked_at)
    got = [b.start for b in group]
    if got != expected:
        shown = [f"{d:%m-%d %H:%M}" for d in got], [f"{d:%m-%d %H:%M}" for d in expected]
        fail(case.id, f"{service_id}: plan {shown[0]} != {shown[1]}")


def check_hesitation(case: Case) -> None:
    if "hesitation" in case.tags and any(is_new(case, b) for b in case.final):
        fail(case.id, "a hesitating customer ends with a new booking")


def check_refusals(case: Case, notes: dict[str, Any]) -> None:
    for day in notes.get("closed", []):
        if not is_closed_day(case.biz, date.fromisoformat(day)):
            fail(case.id, f"{day} is claimed closed but is open")
    for kind, service_id, *starts in notes.get("refused", []):
        times = [local(s, case.zone) for s in starts]
        if kind == "gap":
            minimum, _, _ = gap_rule(case.biz, service_id, 1)
            if (times[1].date() - times[0].date()).days >= minimum:
                fail(case.id, f"refused pair {starts} is not under the {minimum}-day minimum")
        elif kind == "closed-at":
            if valid_slot(case.biz, times[0], duration(case.biz, service_id, 1)) is None:
                fail(case.id, f"{starts[0]} is claimed closed but is a slot")
        elif kind == "window":
            check_window_refusal(case, notes, service_id, times[0])


def check_window_refusal(
    case: Case, notes: dict[str, Any], service_id: str, when: datetime
) -> None:
    """The request lies outside the sequential window, which opens on the date a reply names."""
    last = max((s for s in case.setup if s.service == service_id), key=lambda s: s.start)
    minimum, maximum, _ = gap_rule(case.biz, service_id, last.session)
    days = (when.date() - last.start.date()).days
    if minimum <= days <= (maximum if maximum is not None else 10**6):
        fail(case.id, f"{when:%Y-%m-%d} is inside the window, not refusable")
    earliest = last.start.date() + timedelta(days=minimum)
    named = notes.get("rule_dates", [])
    if named and date.fromisoformat(named[0]) != earliest:
        fail(case.id, f"the window opens on {earliest}, not {named[0]}")


def check_mentions(case: Case, notes: dict[str, Any]) -> None:
    known = {b.start.date() for b in case.final} | {
        date.fromisoformat(d) for d in notes.get("rule_dates", [])
    }
    for d in case.mentions:
        if d not in known:
            fail(case.id, f"reply must mention {d}, which is neither booked nor named by a rule")


def main() -> int:
    paths = sorted((ROOT / "cases").glob("*.yaml"))
    seen: set[str] = set()
    for path in paths:
        case = parse_case(path)
        seen.add(case.id)
        notes = ANNOTATIONS.get(case.id)
        if notes is None:
            fail(case.id, "no annotation in heldout14_dates.py")
            continue
        check_weekdays(case, notes)
        check_slots(case)
        check_notice_and_overlap(case)
        check_setup_kept(case, notes)
        check_notice_side(case, notes)
        check_strategies(case)
        check_hesitation(case)
        check_refusals(case, notes)
        check_mentions(case, notes)
        for b in case.final:
            if (
                b.start.date() < date(2026, 10, 1)
                or case.now.date() < date(2026, 12, 1)
                or case.now.date() > date(2027, 2, 28)
            ):
                fail(case.id, "now or a booking lies outside the set's season")
    for missing in set(ANNOTATIONS) - seen:
        fail(missing, "annotated but no case file")
    for line in errors:
        sys.stdout.write(f"FAIL {line}\n")
    sys.stdout.write(f"heldout14 dates: {len(paths)} cases, {len(errors)} problem(s)\n")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
