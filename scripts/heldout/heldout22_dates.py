#!/usr/bin/env python3
"""An independent checker for evals/heldout22 (it never imports bookbot).

It reads the three business files and the 30 case files with PyYAML and checks,
from DESIGN.md's scheduling rules re-implemented here:

- every case's `now` lies in the window 2028-03-01 .. 2028-06-30, ids start with h22-,
  10 cases per business, user messages are strings, the clock never moves;
- the phrases the customers write (weekday names, "the day after tomorrow", "mañana",
  "Mi 14.6.", "el próximo lunes", "half 6", "halbi sächsi", "viertel ab vieri", ...)
  against the dates and times the case expects;
- every booking in setup and final lies on a valid slot (opening hours, the slot grid
  from the start of each range, not a closed date); new ones also respect the booking
  notice counted in real elapsed time;
- capacity per service and no customer in two overlapping sessions;
- immediate plans recomputed from session 1 (closure pushes included) or, for a moved
  session, later sessions moved only as far as their buffers require, each keeping its
  own time of day;
- sequential sessions inside [day(k) + minimum, day(k) + maximum], the previous one
  completed before the next is booked; flexible gaps at least the minimum, numbered in
  date order;
- move and cancel requests on the intended side of the reschedule notice;
- refused requests really break the rule they are refused for (window, gap, closed day,
  a date that does not exist, a service not offered), and prices and addresses the
  cases look for are the business's;
- every date a step expects the reply to mention is a date the checker can explain.

Run: python3 scripts/heldout/heldout22_dates.py  (exit 0 when everything holds)
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parents[2] / "evals" / "heldout22"
WINDOW = (date(2028, 3, 1), date(2028, 6, 30))
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# ---------------------------------------------------------------- business model

Gap = tuple[int, int | None, int]  # (minimum, maximum, target) days from session k to k+1


@dataclass(frozen=True)
class Service:
    id: str
    words: tuple[str, ...]
    price: float
    capacity: int
    durations: tuple[int, ...]
    strategy: str  # single | immediate | sequential | flexible
    gaps: tuple[Gap, ...]

    @property
    def total(self) -> int:
        return len(self.durations)


@dataclass(frozen=True)
class Business:
    zone: ZoneInfo
    step: int
    notice_h: int
    resched_h: int
    hours: dict[int, tuple[tuple[time, time], ...]]
    closed: frozenset[date]
    services: dict[str, Service]
    address: str

    def open_on(self, day: date) -> bool:
        return day not in self.closed and bool(self.hours[day.weekday()])


def _hhmm(text: str) -> time:
    h, m = text.split(":")
    return time(int(h), int(m))


def _gaps(cfg: dict[str, Any], total: int) -> tuple[Gap, ...]:
    out = []
    for k in range(1, total):
        fallback = cfg.get("default_days", cfg.get("minimum_days", 0))
        minimum = int(cfg.get(f"session_{k}_to_{k + 1}_days", fallback))
        target = max(int(cfg.get("recommended_days", 0)), minimum)
        out.append((minimum, cfg.get("maximum_days"), target))
    return tuple(out)


def _service(s: dict[str, Any]) -> Service:
    total = s.get("total_sessions_required", 1) if s.get("requires_multiple_sessions") else 1
    named = s.get("sessions") or [{}] * total
    durations = tuple(named[i].get("duration_minutes", s["duration_minutes"]) for i in range(total))
    words = [s["name"], *s.get("trigger_words", []), s.get("description", "")]
    return Service(
        id=s["id"],
        words=tuple(w.casefold() for w in words),
        price=s["price"],
        capacity=s.get("capacity", 1),
        durations=durations,
        strategy=s.get("multi_session_strategy", "single") if total > 1 else "single",
        gaps=_gaps(s.get("session_buffer_config") or {}, total),
    )


def load_business(path: Path) -> Business:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    hours = {
        i: tuple(
            (_hhmm(r.split("-")[0]), _hhmm(r.split("-")[1])) for r in raw["hours"].get(name, [])
        )
        for i, name in enumerate(DAYS)
    }
    return Business(
        zone=ZoneInfo(raw["timezone"]),
        step=raw["slot_step_minutes"],
        notice_h=raw["min_notice_hours"],
        resched_h=raw["reschedule_notice_hours"],
        hours=hours,
        closed=frozenset(date.fromisoformat(str(d)) for d in raw.get("closed", [])),
        services={s["id"]: _service(s) for s in raw["services"]},
        address=raw["contact"]["address"],
    )


# ---------------------------------------------------------------- bookings and slots


@dataclass(frozen=True)
class Booking:
    customer: str
    service: str
    session: int
    start: datetime
    status: str
    minutes: int

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)

    @property
    def day(self) -> date:
        return self.start.date()

    def key(self) -> tuple[str, str, int]:
        return (self.customer, self.service, self.session)


def local(value: Any, zone: ZoneInfo) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=zone)


def as_day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def elapsed_hours(a: datetime, b: datetime) -> float:
    return (b.astimezone(UTC) - a.astimezone(UTC)).total_seconds() / 3600


def overlap(a: Booking, b: Booking) -> bool:
    return a.start.astimezone(UTC) < b.end.astimezone(UTC) and b.start.astimezone(
        UTC
    ) < a.end.astimezone(UTC)


def grid_starts(biz: Business, day: date, minutes: int) -> list[datetime]:
    if day in biz.closed:
        return []
    out = []
    for a, b in biz.hours[day.weekday()]:
        t = datetime.combine(day, a, tzinfo=biz.zone)
        end = datetime.combine(day, b, tzinfo=biz.zone)
        while t + timedelta(minutes=minutes) <= end:
            out.append(t)
            t += timedelta(minutes=biz.step)
    return out


def slot_problem(biz: Business, b: Booking) -> str | None:
    if b.day in biz.closed:
        return f"{b.start:%Y-%m-%d} is a closed date"
    if not biz.hours[b.day.weekday()]:
        return f"{b.start:%a %Y-%m-%d} has no opening hours"
    if b.start not in grid_starts(biz, b.day, b.minutes):
        return f"{b.start:%a %Y-%m-%d %H:%M} ({b.minutes} min) is not a grid start inside hours"
    return None


def is_free(biz: Business, cand: Booking, others: list[Booking], now: datetime) -> bool:
    if slot_problem(biz, cand) or elapsed_hours(now, cand.start) < biz.notice_h:
        return False
    live = [o for o in others if o.status != "cancelled"]
    same = [o for o in live if o.service == cand.service and overlap(o, cand)]
    mine = [o for o in live if o.customer == cand.customer and overlap(o, cand)]
    return len(same) < biz.services[cand.service].capacity and not mine


def minutes_of(t: datetime | time) -> int:
    return t.hour * 60 + t.minute


def place(
    biz: Business, svc: Service, customer: str, session: int, prev_day: date,
    pref: time, others: list[Booking], now: datetime,
) -> datetime:  # fmt: skip
    """Session `session` (2..n) of an immediate plan: earliest day >= prev + target with a
    free slot (<= prev + maximum), the start closest to `pref`, a tie to the earlier."""
    _, maximum, target = svc.gaps[session - 2]
    day = prev_day + timedelta(days=target)
    last = prev_day + timedelta(days=maximum if maximum is not None else target + 366)
    minutes = svc.durations[session - 1]
    while day <= last:
        free = [
            s
            for s in grid_starts(biz, day, minutes)
            if is_free(
                biz, Booking(customer, svc.id, session, s, "confirmed", minutes), others, now
            )
        ]
        if free:
            return min(free, key=lambda s: (abs(minutes_of(s) - minutes_of(pref)), s))
        day += timedelta(days=1)
    raise AssertionError(f"{svc.id}: no day for session {session} within the maximum")


# ---------------------------------------------------------------- the claims of each case


@dataclass(frozen=True)
class Day:
    """A day the customer names. rule: explicit (ahead of today), nearest (the first such
    weekday after today), next_week (a week after today, same weekday), last (the most
    recent past one), rel:N (today + N), after:YYYY-MM-DD (the first such weekday after
    that day), plus:YYYY-MM-DD:N (that day + N). `dm` is the day and month written."""

    text: str
    day: str
    weekday: str | None = None
    dm: tuple[int, int | None] | None = None
    rule: str = "explicit"


@dataclass(frozen=True)
class Clock:
    """A time of day the customer names, and the time the case reads it as."""

    text: str
    hhmm: str


@dataclass(frozen=True)
class Refusal:
    """kind: window | gap | closed | no_such_date | not_offered. For a window refusal,
    step `step` must expect exactly the earliest and the suggested day (`mentions`)."""

    kind: str
    service: str = ""
    day: str = ""
    days: tuple[str, ...] = ()
    ymd: tuple[int, int, int] = (0, 0, 0)
    words: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    step: int = 0


@dataclass(frozen=True)
class Notice:
    kind: str  # move | cancel
    start: str
    inside: bool


@dataclass
class Meta:
    business: str
    days: list[Day] = field(default_factory=list)
    clocks: list[Clock] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    notice: list[Notice] = field(default_factory=list)
    price: tuple[str, str] | None = None  # (service, a step's regex or substring)
    address: str | None = None
    earliest_free: tuple[str, str] | None = None  # (service, day): booked at the first free
    options: tuple[str, ...] = ()  # starts that must be free; the earliest is booked
    proposal: tuple[str, str] | None = None  # (service, session 1 start): shown, not booked


CORK, ZH, GDL = "cork-physio.yaml", "zuerich-laser.yaml", "gdl-implantes.yaml"

META: dict[str, Meta] = {
    "h22-cork-01-shockwave-easter-monday": Meta(
        CORK,
        days=[Day("Monday the 3rd of April", "2028-04-03", "monday", (3, 4))],
        clocks=[Clock("around 6 in the evening", "18:00")],
        refusals=[Refusal("closed", day="2028-04-17")],  # where session 3 would have gone
    ),
    "h22-cork-02-rehab-next-day-after-tomorrow": Meta(
        CORK,
        days=[
            Day("on Tues", "2028-05-02", "tues", rule="last"),
            Day("the day after tomorrow", "2028-05-06", rule="rel:2"),
            Day("Saturday morning", "2028-05-06", "saturday", rule="nearest"),
        ],
        clocks=[Clock("half 10", "10:30")],
    ),
    "h22-cork-03-rehab-too-late-declines": Meta(
        CORK,
        days=[
            Day("on Thursday", "2028-03-23", "thursday", rule="nearest"),
            Day("Mon 03/04", "2028-04-03", "mon", (3, 4)),
        ],
        clocks=[Clock("at 5", "17:00")],
        refusals=[
            Refusal(
                "window",
                "rehab-plan",
                day="2028-04-03T17:00",
                mentions=("2028-03-23", "2028-03-27"),
                step=1,
            )
        ],
    ),
    "h22-cork-04-massage-three-corrected": Meta(
        CORK,
        days=[
            Day("Tues 25th", "2028-04-25", "tues", (25, None)),
            Day("Sat 29th", "2028-04-29", "sat", (29, None)),
            Day("Thurs 4th May", "2028-05-04", "thurs", (4, 5)),
        ],
        clocks=[Clock("all at half 6", "18:30"), Clock("10 in the morning", "10:00")],
    ),
    "h22-cork-05-massage-too-close": Meta(
        CORK,
        days=[
            Day("Wed 10th", "2028-05-10", "wed", (10, None)),
            Day("Thurs 11th", "2028-05-11", "thurs", (11, None)),
            Day("the saturday after", "2028-05-13", "saturday", rule="after:2028-05-10"),
        ],
        clocks=[Clock("6ish", "18:00"), Clock("wednesday at 6", "18:00"), Clock("at 11", "11:00")],
        refusals=[Refusal("gap", "massage-pack", days=("2028-05-10T18:00", "2028-05-11T18:00"))],
    ),
    "h22-cork-06-rehab-move-to-friday": Meta(
        CORK,
        days=[
            Day("Thursday's appointment", "2028-06-08", "thursday", rule="nearest"),
            Day("to the Friday", "2028-06-09", "friday", rule="nearest"),
        ],
        notice=[Notice("move", "2028-06-08T16:00", inside=False)],
    ),
    "h22-cork-07-assessment-cancel-too-late": Meta(
        CORK,
        days=[Day("tomorrow at 9", "2028-03-29", rule="rel:1")],
        clocks=[Clock("tomorrow at 9", "09:00")],
        notice=[Notice("cancel", "2028-03-29T09:00", inside=True)],
    ),
    "h22-cork-08-rehab-progress": Meta(CORK),
    "h22-cork-09-price-address-think": Meta(
        CORK,
        price=("shockwave", "280"),
        address="western road",
    ),
    "h22-cork-10-assessment-for-mam": Meta(
        CORK,
        days=[Day("Friday morning", "2028-05-19", "friday", rule="nearest")],
        clocks=[Clock("10 or", "10:00"), Clock("or half 11", "11:30")],
        options=("2028-05-19T10:00", "2028-05-19T11:30"),
    ),
    "h22-zh-01-beine-pfingstmontag": Meta(
        ZH,
        days=[Day("Mäntig 8.5.", "2028-05-08", "mäntig", (8, 5))],
        clocks=[Clock("am zwei am Namittag", "14:00")],
        refusals=[Refusal("closed", day="2028-06-05"), Refusal("closed", day="2028-08-01")],
    ),
    "h22-zh-02-achseln-mi-14-6": Meta(
        ZH,
        days=[Day("Mi 14.6.", "2028-06-14", "mi", (14, 6))],
        clocks=[Clock("halbi sächsi", "17:30")],
    ),
    "h22-zh-03-achseln-too-early": Meta(
        ZH,
        days=[
            Day("am Samstig", "2028-04-08", "samstig", rule="nearest"),
            Day("de 22.", "2028-04-22", None, (22, None)),
        ],
        clocks=[Clock("am liebschte am 10i", "10:00"), Clock("de 22. am 10i", "10:00")],
        refusals=[
            Refusal(
                "window",
                "laser-achseln",
                day="2028-04-08T10:00",
                mentions=("2028-04-15", "2028-04-22"),
                step=1,
            )
        ],
    ),
    "h22-zh-04-gesicht-drei-am-zwoelfi": Meta(
        ZH,
        days=[
            Day("Di 4.4.", "2028-04-04", "di", (4, 4)),
            Day("Di 18.4.", "2028-04-18", "di", (18, 4)),
            Day("Di 2.5.", "2028-05-02", "di", (2, 5)),
        ],
        clocks=[Clock("am Zwölfi", "12:00")],
    ),
    "h22-zh-05-gesicht-too-close": Meta(
        ZH,
        days=[
            Day("Fr 5.5.", "2028-05-05", "fr", (5, 5)),
            Day("Fr 12.5.", "2028-05-12", "fr", (12, 5)),
        ],
        clocks=[Clock("am Morge am 9i", "09:00")],
        refusals=[Refusal("gap", "laser-gesicht", days=("2028-05-05T09:00", "2028-05-12T09:00"))],
    ),
    "h22-zh-06-beine-verschiebe": Meta(
        ZH,
        days=[
            Day("Donnschtig 6.4.", "2028-04-06", "donnschtig", (6, 4)),
            Day(
                "e Wuche spöter, am Do 13.4.", "2028-04-13", "do", (13, 4), rule="plus:2028-04-06:7"
            ),
        ],
        notice=[Notice("move", "2028-04-06T18:00", inside=False)],
    ),
    "h22-zh-07-beratung-absage": Meta(
        ZH,
        days=[Day("am Friitig", "2028-03-10", "friitig", rule="nearest")],
        notice=[Notice("cancel", "2028-03-10T15:00", inside=False)],
    ),
    "h22-zh-08-tattoo-nicht-angeboten": Meta(
        ZH,
        refusals=[Refusal("not_offered", words=("tattoo",))],
        price=("laser-beine", "1.?490"),
    ),
    "h22-zh-09-sechselaeuten-zu": Meta(
        ZH,
        days=[
            Day("Sechselüüte-Mäntig, 24.4.", "2028-04-24", "mäntig", (24, 4)),
            Day("am Ziischtig druf", "2028-04-25", "ziischtig", rule="after:2028-04-24"),
        ],
        clocks=[Clock("am vieri", "16:00")],
        refusals=[Refusal("closed", day="2028-04-24")],
    ),
    "h22-zh-10-tochter-korrektur": Meta(
        ZH,
        days=[
            Day("Am Donnschtig", "2028-06-15", "donnschtig", rule="nearest"),
            Day("am Friitig", "2028-06-16", "friitig", rule="nearest"),
        ],
        clocks=[Clock("viertel ab vieri", "16:15")],
    ),
    "h22-gdl-01-implante-benito-juarez": Meta(
        GDL,
        days=[Day("este viernes 10/03", "2028-03-10", "viernes", (10, 3), rule="nearest")],
        clocks=[Clock("a las 4 de la tarde", "16:00")],
        refusals=[Refusal("closed", day="2028-03-20")],
    ),
    "h22-gdl-02-periodontal-manana-temprano": Meta(
        GDL,
        days=[Day("mañana temprano", "2028-04-18", rule="rel:1")],
        clocks=[Clock("tipo 9", "09:00")],
    ),
    "h22-gdl-03-periodontal-too-late": Meta(
        GDL,
        days=[
            Day("sábado 3 de junio", "2028-06-03", "sábado", (3, 6)),
            Day("el sábado 20", "2028-05-20", "sábado", (20, None)),
            Day("hasta el domingo", "2028-05-21", "domingo", rule="after:2028-05-20"),
        ],
        clocks=[Clock("a las 11", "11:00")],
        refusals=[
            Refusal(
                "window", "periodontal", day="2028-06-03T10:00", mentions=("2028-05-13",), step=1
            )
        ],
    ),
    "h22-gdl-04-blanqueamiento-boda": Meta(
        GDL,
        days=[
            Day("martes 6 de junio", "2028-06-06", "martes", (6, 6)),
            Day("martes 13", "2028-06-13", "martes", (13, None)),
            Day("martes 20", "2028-06-20", "martes", (20, None)),
        ],
        clocks=[Clock("a las 5 y media de la tarde", "17:30")],
    ),
    "h22-gdl-05-31-de-abril": Meta(
        GDL,
        days=[Day("el 31 de mayo, miércoles", "2028-05-31", "miércoles", (31, 5))],
        clocks=[Clock("a las 12", "12:00")],
        refusals=[Refusal("no_such_date", ymd=(2028, 4, 31))],
    ),
    "h22-gdl-06-mover-sin-aviso": Meta(
        GDL,
        days=[
            Day("mañana temprano", "2028-03-16", rule="rel:1"),
            Day("al viernes", "2028-03-17", "viernes", rule="nearest"),
        ],
        clocks=[Clock("mañana a las 9", "09:00")],
        notice=[Notice("move", "2028-03-16T09:00", inside=True)],
    ),
    "h22-gdl-07-implante-mejor-no": Meta(
        GDL,
        days=[Day("el próximo lunes", "2028-05-29", "lunes", rule="next_week")],
        clocks=[Clock("a las 10 de la mañana", "10:00")],
        price=("implante", r"28,?\.?\s?500"),
        proposal=("implante", "2028-05-29T10:00"),
    ),
    "h22-gdl-08-la-mas-temprano": Meta(
        GDL,
        days=[Day("el sábado 22", "2028-04-22", "sábado", (22, None), rule="nearest")],
        earliest_free=("valoracion", "2028-04-22"),
    ),
    "h22-gdl-09-limpieza-esposo": Meta(
        GDL,
        days=[Day("el próximo lunes", "2028-05-08", "lunes", rule="nearest")],
        clocks=[Clock("a las 7 de la noche", "19:00")],
    ),
    "h22-gdl-10-implante-progreso": Meta(GDL),
}

WEEKDAY_WORDS = {
    0: ("monday", "mon", "mäntig", "montag", "mo", "lunes"),
    1: ("tuesday", "tues", "tue", "ziischtig", "zischtig", "dienstag", "di", "martes"),
    2: ("wednesday", "wed", "mittwuch", "mittwoch", "mi", "miércoles", "miercoles"),
    3: ("thursday", "thurs", "thu", "donnschtig", "donnerstag", "do", "jueves"),
    4: ("friday", "fri", "friitig", "freitag", "fr", "viernes"),
    5: ("saturday", "sat", "samstig", "samstag", "sa", "sábado", "sabado"),
    6: ("sunday", "sun", "sunntig", "sonntag", "so", "domingo"),
}
MONTHS = {"march": 3, "april": 4, "may": 5, "june": 6, "marzo": 3, "abril": 4, "mayo": 5,
          "junio": 6}  # fmt: skip
HOUR_WORDS = {"zwei": 2, "vieri": 4, "sächsi": 6, "zwölfi": 12, "10i": 10, "9i": 9}


class Problems(list[str]):
    def need(self, ok: bool, message: str) -> None:
        if not ok:
            self.append(message)


@dataclass
class Ctx:
    """One case as the checks see it."""

    cid: str
    meta: Meta
    biz: Business
    now: datetime
    phone: str
    steps: list[dict[str, Any]]
    texts: list[str]
    setup: list[Booking]
    final: list[Booking]
    new: list[Booking]
    p: Problems

    def need(self, ok: bool, message: str) -> None:
        self.p.need(ok, f"{self.cid}: {message}")

    def written(self, text: str) -> None:
        self.need(any(text.casefold() in t.casefold() for t in self.texts),
                  f"{text!r} is not in a user message")  # fmt: skip

    def expected_dates(self, step: int) -> set[date]:
        listed = (self.steps[step - 1].get("expect") or {}).get("reply_mentions_dates", [])
        return {as_day(d) for d in ([listed] if isinstance(listed, str) else listed)}


# ---------------------------------------------------------------- what customers write


def check_weekday(c: Ctx, claim: Day, day: date) -> None:
    words = re.findall(r"[\wäöüáéíóúñ]+", claim.text.casefold())
    c.need(claim.weekday in words, f"{claim.text!r}: no weekday word {claim.weekday!r}")
    wanted = [d for d, names in WEEKDAY_WORDS.items() if claim.weekday in names]
    c.need(wanted == [day.weekday()], f"{claim.text!r}: {claim.weekday} is not {day:%A} {day}")


def check_day_month(c: Ctx, claim: Day, day: date, dm: tuple[int, int | None]) -> None:
    d, m = dm
    numbers = [int(x) for x in re.findall(r"\d+", claim.text)]
    c.need(day.day == d and d in numbers, f"{claim.text!r}: day {d} vs {day}")
    if m is not None:
        words = [v for k, v in MONTHS.items() if re.search(rf"\b{k}\b", claim.text.casefold())]
        c.need(day.month == m and (m in numbers or words == [m]), f"{claim.text!r}: month {m}")
        return
    nxt = c.now.date() + timedelta(days=1)  # no month written: the next date with that day
    while nxt.day != d:
        nxt += timedelta(days=1)
    c.need(nxt == day, f"{claim.text!r}: the next day {d} is {nxt}, not {day}")


def rule_holds(rule: str, day: date, today: date) -> bool:
    delta = (day - today).days
    kind, _, arg = rule.partition(":")
    if kind == "explicit":
        return 0 <= delta <= 366
    if kind == "nearest":
        return 1 <= delta <= 7
    if kind == "next_week":
        return delta == 7
    if kind == "last":
        return -7 <= delta <= -1
    if kind == "rel":
        return delta == int(arg)
    if kind == "after":
        return 1 <= (day - date.fromisoformat(arg)).days <= 7
    if kind == "plus":
        anchor, n = arg.split(":")
        return (day - date.fromisoformat(anchor)).days == int(n)
    raise AssertionError(f"unknown rule {rule}")


def check_day(c: Ctx, claim: Day) -> None:
    c.written(claim.text)
    day = date.fromisoformat(claim.day)
    if claim.weekday is not None:
        check_weekday(c, claim, day)
    if claim.dm is not None:
        check_day_month(c, claim, day, claim.dm)
    ok = rule_holds(claim.rule, day, c.now.date())
    c.need(ok, f"{claim.text!r}: {day} breaks {claim.rule} (today {c.now.date()})")


def spoken_minutes(text: str) -> int | None:
    """The time of day a phrase says, modulo 12 hours, read without the case's answer."""
    t = text.casefold()
    forms: list[tuple[str, Callable[[str], int]]] = [
        (r"half (\d+)", lambda h: int(h) * 60 + 30),  # Irish English: half 6 = 6:30
        (r"halbi (\w+)", lambda h: (HOUR_WORDS[h] - 1) * 60 + 30),  # Swiss: halbi sächsi = 5:30
        (r"viertel ab (\w+)", lambda h: HOUR_WORDS[h] * 60 + 15),
        (r"(\d+) y media", lambda h: int(h) * 60 + 30),
        (r"\b(" + "|".join(HOUR_WORDS) + r")\b", lambda h: HOUR_WORDS[h] * 60),
        (r"(?<!\d)(\d{1,2})(?!\d)", lambda h: int(h) * 60),
    ]
    for pattern, read in forms:
        if m := re.search(pattern, t):
            return read(m.group(1)) % 720
    return None


