"""Independent checker for the held-out set evals/heldout23 (it does not import bookbot).

It reads the three business files and the 30 case files with PyYAML and re-derives,
from DESIGN.md's scheduling rules alone:

- every weekday name, relative day ("next Tues", "übermorgen", "pasado mañana"),
  dd/mm date and spoken time ("viertel vor drei", "cinco y cuarto") a customer
  writes, against the date or time the case expects;
- every booking of `setup` and `final` on a valid slot: opening hours, the slot grid
  counted from each range's start, closures, and for new bookings the booking notice;
- capacity per service, no customer in two sessions at once, session k+1 after k;
- immediate plans recomputed from their buffers (closure pushes included) and an
  immediate move recomputed with "only as far as the buffers require";
- sequential windows (and that a new session follows a completed one);
- flexible minimum gaps and package expiry;
- move and cancel notice on the side the case intends;
- refused requests really break the rule they are refused for (gap, window,
  notice, closed day, a date that does not exist, a service not offered);
- the offered options of the "pick one" cases are exactly the free starts.

Exit 0 and "OK" when all holds; otherwise one line per problem and exit 1.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parents[2]
SET_DIR = ROOT / "evals" / "heldout23"
WINDOW = (date(2028, 9, 1), date(2028, 12, 15))
DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ACTIVE = ("confirmed", "completed")


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Service:
    id: str
    total: int
    strategy: str
    capacity: int
    durations: tuple[int, ...]
    buffers: dict[str, Any]
    price: float
    expiry_days: int | None
    text: str

    def gap_min(self, k: int) -> int:
        """Minimum days from session k to k+1."""
        b = self.buffers
        for key in (f"session_{k}_to_{k + 1}_days", "default_days", "minimum_days"):
            if key in b:
                return int(b[key])
        return 0

    def gap_max(self) -> int | None:
        return int(self.buffers["maximum_days"]) if "maximum_days" in self.buffers else None

    def gap_target(self, k: int) -> int:
        return max(int(self.buffers.get("recommended_days", 0)), self.gap_min(k))

    def duration(self, session: int) -> timedelta:
        return timedelta(minutes=self.durations[session - 1])


@dataclass(frozen=True)
class Business:
    name: str
    zone: ZoneInfo
    step: int
    min_notice: timedelta
    change_notice: timedelta
    hours: dict[int, tuple[tuple[time, time], ...]]
    closed: frozenset[date]
    services: dict[str, Service]
    text: str

    def is_open_day(self, day: date) -> bool:
        return day not in self.closed and bool(self.hours.get(day.weekday()))


@dataclass(frozen=True)
class Booking:
    customer: str
    service: str
    session: int
    of: int
    start: datetime
    status: str

    def key(self) -> tuple[str, str, datetime]:
        return (self.customer, self.service, self.start)


@dataclass
class Case:
    id: str
    file: Path
    biz: Business
    now: datetime
    customer: str
    users: list[str]
    mentioned: list[date]
    contains: list[str]
    setup: list[Booking]
    final: list[Booking]


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    checks: int = 0

    def expect(self, ok: bool, where: str, message: str) -> None:
        self.checks += 1
        if not ok:
            self.problems.append(f"{where}: {message}")


# --------------------------------------------------------------------------- loading


def _hm(text: str) -> time:
    h, m = text.split(":")
    return time(int(h), int(m))


def _service(raw: dict[str, Any]) -> Service:
    total = int(raw.get("total_sessions_required", 1))
    default = int(raw["duration_minutes"])
    sessions = raw.get("sessions") or [{}] * total
    durations = tuple(int(s.get("duration_minutes", default)) for s in sessions)
    words = [raw["id"], raw["name"], raw.get("description", ""), *raw.get("trigger_words", [])]
    return Service(
        id=raw["id"],
        total=total,
        strategy=raw.get("multi_session_strategy", "single") if total > 1 else "single",
        capacity=int(raw.get("capacity", 1)),
        durations=durations,
        buffers=dict(raw.get("session_buffer_config") or {}),
        price=float(raw["price"]),
        expiry_days=raw.get("package_expiry_days"),
        text=" ".join(words).lower(),
    )


def load_business(path: Path) -> Business:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    hours = {
        i: tuple((_hm(r.split("-")[0]), _hm(r.split("-")[1])) for r in raw["hours"].get(k) or [])
        for i, k in enumerate(DAY_KEYS)
    }
    services = [_service(s) for s in raw["services"]]
    contact = " ".join(str(v) for v in (raw.get("contact") or {}).values())
    return Business(
        name=raw["name"],
        zone=ZoneInfo(raw["timezone"]),
        step=int(raw["slot_step_minutes"]),
        min_notice=timedelta(hours=int(raw["min_notice_hours"])),
        change_notice=timedelta(hours=int(raw["reschedule_notice_hours"])),
        hours=hours,
        closed=frozenset(date.fromisoformat(str(d)) for d in raw.get("closed", [])),
        services={s.id: s for s in services},
        text=(raw["name"] + " " + contact + " " + " ".join(s.text for s in services)).lower(),
    )


def local(text: Any, zone: ZoneInfo) -> datetime:
    return datetime.fromisoformat(str(text)).replace(tzinfo=zone)


def _bookings(items: list[dict[str, Any]], biz: Business, customer: str) -> list[Booking]:
    out = []
    for item in items:
        service = biz.services[item["service"]]
        out.append(
            Booking(
                customer=str(item.get("customer", customer)),
                service=service.id,
                session=int(item.get("session", 1)),
                of=int(item.get("of", service.total)),
                start=local(item["start"], biz.zone),
                status=str(item.get("status", "confirmed")),
            )
        )
    return out


def _steps(raw: list[dict[str, Any]]) -> tuple[list[str], list[date], list[str]]:
    users, mentioned, contains = [], [], []
    for step in raw:
        if "user" in step:
            users.append(str(step["user"]))
        expect = step.get("expect") or {}
        mentioned += [date.fromisoformat(str(d)) for d in expect.get("reply_mentions_dates", [])]
        contains += [str(c) for c in expect.get("reply_contains", [])]
    return users, mentioned, contains


def load_case(path: Path, businesses: dict[Path, Business]) -> Case:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    biz_path = (path.parent / raw["business"]).resolve()
    if biz_path not in businesses:
        businesses[biz_path] = load_business(biz_path)
    biz = businesses[biz_path]
    customer = str(raw["customer"]["phone"])
    users, mentioned, contains = _steps(raw["steps"])
    return Case(
        id=raw["id"],
        file=path,
        biz=biz,
        now=local(raw["now"], biz.zone),
        customer=customer,
        users=users,
        mentioned=mentioned,
        contains=contains,
        setup=_bookings((raw.get("setup") or {}).get("bookings", []), biz, customer),
        final=_bookings(raw["final"]["bookings"], biz, customer),
    )


# --------------------------------------------------------------------------- slots


def end_of(biz: Business, b: Booking) -> datetime:
    """The end in real elapsed time (the session's own duration)."""
    service = biz.services[b.service]
    return (b.start.astimezone(UTC) + service.duration(b.session)).astimezone(biz.zone)


def slot_problem(biz: Business, service: Service, session: int, start: datetime) -> str | None:
    """Why `start` is not a slot of the business for this session (capacity aside)."""
    day = start.date()
    if day in biz.closed:
        return f"{day} is a closure date"
    ranges = biz.hours.get(day.weekday()) or ()
    if not ranges:
        return f"{day} ({DAY_KEYS[day.weekday()]}) has no opening hours"
    begin = start.timetz().replace(tzinfo=None)
    end = (datetime.combine(day, begin) + service.duration(session)).time()
    for lo, hi in ranges:
        if lo <= begin and end <= hi and begin < end:
            minutes = (begin.hour * 60 + begin.minute) - (lo.hour * 60 + lo.minute)
            if minutes % biz.step:
                return f"{start:%H:%M} is off the {biz.step}-minute grid from {lo:%H:%M}"
            return None
    return f"{start:%Y-%m-%d %H:%M} + {service.duration(session)} is outside opening hours"


def overlaps(biz: Business, a: Booking, b: Booking) -> bool:
    return a.start < end_of(biz, b) and b.start < end_of(biz, a)


def free_starts(
    biz: Business, service: Service, session: int, day: date, others: list[Booking], now: datetime
) -> list[datetime]:
    """Every start on `day` that is a slot, respects the booking notice and has capacity."""
    out = []
    for lo, _hi in biz.hours.get(day.weekday()) or ():
        start = datetime.combine(day, lo, tzinfo=biz.zone)
        while start.date() == day:
            probe = Booking("?", service.id, session, service.total, start, "confirmed")
            if slot_problem(biz, service, session, start) is None and start - now >= biz.min_notice:
                taken = sum(
                    1 for o in others if o.service == service.id and overlaps(biz, probe, o)
                )
                if taken < service.capacity:
                    out.append(start)
            start += timedelta(minutes=biz.step)
    return sorted(set(out))


# --------------------------------------------------------------------------- generic checks


def active(bookings: Iterable[Booking]) -> list[Booking]:
    return [b for b in bookings if b.status in ACTIVE]


def check_frame(case: Case, r: Report) -> None:
    r.expect(case.id.startswith("h23-"), case.id, "id must start with h23-")
    r.expect(case.file.stem == case.id, case.id, f"file name {case.file.name} is not the id")
    r.expect(WINDOW[0] <= case.now.date() <= WINDOW[1], case.id, f"now {case.now} off window")


def check_setup(case: Case, r: Report) -> None:
    for b in case.setup:
        service = case.biz.services[b.service]
        problem = slot_problem(case.biz, service, b.session, b.start)
        r.expect(problem is None, case.id, f"setup {b.service} {b.start}: {problem}")
        if b.status == "completed":
            r.expect(end_of(case.biz, b) <= case.now, case.id, f"completed {b.start} not past")
        if b.status == "confirmed":
            r.expect(b.start > case.now, case.id, f"confirmed setup {b.start} is not ahead")


def check_final_slots(case: Case, r: Report) -> None:
    before = {b.key(): b for b in case.setup}
    for b in case.final:
        service = case.biz.services[b.service]
        problem = slot_problem(case.biz, service, b.session, b.start)
        r.expect(problem is None, case.id, f"final {b.service} {b.start}: {problem}")
        r.expect(b.of == service.total, case.id, f"final {b.service}: of {b.of} != {service.total}")
        if b.key() in before:
            continue
        r.expect(b.status == "confirmed", case.id, f"new booking {b.start} must be confirmed")
        r.expect(
            b.start - case.now >= case.biz.min_notice,
            case.id,
            f"new booking {b.start} inside the {case.biz.min_notice} booking notice",
        )
    for b in case.final:
        if b.status == "cancelled":
            r.expect(b.key() in before, case.id, f"cancelled {b.start} was never booked")


def check_capacity(case: Case, r: Report) -> None:
    live = active(case.final)
    for b in live:
        service = case.biz.services[b.service]
        same = [o for o in live if o.service == b.service and overlaps(case.biz, b, o)]
        r.expect(len(same) <= service.capacity, case.id, f"{b.service} {b.start} over capacity")
        mine = [o for o in live if o.customer == b.customer and o is not b]
        clash = [o for o in mine if overlaps(case.biz, b, o)]
        r.expect(not clash, case.id, f"{b.customer} in two sessions at {b.start}")


def groups(bookings: Iterable[Booking]) -> dict[tuple[str, str], list[Booking]]:
    out: dict[tuple[str, str], list[Booking]] = {}
    for b in sorted(active(bookings), key=lambda x: x.start):
        out.setdefault((b.customer, b.service), []).append(b)
    return out


def check_group(case: Case, service: Service, plan: list[Booking], r: Report) -> None:
    where = f"{case.id} {plan[0].customer} {service.id}"
    numbers = [b.session for b in plan]
    r.expect(numbers == list(range(1, len(plan) + 1)), where, f"sessions {numbers} not 1..n")
    for prev, nxt in zip(plan, plan[1:], strict=False):
        days = (nxt.start.date() - prev.start.date()).days
        low, high = service.gap_min(prev.session), service.gap_max()
        r.expect(
            nxt.start >= end_of(case.biz, prev), where, f"{nxt.start} before {prev.start} ends"
        )
        r.expect(days >= low, where, f"{prev.start:%m-%d}->{nxt.start:%m-%d} under {low} days")
        if service.strategy != "flexible" and high is not None:
            r.expect(days <= high, where, f"{prev.start:%m-%d}->{nxt.start:%m-%d} over {high}")
    if service.expiry_days is not None:
        limit = plan[0].start.date() + timedelta(days=int(service.expiry_days))
        r.expect(plan[-1].start.date() <= limit, where, "a session after the package expiry")


def check_sequential(case: Case, service: Service, plan: list[Booking], r: Report) -> None:
    before = {b.key() for b in case.setup}
    for prev, nxt in zip(plan, plan[1:], strict=False):
        if nxt.key() not in before:
            r.expect(
                prev.status == "completed",
                case.id,
                f"sequential session {nxt.session} booked before {prev.session} is completed",
            )


def check_groups(case: Case, r: Report) -> None:
    for (_customer, service_id), plan in groups(case.final).items():
        service = case.biz.services[service_id]
        if service.strategy == "single":
            continue
        check_group(case, service, plan, r)
        if service.strategy == "sequential":
            check_sequential(case, service, plan, r)


def check_mentions(case: Case, r: Report, claimed: set[date]) -> None:
    known = {b.start.date() for b in case.final + case.setup} | claimed
    for day in case.mentioned:
        r.expect(day in known, case.id, f"reply_mentions_dates {day} comes from nowhere")


# --------------------------------------------------------------------------- immediate


def closest(starts: list[datetime], wanted: datetime) -> datetime:
    """The start closest to `wanted`; a tie goes to the earlier one."""
    return min(starts, key=lambda s: (abs((s - wanted).total_seconds()), s))


def place(
    case: Case,
    service: Service,
    session: int,
    earliest: date,
    preferred: time,
    prev: Booking,
    others: list[Booking],
) -> datetime | None:
    """The immediate rule: the earliest day >= `earliest` (<= max) with a free slot, then
    the free start closest to `preferred`, a tie to the earlier one."""
    high = service.gap_max()
    last = prev.start.date() + timedelta(days=high if high is not None else 120)
    day = earliest
    mine = [o for o in active(case.final) if o.customer == case.customer]
    while day <= last:
        starts = [
            s
            for s in free_starts(case.biz, service, session, day, others, case.now)
            if s >= end_of(case.biz, prev)
            and not any(
                overlaps(case.biz, Booking("?", service.id, session, 0, s, "confirmed"), o)
                for o in mine
                if o.service != service.id
            )
        ]
        if starts:
            return closest(starts, datetime.combine(day, preferred, tzinfo=case.biz.zone))
        day += timedelta(days=1)
    return None


def recompute(
    case: Case, service: Service, plan: list[Booking], moved: int | None
) -> list[datetime]:
    """Plan (moved None): sessions 2..n from session 1. Move: sessions after `moved` move
    only when their buffer requires, each keeping its own time of day."""
    others = [
        o for o in active(case.final) if o.service == service.id and o.customer != case.customer
    ]
    current = {
        b.session: b for b in case.setup if b.customer == case.customer and b.service == service.id
    }
    start_from = 2 if moved is None else moved + 1
    out = plan[: start_from - 1]
    for k in range(start_from, service.total + 1):
        prev = out[-1]
        earliest = prev.start.date() + timedelta(days=service.gap_target(k - 1))
        mine = current.get(k) if moved is not None else None
        if (
            mine is not None
            and mine.start.date() >= earliest
            and mine.start >= end_of(case.biz, prev)
        ):
            out.append(mine)
            continue
        preferred = (mine or plan[0]).start.timetz().replace(tzinfo=None)
        start = place(case, service, k, earliest, preferred, prev, others)
        if start is None:
            return [b.start for b in out]
        out.append(Booking(case.customer, service.id, k, service.total, start, "confirmed"))
    return [b.start for b in out]


def check_immediate(case: Case, r: Report, service_id: str, moved: int | None) -> None:
    service = case.biz.services[service_id]
    plan = groups(case.final)[(case.customer, service_id)]
    want = recompute(case, service, plan, moved)
    got = [b.start for b in plan]
    shown = " != recomputed ".join(
        ", ".join(f"{s:%Y-%m-%d %H:%M}" for s in starts) for starts in (got, want)
    )
    r.expect(got == want, case.id, f"immediate {service_id}: final {shown}")


def check_pushed(case: Case, r: Report, service_id: str, session: int, skipped: str) -> None:
    """Session `session`'s naive day (previous + target) is the closed day `skipped`."""
    service = case.biz.services[service_id]
    plan = groups(case.final)[(case.customer, service_id)]
    naive = plan[session - 2].start.date() + timedelta(days=service.gap_target(session - 1))
    r.expect(naive == date.fromisoformat(skipped), case.id, f"naive day {naive} != {skipped}")
    r.expect(not case.biz.is_open_day(naive), case.id, f"{naive} is open, so nothing is pushed")
    r.expect(plan[session - 1].start.date() > naive, case.id, "the session was not pushed")


# --------------------------------------------------------------------------- spoken words

NUMBERS = {
    "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7,
    "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12,
    "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12,
}  # fmt: skip
WEEKDAYS = {
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5,
    "lunes": 0, "martes": 1, "miércoles": 2, "jueves": 3, "viernes": 4, "sábado": 5,
}  # fmt: skip


def _num(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[word]


TIME_RULES: tuple[tuple[str, Callable[[re.Match[str]], tuple[int, int]]], ...] = (
    (r"viertel nach (\w+)", lambda m: (_num(m[1]), 15)),
    (r"viertel vor (\w+)", lambda m: (_num(m[1]) - 1, 45)),
    (r"halb (\w+)", lambda m: (_num(m[1]) - 1, 30)),
    (r"(\w+) y cuarto", lambda m: (_num(m[1]), 15)),
    (r"(\w+) y media", lambda m: (_num(m[1]), 30)),
    (r"(\d{1,2}):(\d{2})", lambda m: (int(m[1]), int(m[2]))),
    (r"(\d{1,2})\s*(?:am|pm)", lambda m: (int(m[1]), 0)),
    (r"(?:um|gegen|a las|at) (\w+)", lambda m: (_num(m[1]), 0)),
)


def spoken_time(phrase: str, afternoon: bool) -> time:
    """A clock time as people say it; `afternoon` adds 12 to hours 1-11."""
    for pattern, read in TIME_RULES:
        m = re.search(pattern, phrase)
        if m:
            hour, minute = read(m)
            if afternoon and hour < 12:
                hour += 12
            return time(hour, minute)
    raise ValueError(f"no time in {phrase!r}")


def next_weekday(today: date, weekday: int) -> date:
    """The first such weekday strictly after today ("next Tues" said on a Tuesday is +7)."""
    ahead = (weekday - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead)


def dd_mm(phrase: str, year: int) -> date:
    m = re.search(r"(\d{1,2})/(\d{1,2})", phrase)
    assert m is not None, phrase
    return date(year, int(m[2]), int(m[1]))


# --------------------------------------------------------------------------- claims
# Each case's words against the calendar, and each refusal against its rule.

Claim = tuple[Any, ...]
CLAIMS: dict[str, list[Claim]] = {
    "h23-au-01-test-ready-kings-birthday": [
        ("next", "next mon the 25th", "mon", "2028-09-25"),
        ("time", "at 9am", False, "09:00"),
        ("immediate", "test-ready", None),
        ("pushed", "test-ready", 2, "2028-10-02"),
    ],
    "h23-au-02-pack-three-lessons": [
        ("next", "thurs arvo", "thu", "2028-10-12"),
        ("next", "sat morning", "sat", "2028-10-14"),
        ("next", "next tues", "tue", "2028-10-17"),
        ("time", "make it 3:30", True, "15:30"),
        ("time", "at 4pm", True, "16:00"),
        ("time", "morning at 8", False, "08:00"),
    ],
    "h23-au-03-two-lessons-same-day": [
        ("weekday", "sat the 18th", "sat", "2028-11-18"),
        ("gap_refused", "lessons-10", "2028-11-18T08:00", "2028-11-18T10:00"),
    ],
    "h23-au-04-confidence-next-thurs": [
        ("next", "next thurs", "thu", "2028-09-21"),
        ("time", "same time 10am", False, "10:00"),
    ],
    "h23-au-05-confidence-after-bali": [
        ("ddmm", "mon 27/11", "mon", "2028-11-27"),
        ("window_refused", "confidence", "2028-11-27T15:00", "2028-11-09", "2028-11-13"),
        ("weekday", "the 13th", "mon", "2028-11-13"),
    ],
    "h23-au-06-move-friday-lesson": [
        ("next", "fri arvo", "fri", "2028-12-08"),
        ("weekday", "thurs the 7th", "thu", "2028-12-07"),
        ("change_ok", "lessons-10", "2028-12-08T16:00", "2028-12-07T16:00"),
    ],
    "h23-au-07-cancel-test-car-crook": [
        ("offset", "tomorrow morning", 1, "2028-10-20"),
        ("change_refused", "test-day", "2028-10-20T08:00"),
    ],
    "h23-au-08-price-address-mum": [
        ("price", "lessons-10", 620),
        ("address", "logan road"),
    ],
    "h23-au-09-test-car-for-son": [
        ("ddmm", "wed 22/11", "wed", "2028-11-22"),
        ("free", "test-day", "2028-11-22", ["07:00", "15:30", "16:00"], "07:00"),
    ],
    "h23-au-10-qride-and-lessons-left": [
        ("not_offered", "motorbike", "q-ride", "motorcycle", "bike licence"),
        ("progress", "lessons-10", 4),
    ],
    "h23-de-01-ruecken-start-einheit": [
        ("weekday", "dienstag den 26ten", "dienstag", "2028-09-26"),
        ("time", "viertel nach fünf", True, "17:15"),
        ("immediate", "ruecken-start", None),
        ("pushed", "ruecken-start", 2, "2028-10-03"),
    ],
    "h23-de-02-zehnerkarte-drei-termine": [
        ("next", "mittwoch", "mittwoch", "2028-10-11"),
        ("next", "samstag", "samstag", "2028-10-14"),
        ("weekday", "dienstag den 17ten", "dienstag", "2028-10-17"),
        ("time", "um halb sieben", True, "18:30"),
        ("time", "samstag um zehn", False, "10:00"),
        ("time", "viertel vor drei", True, "14:45"),
    ],
    "h23-de-03-zehnerkarte-zwei-tage-hintereinander": [
        ("weekday", "montag", "montag", "2028-11-20"),
        ("weekday", "dienstag", "dienstag", "2028-11-21"),
        ("next", "mittwoch", "mittwoch", "2028-11-22"),
        ("gap_refused", "pt-10er", "2028-11-20T08:00", "2028-11-21T08:00"),
    ],
    "h23-de-04-knie-uebermorgen": [
        ("offset", "übermorgen", 2, "2028-10-28"),
        ("time", "so gegen zehn", False, "10:00"),
    ],
    "h23-de-05-knie-zu-frueh": [
        ("offset", "morgen", 1, "2028-12-05"),
        ("time", "halb sechs", True, "17:30"),
        ("window_refused", "knie-reha", "2028-12-05T17:30", "2028-12-06", "2028-12-07"),
        ("next", "donnerstag", "donnerstag", "2028-12-07"),
    ],
    "h23-de-06-verschieben-zu-kurzfristig": [
        ("offset", "morgen früh", 1, "2028-11-29"),
        ("next", "freitag", "freitag", "2028-12-01"),
        ("change_refused", "pt-10er", "2028-11-29T08:00"),
    ],
    "h23-de-07-inbody-absagen": [
        ("next", "samstag", "samstag", "2028-12-09"),
        ("change_ok", "inbody", "2028-12-09T10:00", None),
    ],
    "h23-de-08-inbody-allerheiligen": [
        ("weekday", "mittwoch den 1ten", "mittwoch", "2028-11-01"),
        ("time", "um neun", False, "09:00"),
        ("closed", "2028-11-01"),
        ("next", "donnerstag", "donnerstag", "2028-11-02"),
    ],
    "h23-de-09-inbody-samstag-fuer-frau": [
        ("next", "samstag", "samstag", "2028-12-02"),
        ("free", "inbody", "2028-12-02", ["10:30", "11:30"], "11:30"),
    ],
    "h23-de-10-lymphdrainage-und-preis": [
        ("not_offered", "lymphdrainage", "lymph"),
        ("price", "pt-10er", 690),
    ],
    "h23-es-01-ondas-todos-los-santos": [
        ("next", "el miércoles que viene, el 25", "miércoles", "2028-10-25"),
        ("time", "a las cinco y cuarto de la tarde", True, "17:15"),
        ("immediate", "ondas-choque", None),
        ("pushed", "ondas-choque", 2, "2028-11-01"),
    ],
    "h23-es-02-bono-tres-sesiones": [
        ("offset", "pasado mañana", 2, "2028-11-15"),
        ("next", "el viernes", "viernes", "2028-11-17"),
        ("weekday", "el martes que viene, el 21", "martes", "2028-11-21"),
        ("time", "a las 6 de la tarde", True, "18:00"),
        ("time", "a las 10", False, "10:00"),
        ("time", "7 y media de la tarde", True, "19:30"),
    ],
    "h23-es-03-bono-dos-dias-seguidos": [
        ("next", "el jueves", "jueves", "2028-09-28"),
        ("next", "el viernes", "viernes", "2028-09-29"),
        ("time", "a las 9 de la mañana", False, "09:00"),
        ("gap_refused", "bono-10", "2028-09-28T09:00", "2028-09-29T09:00"),
    ],
    "h23-es-04-suelo-pelvico-siguiente": [
        ("next", "martes que viene", "martes", "2028-11-28"),
    ],
    "h23-es-05-suelo-pelvico-puente": [
        ("weekday", "lunes 18 de diciembre", "lunes", "2028-12-18"),
        ("window_refused", "suelo-pelvico", "2028-12-18T18:00", "2028-12-05", "2028-12-07"),
        ("weekday", "jueves 14", "jueves", "2028-12-14"),
        ("time", "a las 6 de la tarde", True, "18:00"),
        ("window_last_day", "suelo-pelvico", "2028-12-14"),
    ],
    "h23-es-06-ondas-mover-segunda": [
        ("weekday", "jueves 9", "jueves", "2028-11-09"),
        ("weekday", "lunes 13", "lunes", "2028-11-13"),
        ("change_ok", "ondas-choque", "2028-11-09T10:30", "2028-11-13T10:30"),
        ("immediate", "ondas-choque", 2),
    ],
    "h23-es-07-valoracion-anular-tarde": [
        ("offset", "mañana", 1, "2028-12-12"),
        ("time", "las 9 y media", False, "09:30"),
        ("change_refused", "valoracion", "2028-12-12T09:30"),
    ],
    "h23-es-08-precio-bono-direccion": [
        ("price", "bono-10", 320),
        ("address", "san jacinto"),
    ],
    "h23-es-09-valoracion-madre-31-noviembre": [
        ("nonexistent", "31 de noviembre", 2028, 11, 31),
        ("weekday", "jueves 30", "jueves", "2028-11-30"),
        ("time", "a las 11", False, "11:00"),
    ],
    "h23-es-10-bono-cuantas-quedan-acupuntura": [
        ("not_offered", "acupuntura", "acupuntor"),
        ("progress", "bono-10", 7),
    ],
}


def _said(case: Case, phrase: str, r: Report) -> None:
    text = " ".join(case.users).lower()
    r.expect(phrase.lower() in text, case.id, f"no customer message says {phrase!r}")


def claim_day(case: Case, claim: Claim, r: Report) -> date | None:
    kind = claim[0]
    if kind in ("next", "weekday", "ddmm"):
        _, phrase, weekday, when = claim
        _said(case, phrase, r)
        day = date.fromisoformat(when)
        r.expect(day.weekday() == WEEKDAYS[weekday], case.id, f"{when} is not a {weekday}")
        if kind == "next":
            got = next_weekday(case.now.date(), WEEKDAYS[weekday])
            r.expect(got == day, case.id, f"{phrase!r} from {case.now:%a %d %b} is {got}")
        if kind == "ddmm":
            r.expect(dd_mm(phrase, case.now.year) == day, case.id, f"{phrase!r} is not {when}")
        if kind in ("weekday", "next") and (m := re.search(r"\b(\d{1,2})", phrase)):
            r.expect(int(m[1]) == day.day, case.id, f"{phrase!r}: day of month != {when}")
        return day
    if kind == "offset":
        _, phrase, days, when = claim
        _said(case, phrase, r)
        day = case.now.date() + timedelta(days=days)
        r.expect(day == date.fromisoformat(when), case.id, f"{phrase!r} is {day}, not {when}")
        return day
    return None


def claim_time(case: Case, claim: Claim, r: Report) -> None:
    _, phrase, afternoon, when = claim
    _said(case, phrase, r)
    got = spoken_time(phrase.lower(), afternoon)
    r.expect(got == _hm(when), case.id, f"{phrase!r} is {got:%H:%M}, not {when}")
    starts = {b.start.time() for b in case.final + case.setup} | {_hm(when)}
    r.expect(_hm(when) in starts, case.id, f"{when} is not used by any booking")


def claim_gap(case: Case, claim: Claim, r: Report) -> None:
    _, service_id, first, second = claim
    service = case.biz.services[service_id]
    a, b = local(first, case.biz.zone), local(second, case.biz.zone)
    done = len([x for x in case.setup if x.customer == case.customer and x.service == service_id])
    low = service.gap_min(done + 1)
    r.expect((b.date() - a.date()).days < low, case.id, f"{first}/{second} are {low}+ days apart")
    for start, k in ((a, done + 1), (b, done + 2)):
        problem = slot_problem(case.biz, service, k, start)
        r.expect(problem is None, case.id, f"refused pair: {start} is no slot anyway ({problem})")
        r.expect(start - case.now >= case.biz.min_notice, case.id, "pair fails notice, not gap")
    last = max(x.start for x in case.setup if x.customer == case.customer)
    r.expect((a.date() - last.date()).days >= low, case.id, "first of pair too close to history")


def claim_window(case: Case, claim: Claim, r: Report) -> None:
    _, service_id, requested, earliest, suggested = claim
    service = case.biz.services[service_id]
    history = [x for x in case.setup if x.customer == case.customer]
    done = [x for x in case.setup if x.customer == case.customer and x.status == "completed"]
    prev = max(done, key=lambda x: x.start)
    k = prev.session
    asked = local(requested, case.biz.zone)
    low = prev.start.date() + timedelta(days=service.gap_min(k))
    high = prev.start.date() + timedelta(days=service.gap_max() or 0)
    r.expect(not (low <= asked.date() <= high), case.id, f"{requested} is inside the window")
    r.expect(asked - case.now >= case.biz.min_notice, case.id, "fails notice before window")
    r.expect(low == date.fromisoformat(earliest), case.id, f"earliest is {low}, not {earliest}")
    target = prev.start.date() + timedelta(days=service.gap_target(k))
    r.expect(target == date.fromisoformat(suggested), case.id, f"suggested is {target}")
    r.expect(case.biz.is_open_day(low) and case.biz.is_open_day(target), case.id, "closed day")
    r.expect(len(history) == len(done), case.id, "a sequential session is still open")


def claim_change(case: Case, claim: Claim, r: Report, allowed: bool) -> None:
    service_id, old = claim[1], local(claim[2], case.biz.zone)
    held = [b for b in case.setup if b.service == service_id and b.start == old]
    r.expect(len(held) == 1 and held[0].status == "confirmed", case.id, f"no booking at {old}")
    ahead = old - case.now
    inside = ahead < case.biz.change_notice
    r.expect(inside != allowed, case.id, f"{old} is {ahead} ahead: notice on the wrong side")
    finals = [b for b in case.final if b.service == service_id and b.start == old]
    if not allowed:
        r.expect(finals == held, case.id, "a refused change still changed the booking")
    elif len(claim) > 3 and claim[3] is None:
        r.expect(bool(finals) and finals[0].status == "cancelled", case.id, "not cancelled")
    else:
        new = local(claim[3], case.biz.zone)
        r.expect(not finals, case.id, f"{old} still booked after the move")
        r.expect(any(b.start == new for b in case.final), case.id, f"nothing moved to {new}")


def claim_free(case: Case, claim: Claim, r: Report) -> None:
    _, service_id, day, wanted, pick = claim
    service = case.biz.services[service_id]
    others = [b for b in active(case.setup) if b.customer != case.customer]
    got = free_starts(case.biz, service, 1, date.fromisoformat(day), others, case.now)
    r.expect([f"{s:%H:%M}" for s in got] == wanted, case.id, f"free {got} != {wanted}")
    mine = [b for b in case.final if b.customer == case.customer and b.service == service_id]
    r.expect([f"{b.start:%H:%M}" for b in mine] == [pick], case.id, f"pick is not {pick}")


def claim_misc(case: Case, claim: Claim, r: Report) -> None:
    kind = claim[0]
    if kind == "closed":
        day = date.fromisoformat(claim[1])
        r.expect(not case.biz.is_open_day(day), case.id, f"{day} is open")
        r.expect(all(b.start.date() != day for b in case.final), case.id, "booked on closed day")
    elif kind == "nonexistent":
        _, phrase, y, m, d = claim
        _said(case, phrase, r)
        try:
            date(y, m, d)
            r.expect(False, case.id, f"{y}-{m}-{d} exists")
        except ValueError:
            r.checks += 1
    elif kind == "not_offered":
        _said(case, claim[1], r)
        for word in claim[1:]:
            r.expect(word not in case.biz.text, case.id, f"{word!r} is offered after all")
    elif kind == "price":
        _, service_id, amount = claim
        r.expect(case.biz.services[service_id].price == amount, case.id, f"price != {amount}")
        r.expect(str(amount) in case.contains, case.id, f"{amount} is not checked in a reply")
    elif kind == "address":
        r.expect(claim[1] in case.biz.text, case.id, f"address has no {claim[1]!r}")
    elif kind == "progress":
        _, service_id, done = claim
        mine = [b for b in case.final if b.customer == case.customer and b.service == service_id]
        r.expect(sum(b.status == "completed" for b in mine) == done, case.id, "progress count")
        r.expect(case.final == case.setup, case.id, "a progress question changed bookings")
    elif kind == "window_last_day":
        _, service_id, day = claim
        prev = max((b for b in case.setup if b.status == "completed"), key=lambda b: b.start)
        high = case.biz.services[service_id].gap_max() or 0
        r.expect(prev.start.date() + timedelta(days=high) == date.fromisoformat(day), case.id,
                 f"{day} is not the window's last day")  # fmt: skip
    else:
        r.expect(False, case.id, f"unknown claim {claim!r}")


def check_claims(case: Case, r: Report) -> set[date]:
    claimed: set[date] = set()
    for claim in CLAIMS.get(case.id, []):
        kind = claim[0]
        if kind in ("next", "weekday", "ddmm", "offset"):
            day = claim_day(case, claim, r)
            claimed |= {day} if day else set()
        elif kind == "time":
            claim_time(case, claim, r)
        elif kind == "gap_refused":
            claim_gap(case, claim, r)
        elif kind == "window_refused":
            claim_window(case, claim, r)
            claimed |= {date.fromisoformat(claim[3]), date.fromisoformat(claim[4])}
        elif kind in ("change_ok", "change_refused"):
            claim_change(case, claim, r, allowed=kind == "change_ok")
        elif kind == "immediate":
            check_immediate(case, r, claim[1], claim[2])
        elif kind == "pushed":
            check_pushed(case, r, claim[1], claim[2], claim[3])
        elif kind == "free":
            claim_free(case, claim, r)
        else:
            claim_misc(case, claim, r)
    return claimed


# --------------------------------------------------------------------------- main


def main() -> int:
    businesses: dict[Path, Business] = {}
    files = sorted((SET_DIR / "cases").glob("*.yaml"))
    cases = [load_case(p, businesses) for p in files]
    r = Report()
    r.expect(len(cases) == 30, "set", f"{len(cases)} cases, want 30")
    r.expect(len({c.id for c in cases}) == len(cases), "set", "duplicate ids")
    r.expect(set(CLAIMS) <= {c.id for c in cases}, "set", "claims for a case that is not there")
    for case in cases:
        check_frame(case, r)
        check_setup(case, r)
        check_final_slots(case, r)
        check_capacity(case, r)
        check_groups(case, r)
        check_mentions(case, r, check_claims(case, r))
    for line in r.problems:
        sys.stdout.write(f"FAIL {line}\n")
    status = "OK" if not r.problems else f"{len(r.problems)} problem(s)"
    sys.stdout.write(f"heldout23 dates: {len(cases)} cases, {r.checks} checks: {status}\n")
    return 1 if r.problems else 0


if __name__ == "__main__":
    sys.exit(main())
