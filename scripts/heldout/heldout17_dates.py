"""Date checker for held-out set 17 (evals/heldout17), independent of bookbot.

It re-derives, from DESIGN.md's scheduling rules and the set's own business
files, that every expected booking is right: weekday names in messages match
their dates; every setup and final booking is a valid slot (opening hours, the
slot grid, closures, capacity, no overlap for the customer); new bookings keep
the booking notice; moves and cancellations sit on the side of the
reschedule notice the case says; immediate plans are recomputed from their
buffers (a moved session 1 with the move rule); sequential sessions lie in
their window after a completed one; flexible sessions keep the minimum gap and
are numbered in date order; days asked for that must be refused really are
closed or out of the rules, and hesitation slots really were free.

It deliberately does not import bookbot: it reads the YAML with PyYAML.
Run: python scripts/heldout/heldout17_dates.py  (exit 0 when all pass).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parents[2] / "evals" / "heldout17"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

WEEKDAY_WORDS: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "montag": 0,
    "dienstag": 1,
    "mittwoch": 2,
    "donnerstag": 3,
    "freitag": 4,
    "samstag": 5,
    "sonntag": 6,
    "mo": 0,
    "di": 1,
    "mi": 2,
    "do": 3,
    "fr": 4,
    "sa": 5,
    "lunes": 0,
    "martes": 1,
    "miercoles": 2,
    "miércoles": 2,
    "jueve": 3,
    "viernes": 4,
    "sabado": 5,
    "sábado": 5,
    "domingo": 6,
}
PATTERNS: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I),
    # German two-letter days only before a date or "un(d)": "mi" is also Viennese for "mich"
    "de": re.compile(
        r"\b(montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag"
        r"|(?:mo|di|mi|do|fr|sa)(?=\.?\s*(?:\d|und?\b)))\b",
        re.I,
    ),
    "es": re.compile(r"\b(lunes|martes|mi[eé]rcoles|jueve|viernes|s[aá]bado|domingo)", re.I),
}


@dataclass(frozen=True)
class Meta:
    """What each case claims besides its bookings."""

    weekdays: tuple[tuple[int, str, str], ...] = ()  # (step, word, yyyy-mm-dd)
    changes: tuple[tuple[str, str, str], ...] = ()  # (kind move|cancel, original start, side)
    closed_asked: tuple[str, ...] = ()  # days asked for that are closed
    refused_pairs: tuple[tuple[str, str, str], ...] = ()  # (service, start a, start b) too close
    refused_window: tuple[tuple[str, str], ...] = ()  # (service, requested start) outside window
    free_slots: tuple[tuple[str, str], ...] = ()  # (service, start) offered but not booked
    no_new_booking: bool = False
    relative: tuple[tuple[int, str, str, str], ...] = ()  # (step, phrase, rule, yyyy-mm-dd)
    dates: tuple[str, ...] = ()  # days written as dates in the messages ("14th Jan", "23.")
    taken_back: tuple[str, ...] = ()  # days a message names and then takes back


M = Meta
META: dict[str, Meta] = {
    "h17-en-01-laser-next-coming-thursday": M(
        weekdays=((1, "thursday", "2027-01-07"),),
        relative=((1, "the coming Thursday", "next-weekday", "2027-01-07"),),
    ),
    "h17-en-02-laser-too-early-will-revert": M(
        refused_window=(("laser-series", "2026-12-21T11:00"),), no_new_booking=True
    ),
    "h17-en-03-family-day-closed": M(
        weekdays=((1, "monday", "2027-02-15"), (2, "tuesday", "2027-02-16")),
        closed_asked=("2027-02-15",),
    ),
    "h17-en-04-led-three-at-once": M(dates=("2027-01-14", "2027-01-18", "2027-01-21")),
    "h17-en-05-led-pair-too-close": M(
        weekdays=(
            (1, "friday", "2027-01-22"),
            (2, "wednesday", "2027-01-20"),
            (2, "monday", "2027-01-25"),
        ),
        refused_pairs=(("led-card", "2027-01-20T16:00", "2027-01-22T16:00"),),
        relative=(
            (1, "day after tomorrow", "plus-2", "2027-01-20"),
            (2, "next monday the 25th", "next-week", "2027-01-25"),
        ),
    ),
    "h17-en-06-price-address-for-husband": M(
        weekdays=((2, "saturday", "2027-01-23"),),
        relative=((2, "This Saturday 23rd", "next-weekday", "2027-01-23"),),
    ),
    "h17-en-07-led-move-outside-notice": M(
        weekdays=((1, "tuesday", "2027-01-12"), (1, "wednesday", "2027-01-13")),
        changes=(("move", "2027-01-12T10:00", "outside"),),
    ),
    "h17-en-08-laser-cancel-inside-notice": M(
        changes=(("cancel", "2026-12-29T10:00", "inside"),), no_new_booking=True
    ),
    "h17-en-09-led-progress-short-messages": M(dates=("2027-01-13",)),
    "h17-en-10-prp-not-offered-correction": M(
        taken_back=("2027-02-05",),
        weekdays=((2, "friday", "2027-02-05"), (2, "saturday", "2027-02-06")),
        free_slots=(("followup-consult", "2027-02-05T10:00"),),
    ),
    "h17-de-01-physio-naechste-woche-dienstag": M(
        weekdays=((1, "dienstag", "2026-12-15"),),
        relative=((1, "nächste Woche Dienstag", "next-week", "2026-12-15"),),
    ),
    "h17-de-02-physio-samstag-feiertage": M(weekdays=((1, "samstag", "2026-12-05"),)),
    "h17-de-03-massage-drei-auf-einmal": M(
        weekdays=((1, "mi", "2027-01-13"), (1, "sa", "2027-01-16"), (1, "di", "2027-01-19"))
    ),
    "h17-de-04-massage-zu-knapp": M(
        weekdays=(
            (1, "donnerstag", "2027-01-21"),
            (1, "freitag", "2027-01-22"),
            (2, "do", "2027-01-21"),
            (2, "samstag", "2027-01-23"),
        ),
        refused_pairs=(("massage-block", "2027-01-21T08:00", "2027-01-22T08:00"),),
    ),
    "h17-de-05-physio-verschieben-zu-knapp": M(
        weekdays=((1, "freitag", "2027-01-15"),),
        changes=(("move", "2027-01-14T16:00", "inside"),),
        no_new_booking=True,
    ),
    "h17-de-06-physio-erster-termin-verschieben": M(
        weekdays=((1, "dienstag", "2027-01-19"), (1, "donnerstag", "2027-01-21")),
        changes=tuple(
            ("move", s, "outside")
            for s in (
                "2027-01-19T08:00",
                "2027-01-22T08:00",
                "2027-01-29T08:00",
                "2027-02-05T08:00",
                "2027-02-12T08:00",
                "2027-02-19T08:00",
            )
        ),
    ),
    "h17-de-07-erstbefundung-ueberlegen": M(
        weekdays=((2, "donnerstag", "2027-02-04"),),
        free_slots=(("erstbefundung", "2027-02-04T17:00"),),
        no_new_booking=True,
    ),
    "h17-de-08-erstbefundung-korrektur": M(
        taken_back=("2027-01-07",),
        weekdays=((3, "do", "2027-01-07"), (3, "fr", "2027-01-08")),
        free_slots=(("erstbefundung", "2027-01-07T09:00"),),
    ),
    "h17-de-09-erstbefundung-mutter-heiligabend": M(
        closed_asked=("2026-12-24",), dates=("2026-12-23",)
    ),
    "h17-de-10-massage-absagen": M(
        weekdays=((1, "donnerstag", "2027-01-14"),),
        changes=(("cancel", "2027-01-14T17:00", "outside"),),
        no_new_booking=True,
    ),
    "h17-es-01-implante-lunes-medio-dia": M(weekdays=((1, "lunes", "2027-01-18"),)),
    "h17-es-02-implante-pasado-manana": M(relative=((1, "pasado mañana", "plus-2", "2026-12-11"),)),
    "h17-es-03-revision-12-diciembre": M(
        weekdays=((1, "sábado", "2026-12-12"), (2, "lunes", "2026-12-14")),
        closed_asked=("2026-12-12",),
    ),
    "h17-es-04-endodoncia-segunda-guagua": M(weekdays=((1, "jueve", "2027-01-14"),)),
    "h17-es-05-endodoncia-fuera-de-plazo": M(
        refused_window=(("endodoncia", "2027-01-08T10:00"),), no_new_booking=True
    ),
    "h17-es-06-revision-mover-medio-dia": M(
        weekdays=((1, "martes", "2027-01-26"), (1, "miércoles", "2027-01-27")),
        changes=(("move", "2027-01-26T11:00", "outside"),),
    ),
    "h17-es-07-implante-cancelar-manana": M(
        changes=(("cancel", "2027-01-21T10:00", "inside"),), no_new_booking=True
    ),
    "h17-es-08-revision-hijo-proximo-martes": M(
        weekdays=((1, "martes", "2027-02-09"),),
        relative=((1, "el próximo martes", "next-weekday", "2027-02-09"),),
    ),
    "h17-es-09-endodoncia-progreso-pana": M(weekdays=((5, "lunes", "2027-01-25"),)),
    "h17-es-10-blanqueamiento-correccion": M(
        taken_back=("2027-02-11",),
        weekdays=((2, "jueve", "2027-02-11"), (2, "viernes", "2027-02-12")),
        free_slots=(("revision", "2027-02-11T10:00"),),
    ),
}


@dataclass(frozen=True)
class Service:
    id: str
    capacity: int
    strategy: str | None
    total: int
    durations: tuple[int, ...]
    config: dict[str, Any]

    def gap(self, k: int) -> tuple[int, int | None, int]:
        """(minimum, maximum, target) days from session k to k + 1."""
        c = self.config
        minimum = c.get(
            f"session_{k}_to_{k + 1}_days", c.get("default_days", c.get("minimum_days", 0))
        )
        maximum = c.get("maximum_days")
        target = max(c.get("recommended_days", minimum), minimum)
        return int(minimum), maximum, int(target)


@dataclass(frozen=True)
class Business:
    zone: ZoneInfo
    step: int
    notice: timedelta
    change_notice: timedelta
    hours: dict[int, list[tuple[time, time]]]
    closed: frozenset[date]
    services: dict[str, Service]


@dataclass(frozen=True)
class Booking:
    customer: str
    service: str
    session: int
    start: datetime
    status: str


def load_business(path: Path) -> Business:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    hours: dict[int, list[tuple[time, time]]] = {}
    for i, day in enumerate(DAYS):
        ranges = []
        for span in data["hours"].get(day, []):
            a, b = span.split("-")
            ranges.append((time.fromisoformat(a), time.fromisoformat(b)))
        hours[i] = ranges
    services = {}
    for s in data["services"]:
        total = int(s.get("total_sessions_required", 1))
        per = s.get("sessions") or [{}] * total
        durations = tuple(int(x.get("duration_minutes", s["duration_minutes"])) for x in per)
        services[s["id"]] = Service(
            id=s["id"],
            capacity=int(s.get("capacity", 1)),
            strategy=s.get("multi_session_strategy"),
            total=total,
            durations=durations,
            config=dict(s.get("session_buffer_config") or {}),
        )
    return Business(
        zone=ZoneInfo(data["timezone"]),
        step=int(data["slot_step_minutes"]),
        notice=timedelta(hours=data["min_notice_hours"]),
        change_notice=timedelta(hours=data["reschedule_notice_hours"]),
        hours=hours,
        closed=frozenset(date.fromisoformat(d) for d in data.get("closed", [])),
        services=services,
    )


class Checker:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.case: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.id: str = self.case["id"]
        self.biz = load_business((path.parent / self.case["business"]).resolve())
        self.now = self.dt(self.case["now"])
        self.phone: str = self.case["customer"]["phone"]
        self.setup = self.bookings((self.case.get("setup") or {}).get("bookings", []))
        self.final = self.bookings(self.case["final"]["bookings"])
        self.errors: list[str] = []

    def dt(self, value: Any) -> datetime:
        text = value if isinstance(value, str) else value.isoformat()
        return datetime.fromisoformat(text).replace(tzinfo=self.biz.zone)

    def bookings(self, listed: list[dict[str, Any]]) -> list[Booking]:
        raw = [
            Booking(
                b.get("customer", self.case["customer"]["phone"]),
                b["service"],
                int(b.get("session", 0)),
                self.dt(b["start"]),
                b.get("status", "confirmed"),
            )
            for b in listed
        ]
        out = []
        for b in raw:
            if b.session == 0:
                same = sorted(
                    x.start for x in raw if (x.customer, x.service) == (b.customer, b.service)
                )
                b = Booking(b.customer, b.service, same.index(b.start) + 1, b.start, b.status)
            out.append(b)
        return out

    def fail(self, message: str) -> None:
        self.errors.append(f"{self.id}: {message}")

    # -- slots ---------------------------------------------------------------

    def duration(self, service: str, session: int) -> timedelta:
        return timedelta(minutes=self.biz.services[service].durations[session - 1])

    def in_hours(self, start: datetime, length: timedelta) -> bool:
        day = start.date()
        if day in self.biz.closed:
            return False
        for a, b in self.biz.hours[day.weekday()]:
            open_at = datetime.combine(day, a, self.biz.zone)
            close_at = datetime.combine(day, b, self.biz.zone)
            on_grid = (start - open_at) % timedelta(minutes=self.biz.step) == timedelta(0)
            if open_at <= start and start + length <= close_at and on_grid:
                return True
        return False

    def free(self, service: str, session: int, start: datetime, ignore: set[int]) -> bool:
        """In hours, under capacity, no overlap for the customer; `ignore` = ids of bookings
        (of this plan) not counted."""
        length = self.duration(service, session)
        if not self.in_hours(start, length) or start < self.now + self.biz.notice:
            return False
        others = [b for b in self.final if id(b) not in ignore and b.status != "cancelled"]
        overlap = [
            b
            for b in others
            if b.start < start + length and start < b.start + self.duration(b.service, b.session)
        ]
        same = [b for b in overlap if b.service == service]
        mine = [b for b in overlap if b.customer == self.phone]
        return len(same) < self.biz.services[service].capacity and not mine

    # -- checks ------------------------------------------------------------------

    def check_weekdays(self) -> None:
        lang = next(t for t in self.case["tags"] if t in PATTERNS)
        claims = {(s, w.lower()): date.fromisoformat(d) for s, w, d in META[self.id].weekdays}
        found: set[tuple[int, str]] = set()
        for i, step in enumerate(self.case["steps"], start=1):
            for m in PATTERNS[lang].finditer(step.get("user", "")):
                found.add((i, m.group(1).lower()))
        for key in found - claims.keys():
            self.fail(f"step {key[0]} names {key[1]!r} with no claimed date")
        for key, day in claims.items():
            if key not in found:
                self.fail(f"step {key[0]} does not name {key[1]!r}")
            if WEEKDAY_WORDS[key[1]] != day.weekday():
                self.fail(f"step {key[0]}: {key[1]!r} is not {day:%a %Y-%m-%d}")

    def check_relative(self) -> None:
        """Relative phrases resolve from the case's `now`: plus-2 (day after tomorrow), the
        next such weekday after today, or that weekday in next week (Monday-based)."""
        today = self.now.date()
        for step, phrase, rule, claimed in META[self.id].relative:
            day = date.fromisoformat(claimed)
            if phrase.lower() not in self.case["steps"][step - 1].get("user", "").lower():
                self.fail(f"step {step} does not say {phrase!r}")
            if rule == "plus-2":
                ok = day == today + timedelta(days=2)
            elif rule == "next-weekday":
                ok = 0 < (day - today).days <= 7
            else:
                monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
                ok = monday <= day < monday + timedelta(days=7)
            if not ok:
                self.fail(f"step {step}: {phrase!r} from {today} is not {claimed}")

    def check_asked(self) -> None:
        """Every new booking a customer chose (not a later session an immediate plan
        derives) lies on a day the messages name."""
        meta = META[self.id]
        named = {date.fromisoformat(d) for _, _, d in meta.weekdays}
        named |= {date.fromisoformat(d) for *_, d in meta.relative}
        named |= {date.fromisoformat(d) for d in meta.dates}
        for b in self.new_bookings():
            derived = self.biz.services[b.service].strategy == "immediate" and b.session > 1
            if b.status == "confirmed" and not derived and b.start.date() not in named:
                self.fail(f"new booking {b.start:%Y-%m-%d} is on a day no message names")
            if b.start.date() in {date.fromisoformat(d) for d in meta.taken_back}:
                self.fail(f"new booking {b.start:%Y-%m-%d} is on a day the customer took back")
        for day in meta.taken_back:
            if date.fromisoformat(day) not in named:
                self.fail(f"taken-back day {day} is not named in the messages")

    def check_slots(self) -> None:
        for b in self.setup + self.final:
            if not self.in_hours(b.start, self.duration(b.service, b.session)):
                self.fail(f"{b.service} {b.start:%Y-%m-%d %H:%M} is not a valid slot")
        live = [b for b in self.final if b.status != "cancelled"]
        for i, b in enumerate(live):
            end = b.start + self.duration(b.service, b.session)
            for o in live[i + 1 :]:
                if o.start < end and b.start < o.start + self.duration(o.service, o.session):
                    if o.customer == b.customer:
                        self.fail(f"{b.customer} overlaps at {b.start:%Y-%m-%d %H:%M}")
                    n = sum(1 for x in live if x.service == b.service and x.start == b.start)
                    if o.service == b.service and n > self.biz.services[b.service].capacity:
                        self.fail(f"{b.service} over capacity at {b.start:%Y-%m-%d %H:%M}")

    def new_bookings(self) -> list[Booking]:
        old = {(b.customer, b.service, b.start) for b in self.setup}
        return [b for b in self.final if (b.customer, b.service, b.start) not in old]

    def check_notice(self) -> None:
        fresh = self.new_bookings()
        meta = META[self.id]
        if meta.no_new_booking and any(b.status != "cancelled" for b in fresh):
            self.fail("a case that must not book ends with a new booking")
        for b in fresh:
            if b.status == "confirmed" and b.start < self.now + self.biz.notice:
                self.fail(f"new booking {b.start:%Y-%m-%d %H:%M} inside the booking notice")
        for kind, original, side in meta.changes:
            start = self.dt(original)
            inside = start - self.now < self.biz.change_notice
            if inside != (side == "inside"):
                self.fail(f"{kind} of {original} is not {side} the notice")
            after = [b for b in self.final if b.start == start and b.customer == self.phone]
            kept = any(b.status == "confirmed" for b in after)
            if side == "inside" and not kept:
                self.fail(f"{original} inside the notice must stay confirmed")
            if side == "outside" and kept:
                self.fail(f"{original} outside the notice should not stay confirmed ({kind})")
            if (
                kind == "cancel"
                and side == "outside"
                and not any(b.status == "cancelled" for b in after)
            ):
                self.fail(f"{original} should be listed as cancelled")

    def check_refusals(self) -> None:
        meta = META[self.id]
        for day in meta.closed_asked:
            if date.fromisoformat(day) not in self.biz.closed:
                self.fail(f"{day} is asked as closed but is open")
        for service, a, b in meta.refused_pairs:
            minimum = self.biz.services[service].gap(1)[0]
            if (self.dt(b).date() - self.dt(a).date()).days >= minimum:
                self.fail(f"pair {a} / {b} is not under the minimum gap")
        for service, wanted in meta.refused_window:
            svc = self.biz.services[service]
            done = [b for b in self.setup if b.service == service and b.status == "completed"]
            last = max(done, key=lambda b: b.session)
            lo, hi, _ = svc.gap(last.session)
            days = (self.dt(wanted).date() - last.start.date()).days
            if lo <= days and (hi is None or days <= hi):
                self.fail(f"{wanted} is inside the window, so it would not be refused")
        for service, start in meta.free_slots:
            if not self.free(service, 1, self.dt(start), set()):
                self.fail(f"{service} {start} was not a free slot")

    def check_plans(self) -> None:
        groups: dict[tuple[str, str], list[Booking]] = {}
        for b in self.final:
            if b.status != "cancelled":
                groups.setdefault((b.customer, b.service), []).append(b)
        for (customer, service), plan in groups.items():
            svc = self.biz.services[service]
            plan.sort(key=lambda b: b.start)
            if [b.session for b in plan] != sorted(b.session for b in plan) or any(
                b.session > svc.total for b in plan
            ):
                self.fail(f"{service}: session numbers are not in date order within the plan")
            if svc.strategy == "immediate":
                self.check_immediate(customer, svc, plan)
            elif svc.strategy == "sequential":
                self.check_sequential(svc, plan)
            elif svc.strategy == "flexible":
                self.check_flexible(svc, plan)

    def check_flexible(self, svc: Service, plan: list[Booking]) -> None:
        for a, b in zip(plan, plan[1:], strict=False):
            if (b.start.date() - a.start.date()).days < svc.gap(a.session)[0]:
                self.fail(f"{svc.id}: {a.start:%m-%d} -> {b.start:%m-%d} under the minimum")

    def check_sequential(self, svc: Service, plan: list[Booking]) -> None:
        for a, b in zip(plan, plan[1:], strict=False):
            lo, hi, _ = svc.gap(a.session)
            days = (b.start.date() - a.start.date()).days
            if days < lo or (hi is not None and days > hi):
                self.fail(f"{svc.id}: session {b.session} is {days} days after {a.session}")
            if b in self.new_bookings() and a.status != "completed":
                self.fail(f"{svc.id}: session {b.session} booked before {a.session} completed")

    def check_immediate(self, customer: str, svc: Service, plan: list[Booking]) -> None:
        if len(plan) != svc.total or plan[0].session != 1:
            self.fail(f"{svc.id}: immediate plan is not complete")
            return
        before = sorted(
            (b for b in self.setup if (b.customer, b.service) == (customer, svc.id)),
            key=lambda b: b.session,
        )
        ignore = {id(b) for b in plan}
        moved = bool(before) and before[0].start != plan[0].start
        expected = [plan[0].start]
        for k in range(2, svc.total + 1):
            prev = expected[-1]
            lo, hi, target = svc.gap(k - 1)
            earliest = prev.date() + timedelta(days=target)
            prev_end = prev + self.duration(svc.id, k - 1)
            if moved:
                cur = before[k - 1].start
                days = (cur.date() - prev.date()).days
                if days >= target and (hi is None or days <= hi) and cur >= prev_end:
                    expected.append(cur)
                    continue
                preferred = cur.timetz()
            else:
                preferred = plan[0].start.timetz()
            expected.append(self.place(svc, k, earliest, hi, prev, preferred, ignore))
        got = [b.start for b in plan]
        if got != expected:
            show = ", ".join(f"{d:%Y-%m-%d %H:%M}" for d in expected)
            self.fail(f"{svc.id}: immediate plan should be {show}")

    def place(
        self,
        svc: Service,
        k: int,
        earliest: date,
        hi: int | None,
        prev: datetime,
        preferred: time,
        ignore: set[int],
    ) -> datetime:
        last = (
            prev.date() + timedelta(days=hi) if hi is not None else earliest + timedelta(days=365)
        )
        day = earliest
        prev_end = prev + self.duration(svc.id, k - 1)
        while day <= last:
            starts = [
                datetime.combine(day, time(0), self.biz.zone) + timedelta(minutes=m)
                for m in range(0, 24 * 60, 5)
            ]
            ok = [s for s in starts if s >= prev_end and self.free(svc.id, k, s, ignore)]
            if ok:
                want = datetime.combine(day, preferred.replace(tzinfo=None), self.biz.zone)
                return min(ok, key=lambda s: (abs(s - want), s))
            day += timedelta(days=1)
        raise AssertionError(f"{self.id}: no day for session {k}")

    def run(self) -> list[str]:
        if self.id not in META:
            return [f"{self.id}: no entry in META"]
        if self.case["final"].get("partial") is not False:
            self.fail("final must be partial: false")
        self.check_weekdays()
        self.check_relative()
        self.check_asked()
        self.check_slots()
        self.check_notice()
        self.check_refusals()
        self.check_plans()
        return self.errors


def main() -> int:
    files = sorted((ROOT / "cases").glob("*.yaml"))
    errors: list[str] = []
    ids = set()
    for path in files:
        checker = Checker(path)
        ids.add(checker.id)
        errors += checker.run()
    errors += [f"META names a missing case {i}" for i in META.keys() - ids]
    for line in errors:
        sys.stderr.write(line + "\n")
    sys.stdout.write(f"heldout17 dates: {len(files)} cases, {len(errors)} problem(s)\n")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