def check_clock(c: Ctx, claim: Clock, times: set[str]) -> None:
    c.written(claim.text)
    spoken = spoken_minutes(claim.text)
    said = minutes_of(_hhmm(claim.hhmm)) % 720
    c.need(spoken == said, f"{claim.text!r} does not say {claim.hhmm} (read {spoken})")
    c.need(claim.hhmm in times, f"{claim.text!r}: {claim.hhmm} is no booking's or request's")


def request_times(c: Ctx) -> set[str]:
    m = c.meta
    times = {f"{b.start:%H:%M}" for b in c.setup + c.final}
    times |= {r.day[11:16] for r in m.refusals if "T" in r.day}
    times |= {d[11:16] for r in m.refusals for d in r.days}
    times |= {n.start[11:16] for n in m.notice} | {o[11:16] for o in m.options}
    return times | ({m.proposal[1][11:16]} if m.proposal else set())


# ---------------------------------------------------------------- bookings and plans


def parse_bookings(rows: list[dict[str, Any]], biz: Business, phone: str) -> list[Booking]:
    out: list[Booking] = []
    plans: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        plans.setdefault((str(r.get("customer", phone)), r["service"]), []).append(r)
    for (customer, sid), plan in plans.items():
        svc = biz.services[sid]
        for i, r in enumerate(sorted(plan, key=lambda r: local(r["start"], biz.zone))):
            if int(r.get("of", svc.total)) != svc.total:
                raise AssertionError(f"{sid}: of {r['of']} != {svc.total}")
            session = int(r.get("session", 1 if svc.total == 1 else i + 1))
            start, status = local(r["start"], biz.zone), r.get("status", "confirmed")
            out.append(Booking(customer, sid, session, start, status, svc.durations[session - 1]))
    return out


