"""Date checker for held-out set 16 (evals/heldout16): the expected bookings obey DESIGN.md.

Reads the case and business YAML directly (it does NOT import bookbot) and asserts:
- every weekday a message names (listed per case in CLAIMS) matches the date meant;
- every booking in setup and final lies in opening hours, on the slot grid counted from
  the start of its opening range, not on a closed date; new bookings also respect the
  booking notice and the capacity, and a customer is never in two sessions at once;
- each move or cancellation is on the side of `reschedule_notice_hours` the case says;
- immediate plans equal the plan recomputed from session 1 with the buffers;
- sequential next sessions lie inside (or, for refused asks, outside) their window;
- flexible plans keep consecutive sessions at least the minimum apart, numbered by date;
- hesitation cases end with no new booking, and the slot hesitated over is free.

Run: .venv/bin/python scripts/heldout/heldout16_dates.py  (exit 1 on the first problems)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parents[2] / "evals" / "heldout16"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_WORDS: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "tues": 1,
    "thurs": 3,
    "mon": 0,
    "wed": 2,
    "fri": 4,
    "sat": 5,
    "montag": 0,
    "dienstag": 1,
    "mittwoch": 2,
    "donnerstag": 3,
    "freitag": 4,
    "samstag": 5,
    "lunes": 0,
    "martes": 1,
    "miércoles": 2,
    "miercoles": 2,
    "jueves": 3,
    "viernes": 4,
    "sábado": 5,
    "sabado": 5,
}


@dataclass(frozen=True)
class Booking:
    service: str
    session: int
    start: datetime
    status: str
    customer: str


@dataclass(frozen=True)
class Claims:
    """What a case's messages and story assert, checked against its YAML."""

    weekdays: tuple[tuple[str, str], ...] = ()  # (weekday word in a message, ISO date meant)
    notice: tuple[tuple[str, str, str], ...] = ()  # (move|cancel, original start, inside|outside)
    seq_refused: tuple[tuple[str, str], ...] = ()  # (service, asked start outside the window)
    flex_refused: tuple[tuple[str, str, str], ...] = ()  # (service, ask a, ask b) under the minimum
    closed_asked: tuple[str, ...] = ()  # dates asked for that the business is closed on
    hesitation: tuple[tuple[str, str], ...] = ()  # (service, start) hesitated over: must be free


