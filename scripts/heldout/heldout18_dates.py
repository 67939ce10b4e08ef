"""Date checker for the held-out set evals/heldout18 (does not import bookbot).

Recomputes, from the business YAML files and DESIGN.md's scheduling rules alone,
what each case claims about the calendar:

- every weekday a message names matches the date it means, every relative phrase
  ("pasado mañana", "in a fortnight", "nächsten Dienstag") lands on the intended day,
  every closed day a customer asks for is closed;
- every booking (setup and final) is a valid slot: inside opening hours, on the
  slot grid, not on a closure; new bookings respect the booking notice;
- no customer is in two sessions at once, no slot is over capacity;
- immediate plans equal the plan recomputed from session 1 with the buffers;
  sequential sessions lie inside their window after a completed session;
  flexible sessions are at least the minimum apart, numbered in date order;
- every move/cancel is on the side of the reschedule notice the case says, and a
  case on the inside changes nothing; a hesitation case books nothing;
- every case's `now` lies in Dec 2026 - Feb 2027.

Run: .venv/bin/python scripts/heldout/heldout18_dates.py  (exit 0 when all hold)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parents[2] / "evals" / "heldout18"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# What the messages mean, per case id: weekdays named, relative phrases (days from
# `now`), closed days asked for, and the side of the move/cancel notice.
CLAIMS: dict[str, dict[str, list[tuple[object, ...]]]] = {
    "h18-en-au-shockwave-thursday-week-arvo": {
        "weekdays": [
            (date(2027, 1, 21), "thu", "thursday week"),
            (date(2027, 1, 11), "mon", "now is a Monday (thursday week = 10 days)"),
        ],
        "relative": [(date(2027, 1, 21), 10, "thursday week from Monday")],
    },
    "h18-en-au-shockwave-fortnight-outside": {
        "weekdays": [(date(2027, 1, 12), "tue", "tuesday the 12th")],
        "relative": [(date(2027, 1, 22), 14, "in a fortnight")],
        "outside_window": [("shockwave", 2, date(2027, 1, 22))],
    },
    "h18-en-wales-shockwave-14th-progress": {
        "weekdays": [(date(2027, 1, 14), "thu", "the 14th, after work")],
    },
    "h18-en-south-card-three-bunion": {
        "weekdays": [(date(2027, 1, 28), "thu", "thursday 28th")],
    },
    "h18-en-sg-assessment-son-can-or-not": {
        "weekdays": [(date(2027, 1, 16), "sat", "this Saturday")],
        "relative": [(date(2027, 1, 16), 3, "this Saturday from Wednesday")],
    },
    "h18-en-au-australia-day-closed": {
        "closed": [(date(2027, 1, 26), "Australia Day")],
        "weekdays": [(date(2027, 1, 27), "wed", "wednesday after")],
    },
    "h18-en-wales-cancel-outside-notice": {
        "weekdays": [(date(2027, 1, 21), "thu", "assessment Thursday")],
        "notice": [("cancel", "biomech-assessment", 1, "outside")],
    },
    "h18-en-south-move-inside-notice": {
        "weekdays": [(date(2027, 1, 18), "mon", "to Monday")],
        "relative": [(date(2027, 1, 15), 1, "tomorrow")],
        "notice": [("move", "podiatry-card", 2, "inside")],
    },
    "h18-de-moin-block-sohn-viertel-nach": {
        "weekdays": [(date(2027, 1, 12), "tue", "nächsten Dienstag")],
        "relative": [(date(2027, 1, 12), 6, "nächsten Dienstag from Wednesday")],
    },
    "h18-de-saar-block-weihnachten-halb-drei": {
        "weekdays": [(date(2026, 12, 17), "thu", "Do. 17.12.")],
        "closed": [(date(2026, 12, 24), "Heiligabend pushes session 2")],
    },
    "h18-de-basel-erstgespraech-silvester": {
        "closed": [(date(2026, 12, 31), "31.12.")],
    },
    "h18-de-voice-zehnerkarte-drei": {
        "weekdays": [
            (date(2027, 1, 18), "mon", "Montag den 18."),
            (date(2027, 1, 20), "wed", "Mittwoch den 20."),
            (date(2027, 1, 22), "fri", "Freitag den zwanzig zweiten"),
        ],
    },
    "h18-de-zehnerkarte-zu-knapp": {
        "weekdays": [
            (date(2027, 1, 14), "thu", "Do 14.1."),
            (date(2027, 1, 15), "fri", "Fr 15.1."),
            (date(2027, 1, 16), "sat", "Samstag 16.1."),
        ],
        "flexible_refused": [("zehnerkarte", date(2027, 1, 14), date(2027, 1, 15))],
    },
    "h18-de-verschieben-ausserhalb-frist": {
        "weekdays": [
            (date(2027, 1, 21), "thu", "am Donnerstag"),
            (date(2027, 1, 22), "fri", "auf Freitag"),
        ],
        "notice": [("move", "erstgespraech", 1, "outside")],
    },
    "h18-de-absage-innerhalb-frist": {
        "relative": [(date(2027, 1, 28), 1, "morgen früh")],
        "notice": [("cancel", "zehnerkarte", 2, "inside")],
    },
    "h18-de-korrektur-frau-grund": {
        "relative": [
            (date(2027, 1, 11), 4, "Montag (taken back)"),
            (date(2027, 1, 12), 5, "Dienstag"),
        ],
        "weekdays": [(date(2027, 1, 12), "tue", "Dienstag")],
    },
    "h18-de-fortschritt-kurze-nachrichten": {
        "weekdays": [(date(2027, 1, 21), "thu", "nächsten donnerstag")],
        "relative": [(date(2027, 1, 21), 6, "nächsten donnerstag from Friday")],
    },
    "h18-es-and-quillo-laser-jueves-que-viene": {
        "weekdays": [(date(2027, 1, 14), "thu", "el jueves que viene")],
        "relative": [(date(2027, 1, 14), 6, "el jueves que viene from Friday")],
    },
    "h18-es-mx-laser-pasado-manana-reyes": {
        "relative": [(date(2026, 12, 8), 1, "mañana"), (date(2026, 12, 9), 2, "pasado mañana")],
        "closed": [
            (date(2026, 12, 8), "mañana (Inmaculada)"),
            (date(2027, 1, 6), "Reyes pushes session 2"),
        ],
    },
    "h18-es-ar-facial-dentro-ventana": {
        "weekdays": [(date(2027, 1, 26), "tue", "el martes 26")],
    },
    "h18-es-cl-facial-fuera-ventana": {
        "weekdays": [
            (date(2027, 2, 1), "mon", "lunes 1 de febrero"),
            (date(2027, 1, 28), "thu", "jueves 28"),
            (date(2027, 1, 21), "thu", "suggested day"),
        ],
        "outside_window": [("facial-renova", 2, date(2027, 2, 1))],
    },
    "h18-es-cu-valoracion-mama": {
        "weekdays": [(date(2027, 1, 22), "fri", "el viernes")],
        "relative": [(date(2027, 1, 22), 3, "el viernes from Tuesday")],
    },
    "h18-es-pr-dia-de-reyes-cerrado": {
        "closed": [(date(2027, 1, 6), "Día de Reyes")],
        "weekdays": [(date(2027, 1, 7), "thu", "el jueves 7")],
    },
    "h18-es-and-mover-dentro-plazo": {
        "relative": [(date(2027, 1, 13), 1, "mañana")],
        "weekdays": [(date(2027, 1, 15), "fri", "al viernes")],
        "notice": [("move", "laser-piernas", 1, "inside")],
    },
    "h18-es-mx-cancelar-fuera-plazo": {
        "weekdays": [(date(2027, 2, 5), "fri", "del viernes")],
        "notice": [("cancel", "valoracion", 1, "outside")],
    },
    "h18-es-cl-mover-correccion": {
        "weekdays": [
            (date(2027, 2, 9), "tue", "del martes"),
            (date(2027, 2, 10), "wed", "miércoles 10"),
            (date(2027, 2, 11), "thu", "jueves 11"),
        ],
        "notice": [("move", "valoracion", 1, "outside")],
    },
    # Price / address / hesitation: no dates named; the generic checks still apply.
    "h18-en-sg-hesitate-price-address": {},
    "h18-de-zoegern-preis-ergo": {},
    "h18-es-ar-dudas-precio-botox": {},
    "h18-en-au-card-pair-short-messages": {
        "weekdays": [
            (date(2027, 2, 1), "mon", "mon 1st feb"),
            (date(2027, 2, 3), "wed", "wed the 3rd"),
        ],
        "relative": [],
        "flexible_refused": [("podiatry-card", date(2027, 2, 1), date(2027, 2, 3))],
        "fortnight_after": [(date(2027, 2, 1), date(2027, 2, 15))],
    },
}


@dataclass(frozen=True)
class Service:
    id: str
    total: int
    strategy: str
    duration: int
    capacity: int
    buffers: dict[str, object]

    def gap(self, k: int) -> tuple[int, int | None, int]:
        """(minimum, maximum, target) days from session k to k+1."""
        b = self.buffers
        minimum = b.get(
            f"session_{k}_to_{k + 1}_days", b.get("default_days", b.get("minimum_days", 0))
        )
        assert isinstance(minimum, int)
        maximum = b.get("maximum_days")
        assert maximum is None or isinstance(maximum, int)
        rec = b.get("recommended_days")
        target = max(rec, minimum) if isinstance(rec, int) else minimum
        return minimum, maximum, target


@dataclass(frozen=True)
class Business:
    zone: ZoneInfo
    step: int
    min_notice: int
    resched_notice: int
    hours: dict[int, list[tuple[time, time]]]
    closed: set[date]
    services: dict[str, Service]

    def is_open_day(self, day: date) -> bool:
        return day not in self.closed and bool(self.hours.get(day.weekday()))

    def starts(self, day: date, duration: int) -> list[time]:
        """Every grid start on `day` whose session fits inside one opening range."""
        if not self.is_open_day(day):
            return []
        out = []
        for lo, hi in self.hours[day.weekday()]:
            t = datetime.combine(day, lo)
            while t + timedelta(minutes=duration) <= datetime.combine(day, hi):
                out.append(t.time())
                t += timedelta(minutes=self.step)
        return out


@dataclass
class Booking:
    service: str
    session: int
    start: datetime
    status: str
    customer: str


def load_business(path: Path) -> Business:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    hours: dict[int, list[tuple[time, time]]] = {}
    for name, ranges in (data.get("hours") or {}).items():
        parsed = []
        for r in ranges:
            a, b = r.split("-")
            parsed.append((time.fromisoformat(a), time.fromisoformat(b)))
        hours[DAYS.index(name)] = parsed
    services = {}
    for s in data["services"]:
        multi = s.get("requires_multiple_sessions", False)
        services[s["id"]] = Service(
            id=s["id"],
            total=s.get("total_sessions_required", 1) if multi else 1,
            strategy=s.get("multi_session_strategy", "single") if multi else "single",
            duration=s["duration_minutes"],
            capacity=s.get("capacity", 1),
            buffers=s.get("session_buffer_config") or {},
        )
    return Business(
        zone=ZoneInfo(data["timezone"]),
        step=data["slot_step_minutes"],
        min_notice=data["min_notice_hours"],
        resched_notice=data["reschedule_notice_hours"],
        hours=hours,
        closed={
            d if isinstance(d, date) else date.fromisoformat(d) for d in data.get("closed", [])
        },
        services=services,
    )


def local(value: object) -> datetime:
    text = value.isoformat() if isinstance(value, datetime) else str(value)
    return datetime.fromisoformat(text)


def real_hours(biz: Business, a: datetime, b: datetime) -> float:
    """Elapsed real hours from local a to local b in the business zone."""
    return (b.replace(tzinfo=biz.zone) - a.replace(tzinfo=biz.zone)).total_seconds() / 3600


def bookings(listed: list[dict[str, object]] | None, biz: Business, customer: str) -> list[Booking]:
    out = []
    for b in listed or []:
        svc = biz.services[str(b["service"])]
        out.append(
            Booking(
                service=svc.id,
                session=int(b.get("session", 1 if svc.total == 1 else 0)),  # type: ignore[call-overload]
                start=local(b["start"]),
                status=str(b.get("status", "confirmed")),
                customer=str(b.get("customer", customer)),
            )
        )
    return out


class Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def check(self, ok: bool, where: str, message: str) -> None:
        if not ok:
            self.errors.append(f"{where}: {message}")


def overlaps(biz: Business, a: Booking, b: Booking) -> bool:
    da = timedelta(minutes=biz.services[a.service].duration)
    db = timedelta(minutes=biz.services[b.service].duration)
    return a.start < b.start + db and b.start < a.start + da


def free(biz: Business, when: datetime, svc: Service, others: list[Booking], customer: str) -> bool:
    """A slot is free for `customer`: on the grid in hours (checked by the caller),
    under capacity, and not overlapping another of the customer's sessions."""
    probe = Booking(svc.id, 0, when, "confirmed", customer)
    same = [o for o in others if o.service == svc.id and overlaps(biz, probe, o)]
    mine = [o for o in others if o.customer == customer and overlaps(biz, probe, o)]
    return len(same) < svc.capacity and not mine