def check_slots(c: Ctx) -> None:
    for b in c.setup + c.final:
        problem = slot_problem(c.biz, b)
        c.need(problem is None, f"{b.service} session {b.session}: {problem}")
    for b in c.new:
        c.need(b.status == "confirmed", f"a new booking must be confirmed: {b}")
        c.need(elapsed_hours(c.now, b.start) >= c.biz.notice_h, f"{b.start} inside the notice")


def check_capacity(c: Ctx) -> None:
    live = [b for b in c.final if b.status != "cancelled"]
    for b in live:
        same = [o for o in live if o.service == b.service and o.start <= b.start < o.end]
        c.need(len(same) <= c.biz.services[b.service].capacity, f"over capacity at {b.start}")
        mine = [o for o in live if o is not b and o.customer == b.customer and overlap(o, b)]
        c.need(not mine, f"{b.customer} is in two sessions at {b.start}")


def check_plans(c: Ctx) -> None:
    live = [b for b in c.final if b.status != "cancelled"]
    plans: dict[tuple[str, str], list[Booking]] = {}
    for b in live:
        plans.setdefault((b.customer, b.service), []).append(b)
    for plan in plans.values():
        svc = c.biz.services[plan[0].service]
        plan.sort(key=lambda b: b.session)
        if svc.strategy == "immediate":
            check_immediate(c, svc, plan, [o for o in live if o not in plan])
        elif svc.strategy == "sequential":
            check_sequential(c, svc, plan)
        elif svc.strategy == "flexible":
            check_flexible(c, svc, plan)


