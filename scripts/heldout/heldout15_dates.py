"""Independent date checker for evals/heldout15 (does NOT import bookbot).

It re-derives, from the business YAML and DESIGN.md's scheduling rules, what the
cases claim, so a wrong expectation is caught before it is blamed on the bot:

- every `now` lies in Dec 2026 - Feb 2027;
- each date a message names (weekday, "14.1.", "the 9th", "tmrw", "dentro de dos
  semanas", ...) matches the date the case assumes (table CLAIMS below);
- every setup and final booking is a valid slot: opening hours, the slot grid
  counted from the start of its opening range, not on a closed date, under capacity;
  the customer is never in two sessions at once;
- new bookings respect the booking notice (from the clock of the last message);
- move/cancel requests lie on the side of the reschedule notice the case says, and
  the final bookings follow from it (inside: unchanged; outside: moved/cancelled);
- immediate plans are recomputed from the buffers (planning and the move rule),
  sequential sessions lie in their window after a completed session, flexible
  sessions keep the minimum gap and are numbered in date order;
- requests the case says must be refused really break a rule (closed day, window,
  flexible gap); hesitation cases book nothing new.

Run: python scripts/heldout/heldout15_dates.py  (exit 1 on the first failing case).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parents[2] / "evals" / "heldout15"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
D = date.fromisoformat

WEEKDAY_WORDS = {
    0: ["monday", "mon", "montag", "lunes"],
    1: ["tuesday", "tues", "tue", "dienstag", "dienstig", "martes"],
    2: ["wednesday", "wed", "mittwoch", "miércoles", "miercoles"],
    3: ["thursday", "thurs", "thu", "donnerstag", "jueves"],
    4: ["friday", "fri", "freitag", "friitig", "viernes"],
    5: ["saturday", "sat", "samstag", "samschtig", "sábado", "sabado"],
    6: ["sunday", "sun", "sonntag", "domingo"],
}
MONTHS = {"enero": 1, "febrero": 2, "diciembre": 12, "january": 1, "february": 2, "december": 12}
TOMORROW = ("tmrw", "2moro", "tomorrow", "morgen", "mañana")

# case id -> [(phrase in a user message, the date the case assumes it means)]
CLAIMS: dict[str, list[tuple[str, date]]] = {
    "ho15-en01-testprep-next-tues-4ish": [("next tues", D("2026-12-15"))],
    "ho15-en02-testprep-past-boxing-day": [("monday the 21st", D("2026-12-21"))],
    "ho15-en03-pack-three-voice-runon": [
        ("this Wednesday", D("2027-01-13")),
        ("Friday", D("2027-01-15")),
        ("Saturday", D("2027-01-16")),
    ],
    "ho15-en04-trial-price-address-boss": [("thurs", D("2027-01-21"))],
    "ho15-en05-trial-for-daughter-2moro": [("2moro", D("2027-01-23"))],
    "ho15-en06-move-tmrw-inside-notice": [("tmrw", D("2027-01-26")), ("thurs", D("2027-01-28"))],
    "ho15-en07-move-first-lesson-shifts-plan": [
        ("monday", D("2027-01-11")),
        ("wed the 13th", D("2027-01-13")),
    ],
    "ho15-en08-cancel-trial-outside-notice": [("sat", D("2027-01-30"))],
    "ho15-en09-pack-short-messages-quarter-past": [
        ("the 9th", D("2027-02-09")),
        ("the 11th", D("2027-02-11")),
    ],
    "ho15-en10-pack-progress-waitangi-closed": [("friday", D("2027-02-05"))],
    "ho15-de01-einzel-halb5-past-christmas": [("Freitag 18.12.", D("2026-12-18"))],
    "ho15-de02-einzel-correction-15uhr": [("Mittwoch 13.1.", D("2027-01-13"))],
    "ho15-de03-welpen-three-saturdays": [
        ("Samstag 16.1.", D("2027-01-16")),
        ("Samstag 23.1.", D("2027-01-23")),
        ("Samstag 30.1.", D("2027-01-30")),
    ],
    "ho15-de04-welpen-pair-under-gap": [
        ("Samschtig 16.1.", D("2027-01-16")),
        ("Mittwoch 20.1.", D("2027-01-20")),
        ("23.1.", D("2027-01-23")),
    ],
    "ho15-de05-abklaerung-price-hesitate": [("Donnerstag 21.1.", D("2027-01-21"))],
    "ho15-de06-welpen-move-naechsten-mittwoch": [
        ("vom Samstag", D("2027-01-30")),
        ("naechsten Mittwoch", D("2027-02-03")),
        ("3.2.", D("2027-02-03")),
    ],
    "ho15-de07-einzel-move-inside-notice": [
        ("vom Samschtig", D("2027-01-30")),
        ("Dienstig 2.2.", D("2027-02-02")),
    ],
    "ho15-de08-abklaerung-cancel-inside-notice": [("morgen", D("2027-01-20"))],
    "ho15-de09-abklaerung-cancel-ciao-zaeme": [("Friitig", D("2027-02-05"))],
    "ho15-de10-abklaerung-for-mother-short": [("Freitag 15.1.", D("2027-01-15"))],
    "ho15-es01-readapt-s2-inside-window": [("lunes 18", D("2027-01-18"))],
    "ho15-es02-readapt-s3-outside-window": [
        ("dentro de dos semanas", D("2027-01-04")),
        ("lunes 4 de enero", D("2027-01-04")),
        ("lunes 28", D("2026-12-28")),
    ],
    "ho15-es03-masaje-for-husband-jueves14": [("jueves 14", D("2027-01-14"))],
    "ho15-es04-masaje-price-dejame-ver": [("sábado", D("2027-01-16"))],
    "ho15-es05-masaje-inmaculada-closed": [
        ("martes 8", D("2026-12-08")),
        ("miércoles 9", D("2026-12-09")),
    ],
    "ho15-es06-acupuntura-not-offered-manana": [("mañana", D("2027-02-03"))],
    "ho15-es07-readapt-progress": [("lunes", D("2027-01-18"))],
    "ho15-es08-masaje-move-mande": [("viernes", D("2027-01-22")), ("sábado 23", D("2027-01-23"))],
    "ho15-es09-readapt-cancel-inside-notice": [("mañana", D("2027-01-29"))],
    "ho15-es10-readapt-start-short-correction": [("miércoles 3", D("2027-02-03"))],
}

# case id -> [(move|cancel, service, original start, inside|outside, phrase of the request)]
NOTICE: dict[str, list[tuple[str, str, str, str, str]]] = {
    "ho15-en06-move-tmrw-inside-notice": [
        ("move", "test-prep", "2027-01-26T09:00", "inside", "push tmrw")
    ],
    "ho15-en07-move-first-lesson-shifts-plan": [
        ("move", "test-prep", "2027-01-11T14:00", "outside", "move my first")
    ],
    "ho15-en08-cancel-trial-outside-notice": [
        ("cancel", "trial-lesson", "2027-01-30T11:00", "outside", "need to cancel")
    ],
    "ho15-de06-welpen-move-naechsten-mittwoch": [
        ("move", "welpenkurs", "2027-01-30T09:00", "outside", "verschieben")
    ],
    "ho15-de07-einzel-move-inside-notice": [
        ("move", "einzeltraining", "2027-01-30T10:00", "inside", "verschiebe")
    ],
    "ho15-de08-abklaerung-cancel-inside-notice": [
        ("cancel", "verhaltensabklaerung", "2027-01-20T14:00", "inside", "absagen")
    ],
    "ho15-de09-abklaerung-cancel-ciao-zaeme": [
        ("cancel", "verhaltensabklaerung", "2027-02-05T15:00", "outside", "absäge")
    ],
    "ho15-es08-masaje-move-mande": [
        ("move", "masaje-deportivo", "2027-01-22T10:00", "outside", "cambiar")
    ],
    "ho15-es09-readapt-cancel-inside-notice": [
        ("cancel", "readaptacion", "2027-01-29T09:30", "inside", "cancela")
    ],
}

# case id -> requests that must be refused, and why
REFUSED: dict[str, list[tuple[str, str, list[str]]]] = {
    "ho15-en10-pack-progress-waitangi-closed": [("closed", "lesson-pack", ["2027-02-06T10:00"])],
    "ho15-es05-masaje-inmaculada-closed": [("closed", "masaje-deportivo", ["2026-12-08T10:00"])],
    "ho15-es02-readapt-s3-outside-window": [("window", "readaptacion", ["2027-01-04T17:00"])],
    "ho15-de04-welpen-pair-under-gap": [
        ("gap", "welpenkurs", ["2027-01-16T10:00", "2027-01-20T17:00"])
    ],
}

# case id -> (service, start) the customer floats but does not book (hesitation): each
# must be a slot the business could give, so the case tests hesitation, not availability
FLOATED: dict[str, list[tuple[str, str, str]]] = {
    "ho15-en04-trial-price-address-boss": [("trial-lesson", "2027-01-21T15:00", "thurs 3pm")],
    "ho15-de05-abklaerung-price-hesitate": [
        ("verhaltensabklaerung", "2027-01-21T14:00", "um 14 Uhr")
    ],
    "ho15-es04-masaje-price-dejame-ver": [("masaje-deportivo", "2027-01-16T10:00", "las 10")],
}


@dataclass(frozen=True)
class Service:
    id: str
    strategy: str  # immediate | sequential | flexible | single
    total: int
    durations: tuple[int, ...]
    capacity: int
    buffers: dict

    def gap(self, k: int) -> tuple[int, int | None, int]:
        """(minimum, maximum, target) days from session k to k+1 (1-based k)."""
        b = self.buffers
        minimum = b.get(
            f"session_{k}_to_{k + 1}_days", b.get("default_days", b.get("minimum_days", 0))
        )
        maximum = b.get("maximum_days")
        target = max(b.get("recommended_days", minimum), minimum)
        return minimum, maximum, target


@dataclass(frozen=True)
class Biz:
    zone: ZoneInfo
    step: int
    notice: int
    resched: int
    hours: dict[int, list[tuple[int, int]]]
    closed: frozenset[date]
    services: dict[str, Service]

    def ranges(self, day: date) -> list[tuple[int, int]]:
        return [] if day in self.closed else self.hours.get(day.weekday(), [])

    def valid_slot(self, start: datetime, minutes: int) -> str | None:
        m = start.hour * 60 + start.minute
        ranges = self.ranges(start.date())
        if not ranges:
            return f"{start:%a %Y-%m-%d} is closed"
        for a, b in ranges:
            if a <= m and m + minutes <= b:
                return None if (m - a) % self.step == 0 else f"{start:%H:%M} is off the grid"
        return f"{start:%a %Y-%m-%d %H:%M}+{minutes}min is outside opening hours"

    def elapsed_hours(self, a: datetime, b: datetime) -> float:
        """Real hours from a to b (both naive local)."""
        aa, bb = a.replace(tzinfo=self.zone), b.replace(tzinfo=self.zone)
        return (
            bb.astimezone(ZoneInfo("UTC")) - aa.astimezone(ZoneInfo("UTC"))
        ).total_seconds() / 3600


def _minutes(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def load_business(path: Path) -> Biz:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    hours = {
        DAYS.index(day): [tuple(_minutes(x) for x in r.split("-")) for r in ranges]
        for day, ranges in data["hours"].items()
    }
    services = {}
    for s in data["services"]:
        total = s.get("total_sessions_required", 1)
        dur = s["duration_minutes"]
        durations = (
            tuple(x.get("duration_minutes", dur) for x in s.get("sessions", [])) or (dur,) * total
        )
        strategy = (
            s.get("multi_session_strategy", "flexible")
            if s.get("requires_multiple_sessions")
            else "single"
        )
        services[s["id"]] = Service(
            s["id"],
            strategy,
            total,
            durations,
            s.get("capacity", 1),
            s.get("session_buffer_config") or {},
        )
    return Biz(
        ZoneInfo(data["timezone"]),
        data["slot_step_minutes"],
        data["min_notice_hours"],
        data["reschedule_notice_hours"],
        hours,
        frozenset(D(x) for x in data.get("closed", [])),
        services,
    )


@dataclass(frozen=True)
class Booking:
    customer: str
    service: str
    session: int
    start: datetime
    status: str


def _dt(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def read_bookings(items: list[dict], phone: str, biz: Biz) -> list[Booking]:
    out = [
        Booking(
            str(b.get("customer", phone)),
            b["service"],
            int(b.get("session", 0)),
            _dt(b["start"]),
            b.get("status", "confirmed"),
        )
        for b in items
    ]
    fixed = []
    for b in out:
        if b.session == 0:
            same = sorted(
                x.start for x in out if (x.customer, x.service) == (b.customer, b.service)
            )
            b = Booking(b.customer, b.service, same.index(b.start) + 1, b.start, b.status)
        fixed.append(b)
    return fixed


class CaseCheck:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.case = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.id: str = self.case["id"]
        self.biz = load_business((path.parent / self.case["business"]).resolve())
        self.phone = str(self.case["customer"]["phone"])
        self.now = _dt(self.case["now"])
        self.setup = read_bookings(
            (self.case.get("setup") or {}).get("bookings", []), self.phone, self.biz
        )
        self.final = read_bookings(self.case["final"]["bookings"], self.phone, self.biz)
        self.messages: list[tuple[datetime, str]] = []
        clock = self.now
        for step in self.case["steps"]:
            if "advance_to" in step:
                clock = _dt(step["advance_to"])
            if "user" in step:
                self.messages.append((clock, step["user"]))
        self.errors: list[str] = []

    def fail(self, message: str) -> None:
        self.errors.append(message)

    def duration(self, b: Booking) -> int:
        return self.biz.services[b.service].durations[b.session - 1]

    def live(self, bookings: list[Booking]) -> list[Booking]:
        return [b for b in bookings if b.status != "cancelled"]

    def new(self) -> list[Booking]:
        old = {(b.service, b.start) for b in self.setup}
        return [b for b in self.live(self.final) if (b.service, b.start) not in old]

    # -- checks -------------------------------------------------------------------------
    def run(self) -> list[str]:
        if not (D("2026-12-01") <= self.now.date() <= D("2027-02-28")):
            self.fail(f"now {self.now} is outside Dec 2026 - Feb 2027")
        if self.case["final"].get("partial") is not False:
            self.fail("final must be partial: false")
        self.check_claims()
        self.check_slots()
        self.check_notice()
        self.check_plans()
        self.check_moves_and_cancels()
        self.check_refused()
        self.check_floated()
        if "hesitation" in self.case.get("tags", []) and self.new():
            self.fail(f"hesitation case books something new: {self.new()}")
        return self.errors

    def message_with(self, phrase: str) -> tuple[datetime, str]:
        for clock, text in self.messages:
            if phrase.lower() in text.lower():
                return clock, text
        raise LookupError(f"no user message contains {phrase!r}")

    def check_claims(self) -> None:  # noqa: C901 - one rule per phrase form
        for phrase, day in CLAIMS.get(self.id, []):
            clock, _ = self.message_with(phrase)
            low = phrase.lower()
            tokens = re.findall(r"[a-zäöüéáíóúñ]+", low)
            for weekday, words in WEEKDAY_WORDS.items():
                if any(t in words for t in tokens) and day.weekday() != weekday:
                    self.fail(
                        f"{phrase!r} names {DAYS[weekday]} but {day} is {DAYS[day.weekday()]}"
                    )
            if m := re.search(r"(\d{1,2})\.(\d{1,2})\.", low):
                if (day.day, day.month) != (int(m[1]), int(m[2])):
                    self.fail(f"{phrase!r} is not {day}")
            elif m := re.search(r"\b(\d{1,2})(st|nd|rd|th)?\b", low):
                if day.day != int(m[1]):
                    self.fail(f"{phrase!r} is not {day}")
            for name, month in MONTHS.items():
                if name in tokens and day.month != month:
                    self.fail(f"{phrase!r} names month {name} but {day} is month {day.month}")
            if any(
                t in TOMORROW for t in re.findall(r"[\wñ]+", low)
            ) and day != clock.date() + timedelta(1):
                self.fail(f"{phrase!r} said at {clock} is not {day}")
            if "dos semanas" in low and day != clock.date() + timedelta(14):
                self.fail(f"{phrase!r} said at {clock} is not {day}")
            if re.search(r"\b(next|this)\b", low) and not 1 <= (day - clock.date()).days <= 7:
                self.fail(f"{phrase!r} said at {clock} is not the coming {day:%A}")
            if day <= clock.date() or not self.biz.ranges(day) and self.id not in REFUSED:
                self.fail(f"{phrase!r}: {day} is past or closed")

    def check_slots(self) -> None:
        for which, bookings in (("setup", self.setup), ("final", self.final)):
            for b in bookings:
                if (why := self.biz.valid_slot(b.start, self.duration(b))) is not None:
                    self.fail(f"{which} {b.service} #{b.session}: {why}")
            live = self.live(bookings)
            for i, a in enumerate(live):
                a_end = a.start + timedelta(minutes=self.duration(a))
                same = 1
                for c in live[i + 1 :]:
                    overlap = (
                        a.start < c.start + timedelta(minutes=self.duration(c)) and c.start < a_end
                    )
                    if overlap and c.customer == a.customer:
                        self.fail(
                            f"{which}: customer in two sessions at once ({a.start}, {c.start})"
                        )
                    if overlap and c.service == a.service:
                        same += 1
                if same > self.biz.services[a.service].capacity:
                    self.fail(f"{which}: {a.service} over capacity at {a.start}")

    def check_notice(self) -> None:
        clock = self.messages[-1][0]
        for b in self.new():
            if b.status == "confirmed" and self.biz.elapsed_hours(clock, b.start) < self.biz.notice:
                self.fail(f"new booking {b.start} is inside the {self.biz.notice}h booking notice")

    def check_plans(self) -> None:
        groups: dict[tuple[str, str], list[Booking]] = {}
        for b in self.live(self.final):
            groups.setdefault((b.customer, b.service), []).append(b)
        for (_, service_id), group in groups.items():
            service = self.biz.services[service_id]
            group.sort(key=lambda b: b.session)
            if [b.session for b in group] != list(
                range(1, len(group) + 1)
            ) and service.strategy != "sequential":
                self.fail(f"{service_id}: sessions {[b.session for b in group]} are not 1..k")
            if sorted(group, key=lambda b: b.start) != group:
                self.fail(f"{service_id}: session numbers do not follow date order")
            for a, c in zip(group, group[1:], strict=False):
                gap = (c.start.date() - a.start.date()).days
                minimum, maximum, _ = service.gap(a.session)
                if c.start < a.start + timedelta(minutes=self.duration(a)):
                    self.fail(f"{service_id}: session {c.session} starts before {a.session} ends")
                if gap < minimum or (
                    service.strategy == "sequential" and maximum is not None and gap > maximum
                ):
                    self.fail(f"{service_id}: {gap} days from session {a.session} to {c.session}")
            if service.strategy == "immediate":
                self.check_immediate(service, group)
            if service.strategy == "sequential":
                self.check_sequential(service, group)

    def free(
        self,
        service: Service,
        session: int,
        start: datetime,
        clock: datetime,
        others: list[Booking],
    ) -> bool:
        minutes = service.durations[session - 1]
        if self.biz.valid_slot(start, minutes) is not None:
            return False
        if self.biz.elapsed_hours(clock, start) < self.biz.notice:
            return False
        end = start + timedelta(minutes=minutes)
        used = sum(
            1
            for o in others
            if o.service == service.id
            and o.start < end
            and start < o.start + timedelta(minutes=self.duration(o))
        )
        return used < service.capacity

    def place(
        self,
        service: Service,
        session: int,
        earliest: date,
        latest: date | None,
        preferred: int,
        clock: datetime,
        others: list[Booking],
    ) -> datetime:
        """The planning rule: earliest day with a free slot, the start closest to `preferred`."""
        day = earliest
        while latest is None or day <= latest:
            starts = []
            for a, b in self.biz.ranges(day):
                m = a
                while m + service.durations[session - 1] <= b:
                    start = datetime.combine(day, datetime.min.time()) + timedelta(minutes=m)
                    if self.free(service, session, start, clock, others):
                        starts.append(start)
                    m += self.biz.step
            if starts:
                return min(starts, key=lambda s: (abs(s.hour * 60 + s.minute - preferred), s))
            day += timedelta(1)
            if (day - earliest).days > 400:
                break
        raise AssertionError(f"{self.id}: no day for session {session}")

    def check_immediate(self, service: Service, group: list[Booking]) -> None:
        before = sorted((b for b in self.setup if b.service == service.id), key=lambda b: b.session)
        others = [
            b for b in self.live(self.final) if b.service != service.id or b.customer != self.phone
        ]
        clock = self.messages[-1][0]
        if not before:  # planned in the conversation from session 1
            expected = [group[0].start]
            pref = group[0].start.hour * 60 + group[0].start.minute
            for k in range(1, service.total):
                minimum, maximum, target = service.gap(k)
                prev = expected[-1].date()
                expected.append(
                    self.place(
                        service,
                        k + 1,
                        prev + timedelta(target),
                        prev + timedelta(maximum) if maximum is not None else None,
                        pref,
                        clock,
                        others,
                    )
                )
        else:  # a move: sessions before the moved one stay, later ones shift only as needed
            moved = next(
                (
                    i
                    for i, (a, b) in enumerate(zip(before, group, strict=False))
                    if a.start != b.start
                ),
                None,
            )
            if moved is None:
                return
            expected = [b.start for b in before[:moved]] + [group[moved].start]
            for k in range(moved + 1, service.total):
                minimum, maximum, target = service.gap(k)
                prev = expected[-1].date()
                own = before[k].start
                if (own.date() - prev).days >= target and (
                    maximum is None or (own.date() - prev).days <= maximum
                ):
                    expected.append(own)
                else:
                    expected.append(
                        self.place(
                            service,
                            k + 1,
                            prev + timedelta(target),
                            prev + timedelta(maximum) if maximum is not None else None,
                            own.hour * 60 + own.minute,
                            clock,
                            others,
                        )
                    )
        got = [b.start for b in group]
        if got != expected:
            self.fail(f"{service.id}: immediate plan {got} != recomputed {expected}")

    def check_sequential(self, service: Service, group: list[Booking]) -> None:
        for b in self.new():
            if b.service != service.id:
                continue
            if b.session > 1:
                prev = next(x for x in group if x.session == b.session - 1)
                if prev.status != "completed":
                    self.fail(
                        f"{service.id}: session {b.session} booked before "
                        f"{prev.session} is completed"
                    )

    def check_moves_and_cancels(self) -> None:
        for kind, service, original, side, phrase in NOTICE.get(self.id, []):
            clock, _ = self.message_with(phrase)
            start = _dt(original)
            hours = self.biz.elapsed_hours(clock, start)
            inside = hours < self.biz.resched
            if inside != (side == "inside"):
                self.fail(
                    f"{kind} at {clock} of {start}: {hours:.1f}h is not {side} {self.biz.resched}h"
                )
            if not any(b.service == service and b.start == start for b in self.setup):
                self.fail(f"{kind}: no setup booking {service} {start}")
            kept = [b for b in self.final if b.service == service and b.start == start]
            if inside and not (kept and kept[0].status == "confirmed"):
                self.fail(f"{kind} inside the notice but {start} is not kept confirmed")
            if not inside and kind == "cancel" and not (kept and kept[0].status == "cancelled"):
                self.fail(f"cancel outside the notice but {start} is not cancelled")
            if not inside and kind == "move" and any(b.status == "confirmed" for b in kept):
                self.fail(f"move outside the notice but {start} is still booked")

    def check_floated(self) -> None:
        for service_id, start, phrase in FLOATED.get(self.id, []):
            clock, _ = self.message_with(phrase)
            service = self.biz.services[service_id]
            if not self.free(service, 1, _dt(start), clock, self.live(self.setup)):
                self.fail(f"floated {service_id} {start} is not a free slot at {clock}")

    def check_refused(self) -> None:
        for why, service_id, starts in REFUSED.get(self.id, []):
            service = self.biz.services[service_id]
            times = [_dt(s) for s in starts]
            if why == "closed" and self.biz.ranges(times[0].date()):
                self.fail(f"{times[0].date()} is not closed")
            if why == "window":
                last = max(
                    (b for b in self.setup if b.service == service_id and b.status == "completed"),
                    key=lambda b: b.start,
                )
                minimum, maximum, _ = service.gap(last.session)
                gap = (times[0].date() - last.start.date()).days
                if minimum <= gap <= (maximum if maximum is not None else gap):
                    self.fail(f"{times[0]} is inside the window after {last.start}")
            if why == "gap":
                minimum = service.gap(1)[0]
                if all(
                    (b.date() - a.date()).days >= minimum
                    for a, b in zip(times, times[1:], strict=False)
                ):
                    self.fail(f"{starts} keep the minimum gap of {minimum} days")


def main() -> int:
    files = sorted((ROOT / "cases").glob("*.yaml"))
    failed = 0
    ids = set()
    for path in files:
        check = CaseCheck(path)
        ids.add(check.id)
        try:
            errors = check.run()
        except LookupError as exc:
            errors = [str(exc)]
        if errors:
            failed += 1
            print(f"FAIL {path.name}")  # noqa: T201
            for e in errors:
                print(f"  - {e}")  # noqa: T201
    for table in (CLAIMS, NOTICE, REFUSED, FLOATED):
        for case_id in table:
            if case_id not in ids:
                print(f"FAIL table names unknown case {case_id}")  # noqa: T201
                failed += 1
    print(f"{len(files)} cases checked, {failed} failing")  # noqa: T201
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
