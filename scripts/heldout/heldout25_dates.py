#!/usr/bin/env python3
"""heldout25's independent date checker: it never imports bookbot.

It re-implements DESIGN.md's slot rules (opening hours, the start-time grid, closures,
booking notice counted in real elapsed time, capacity, a customer never in two
sessions), recomputes every immediate plan and every move from the buffers (closure
pushes and the closest-to-preferred-time rule included), checks sequential windows and
flexible gaps, checks that every refused request breaks the rule the case names, and
reads every date and time phrase the customers use (English with Scots, Swabian
German, Chilean Spanish) against the clock of the step that says it. Each case's
`final` must equal what these rules give.

    python scripts/heldout/heldout25_dates.py            # check the set, exit 1 on a problem
    python scripts/heldout/heldout25_dates.py --mutate   # also prove that mutants fail
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

# Naive datetimes here are wall times in the case's business zone (as in the case files);
# `aware()` and `elapsed()` turn them into instants where real time matters. It is a
# command-line script, so it prints.
# ruff: noqa: DTZ001, T201

SET = Path(__file__).resolve().parents[2] / "evals" / "heldout25"
WINDOW = (datetime(2028, 9, 1, 0, 0), datetime(2028, 12, 20, 23, 59))
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LIVE = ("confirmed", "completed", "no_show")  # statuses that hold a slot
MIN_NO_BOOKING = 10


class Fail(Exception):
    """A claim of a case that the rules do not support."""


def need(ok: bool, message: str) -> None:
    if not ok:
        raise Fail(message)


# --------------------------------------------------------------------------- businesses


@dataclass
class Service:
    id: str
    strategy: str
    n: int
    durations: list[int]
    capacity: int
    gaps: list[tuple[int, int | None, int]]  # per gap k->k+1: (minimum, maximum, target)
    price: int
    expiry: int | None

    def duration(self, session: int) -> timedelta:
        return timedelta(minutes=self.durations[session - 1])


@dataclass
class Business:
    file: str
    name: str
    zone: ZoneInfo
    step: int
    notice: timedelta
    resched: timedelta
    hours: dict[int, list[tuple[time, time]]]
    closed: set[date]
    services: dict[str, Service]
    address: str
    lang: str


def as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def as_local(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return datetime.fromisoformat(str(value))


def parse_gaps(raw: dict[str, Any], n: int) -> list[tuple[int, int | None, int]]:
    gaps = []
    for k in range(1, n):
        minimum = raw.get(
            f"session_{k}_to_{k + 1}_days", raw.get("default_days", raw.get("minimum_days", 0))
        )
        maximum = raw.get("maximum_days")
        target = max(raw.get("recommended_days", minimum), minimum)
        gaps.append((int(minimum), maximum, int(target)))
    return gaps


def parse_business(file: str, raw: dict[str, Any]) -> Business:
    hours: dict[int, list[tuple[time, time]]] = {}
    for i, name in enumerate(WEEKDAYS):
        ranges = []
        for text in raw.get("hours", {}).get(name) or []:
            a, b = text.split("-")
            ranges.append((time.fromisoformat(a), time.fromisoformat(b)))
        hours[i] = ranges
    services = {}
    for s in raw["services"]:
        n = int(s.get("total_sessions_required", 1)) if s.get("requires_multiple_sessions") else 1
        durations = [int(s["duration_minutes"])] * n
        for i, sess in enumerate(s.get("sessions") or []):
            durations[i] = int(sess.get("duration_minutes", s["duration_minutes"]))
        strategy = s.get("multi_session_strategy", "single") if n > 1 else "single"
        services[s["id"]] = Service(
            id=s["id"],
            strategy=strategy,
            n=n,
            durations=durations,
            capacity=int(s.get("capacity", 1)),
            gaps=parse_gaps(s.get("session_buffer_config") or {}, n),
            price=int(s["price"]),
            expiry=s.get("package_expiry_days"),
        )
    lang = {"Europe/London": "en", "Europe/Berlin": "de", "America/Santiago": "es"}[raw["timezone"]]
    return Business(
        file=file,
        name=raw["name"],
        zone=ZoneInfo(raw["timezone"]),
        step=int(raw["slot_step_minutes"]),
        notice=timedelta(hours=raw["min_notice_hours"]),
        resched=timedelta(hours=raw["reschedule_notice_hours"]),
        hours=hours,
        closed={as_date(d) for d in raw.get("closed", [])},
        services=services,
        address=raw.get("contact", {}).get("address", ""),
        lang=lang,
    )


# --------------------------------------------------------------------------- time


def aware(biz: Business, local: datetime) -> datetime | None:
    """The instant of a local wall time, or None when the clocks skip it."""
    moment = local.replace(tzinfo=biz.zone)
    if moment.astimezone(UTC).astimezone(biz.zone).replace(tzinfo=None) != local:
        return None
    return moment


def elapsed(biz: Business, a: datetime, b: datetime) -> timedelta:
    """Real time from local a to local b (aware subtraction in one zone is wall time)."""
    ua, ub = aware(biz, a), aware(biz, b)
    assert ua is not None and ub is not None
    return ub.astimezone(UTC) - ua.astimezone(UTC)


def end_of(biz: Business, svc: Service, session: int, start: datetime) -> datetime:
    moment = aware(biz, start)
    assert moment is not None
    return (
        (moment.astimezone(UTC) + svc.duration(session)).astimezone(biz.zone).replace(tzinfo=None)
    )


def minutes(t: time) -> int:
    return t.hour * 60 + t.minute


# --------------------------------------------------------------------------- bookings


@dataclass
class Booking:
    customer: str
    service: str
    session: int
    start: datetime
    status: str

    def key(self) -> tuple[str, str, int, datetime, str]:
        return (self.customer, self.service, self.session, self.start, self.status)


def overlaps(
    biz: Business, a: Booking, b_service: Service, b_session: int, b_start: datetime
) -> bool:
    a_svc = biz.services[a.service]
    a_end = end_of(biz, a_svc, a.session, a.start)
    b_end = end_of(biz, b_service, b_session, b_start)
    return a.start < b_end and b_start < a_end


def problems(
    biz: Business,
    svc: Service,
    session: int,
    start: datetime,
    clock: datetime,
    state: list[Booking],
    customer: str,
    ignore: tuple[Booking, ...] = (),
) -> list[str]:
    """Every slot rule `start` breaks, in the order a refusal names them."""
    if aware(biz, start) is None:
        return ["no_such_time"]
    found = []
    ranges = biz.hours[start.weekday()]
    if start.date() in biz.closed or not ranges:
        found.append("closed")
    else:
        end = end_of(biz, svc, session, start)
        inside = [
            (a, b)
            for a, b in ranges
            if a <= start.time() and end <= datetime.combine(start.date(), b)
        ]
        if not inside:
            found.append("hours")
        elif (minutes(start.time()) - minutes(inside[0][0])) % biz.step:
            found.append("grid")
    if elapsed(biz, clock, start) < biz.notice:
        found.append("notice")
    live = [b for b in state if b.status in LIVE and all(b is not x for x in ignore)]
    same = [b for b in live if b.service == svc.id and overlaps(biz, b, svc, session, start)]
    if len(same) >= svc.capacity:
        found.append("capacity")
    if any(b.customer == customer and overlaps(biz, b, svc, session, start) for b in live):
        found.append("customer_busy")
    return found


def free_starts(
    biz: Business,
    svc: Service,
    session: int,
    day: date,
    clock: datetime,
    state: list[Booking],
    customer: str,
    ignore: tuple[Booking, ...] = (),
) -> list[datetime]:
    out = []
    for a, b in biz.hours[day.weekday()]:
        t = datetime.combine(day, a)
        while t + svc.duration(session) <= datetime.combine(day, b):
            if not problems(biz, svc, session, t, clock, state, customer, ignore):
                out.append(t)
            t += timedelta(minutes=biz.step)
    return out


def closest(starts: list[datetime], preferred: time) -> datetime:
    return min(starts, key=lambda s: (abs(minutes(s.time()) - minutes(preferred)), s))


def place_after(
    biz: Business,
    svc: Service,
    session: int,
    prev_start: datetime,
    preferred: time,
    clock: datetime,
    state: list[Booking],
    customer: str,
    ignore: tuple[Booking, ...] = (),
) -> datetime:
    """Session `session` of an immediate plan: the earliest day >= day(prev) + target
    (<= day(prev) + maximum) with a free start after prev ends, closest to `preferred`."""
    minimum, maximum, target = svc.gaps[session - 2]
    prev_end = end_of(biz, svc, session - 1, prev_start)
    day = prev_start.date() + timedelta(days=target)
    last = prev_start.date() + timedelta(days=maximum if maximum is not None else target + 400)
    while day <= last:
        starts = [
            s
            for s in free_starts(biz, svc, session, day, clock, state, customer, ignore)
            if s >= prev_end
        ]
        if starts:
            return closest(starts, preferred)
        day += timedelta(days=1)
    raise Fail(f"{svc.id}: no day for session {session} within its maximum after {prev_start}")


# --------------------------------------------------------------------------- phrases

NUMBER_WORDS = {
    "eins": 1,
    "ein": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "fünfe": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "una": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
}
WEEKDAY_WORDS = {
    "en": {
        "monday": 0,
        "mon": 0,
        "tuesday": 1,
        "tues": 1,
        "tue": 1,
        "wednesday": 2,
        "wed": 2,
        "thursday": 3,
        "thurs": 3,
        "thu": 3,
        "friday": 4,
        "fri": 4,
        "saturday": 5,
        "sat": 5,
        "sunday": 6,
        "sun": 6,
    },
    "de": {
        "montag": 0,
        "mo": 0,
        "dienstag": 1,
        "di": 1,
        "mittwoch": 2,
        "mi": 2,
        "donnerstag": 3,
        "do": 3,
        "freitag": 4,
        "fr": 4,
        "samstag": 5,
        "sa": 5,
        "sonntag": 6,
        "so": 6,
    },
    "es": {
        "lunes": 0,
        "martes": 1,
        "miércoles": 2,
        "miercoles": 2,
        "jueves": 3,
        "viernes": 4,
        "sábado": 5,
        "sabado": 5,
        "domingo": 6,
    },
}
MONTHS_EN = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
RELATIVE = {  # longest first, so "pasado mañana" is not read as "mañana"
    "en": [("the morra", 1), ("tomorrow", 1), ("today", 0)],
    "de": [("übermorgen", 2), ("morga", 1), ("morgen", 1), ("heute", 0), ("heut", 0)],
    "es": [("pasado mañana", 2), ("mañana", 1), ("hoy", 0)],
}
NEXT_WEEK = {"en": r"\bnext week\b", "de": r"\bnäch?s?ch?te[n]? woch", "es": r"\bla otra semana\b"}
THIS_WEEK = {"en": r"\bthis\b", "de": r"\bdiese\b", "es": r"\beste\b"}
INVALID = date.min
YES = {
    "en": r"\b(aye|yes|yep|sound|go for it|book it)\b",
    "de": r"\b(ja|jo|jawoll|passt|gern|buchen)\b",
    "es": r"(^|\W)(ya|sí|si|dale|perfecto|porfa)(\W|$)",
}
NO = {
    "en": r"\b(naw|nae|no|not|don't|dinnae|cannae)\b",
    "de": r"\b(nein|noi|ne|nee|nicht|doch nicht)\b",
    "es": r"(^|\W)(no|nada|mejor no)(\W|$)",
}


def number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def weekday_in(lang: str, p: str) -> int | None:
    found = {v for w, v in WEEKDAY_WORDS[lang].items() if re.search(rf"(?<!\w){w}(?!\w)", p)}
    need(len(found) <= 1, f"{p!r} names more than one weekday")
    return found.pop() if found else None


def on_or_after(today: date, day: int, month: int | None) -> date:
    """The next date on or after today with that day (and month); INVALID if none exists."""
    if month is not None:
        for year in (today.year, today.year + 1):
            try:
                d = date(year, month, day)
            except ValueError:
                return INVALID
            if d >= today:
                return d
        return INVALID
    d = today
    for _ in range(62):
        if d.day == day:
            return d
        d += timedelta(days=1)
    return INVALID


def read_day(lang: str, phrase: str, today: date) -> date:
    p = phrase.casefold()
    wd = weekday_in(lang, p)
    patterns = {
        "en": [
            r"(\d{1,2})(?:st|nd|rd|th) of (" + "|".join(MONTHS_EN) + ")",
            r"(\d{1,2})(?:st|nd|rd|th)",
        ],
        "de": [r"(\d{1,2})\.(\d{1,2})\.", r"(\d{1,2})\."],
        "es": [r"(\d{1,2})/(\d{1,2})", r"(?<![\d/])(\d{1,2})(?![\d/])"],
    }[lang]
    for pattern in patterns:
        m = re.search(pattern, p)
        if not m:
            continue
        day = int(m.group(1))
        month = None
        if m.lastindex and m.lastindex > 1:
            month = MONTHS_EN[m.group(2)] if lang == "en" else int(m.group(2))
        d = on_or_after(today, day, month)
        if d is not INVALID and wd is not None:
            need(d.weekday() == wd, f"{phrase!r}: {d} is not a {WEEKDAYS[wd]}")
        return d
    for word, offset in RELATIVE[lang]:
        if word in p:
            return today + timedelta(days=offset)
    need(wd is not None, f"cannot read a day in {phrase!r}")
    assert wd is not None
    monday = today - timedelta(days=today.weekday())
    if re.search(NEXT_WEEK[lang], p):
        return monday + timedelta(days=7 + wd)
    if lang == "en" and re.search(r"\bweek\b", p):  # "Thursday week": a week on from Thursday
        return next_weekday(today, wd) + timedelta(days=7)
    if re.search(THIS_WEEK[lang], p):
        d = monday + timedelta(days=wd)
        need(d >= today, f"{phrase!r}: this week's day is past")
        return d
    return next_weekday(today, wd)


def next_weekday(today: date, wd: int) -> date:
    return today + timedelta(days=(wd - today.weekday() - 1) % 7 + 1)


def afternoon(hour: int) -> int:
    """No business here opens before 07:30: a bare 1-7 o'clock is p.m."""
    return hour + 12 if 1 <= hour <= 7 else hour