def plan_immediate(
    biz: Business, svc: Service, first: datetime, others: list[Booking], customer: str
) -> list[datetime]:
    plan = [first]
    preferred = datetime.combine(date.min, first.time())
    for k in range(1, svc.total):
        minimum, maximum, target = svc.gap(k)
        prev = plan[-1]
        day = prev.date() + timedelta(days=target)
        last = prev.date() + timedelta(days=maximum if maximum is not None else 3650)
        chosen = None
        taken = others + [
            Booking(svc.id, i + 1, p, "confirmed", customer) for i, p in enumerate(plan)
        ]
        while day <= last and chosen is None:
            cands = [datetime.combine(day, t) for t in biz.starts(day, svc.duration)]
            cands = [c for c in cands if c > prev and free(biz, c, svc, taken, customer)]
            if cands:
                chosen = min(
                    cands, key=lambda c: (abs(datetime.combine(date.min, c.time()) - preferred), c)
                )
            day += timedelta(days=1)
        if chosen is None:
            raise ValueError(f"no slot for session {k + 1}")
        plan.append(chosen)
    return plan


@dataclass
class Case:
    """One case file, read for checking: local naive times in the business zone."""

    where: str
    raw: dict[str, Any]
    biz: Business
    now: datetime
    clock: datetime
    setup: list[Booking]
    final: list[Booking]
    claims: dict[str, list[tuple[object, ...]]]