CLAIMS: dict[str, Claims] = {
    "en01-immediate-thursday-5ish-bet": Claims(weekdays=(("thursday", "2026-12-10"),)),
    "en02-immediate-past-christmas": Claims(weekdays=(("tuesday", "2026-12-22"),)),
    "en03-card-three-at-once-half-4": Claims(
        weekdays=(("monday", "2026-12-14"), ("wednesday", "2026-12-16"), ("friday", "2026-12-18"))
    ),
    "en04-card-pair-too-close": Claims(
        weekdays=(("tues", "2027-01-12"), ("wed", "2027-01-13"), ("thursday", "2027-01-14")),
        flex_refused=(("visit-card", "2027-01-12T16:30", "2027-01-13T16:30"),),
    ),
    "en05-card-move-outside-notice-left": Claims(
        weekdays=(("thursday", "2027-01-07"), ("friday", "2027-01-08")),
        notice=(("move", "2027-01-07T11:00", "outside"),),
    ),
    "en06-exam-move-inside-notice": Claims(
        weekdays=(("friday", "2027-01-15"),), notice=(("move", "2027-01-12T09:00", "inside"),)
    ),
    "en07-exam-cancel-1-14": Claims(notice=(("cancel", "2027-01-14T14:00", "outside"),)),
    "en08-price-address-hesitate": Claims(
        weekdays=(("monday", "2026-12-14"),),
        hesitation=(("adjustment-plan", "2026-12-14T07:30"),),
    ),
    "en09-son-mlk-day": Claims(weekdays=(("tuesday", "2027-01-19"),), closed_asked=("2027-01-18",)),
    "en10-no-massage-short-messages": Claims(weekdays=(("thursday", "2026-12-17"),)),
    "de01-hypo-next-inside-window": Claims(weekdays=(("donnerstag", "2026-12-17"),)),
    "de02-hypo-uebernaechsten-dienstag": Claims(
        weekdays=(("dienstag", "2026-12-22"), ("montag", "2026-12-21")),
        seq_refused=(("hyposensibilisierung", "2026-12-22T08:00"),),
    ),
    "de03-laser-three-at-once": Claims(),
    "de04-laser-pair-too-close": Claims(
        weekdays=(("samstag", "2027-01-16"), ("samstag", "2027-01-23"), ("samstag", "2027-02-06")),
        flex_refused=(("laser-karte", "2027-01-16T10:00", "2027-01-23T10:00"),),
    ),
    "de05-beratung-move-inside-notice": Claims(
        weekdays=(("donnerstag", "2026-12-10"), ("freitag", "2026-12-11")),
        notice=(("move", "2026-12-10T14:30", "inside"),),
    ),
    "de06-laser-cancel-outside-wieviele": Claims(
        weekdays=(("samstag", "2027-01-23"),),
        notice=(("cancel", "2027-01-23T09:30", "outside"),),
    ),
    "de07-hypo-cancel-inside-notice": Claims(notice=(("cancel", "2027-01-13T08:30", "inside"),)),
    "de08-beratung-preis-adresse-zoegern": Claims(
        weekdays=(("freitag", "2027-01-22"),), hesitation=(("erstberatung", "2027-01-22T10:00"),)
    ),
    "de09-frau-dienstag-doch-mittwoch": Claims(
        weekdays=(("dienstag", "2027-01-26"), ("mittwoch", "2027-01-27"))
    ),
    "de10-silvester-geschlossen": Claims(closed_asked=("2026-12-31",)),
    "es01-intensivo-lunes-que-viene": Claims(weekdays=(("lunes", "2027-01-11"),)),
    "es02-intensivo-carnaval": Claims(weekdays=(("sábado", "2027-02-13"),)),
    "es03-pack-tres-clases": Claims(
        weekdays=(("martes", "2026-12-15"), ("jueves", "2026-12-17"), ("martes", "2026-12-22"))
    ),
    "es04-pack-mismo-dia-tio": Claims(
        weekdays=(("viernes", "2027-01-08"), ("sábado", "2027-01-09")),
        flex_refused=(("pack-tango", "2027-01-08T18:00", "2027-01-08T20:00"),),
    ),
    "es05-prueba-mover-fuera-plazo": Claims(
        weekdays=(("jueves", "2026-12-17"), ("viernes", "2026-12-18")),
        notice=(("move", "2026-12-17T19:00", "outside"),),
    ),
    "es06-pack-mover-dentro-plazo": Claims(notice=(("move", "2027-02-03T19:00", "inside"),)),
    "es07-pack-cancelar-cuantas-quedan": Claims(
        weekdays=(("jueves", "2027-01-28"),), notice=(("cancel", "2027-01-28T20:00", "outside"),)
    ),
    "es08-pack-precio-lo-pienso": Claims(
        weekdays=(("martes", "2026-12-22"),), hesitation=(("pack-tango", "2026-12-22T19:00"),)
    ),
    "es09-hija-fin-de-mes-correccion": Claims(
        weekdays=(("sábado", "2027-01-30"), ("viernes", "2027-01-29"))
    ),
    "es10-8-de-diciembre-mensajes-cortos": Claims(closed_asked=("2026-12-08",)),
}


class Problems(list[str]):
    def check(self, ok: bool, case: str, message: str) -> None:
        if not ok:
            self.append(f"{case}: {message}")


@dataclass(frozen=True)
class Biz:
    zone: ZoneInfo
    step: int
    notice_h: float
    move_h: float
    hours: dict[int, list[tuple[time, time]]]
    closed: frozenset[date]
    services: dict[str, dict[str, Any]]

    def duration(self, service: str) -> timedelta:
        return timedelta(minutes=int(self.services[service]["duration_minutes"]))

    def on_grid(self, service: str, start: datetime) -> bool:
        """Inside a range, on its grid, ending inside it, not on a closed date."""
        if start.date() in self.closed:
            return False
        end = start + self.duration(service)
        for lo, hi in self.hours.get(start.weekday(), []):
            lo_dt = datetime.combine(start.date(), lo, self.zone)
            hi_dt = datetime.combine(start.date(), hi, self.zone)
            offset = (start - lo_dt).total_seconds() / 60
            if lo_dt <= start and end <= hi_dt and offset % self.step == 0:
                return True
        return False

    def starts(self, service: str, day: date) -> list[datetime]:
        out = []
        for lo, hi in self.hours.get(day.weekday(), []):
            t = datetime.combine(day, lo, self.zone)
            while t + self.duration(service) <= datetime.combine(day, hi, self.zone):
                out.append(t)
                t += timedelta(minutes=self.step)
        return [] if day in self.closed else out

    def buffers(self, service: str) -> tuple[int, dict[int, int], int | None, int | None]:
        cfg = self.services[service].get("session_buffer_config") or {}
        per = {
            int(k.split("_")[1]): int(v)
            for k, v in cfg.items()
            if k.startswith("session_") and k.endswith("_days")
        }
        base = cfg.get("default_days", cfg.get("minimum_days", 0))
        return int(base), per, cfg.get("maximum_days"), cfg.get("recommended_days")

    def gap(self, service: str, k: int) -> tuple[int, int | None, int]:
        """(minimum, maximum, target) days from session k to k+1."""
        base, per, maximum, recommended = self.buffers(service)
        minimum = per.get(k, base)
        return minimum, maximum, max(minimum, recommended or 0)