def read_time(lang: str, phrase: str) -> time:
    p = phrase.casefold()
    w = r"(\d{1,2}|[a-zäöüéáíóú]+)"
    Rule = tuple[str, Callable[[int], tuple[int, int]]]
    table: dict[str, list[Rule]] = {
        "en": [
            (r"half " + w, lambda n: (afternoon(n), 30)),
            (r"(\d{1,2}) ?am\b", lambda n: (n, 0)),
            (r"(\d{1,2}) ?pm\b", lambda n: (n + 12 if n < 12 else 12, 0)),
            (r"(\d{1,2})ish\b", lambda n: (afternoon(n), 0)),
            (r"\bat " + w + r"\b", lambda n: (afternoon(n), 0)),
        ],
        "de": [
            (r"dreiviertel " + w, lambda n: (afternoon((n - 1) or 12), 45)),
            (r"viertel nach " + w, lambda n: (afternoon(n), 15)),
            (r"viertel vor " + w, lambda n: (afternoon((n - 1) or 12), 45)),
            (
                r"viertel " + w,
                lambda n: (afternoon((n - 1) or 12), 15),
            ),  # Swabian: viertel 5 = 4:15
            (r"halb " + w, lambda n: (afternoon((n - 1) or 12), 30)),
            (r"(\d{1,2}) uhr", lambda n: (afternoon(n), 0)),
            (r"\bum " + w + r"\b", lambda n: (afternoon(n), 0)),
        ],
        "es": [
            (r"las " + w + r" y media", lambda n: (afternoon(n), 30)),
            (r"las " + w + r" de la tarde", lambda n: (n + 12 if n < 12 else 12, 0)),
            (r"las " + w + r"\b", lambda n: (afternoon(n), 0)),
        ],
    }
    rules = table[lang]
    for pattern, make in rules:
        m = re.search(pattern, p)
        if m and (m.group(1).isdigit() or m.group(1) in NUMBER_WORDS):
            h, mi = make(number(m.group(1)))
            return time(h, mi)
    raise Fail(f"cannot read a time in {phrase!r}")