def read_case(path: Path, ck: Checker) -> Case:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    cid = str(raw["id"])
    where = f"{path.name} ({cid})"
    biz = load_business((path.parent / raw["business"]).resolve())
    now = local(raw["now"])
    clock = now
    for step in raw["steps"]:
        if "advance_to" in step:
            clock = local(step["advance_to"])
    customer = str(raw["customer"]["phone"])
    setup = bookings((raw.get("setup") or {}).get("bookings"), biz, customer)
    final = bookings(raw["final"]["bookings"], biz, customer)
    for listed in (setup, final):
        imply_sessions(listed)
    ck.check(cid in CLAIMS, where, "no CLAIMS entry for this case")
    return Case(where, raw, biz, now, clock, setup, final, CLAIMS.get(cid, {}))


def imply_sessions(listed: list[Booking]) -> None:
    """A missing session is the booking's place in date order among its plan's bookings."""
    for b in listed:
        if b.session == 0:
            same = sorted(
                x.start for x in listed if (x.service, x.customer) == (b.service, b.customer)
            )
            b.session = same.index(b.start) + 1


def check_frame(c: Case, ck: Checker) -> None:
    """`now` in range, final complete, setup history consistent with `now`."""
    ck.check(date(2026, 12, 1) <= c.now.date() < date(2027, 3, 1), c.where, "now outside Dec-Feb")
    ck.check(c.raw["final"].get("partial") is False, c.where, "final must be partial: false")
    for b in c.setup:
        end = b.start + timedelta(minutes=c.biz.services[b.service].duration)
        if b.status == "completed":
            ck.check(end <= c.now, c.where, f"setup completed {b.start} ends after now")
        if b.status == "confirmed":
            ck.check(b.start > c.now, c.where, f"setup confirmed {b.start} is in the past")