def load_business(path: Path) -> Biz:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    hours: dict[int, list[tuple[time, time]]] = {}
    for name, ranges in (data.get("hours") or {}).items():
        hours[DAYS.index(name)] = [
            (time.fromisoformat(r.split("-")[0]), time.fromisoformat(r.split("-")[1]))
            for r in ranges or []
        ]
    return Biz(
        zone=ZoneInfo(data["timezone"]),
        step=int(data["slot_step_minutes"]),
        notice_h=float(data["min_notice_hours"]),
        move_h=float(data["reschedule_notice_hours"]),
        hours=hours,
        closed=frozenset(date.fromisoformat(str(d)) for d in data.get("closed", [])),
        services={s["id"]: s for s in data["services"]},
    )


def local(value: Any, zone: ZoneInfo) -> datetime:
    text = value.isoformat() if isinstance(value, datetime) else str(value)
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def bookings(items: list[dict[str, Any]], phone: str, zone: ZoneInfo) -> list[Booking]:
    out = [
        Booking(
            service=b["service"],
            session=int(b.get("session", 1)),
            start=local(b["start"], zone),
            status=b.get("status", "confirmed"),
            customer=b.get("customer", phone),
        )
        for b in items
    ]
    return out


def overlaps(biz: Biz, a: Booking, b: Booking) -> bool:
    return a.start < b.start + biz.duration(b.service) and b.start < a.start + biz.duration(
        a.service
    )


def free(biz: Biz, service: str, start: datetime, now: datetime, taken: list[Booking]) -> bool:
    if not biz.on_grid(service, start) or start < now + timedelta(hours=biz.notice_h):
        return False
    probe = Booking(service, 0, start, "confirmed", "")
    same = [b for b in taken if b.service == service and b.status != "cancelled"]
    return sum(overlaps(biz, probe, b) for b in same) < int(biz.services[service]["capacity"])


def immediate_plan(
    biz: Biz, service: str, first: datetime, now: datetime, taken: list[Booking]
) -> list[datetime]:
    """DESIGN.md's immediate rule: earliest day >= day(k) + target with a free slot,
    the free start closest to session 1's time of day, a tie to the earlier."""
    plan = [first]
    preferred = first.hour * 60 + first.minute
    total = int(biz.services[service]["total_sessions_required"])
    for k in range(1, total):
        _, maximum, target = biz.gap(service, k)
        day = plan[-1].date() + timedelta(days=target)
        limit = plan[-1].date() + timedelta(days=maximum) if maximum is not None else None
        while True:
            assert limit is None or day <= limit, f"no day for session {k + 1}"
            ok = [
                s
                for s in biz.starts(service, day)
                if free(biz, service, s, now, taken) and s > plan[-1]
            ]
            if ok:
                plan.append(min(ok, key=lambda s: (abs(s.hour * 60 + s.minute - preferred), s)))
                break
            day += timedelta(days=1)
    return plan


def check_case(path: Path, problems: Problems) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cid = data["id"]
    biz = load_business((path.parent / data["business"]).resolve())
    zone, phone = biz.zone, data["customer"]["phone"]
    now = local(data["now"], zone)
    claims = CLAIMS.get(cid)
    problems.check(claims is not None, cid, "no CLAIMS entry")
    claims = claims or Claims()
    messages = " ".join(s["user"].lower() for s in data["steps"] if "user" in s)
    setup = bookings((data.get("setup") or {}).get("bookings", []), phone, zone)
    final = bookings(data["final"]["bookings"], phone, zone)
    problems.check(data["final"].get("partial") is False, cid, "final must be partial: false")
    problems.check(
        now.date() >= date(2026, 12, 1) and now.date() <= date(2027, 2, 28),
        cid,
        "now outside Dec 2026 - Feb 2027",
    )
    check_weekdays(cid, claims, messages, problems)
    for b in setup + final:
        problems.check(biz.on_grid(b.service, b.start), cid, f"{b.start} is not a slot")
    old = {(b.service, b.session, b.start) for b in setup}
    new = [b for b in final if (b.service, b.session, b.start) not in old]
    check_new(cid, biz, now, setup, final, new, problems)
    for kind, start, side in claims.notice:
        left = local(start, zone) - now
        inside = left < timedelta(hours=biz.move_h)
        problems.check(inside == (side == "inside"), cid, f"{kind} of {start} is not {side}")
        moved = [b for b in final if b.start == local(start, zone) and b.status == "confirmed"]
        problems.check(bool(moved) == inside, cid, f"{kind} of {start}: final does not follow")
    for day in claims.closed_asked:
        problems.check(date.fromisoformat(day) in biz.closed, cid, f"{day} is not closed")
    for service, start in claims.hesitation:
        problems.check(not new, cid, "a hesitation case books something")
        problems.check(
            free(biz, service, local(start, zone), now, setup),
            cid,
            f"hesitation slot {start} is not free",
        )
    check_plans(cid, biz, now, setup, final, claims, problems)