# --------------------------------------------------------------------------- a case


class Case:
    """One case file read with yaml, its clocks per step, and the running state."""

    def __init__(self, file: Path, raw: dict[str, Any], businesses: dict[str, Business]) -> None:
        self.file, self.raw = file, raw
        self.id = raw["id"]
        self.biz = businesses[Path(raw["business"]).name]
        self.customer = str(raw["customer"]["phone"])
        self.now = as_local(raw["now"])
        self.steps: list[dict[str, Any]] = raw["steps"]
        self.clocks: list[datetime] = []
        clock = self.now
        for step in self.steps:
            if "advance_to" in step:
                clock = as_local(step["advance_to"])
            self.clocks.append(clock)
        self.setup = [self.booking(b) for b in (raw.get("setup") or {}).get("bookings") or []]
        self.state = [copy.copy(b) for b in self.setup]
        self.final = [self.booking(b) for b in raw["final"]["bookings"]]
        self.read: list[str] = []  # every phrase read, for the summary
        for i, step in enumerate(self.steps, 1):
            if "admin" in step:
                a = step["admin"]
                need(
                    all("user" not in s for s in self.steps[: i - 1]), "admin steps come first here"
                )
                target = self.find(
                    a["service"], int(a["session"]), a.get("customer", self.customer)
                )
                target.status = {
                    "complete": "completed",
                    "no_show": "no_show",
                    "cancel": "cancelled",
                }[a["action"]]

    def booking(self, b: dict[str, Any]) -> Booking:
        svc = self.biz.services[b["service"]]
        session = int(b.get("session", 1 if svc.n == 1 else 0))
        need(session > 0, f"{self.id}: booking without a session number: {b}")
        return Booking(
            str(b.get("customer", self.customer)),
            b["service"],
            session,
            as_local(b["start"]),
            b.get("status", "confirmed"),
        )

    def find(self, service: str, session: int, customer: str | None = None) -> Booking:
        who = customer or self.customer
        hits = [
            b
            for b in self.state
            if (b.customer, b.service, b.session) == (who, service, session)
            and b.status != "cancelled"
        ]
        need(len(hits) == 1, f"no single live booking {service} #{session} for {who}")
        return hits[0]

    # ---- reading what the customer says

    def text(self, step: int) -> str:
        need("user" in self.steps[step - 1], f"step {step} is not a customer message")
        return str(self.steps[step - 1]["user"])

    def says(self, step: int, phrase: str) -> None:
        need(
            phrase.casefold() in self.text(step).casefold(), f"step {step} does not say {phrase!r}"
        )
        self.read.append(phrase)

    def day(self, step: int, phrase: str) -> date:
        self.says(step, phrase)
        d = read_day(self.biz.lang, phrase, self.clocks[step - 1].date())
        need(d is not INVALID, f"step {step}: {phrase!r} is not a date")
        return d

    def no_such_day(self, step: int, phrase: str) -> None:
        self.says(step, phrase)
        need(
            read_day(self.biz.lang, phrase, self.clocks[step - 1].date()) is INVALID,
            f"step {step}: {phrase!r} is a real date",
        )

    def time(self, step: int, phrase: str) -> time:
        self.says(step, phrase)
        return read_time(self.biz.lang, phrase)

    def at(self, step: int, day_phrase: str, time_phrase: str) -> datetime:
        return datetime.combine(self.day(step, day_phrase), self.time(step, time_phrase))

    # ---- the case's own expectations

    def expect(self, step: int) -> dict[str, Any]:
        return self.steps[step - 1].get("expect") or {}

    def mentions(self, step: int, dates: list[date] | list[datetime]) -> None:
        days = sorted({d.date() if isinstance(d, datetime) else d for d in dates})
        listed = sorted(as_date(d) for d in self.expect(step).get("reply_mentions_dates", []))
        need(
            listed == days, f"step {step}: reply_mentions_dates {listed} but the rules give {days}"
        )

    def proposes(self, step: int) -> None:
        """The contract fixes this turn: a complete request is proposed, not booked."""
        e = self.expect(step)
        names = [t if isinstance(t, str) else t["name"] for t in e.get("tools", [])]
        need(
            "propose_schedule" in names and "book_group" in e.get("tools_not", []),
            f"step {step}: a complete request must expect propose_schedule and not book_group",
        )

    def books(self, step: int) -> None:
        """A yes to a shown proposal: the message reads as a yes and has no no in it."""
        said = self.text(step).casefold()
        need(bool(re.search(YES[self.biz.lang], said)), f"step {step}: {said!r} is not a yes")
        need(not re.search(NO[self.biz.lang], said), f"step {step}: {said!r} says no")
        names = [t if isinstance(t, str) else t["name"] for t in self.expect(step).get("tools", [])]
        need(
            "book_group" in names, f"step {step}: a yes to a shown proposal must expect book_group"
        )

    def no_book(self, *steps: int) -> None:
        for step in steps:
            need(
                "book_group" in self.expect(step).get("tools_not", []),
                f"step {step}: expected tools_not: [book_group]",
            )

    # ---- the rules

    def svc(self, service: str) -> Service:
        return self.biz.services[service]

    def clock(self, step: int) -> datetime:
        return self.clocks[step - 1]

    def slot_ok(
        self,
        step: int,
        service: str,
        session: int,
        start: datetime,
        ignore: tuple[Booking, ...] = (),
    ) -> None:
        found = problems(
            self.biz,
            self.svc(service),
            session,
            start,
            self.clock(step),
            self.state,
            self.customer,
            ignore,
        )
        need(not found, f"{service} #{session} at {start} breaks {found}")

    def refused(self, step: int, service: str, session: int, start: datetime, rule: str) -> None:
        found = problems(
            self.biz, self.svc(service), session, start, self.clock(step), self.state, self.customer
        )
        need(
            bool(found) and found[0] == rule,
            f"{start}: refused for {rule}, but the rules give {found}",
        )

    def plan(self, step: int, service: str, start: datetime) -> list[datetime]:
        svc = self.svc(service)
        self.slot_ok(step, service, 1, start)
        plan = [start]
        temp: list[Booking] = []
        for k in range(2, svc.n + 1):
            temp.append(Booking(self.customer, service, k - 1, plan[-1], "confirmed"))
            plan.append(
                place_after(
                    self.biz,
                    svc,
                    k,
                    plan[-1],
                    start.time(),
                    self.clock(step),
                    self.state + temp,
                    self.customer,
                )
            )
        return plan

    def book(self, service: str, starts: list[datetime], first: int = 1) -> None:
        for i, start in enumerate(starts):
            self.state.append(Booking(self.customer, service, first + i, start, "confirmed"))

    def window(self, service: str) -> tuple[int, date, date, date]:
        """Sequential: the next session number, its earliest, latest and suggested day."""
        svc = self.svc(service)
        mine = sorted(
            (
                b
                for b in self.state
                if b.customer == self.customer and b.service == service and b.status != "cancelled"
            ),
            key=lambda b: b.session,
        )
        need(
            bool(mine) and mine[-1].status == "completed",
            f"{service}: the last session is not completed",
        )
        last = mine[-1]
        minimum, maximum, target = svc.gaps[last.session - 1]
        d = last.start.date()
        assert maximum is not None
        return (
            last.session + 1,
            d + timedelta(days=minimum),
            d + timedelta(days=maximum),
            d + timedelta(days=target),
        )

    def sequential(self, step: int, service: str, start: datetime, verdict: str) -> int:
        """`inside`, `early` or `late`: notice first, the window next, the slot last."""
        k, lo, hi, _ = self.window(service)
        svc = self.svc(service)
        if elapsed(self.biz, self.clock(step), start) < self.biz.notice:
            got = "notice"
        elif start.date() < lo:
            got = "early"
        elif start.date() > hi:
            got = "late"
        else:
            self.slot_ok(step, service, k, start)
            need(
                start >= end_of(self.biz, svc, k - 1, self.find(service, k - 1).start),
                "overlaps k-1",
            )
            got = "inside"
        need(got == verdict, f"{service} at {start}: expected {verdict}, the rules give {got}")
        return k

    def flexible(self, step: int, service: str, starts: list[datetime]) -> list[tuple[date, date]]:
        """The pairs of consecutive sessions closer than the minimum, existing ones included."""
        svc = self.svc(service)
        mine = [
            b.start
            for b in self.state
            if b.customer == self.customer and b.service == service and b.status != "cancelled"
        ]
        need(len(mine) + len(starts) <= svc.n, f"{service}: more sessions than the plan holds")
        for s in starts:
            self.slot_ok(step, service, 1, s)
        ordered = sorted(mine + starts)
        minimum = svc.gaps[0][0]
        need(all(g[0] == minimum for g in svc.gaps), "flexible gaps differ per session")
        return [
            (a.date(), b.date())
            for a, b in zip(ordered, ordered[1:], strict=False)
            if (b.date() - a.date()).days < minimum
        ]

    def flex_book(self, service: str, starts: list[datetime]) -> None:
        mine = [
            b
            for b in self.state
            if b.customer == self.customer and b.service == service and b.status != "cancelled"
        ]
        need(
            all(b.start < min(starts) for b in mine),
            "new flexible sessions come after the old ones",
        )
        self.book(service, sorted(starts), first=len(mine) + 1)

    def may_change(self, step: int, booking: Booking) -> bool:
        return elapsed(self.biz, self.clock(step), booking.start) >= self.biz.resched

    def move(self, step: int, service: str, session: int, new_start: datetime) -> list[datetime]:
        """The immediate plan after moving `session`: later sessions move only as far as
        their gaps require, each keeping its own time of day."""
        svc = self.svc(service)
        group = {
            b.session: b
            for b in self.state
            if b.customer == self.customer and b.service == service and b.status != "cancelled"
        }
        moving = group[session]
        need(self.may_change(step, moving), f"{service} #{session} is inside the reschedule notice")
        need(
            not problems(
                self.biz,
                svc,
                session,
                new_start,
                self.clock(step),
                self.state,
                self.customer,
                (moving,),
            ),
            f"{new_start} is not free",
        )
        if session > 1:
            lo, hi, _ = svc.gaps[session - 2]
            gap = (new_start.date() - group[session - 1].start.date()).days
            need(gap >= lo and (hi is None or gap <= hi), "the move breaks the gap before it")
        starts = {s: b.start for s, b in group.items()}
        starts[session] = new_start
        for k in range(session + 1, svc.n + 1):
            lo, hi, _ = svc.gaps[k - 2]
            prev, cur = starts[k - 1], group[k]
            gap = (cur.start.date() - prev.date()).days
            fits = (
                gap >= lo
                and (hi is None or gap <= hi)
                and cur.start >= end_of(self.biz, svc, k - 1, prev)
            )
            if not fits:
                need(
                    self.may_change(step, cur), f"session {k} would have to move inside the notice"
                )
                others = tuple(b for b in group.values() if b.session >= session)
                starts[k] = place_after(
                    self.biz,
                    svc,
                    k,
                    prev,
                    cur.start.time(),
                    self.clock(step),
                    self.state,
                    self.customer,
                    others,
                )
        return [starts[k] for k in sorted(starts)]

    def apply_plan(self, service: str, starts: list[datetime]) -> None:
        for b in self.state:
            if b.customer == self.customer and b.service == service and b.status == "confirmed":
                b.start = starts[b.session - 1]