def gap_ok(gap: int, minimum: int, maximum: int | None) -> bool:
    return gap >= minimum and (maximum is None or gap <= maximum)


def check_immediate(c: Ctx, svc: Service, plan: list[Booking], others: list[Booking]) -> None:
    before = {b.key(): b for b in c.setup if b.status != "cancelled"}
    c.need([b.session for b in plan] == list(range(1, svc.total + 1)), f"{svc.id} incomplete")
    changed = [b for b in plan if b.key() not in before or before[b.key()].start != b.start]
    if not changed:  # untouched history: only the buffers
        for a, b in zip(plan, plan[1:], strict=False):
            minimum, maximum, _ = svc.gaps[a.session - 1]
            c.need(gap_ok((b.day - a.day).days, minimum, maximum), f"{svc.id} {a.day}->{b.day}")
        return
    first = changed[0]
    fresh = all(b.key() not in before for b in plan)
    expected = {b.session: b.start for b in plan if b.session <= first.session}
    if first.session > 1:
        minimum, maximum, _ = svc.gaps[first.session - 2]
        gap = (first.day - plan[first.session - 2].day).days
        c.need(gap_ok(gap, minimum, maximum), f"moved session {first.session}: gap {gap}")
    placed = list(others)
    for k in range(first.session + 1, svc.total + 1):
        prev = expected[k - 1].date()
        current = plan[0] if fresh else before[(first.customer, svc.id, k)]
        _, maximum, target = svc.gaps[k - 2]
        if not fresh and gap_ok((current.day - prev).days, target, maximum):
            expected[k] = current.start  # its buffer still holds: it stays
            continue
        expected[k] = place(
            c.biz, svc, first.customer, k, prev, current.start.time(), placed, c.now
        )
        minutes = svc.durations[k - 1]
        placed.append(Booking(first.customer, svc.id, k, expected[k], "confirmed", minutes))
    for b in plan:
        rule = expected[b.session]
        c.need(b.start == rule, f"{svc.id} session {b.session} is {b.start}, the rule: {rule}")