def check_slots(c: Case, ck: Checker) -> None:
    """Every booking is a valid slot; new ones respect the booking notice (at the latest
    clock of the case, which is conservative)."""
    for label, listed in (("setup", c.setup), ("final", c.final)):
        for b in listed:
            svc = c.biz.services[b.service]
            ok = b.start.time() in c.biz.starts(b.start.date(), svc.duration)
            ck.check(ok, c.where, f"{label} {b.service} #{b.session} {b.start}: not a valid slot")
    for b in new_bookings(c):
        ahead = real_hours(c.biz, c.clock, b.start)
        ck.check(ahead >= c.biz.min_notice, c.where, f"new {b.service} {b.start} inside notice")
    if "hesitation" in c.raw.get("tags", []):
        ck.check(not new_bookings(c), c.where, "a hesitation case books nothing new")


def new_bookings(c: Case) -> list[Booking]:
    old = {(b.service, b.session, b.start) for b in c.setup}
    return [
        b for b in c.final if (b.service, b.session, b.start) not in old and b.status == "confirmed"
    ]


def live(c: Case) -> list[Booking]:
    return [b for b in c.final if b.status != "cancelled"]


def check_overlaps(c: Case, ck: Checker) -> None:
    """No customer in two sessions at once; no slot over capacity."""
    bs = live(c)
    for i, a in enumerate(bs):
        for b in bs[i + 1 :]:
            clash = a.customer == b.customer and overlaps(c.biz, a, b)
            ck.check(not clash, c.where, f"customer in two sessions at once: {a.start} {b.start}")
    for a in bs:
        same = [b for b in bs if b.service == a.service and overlaps(c.biz, a, b)]
        cap = c.biz.services[a.service].capacity
        ck.check(len(same) <= cap, c.where, f"{a.service} over capacity at {a.start}")