# --------------------------------------------------------------------------- the 30 cases


def gla_01(c: Case) -> None:
    this_thu = c.day(1, "this Thursday")
    start = c.at(1, "Thursday week", "at 5")
    need(
        start.date() == this_thu + timedelta(days=7),
        "'the wan efter' is a week after this Thursday",
    )
    c.proposes(1)
    plan = c.plan(1, "shockwave", start)
    need(plan[1].date() - timedelta(days=1) in c.biz.closed, "session 2 is a closure push")
    c.mentions(1, plan)
    c.books(2)
    c.book("shockwave", plan)


def gla_02(c: Case) -> None:
    dropped = c.at(3, "the morra", "at 7")
    c.sequential(
        3, "sports-rehab", dropped, "inside"
    )  # the first wish was possible: a real correction
    start = datetime.combine(c.day(3, "monday the 9th"), c.time(3, "at half 6"))
    k = c.sequential(3, "sports-rehab", start, "inside")
    c.proposes(3)
    c.mentions(3, [start])
    c.books(4)
    c.book("sports-rehab", [start], first=k)


def gla_03(c: Case) -> None:
    away, back = c.day(1, "fae Saturday"), c.day(1, "back the 30th")
    start = datetime.combine(c.day(1, "Tuesday 31st"), c.time(1, "8am"))
    need(away < start.date() and back < start.date(), "she asks for the day after she is back")
    c.sequential(1, "sports-rehab", start, "late")
    _, lo, _, suggested = c.window("sports-rehab")
    c.mentions(1, [lo, suggested])
    c.no_book(1, 2)