def check_sequential(c: Ctx, svc: Service, plan: list[Booking]) -> None:
    c.need([b.session for b in plan] == list(range(1, len(plan) + 1)), f"{svc.id} not 1..k")
    for a, b in zip(plan, plan[1:], strict=False):
        minimum, maximum, _ = svc.gaps[a.session - 1]
        c.need(gap_ok((b.day - a.day).days, minimum, maximum), f"{svc.id} {a.day}->{b.day}")
        if b in c.new:
            c.need(a.status == "completed", f"session {b.session} before {a.session} completed")
    c.need(sum(b in c.new for b in plan) <= 1, f"{svc.id}: one new session at a time")


def check_flexible(c: Ctx, svc: Service, plan: list[Booking]) -> None:
    by_date = sorted(plan, key=lambda b: b.start)
    c.need([b.session for b in by_date] == [b.session for b in plan], f"{svc.id} date order")
    for a, b in zip(by_date, by_date[1:], strict=False):
        c.need((b.day - a.day).days >= svc.gaps[0][0], f"{svc.id} {a.day}->{b.day} too close")


def propose(c: Ctx, service: str, start: str) -> list[datetime]:
    """The whole immediate plan from a session 1 start (a plan the customer only sees)."""
    svc = c.biz.services[service]
    first = Booking(c.phone, svc.id, 1, local(start, c.biz.zone), "confirmed", svc.durations[0])
    c.need(is_free(c.biz, first, c.setup, c.now), f"proposal {start} is not a free slot")
    starts, placed = [first.start], [*c.setup, first]
    for k in range(2, svc.total + 1):
        starts.append(place(c.biz, svc, c.phone, k, starts[-1].date(), first.start.time(),
                            placed, c.now))  # fmt: skip
        placed.append(Booking(c.phone, svc.id, k, starts[-1], "confirmed", svc.durations[k - 1]))
    return starts