def check_weekdays(cid: str, claims: Claims, messages: str, problems: Problems) -> None:
    for word, iso in claims.weekdays:
        problems.check(word in messages, cid, f"no message names {word!r}")
        problems.check(
            date.fromisoformat(iso).weekday() == WEEKDAY_WORDS[word], cid, f"{iso} is not a {word}"
        )


def check_new(
    cid: str,
    biz: Biz,
    now: datetime,
    setup: list[Booking],
    final: list[Booking],
    new: list[Booking],
    problems: Problems,
) -> None:
    for b in new:
        others = [o for o in final if o is not b and o.status != "cancelled"]
        problems.check(
            free(biz, b.service, b.start, now, others),
            cid,
            f"new booking {b.start} is not free (notice/capacity)",
        )
        mine = [o for o in others if o.customer == b.customer]
        problems.check(
            not any(overlaps(biz, b, o) for o in mine), cid, f"customer double-booked at {b.start}"
        )
    for b in setup:
        problems.check(
            any(f.service == b.service and f.start == b.start for f in final)
            or any(f.service == b.service and f.session == b.session for f in final),
            cid,
            f"setup booking {b.start} missing from final",
        )


def check_plans(
    cid: str,
    biz: Biz,
    now: datetime,
    setup: list[Booking],
    final: list[Booking],
    claims: Claims,
    problems: Problems,
) -> None:
    for service in {b.service for b in final}:
        strategy = biz.services[service].get("multi_session_strategy")
        group = sorted(
            (b for b in final if b.service == service and b.customer == final[0].customer),
            key=lambda b: b.start,
        )
        live = [b for b in group if b.status != "cancelled"]
        if strategy == "immediate" and live and not any(b.service == service for b in setup):
            others = [b for b in setup if b.customer != live[0].customer]
            plan = immediate_plan(biz, service, live[0].start, now, others)
            got = [b.start.isoformat() for b in live]
            want = [p.isoformat() for p in plan]
            problems.check(got == want, cid, f"immediate plan {got} != {want}")
        if strategy == "sequential":
            for prev, nxt in zip(live, live[1:], strict=False):
                lo, hi, _ = biz.gap(service, prev.session)
                days = (nxt.start.date() - prev.start.date()).days
                problems.check(prev.status == "completed", cid, "sequential next before completion")
                inside = lo <= days and (hi is None or days <= hi)
                problems.check(inside, cid, f"session {nxt.session} {days} days after the last")
        if strategy == "flexible":
            for prev, nxt in zip(live, live[1:], strict=False):
                lo, _, _ = biz.gap(service, prev.session)
                days = (nxt.start.date() - prev.start.date()).days
                problems.check(days >= lo, cid, f"flexible gap {days} < {lo} before {nxt.start}")
            problems.check(
                [b.session for b in live] == sorted(b.session for b in live),
                cid,
                "flexible sessions not numbered by date",
            )
    for service, asked in claims.seq_refused:
        done = [b for b in setup if b.service == service and b.status == "completed"]
        last = max(done, key=lambda b: b.start)
        lo, hi, _ = biz.gap(service, last.session)
        days = (local(asked, biz.zone).date() - last.start.date()).days
        problems.check(
            days < lo or (hi is not None and days > hi),
            cid,
            f"refused ask {asked} is inside the window",
        )
        problems.check(
            all(b.start != local(asked, biz.zone) for b in final),
            cid,
            f"refused ask {asked} is booked",
        )
    for service, a, b in claims.flex_refused:
        lo, _, _ = biz.gap(service, 1)
        days = (local(b, biz.zone).date() - local(a, biz.zone).date()).days
        problems.check(days < lo, cid, f"pair {a} {b} is not under the minimum")
        problems.check(
            not all(any(f.start == local(x, biz.zone) for f in final) for x in (a, b)),
            cid,
            "the refused pair is booked",
        )


def main() -> int:
    problems = Problems()
    files = sorted((ROOT / "cases").glob("*.yaml"))
    ids = set()
    for path in files:
        check_case(path, problems)
        ids.add(yaml.safe_load(path.read_text(encoding="utf-8"))["id"])
    for missing in sorted(set(CLAIMS) - ids):
        problems.append(f"{missing}: in CLAIMS but no case file")
    for line in problems:
        sys.stdout.write(line + "\n")
    sys.stdout.write(f"heldout16 dates: {len(files)} cases, {len(problems)} problems\n")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