def gla_04(c: Case) -> None:
    asked = [
        c.at(1, "Sat 11th", "at 9"),
        c.at(1, "Mon 13th", "6pm"),
        c.at(1, "Tues 14th", "6pm"),
        c.at(1, "Fri 17th", "at 12"),
    ]
    need(
        c.flexible(1, "sports-massage", asked) == [(asked[1].date(), asked[2].date())],
        "only Mon 13 / Tue 14 is too close",
    )
    c.no_book(1)
    c.says(2, "drop the Tuesday")
    kept = [s for s in asked if s.weekday() != 1]
    need(c.flexible(2, "sports-massage", kept) == [], "the other three fit")
    c.flex_book("sports-massage", kept)


def price_said(c: Case, step: int, service: str) -> None:
    e = c.expect(step)
    price = c.svc(service).price
    plain = str(price)
    grouped = f"{price:,}".replace(",", ".")
    need(
        plain in e.get("reply_contains", [])
        or any(re.search(p, grouped) for p in e.get("reply_matches", [])),
        f"step {step}: the price check does not name {service}'s price {price}",
    )


def address_said(c: Case, step: int) -> None:
    need(
        any(re.search(p, c.biz.address) for p in c.expect(step).get("reply_matches", [])),
        f"step {step}: no reply_matches pattern matches the address {c.biz.address!r}",
    )


def gla_05(c: Case) -> None:
    c.says(1, "ACL return to sport")
    price_said(c, 1, "acl-programme")
    address_said(c, 1)
    c.no_book(1, 2)


def gla_06(c: Case) -> None:
    booking = c.find("msk-assessment", 1)
    need(booking.start == c.at(1, "the morra", "at 8"), "the appointment she names is hers")
    need(not c.may_change(1, booking), "the cancel is inside the notice")
    target = c.day(2, "next week then? Any time Tuesday")
    need(
        target.weekday() == 1 and not c.may_change(2, booking), "the move is inside the notice too"
    )
    c.no_book(1, 2)


def gla_07(c: Case) -> None:
    asked = c.at(1, "Thursday", "half 3")
    c.refused(1, "msk-assessment", 1, asked, "capacity")
    svc = c.svc("msk-assessment")
    free = free_starts(c.biz, svc, 1, asked.date(), c.clock(1), c.state, c.customer)
    before = max(s for s in free if s < asked)
    after = min(s for s in free if s > asked)
    need(
        (before.time(), after.time()) == (time(14, 30), time(16, 30)),
        f"nearest free {before} {after}",
    )
    picked = datetime.combine(asked.date(), c.time(2, "half 4"))
    need(picked == after, "she picks the nearest later start")
    c.no_book(1)
    c.book("msk-assessment", [picked])


def gla_08(c: Case) -> None:
    c.no_such_day(1, "the 31st of September")
    need(c.time(1, "10ish") == time(10, 0), "10ish is 10:00")
    holiday = c.at(2, "Monday the 25th", "10am")
    c.refused(2, "acl-programme", 1, holiday, "closed")
    c.says(3, "same time")
    start = datetime.combine(c.day(3, "Saturday the 30th"), holiday.time())
    plan = c.plan(3, "acl-programme", start)
    c.no_book(1, 2)
    c.proposes(3)
    c.mentions(3, plan)
    c.books(4)
    c.book("acl-programme", plan)


def gla_09(c: Case) -> None:
    done = [b for b in c.state if b.service == "sports-rehab" and b.status == "completed"]
    need(len(done) == 3 and c.svc("sports-rehab").n - len(done) == 3, "3 done, 3 left")
    need(
        any(re.search(p, "3") for p in c.expect(1).get("reply_matches", [])),
        "progress check names 3",
    )
    asked = c.at(2, "thursday next week", "at half 5")
    k, lo, hi, _ = c.window("sports-rehab")
    need(lo <= asked.date() <= hi, "inside the window")
    c.refused(2, "sports-rehab", k, asked, "closed")
    start = c.at(3, "wednesday 29th", "at half 5")
    c.sequential(3, "sports-rehab", start, "inside")
    c.no_book(1, 2)
    c.proposes(3)
    c.mentions(3, [start])
    c.books(4)
    c.book("sports-rehab", [start], first=k)


def gla_10(c: Case) -> None:
    c.says(1, "MRI")
    need(not any("mri" in s for s in c.biz.services), "MRI is not a service")
    price_said(c, 2, "msk-assessment")
    c.no_book(1, 2, 3)


def str_01(c: Case) -> None:
    start = c.at(1, "morga", "um dreiviertel 5")
    plan = c.plan(1, "laser-achseln", start)
    need(plan[1].date() - timedelta(days=1) in c.biz.closed, "session 2 is pushed past 3 Oct")
    need(plan[2].date() - timedelta(days=1) in c.biz.closed, "session 3 is pushed past 1 Nov")
    c.proposes(1)
    c.mentions(1, plan)
    c.books(2)
    c.book("laser-achseln", plan)


def str_02(c: Case) -> None:
    s1 = c.find("laser-achseln", 1)
    need(s1.start == c.at(1, "am Montag", "um halb eins"), "she names her session 1")
    wall = s1.start - c.clock(1)
    need(
        wall < c.biz.resched <= elapsed(c.biz, c.clock(1), s1.start),
        "inside the notice on the wall clock, outside it in real time",
    )
    new = c.at(1, "Donnerstag, der 2.11.", "um 18 Uhr")
    plan = c.move(1, "laser-achseln", 1, new)
    old = [
        b.start
        for b in sorted(
            (b for b in c.state if b.service == "laser-achseln"), key=lambda b: b.session
        )
    ]
    moved = [p for p, o in zip(plan, old, strict=True) if p != o]
    c.no_book(1)
    c.mentions(1, moved)
    c.apply_plan("laser-achseln", plan)