# ---------------------------------------------------------------- refusals and notice


def window_refusal(c: Ctx, r: Refusal) -> set[date]:
    svc = c.biz.services[r.service]
    done = [b for b in c.setup if b.service == r.service and b.status == "completed"]
    last = max(done, key=lambda b: b.session)
    minimum, maximum, target = svc.gaps[last.session - 1]
    asked = local(r.day, c.biz.zone)
    earliest = last.day + timedelta(days=minimum)
    latest = last.day + timedelta(days=maximum if maximum is not None else 3650)
    suggested = last.day + timedelta(days=target)
    c.need(not earliest <= asked.date() <= latest, f"{asked:%F} is inside the window")
    c.need(elapsed_hours(c.now, asked) >= c.biz.notice_h, "the notice fails before the window")
    c.need(c.biz.open_on(asked.date()), f"{asked:%F} is also a closed day")
    c.need(c.biz.open_on(earliest) and c.biz.open_on(suggested), "a named day is closed")
    named = {date.fromisoformat(d) for d in r.mentions}
    c.need(named == {earliest, suggested}, f"names {named}, the rule: {earliest}, {suggested}")
    c.need(c.expected_dates(r.step) == named, f"step {r.step} should expect {sorted(named)}")
    c.need(all(b.start != asked for b in c.final), "the refused start is booked")
    return named | {asked.date()}