def check_strategies(c: Case, ck: Checker) -> None:
    groups: dict[tuple[str, str], list[Booking]] = {}
    for b in live(c):
        groups.setdefault((b.customer, b.service), []).append(b)
    for (cust, sid), group in groups.items():
        svc = c.biz.services[sid]
        group.sort(key=lambda b: b.session)
        numbers = [b.session for b in group]
        ck.check(numbers == sorted(set(numbers)), c.where, f"{sid}: duplicate sessions {numbers}")
        in_order = sorted(b.start for b in group) == [b.start for b in group]
        ck.check(in_order, c.where, f"{sid}: session numbers do not follow date order")
        for raw in c.raw["final"]["bookings"]:
            if raw["service"] == sid and "of" in raw:
                ck.check(raw["of"] == svc.total, c.where, f"{sid}: of {raw['of']} != {svc.total}")
        if svc.strategy == "immediate":
            check_immediate(c, ck, svc, cust, group)
        elif svc.strategy == "sequential":
            check_sequential(c, ck, svc, group)
        elif svc.strategy == "flexible":
            check_flexible(c, ck, svc, group)


def check_immediate(c: Case, ck: Checker, svc: Service, cust: str, group: list[Booking]) -> None:
    """The plan equals the one recomputed from session 1 with the buffers."""
    numbers = [b.session for b in group]
    ck.check(numbers == list(range(1, svc.total + 1)), c.where, f"{svc.id}: plan incomplete")
    others = [b for b in live(c) if not (b.customer == cust and b.service == svc.id)]
    try:
        plan = plan_immediate(c.biz, svc, group[0].start, others, cust)
    except ValueError as exc:
        ck.check(False, c.where, f"{svc.id}: {exc}")
        return
    got = [str(b.start) for b in group]
    ck.check(got == [str(p) for p in plan], c.where, f"{svc.id}: {got} != {list(map(str, plan))}")


def check_sequential(c: Case, ck: Checker, svc: Service, group: list[Booking]) -> None:
    """Each next session follows a completed one, inside [minimum, maximum] days."""
    for a, b in zip(group, group[1:], strict=False):
        minimum, maximum, _ = svc.gap(a.session)
        days = (b.start.date() - a.start.date()).days
        ck.check(b.session == a.session + 1, c.where, f"{svc.id}: sessions not consecutive")
        done = a.status == "completed" or b.status != "confirmed"
        ck.check(done, c.where, f"{svc.id}: #{b.session} booked before #{a.session} completed")
        top = maximum if maximum is not None else 3650
        ck.check(minimum <= days <= top, c.where, f"{svc.id}: {days} days outside window")


def check_flexible(c: Case, ck: Checker, svc: Service, group: list[Booking]) -> None:
    """Consecutive sessions at least the minimum apart."""
    for a, b in zip(group, group[1:], strict=False):
        minimum, _, _ = svc.gap(a.session)
        days = (b.start.date() - a.start.date()).days
        ck.check(
            days >= minimum, c.where, f"{svc.id}: {days} days between #{a.session}, #{b.session}"
        )