def str_03(c: Case) -> None:
    early = c.at(1, "nächschte Woch am Dienstag", "um 5")
    c.sequential(1, "microneedling", early, "early")
    k, lo, _, suggested = c.window("microneedling")
    c.mentions(1, [lo, suggested])
    c.no_book(1)
    day = c.day(2, "Donnerstag, 2.11.")
    need(c.time(2, "um fünfe") == time(17, 0), "fünfe is 17:00")
    start = datetime.combine(day, c.time(2, "viertel nach 4"))
    c.sequential(2, "microneedling", start, "inside")
    c.proposes(2)
    c.mentions(2, [start])
    c.books(3)
    c.book("microneedling", [start], first=k)


def str_04(c: Case) -> None:
    ten = c.time(1, "um 10")
    asked = [datetime.combine(c.day(1, p), ten) for p in ("Sa 16.9.", "Sa 14.10.", "Sa 25.11.")]
    need(
        c.flexible(1, "laser-beine", asked) == [(asked[0].date(), asked[1].date())],
        "16.9./14.10. too close",
    )
    new = datetime.combine(c.day(2, "de 21.10."), c.time(2, "au um 10"))
    c.says(2, "statt em 14.10.")
    fixed = [asked[0], new, asked[2]]
    need(c.flexible(2, "laser-beine", fixed) == [], "the fixed three fit")
    c.no_book(1)
    c.proposes(2)
    c.mentions(2, fixed)
    c.books(3)
    c.flex_book("laser-beine", fixed)


def str_05(c: Case) -> None:
    c.says(1, "Microneedling-Kur")
    price_said(c, 1, "microneedling")
    address_said(c, 1)
    c.no_book(1, 2)


def str_06(c: Case) -> None:
    c.says(1, "tattooentfernung")
    need(not any("tattoo" in s for s in c.biz.services), "tattoo removal is not a service")
    start = c.at(2, "montag", "um 12")
    c.slot_ok(2, "hautanalyse", 1, start)
    c.no_book(1)
    c.proposes(2)
    c.mentions(2, [start])
    c.books(3)
    c.book("hautanalyse", [start])


def str_07(c: Case) -> None:
    s2 = c.find("hydrafacial", 2)
    need(s2.start.date() == c.day(1, "am kommenden Samstag"), "she names her session 2")
    need(c.may_change(1, s2), "outside the notice: the bot may cancel")
    c.no_book(1, 2, 3)
    s2.status = "cancelled"


def str_08(c: Case) -> None:
    c.no_such_day(1, "Freitag, den 31.11.")
    hour = c.time(1, "um 15 Uhr")
    c.says(2, "gleiche Uhrzeit")
    start = datetime.combine(c.day(2, "Freitag, den 1.12."), hour)
    c.slot_ok(2, "hautanalyse", 1, start)
    c.no_book(1)
    c.proposes(2)
    c.mentions(2, [start])
    c.books(3)
    c.book("hautanalyse", [start])


def str_09(c: Case) -> None:
    asked = c.at(1, "heut mittag", "um 12")
    c.refused(1, "hautanalyse", 1, asked, "notice")
    floated = c.day(2, "morga früh")
    need(floated == c.clock(2).date() + timedelta(days=1), "morga is tomorrow")
    c.says(2, "i überleg mir's nomal")
    c.no_book(1, 2)


def str_10(c: Case) -> None:
    done = [b for b in c.state if b.service == "hydrafacial" and b.status == "completed"]
    need(c.svc("hydrafacial").n - len(done) == 3, "three left")
    need(
        any(re.search(p, "3") for p in c.expect(1).get("reply_matches", [])),
        "progress check names 3",
    )
    starts = [
        c.at(2, "Donnerstag 19.10.", "um viertel 5"),
        c.at(2, "Donnerstag 26.10.", "um viertel nach 6"),
    ]
    need(c.flexible(2, "hydrafacial", starts) == [], "the two fit the 7-day minimum")
    c.no_book(1)
    c.proposes(2)
    c.mentions(2, starts)
    c.books(3)
    c.flex_book("hydrafacial", starts)


def scl_01(c: Case) -> None:
    start = c.at(1, "este viernes", "a las 4")
    plan = c.plan(1, "implante", start)
    need(plan[1].date() - timedelta(days=1) in c.biz.closed, "the control is pushed past 9 Oct")
    need(
        plan[2].weekday() == 5 and plan[2].time() != start.time(),
        "the crown lands on a short Saturday",
    )
    c.proposes(1)
    c.mentions(1, plan)
    c.books(2)
    c.book("implante", plan)


def scl_02(c: Case) -> None:
    friday = c.at(1, "la otra semana el viernes", "a las 4 y media")
    k, lo, hi, _ = c.window("ortodoncia")
    need(lo <= friday.date() <= hi, "the Friday is inside the window")
    c.refused(1, "ortodoncia", k, friday, "closed")
    c.says(2, "a la misma hora")
    thursday = c.day(2, "el jueves 26")
    need(thursday == friday.date() - timedelta(days=1), "the Thursday of that week")
    start = datetime.combine(thursday, friday.time())
    c.sequential(2, "ortodoncia", start, "inside")
    need(start.date() == lo, "the window's first day")
    c.no_book(1)
    c.proposes(2)
    c.mentions(2, [start])
    c.books(3)
    c.book("ortodoncia", [start], first=k)


def scl_03(c: Case) -> None:
    start = c.at(1, "el martes 17", "a las 6 de la tarde")
    c.sequential(1, "ortodoncia", start, "late")
    c.says(2, "al tiro")
    c.no_book(1, 2)


def scl_04(c: Case) -> None:
    eleven = c.time(1, "a las 11")
    a, b, d = (
        datetime.combine(c.day(1, p), eleven)
        for p in ("pasado mañana", "el martes 21", "el martes 28")
    )
    need(c.flexible(1, "blanqueamiento", [a, b, d]) == [(a.date(), b.date())], "16/21 too close")
    b2 = datetime.combine(c.day(2, "el jueves 23"), eleven)
    need(c.flexible(2, "blanqueamiento", [a, b2, d]) == [(b2.date(), d.date())], "23/28 too close")
    d2 = datetime.combine(c.day(3, "el jueves 30"), c.time(3, "a las 11"))
    need(c.flexible(3, "blanqueamiento", [a, b2, d2]) == [], "16/23/30 fit")
    c.no_book(1, 2)
    c.proposes(3)
    c.mentions(3, [a, b2, d2])
    c.books(4)
    c.flex_book("blanqueamiento", [a, b2, d2])


def scl_05(c: Case) -> None:
    c.says(1, "implante completo")
    price_said(c, 1, "implante")
    address_said(c, 1)
    c.no_book(1, 2)


def scl_06(c: Case) -> None:
    booking = c.find("evaluacion", 1)
    need(booking.start == c.at(1, "mañana", "a las 9 y media"), "she names her appointment")
    target = c.day(1, "la otra semana el martes")
    need(target.weekday() == 1 and not c.may_change(1, booking), "the move is inside the notice")
    c.no_book(1, 2)