def gap_refusal(c: Ctx, r: Refusal) -> set[date]:
    svc = c.biz.services[r.service]
    a, b = (local(d, c.biz.zone) for d in r.days)
    c.need((b.date() - a.date()).days < svc.gaps[0][0], f"{a:%F}->{b:%F} is not too close")
    for d in (a, b):
        ok = d in grid_starts(c.biz, d.date(), svc.durations[0])
        c.need(ok and elapsed_hours(c.now, d) >= c.biz.notice_h, f"{d} fails another rule")
    booked = {x.start for x in c.final if x.service == r.service}
    c.need(not {a, b} <= booked, "both refused starts are booked")
    return {a.date(), b.date()}


def closed_refusal(c: Ctx, r: Refusal) -> set[date]:
    d = date.fromisoformat(r.day)
    c.need(d in c.biz.closed, f"{d} is not in the closed list")
    c.need(all(b.day != d for b in c.final), f"something is booked on {d}")
    return {d}


def no_such_date(c: Ctx, r: Refusal) -> set[date]:
    try:
        date(*r.ymd)
        c.need(False, f"{r.ymd} exists")
    except ValueError:
        pass
    return set()


def not_offered(c: Ctx, r: Refusal) -> set[date]:
    for w in r.words:
        offered = any(w in text for s in c.biz.services.values() for text in s.words)
        c.need(not offered, f"{w!r} is offered")
    return set()


REFUSALS: dict[str, Callable[[Ctx, Refusal], set[date]]] = {
    "window": window_refusal,
    "gap": gap_refusal,
    "closed": closed_refusal,
    "no_such_date": no_such_date,
    "not_offered": not_offered,
}


def check_notice(c: Ctx, n: Notice) -> None:
    start = local(n.start, c.biz.zone)
    found = [b for b in c.setup if b.start == start and b.status == "confirmed"]
    c.need(len(found) == 1, f"{n.kind}: no confirmed booking at {start} in setup")
    if not found:
        return
    b = found[0]
    ahead = elapsed_hours(c.now, start)
    c.need((ahead < c.biz.resched_h) == n.inside, f"{n.kind}: {ahead:.1f} h ahead of {start}")
    after = [f for f in c.final if f.key() == b.key()]
    if n.inside:
        c.need(after == [b], f"{n.kind} inside the notice: the booking must stay as it was")
    elif n.kind == "cancel":
        c.need([(f.start, f.status) for f in after] == [(start, "cancelled")], "cancel went wrong")
    else:
        c.need(len(after) == 1 and after[0].start != start, "the move should go through")


# ---------------------------------------------------------------- answers without booking


def check_price_address(c: Ctx) -> None:
    m = c.meta
    if m.price:
        sid, pattern = m.price
        price = c.biz.services[sid].price
        forms = [f"{price:.0f}", f"{price:,.0f}", f"{price:,.0f}".replace(",", "'")]
        c.need(any(re.search(pattern, s) for s in forms), f"/{pattern}/ is not {sid}'s price")
        looked = [x for s in c.steps for k in ("reply_contains", "reply_matches")
                  for x in (s.get("expect") or {}).get(k, [])]  # fmt: skip
        c.need(pattern in looked, "no step checks the price")
    if m.address:
        c.need(m.address in c.biz.address.casefold(), f"{m.address!r} is not in the address")