def check_claims(c: Case, ck: Checker) -> None:
    """Weekdays named, relative phrases, closed days asked for, refusals' premises."""
    for day, wd, phrase in c.claims.get("weekdays", []):
        assert isinstance(day, date)
        real = DAYS[day.weekday()]
        ck.check(real == wd, c.where, f"'{phrase}': {day} is a {real}, not {wd}")
    for day, offset, phrase in c.claims.get("relative", []):
        assert isinstance(day, date) and isinstance(offset, int)
        ok = c.now.date() + timedelta(days=offset) == day
        ck.check(ok, c.where, f"'{phrase}': now + {offset} d != {day}")
    for day, phrase in c.claims.get("closed", []):
        assert isinstance(day, date)
        ck.check(not c.biz.is_open_day(day), c.where, f"'{phrase}': {day} is open")
    for a, b in c.claims.get("fortnight_after", []):
        assert isinstance(a, date) and isinstance(b, date)
        ck.check(b - a == timedelta(days=14), c.where, f"a fortnight after {a} is not {b}")
    for sid, lo, hi in c.claims.get("flexible_refused", []):
        assert isinstance(sid, str) and isinstance(lo, date) and isinstance(hi, date)
        under = (hi - lo).days < c.biz.services[sid].gap(1)[0]
        ck.check(under, c.where, f"{sid}: {lo}->{hi} is not under the minimum")
    for sid, session, asked in c.claims.get("outside_window", []):
        assert isinstance(sid, str) and isinstance(session, int) and isinstance(asked, date)
        prev = next(b for b in c.setup if b.service == sid and b.session == session - 1)
        minimum, maximum, _ = c.biz.services[sid].gap(session - 1)
        days = (asked - prev.start.date()).days
        inside = minimum <= days <= (maximum or 3650)
        ck.check(not inside, c.where, f"{sid}: asked {asked} is inside the window")


def check_notice(c: Case, ck: Checker) -> None:
    """Each move/cancel is on the side of the notice the case says; inside changes nothing;
    no setup booking changes without such a claim."""
    noticed = set()
    for kind, sid, session, side in c.claims.get("notice", []):
        before = next(b for b in c.setup if b.service == sid and b.session == session)
        after = next(b for b in c.final if b.service == sid and b.session == session)
        hours = real_hours(c.biz, c.clock, before.start)
        inside = hours < c.biz.resched_notice
        ck.check(inside == (side == "inside"), c.where, f"{kind} {sid}: {hours:.1f} h not {side}")
        if side == "inside":
            same = (after.start, after.status) == (before.start, before.status)
            ck.check(same, c.where, f"{kind} inside the notice must change nothing")
        elif kind == "cancel":
            ck.check(after.status == "cancelled", c.where, "cancel outside the notice: cancelled")
        else:
            moved = after.start != before.start and after.status == "confirmed"
            ck.check(moved, c.where, "move outside the notice must move")
        noticed.add((sid, session))
    for b in c.setup:
        key = (b.service, b.session, b.customer)
        later = [f for f in c.final if (f.service, f.session, f.customer) == key]
        ck.check(len(later) == 1, c.where, f"setup {b.service} #{b.session} missing from final")
        changed = bool(later) and (later[0].start, later[0].status) != (b.start, b.status)
        ok = not changed or (b.service, b.session) in noticed
        ck.check(ok, c.where, f"{b.service} #{b.session} changed without a notice claim")


def main() -> int:
    ck = Checker()
    files = sorted((ROOT / "cases").glob("*.yaml"))
    ids = []
    for path in files:
        case = read_case(path, ck)
        ids.append(str(case.raw["id"]))
        for check in (check_frame, check_slots, check_overlaps, check_strategies, check_claims,
                      check_notice):  # fmt: skip
            check(case, ck)
    unused = set(CLAIMS) - set(ids)
    ck.check(not unused, "CLAIMS", f"entries for no case: {sorted(unused)}")
    out = [f"FAIL {e}" for e in ck.errors] + [f"{len(files)} cases, {len(ck.errors)} problem(s)"]
    sys.stdout.write("\n".join(out) + "\n")
    return 1 if ck.errors else 0


if __name__ == "__main__":
    sys.exit(main())