def scl_07(c: Case) -> None:
    s2 = c.find("implante", 2)
    need(s2.start.date() == c.day(1, "El sábado 14"), "she names her control")
    c.day(1, "lunes 16")  # said, then corrected
    c.says(1, "a la misma hora")
    new = datetime.combine(c.day(1, "el martes 17"), s2.start.time())
    plan = c.move(1, "implante", 2, new)
    old = [
        b.start
        for b in sorted((b for b in c.state if b.service == "implante"), key=lambda b: b.session)
    ]
    moved = [p for p, o in zip(plan, old, strict=True) if p != o]
    need(len(moved) == 2, "the crown moves with the control")
    c.no_book(1)
    c.mentions(1, moved)
    c.apply_plan("implante", plan)


def scl_08(c: Case) -> None:
    c.no_such_day(1, "el 31/09")
    hour = c.time(1, "a las 11")
    c.says(2, "a la misma hora")
    start = datetime.combine(c.day(2, "el viernes 29"), hour)
    c.slot_ok(2, "evaluacion", 1, start)
    c.no_book(1)
    c.proposes(2)
    c.mentions(2, [start])
    c.books(3)
    c.book("evaluacion", [start])


def scl_09(c: Case) -> None:
    day = c.day(1, "este sábado")
    svc = c.svc("evaluacion")
    morning = [
        s for s in free_starts(c.biz, svc, 1, day, c.clock(1), c.state, c.customer) if s.hour < 13
    ]
    need(
        [s.time() for s in morning] == [time(10, 30), time(12, 30)],
        f"free Saturday starts {morning}",
    )
    picked = datetime.combine(day, c.time(2, "las 10 y media"))
    need(picked == morning[0], "she picks one of the two")
    c.no_book(1)
    c.book("evaluacion", [picked])


def scl_10(c: Case) -> None:
    done = [b for b in c.state if b.service == "implante" and b.status == "completed"]
    crown = c.find("implante", 3)
    need(len(done) == 2 and crown.status == "confirmed", "two stages done, the crown ahead")
    need(crown.start.date() == c.clock(1).date() + timedelta(days=1), "the crown is tomorrow")
    c.mentions(1, [crown.start])
    c.says(2, "endodoncia")
    need(not any("endodon" in s for s in c.biz.services), "endodontics is not a service")
    c.no_book(1, 2, 3)


SPECS: dict[str, Callable[[Case], None]] = {
    name.replace("_", "-"): fn
    for name, fn in list(globals().items())
    if re.fullmatch(r"(gla|str|scl)_\d\d", name) and callable(fn)
}


def spec_key(case_id: str) -> str:
    """h25-gla-01-shockwave-thursday-week -> gla-01"""
    return "-".join(case_id.split("-")[1:3])


# --------------------------------------------------------------------------- checks for every case


def general(c: Case) -> None:
    need(WINDOW[0] <= c.now <= WINDOW[1], f"now {c.now} is outside the window")
    need(all(WINDOW[0] <= t <= WINDOW[1] for t in c.clocks), "a clock leaves the window")
    need(c.raw["final"].get("partial") is False, "final must be partial: false")
    for i, b in enumerate(c.setup):  # history is consistent too
        svc = c.biz.services[b.service]
        found = [
            p
            for p in problems(
                c.biz, svc, b.session, b.start, datetime(2000, 1, 1), c.setup, b.customer, (b,)
            )
            if p != "notice"
        ]
        need(not found, f"setup booking {i + 1} breaks {found}")
    for (who, service), group in groups_of(c.setup).items():
        svc = c.biz.services[service]
        if svc.strategy == "immediate" and len(group) == svc.n:
            planned = [group[0].start]
            for k in range(2, svc.n + 1):
                planned.append(
                    place_after(
                        c.biz,
                        svc,
                        k,
                        planned[-1],
                        group[0].start.time(),
                        datetime(2000, 1, 1),
                        [],
                        who,
                    )
                )
            need(
                planned == [b.start for b in group],
                f"setup {service} is not the plan from its session 1",
            )
    for b in c.final:
        svc = c.biz.services[b.service]
        if b.status == "cancelled":
            continue
        found = problems(c.biz, svc, b.session, b.start, c.clocks[-1], c.final, b.customer, (b,))
        was_there = any(s.key()[:4] == b.key()[:4] for s in c.setup)
        need(
            not [p for p in found if p != "notice" or not was_there],
            f"final {b.key()} breaks {found}",
        )
    for (_, service), group in groups_of(c.final).items():
        svc = c.biz.services[service]
        need(
            [b.session for b in group] == list(range(1, len(group) + 1)),
            f"{service}: session numbers",
        )
        need(
            [b.start for b in group] == sorted(b.start for b in group),
            f"{service}: numbers follow dates",
        )
        for a, b in zip(group, group[1:], strict=False):
            lo, hi, _ = svc.gaps[a.session - 1]
            gap = (b.start.date() - a.start.date()).days
            need(gap >= lo, f"{service}: {a.start} -> {b.start} under the minimum {lo}")
            if svc.strategy != "flexible" and hi is not None:
                need(gap <= hi, f"{service}: {a.start} -> {b.start} over the maximum {hi}")
            need(
                b.start >= end_of(c.biz, svc, a.session, a.start),
                f"{service}: session overlaps the last",
            )


def groups_of(bookings: list[Booking]) -> dict[tuple[str, str], list[Booking]]:
    groups: dict[tuple[str, str], list[Booking]] = {}
    for b in bookings:
        if b.status != "cancelled":
            groups.setdefault((b.customer, b.service), []).append(b)
    return {key: sorted(group, key=lambda b: b.session) for key, group in groups.items()}


def check_case(c: Case) -> None:
    general(c)
    spec = SPECS.get(spec_key(c.id))
    need(spec is not None, "no spec for this case")
    assert spec is not None
    spec(c)
    got = sorted(b.key() for b in c.state)
    want = sorted(b.key() for b in c.final)
    need(
        got == want,
        "final differs from the rules:\n    rules: "
        + "\n           ".join(map(show, got))
        + "\n    case:  "
        + "\n           ".join(map(show, want)),
    )


def show(key: tuple[str, str, int, datetime, str]) -> str:
    return f"{key[0]} {key[1]} #{key[2]} {key[3]:%a %Y-%m-%d %H:%M} {key[4]}"


def new_bookings(c: Case) -> int:
    """Sessions booked in the conversation (a moved session is not a new one)."""
    before = {b.key()[:3] for b in c.setup if b.status != "cancelled"}
    return sum(1 for b in c.final if b.status == "confirmed" and b.key()[:3] not in before)


# --------------------------------------------------------------------------- running


def load() -> tuple[dict[str, dict[str, Any]], dict[Path, dict[str, Any]]]:
    businesses = {
        p.name: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((SET / "businesses").glob("*.yaml"))
    }
    cases = {
        p: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((SET / "cases").glob("*.yaml"))
    }
    return businesses, cases