def check_choices(c: Ctx) -> None:
    mine = [b for b in c.final if b.customer == c.phone]
    if c.meta.options:
        starts = [local(o, c.biz.zone) for o in c.meta.options]
        svc = c.biz.services[mine[0].service] if mine else None
        for s in starts:
            cand = Booking(c.phone, svc.id, 1, s, "confirmed", svc.durations[0]) if svc else None
            c.need(cand is not None and is_free(c.biz, cand, c.setup, c.now), f"{s} not free")
        c.need([b.start for b in mine] == [min(starts)], "the earlier option should be booked")
    if c.meta.earliest_free:
        sid, day = c.meta.earliest_free
        minutes = c.biz.services[sid].durations[0]
        grid = grid_starts(c.biz, date.fromisoformat(day), minutes)
        cands = [Booking(c.phone, sid, 1, s, "confirmed", minutes) for s in grid]
        free = [b.start for b in cands if is_free(c.biz, b, c.setup, c.now)]
        c.need(bool(free) and free[0] != grid[0], "the day's first start is free: nothing tested")
        c.need([b.start for b in mine] == free[:1], f"the earliest free {sid} start is {free[:1]}")


def check_mentions(c: Ctx, explained: set[date]) -> None:
    for i in range(1, len(c.steps) + 1):
        for d in c.expected_dates(i):
            c.need(d in explained, f"step {i} expects {d}, which nothing in the case explains")


# ---------------------------------------------------------------- one case, all cases


def context(path: Path, raw: dict[str, Any], biz: Business, meta: Meta, p: Problems) -> Ctx:
    phone = str(raw["customer"]["phone"])
    setup = parse_bookings((raw.get("setup") or {}).get("bookings", []), biz, phone)
    final = parse_bookings(raw["final"]["bookings"], biz, phone)
    steps = raw["steps"]
    return Ctx(
        cid=raw["id"], meta=meta, biz=biz, now=local(raw["now"], biz.zone), phone=phone,
        steps=steps, texts=[s["user"] for s in steps if "user" in s], setup=setup, final=final,
        new=[b for b in final if (b.key(), b.start) not in {(s.key(), s.start) for s in setup}],
        p=p,
    )  # fmt: skip


def check_case(path: Path, businesses: dict[str, Business]) -> Problems:
    p = Problems()
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    meta = META.get(raw["id"])
    if meta is None:
        return Problems([f"{path.name}: no claims written for {raw['id']}"])
    c = context(path, raw, businesses[Path(raw["business"]).name], meta, p)
    c.need(Path(raw["business"]).name == meta.business, f"business {raw['business']}")
    c.need(WINDOW[0] <= c.now.date() <= WINDOW[1], f"now {c.now} outside the window")
    c.need(c.cid.startswith("h22-") and path.stem == c.cid, "id and file name")
    c.need(all(isinstance(t, str) for t in c.texts), "a user message is not a string")
    c.need(not any("advance_to" in s for s in c.steps), "the checker assumes a fixed clock")
    c.need(raw["final"].get("partial") is False, "final must say partial: false")
    check_slots(c)
    check_capacity(c)
    check_plans(c)
    times = request_times(c)
    for claim in meta.days:
        check_day(c, claim)
    for clock in meta.clocks:
        check_clock(c, clock, times)
    explained = {b.day for b in c.setup + c.final} | {date.fromisoformat(d.day) for d in meta.days}
    for r in meta.refusals:
        explained |= REFUSALS[r.kind](c, r)
    for n in meta.notice:
        check_notice(c, n)
    if meta.proposal:
        explained |= {s.date() for s in propose(c, *meta.proposal)}
        c.need(not any(b.customer == c.phone for b in c.final), "a plan only shown is booked")
    check_price_address(c)
    check_choices(c)
    check_mentions(c, explained)
    return p


def main() -> int:
    businesses = {f.name: load_business(f) for f in sorted((ROOT / "businesses").glob("*.yaml"))}
    files = sorted((ROOT / "cases").glob("*.yaml"))
    problems = Problems()
    per_business: dict[str, int] = {}
    seen: list[str] = []
    for path in files:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        name = Path(raw["business"]).name
        per_business[name] = per_business.get(name, 0) + 1
        seen.append(raw["id"])
        try:
            problems.extend(check_case(path, businesses))
        except (AssertionError, KeyError, ValueError) as exc:
            problems.append(f"{path.name}: {type(exc).__name__}: {exc}")
    problems.need(len(files) == 30, f"{len(files)} cases, expected 30")
    problems.need(len(set(seen)) == len(seen), "duplicate ids")
    problems.need(sorted(per_business.values()) == [10, 10, 10], f"per business: {per_business}")
    problems.need(set(META) == set(seen), f"claims without a case: {sorted(set(META) - set(seen))}")
    out = [f"FAIL {line}" for line in problems]
    claims = sum(
        len(m.days) + len(m.clocks) + len(m.refusals) + len(m.notice) for m in META.values()
    )
    out.append(f"heldout22: {len(files)} cases, {len(businesses)} businesses, {claims} claims, "
               f"{len(problems)} problem(s)")  # fmt: skip
    sys.stdout.write("\n".join(out) + "\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