def run(
    raw_biz: dict[str, dict[str, Any]], raw_cases: dict[Path, dict[str, Any]], quiet: bool = False
) -> list[str]:
    errors: list[str] = []
    businesses = {name: parse_business(name, raw) for name, raw in raw_biz.items()}
    no_booking = phrases = 0
    for file, raw in raw_cases.items():
        try:
            c = Case(file, raw, businesses)
            check_case(c)
            no_booking += new_bookings(c) == 0
            phrases += len(c.read)
            if not quiet:
                print(f"ok   {c.id}  ({len(c.read)} phrases read, {new_bookings(c)} new bookings)")
        except (Fail, KeyError, ValueError, IndexError) as exc:
            errors.append(f"{file.name}: {type(exc).__name__}: {exc}")
            if not quiet:
                print(f"FAIL {file.name}: {exc}")
    if len(raw_cases) != 30:
        errors.append(f"expected 30 cases, found {len(raw_cases)}")
    unused = set(SPECS) - {spec_key(str(r.get("id"))) for r in raw_cases.values()}
    if unused:
        errors.append(f"specs without a case: {sorted(unused)}")
    if no_booking < MIN_NO_BOOKING:
        errors.append(f"only {no_booking} cases end with no new booking (need {MIN_NO_BOOKING})")
    if not quiet:
        print(
            f"{len(raw_cases)} cases, {phrases} phrases read, {no_booking} end with no new booking"
        )
    return errors


NOW_SHIFTS = (
    timedelta(hours=1),
    timedelta(days=1),
    timedelta(days=-1),
    timedelta(days=7),
    timedelta(days=30),
    timedelta(days=120),
)  # a shift that leaves the window is marked /out


def shift_name(shift: timedelta) -> str:
    return f"+{shift.seconds // 3600}h" if not shift.days else f"{shift.days:+d}d"


Raw = dict[Path, dict[str, Any]]
Mutant = tuple[str, str, dict[str, dict[str, Any]], Raw]


def changed_booking(booking: dict[str, Any], change: str) -> None:
    start = as_local(booking["start"])
    if change == "start +30min":
        booking["start"] = (start + timedelta(minutes=30)).isoformat(timespec="minutes")
    elif change == "start +1 day":
        booking["start"] = (start + timedelta(days=1)).isoformat(timespec="minutes")
    else:
        was = booking.get("status", "confirmed")
        booking["status"] = "cancelled" if was != "cancelled" else "confirmed"


def final_mutants(raw_biz: dict[str, dict[str, Any]], raw_cases: Raw) -> Iterator[Mutant]:
    """Every final booking moved by 30 minutes, by a day, its status flipped; the last
    one dropped; an extra one added."""
    for path, raw in raw_cases.items():
        for i in range(len(raw["final"]["bookings"])):
            for change in ("start +30min", "start +1 day", "status"):
                cases = copy.deepcopy(raw_cases)
                changed_booking(cases[path]["final"]["bookings"][i], change)
                yield "final", f"{raw['id']} booking {i + 1} {change}", raw_biz, cases
        cases = copy.deepcopy(raw_cases)
        if cases[path]["final"]["bookings"]:
            cases[path]["final"]["bookings"].pop()
            yield "final", f"{raw['id']} last booking dropped", raw_biz, cases
        cases = copy.deepcopy(raw_cases)
        first = raw_biz[Path(raw["business"]).name]["services"][0]["id"]
        extra = {"service": first, "start": "2028-12-19T10:00", "status": "confirmed"}
        cases[path]["final"]["bookings"].append(extra)
        yield "final", f"{raw['id']} extra booking", raw_biz, cases


def now_mutants(raw_biz: dict[str, dict[str, Any]], raw_cases: Raw) -> Iterator[Mutant]:
    """Every case's clock (and its advance_to steps) shifted; '/out' marks a shift that
    leaves the date window."""
    for path, raw in raw_cases.items():
        for shift in NOW_SHIFTS:
            cases = copy.deepcopy(raw_cases)
            case = cases[path]
            case["now"] = (as_local(raw["now"]) + shift).isoformat(timespec="minutes")
            for step in case["steps"]:
                if "advance_to" in step:
                    moved = as_local(step["advance_to"]) + shift
                    step["advance_to"] = moved.isoformat(timespec="minutes")
            out = "" if WINDOW[0] <= as_local(case["now"]) <= WINDOW[1] else "/out"
            yield "now", f"{raw['id']} now {shift_name(shift)}{out}", raw_biz, cases


def closure_mutants(raw_biz: dict[str, dict[str, Any]], raw_cases: Raw) -> Iterator[Mutant]:
    """Every closure removed in turn; a closure added on every day a final booking holds."""
    for name, raw in raw_biz.items():
        for closed in raw["closed"]:
            biz = copy.deepcopy(raw_biz)
            biz[name]["closed"].remove(closed)
            yield "closure", f"{name} without closure {closed}", biz, raw_cases
        days = {
            as_local(b["start"]).date()
            for r in raw_cases.values()
            if Path(r["business"]).name == name
            for b in r["final"]["bookings"]
            if b.get("status", "confirmed") == "confirmed"
        }
        for d in sorted(days):
            biz = copy.deepcopy(raw_biz)
            biz[name]["closed"].append(d.isoformat())
            yield "closure", f"{name} closed on {d}", biz, raw_cases


def mutants(raw_biz: dict[str, dict[str, Any]], raw_cases: Raw) -> Iterator[Mutant]:
    """(category, description, businesses, cases) for every mutation the checker must catch."""
    yield from final_mutants(raw_biz, raw_cases)
    yield from now_mutants(raw_biz, raw_cases)
    yield from closure_mutants(raw_biz, raw_cases)


def mutate(raw_biz: dict[str, dict[str, Any]], raw_cases: dict[Path, dict[str, Any]]) -> int:
    tally: dict[str, list[int]] = {}
    survivors: list[str] = []
    now_kills: dict[str, set[str]] = {str(r["id"]): set() for r in raw_cases.values()}
    for category, what, biz, cases in mutants(raw_biz, raw_cases):
        killed = bool(run(biz, cases, quiet=True))
        tally.setdefault(category, [0, 0])
        tally[category][0] += killed
        tally[category][1] += 1
        if category == "now" and killed:
            case_id, shift = what.split(" now ")
            now_kills[case_id].add(shift)
        if not killed and category != "now":
            survivors.append(f"{category}: {what}")
    for category, (dead, total) in tally.items():
        print(f"mutants {category:8} killed {dead}/{total}")
    window_only = sorted(k for k, v in now_kills.items() if all(x.endswith("/out") for x in v))
    print(
        f"now: every case is killed by a shift; by a shift inside the window: "
        f"{len(now_kills) - len(window_only)}/{len(now_kills)}"
    )
    for case_id in window_only:
        print(f"  only by leaving the window (any clock in it reads the case the same): {case_id}")
    for s in survivors:
        print(f"  survived  {s}")
    ok = tally["final"][0] == tally["final"][1] and all(now_kills.values())
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mutate", action="store_true", help="also run the mutation self-test")
    args = parser.parse_args()
    raw_biz, raw_cases = load()
    errors = run(raw_biz, raw_cases)
    for e in errors:
        print("error:", e)
    if errors:
        return 1
    if args.mutate:
        return mutate(raw_biz, raw_cases)
    return 0


if __name__ == "__main__":
    sys.exit(main())
