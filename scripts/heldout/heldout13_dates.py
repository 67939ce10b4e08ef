"""Checks every date of evals/heldout13 against the calendar and the business rules.

Independent of bookbot (no import of it): weekdays named in messages, closures,
opening hours and the slot grid, booking notice, move/cancel notice, the immediate
plans recomputed from the buffers, the sequential windows and the flexible gaps.
Run: python scripts/heldout/heldout13_dates.py  (exit 1 on any mismatch)
"""

from __future__ import annotations

import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parents[2] / "evals" / "heldout13"
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
errors: list[str] = []


def check(ok: bool, what: str) -> None:
    if not ok:
        errors.append(what)


def dt(text: str) -> datetime:
    return datetime.fromisoformat(str(text))


def d(text: str) -> date:
    return date.fromisoformat(text)


def business(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "businesses" / name).read_text(encoding="utf-8"))
    return data


def ranges(biz: dict[str, Any], day: date) -> list[tuple[datetime, datetime]]:
    if day.isoformat() in biz.get("closed", []):
        return []
    out = []
    for r in biz["hours"].get(DAYS[day.weekday()], []):
        a, b = r.split("-")
        out.append(
            (
                datetime.combine(day, time.fromisoformat(a)),
                datetime.combine(day, time.fromisoformat(b)),
            )
        )
    return out


def service(biz: dict[str, Any], sid: str) -> dict[str, Any]:
    return next(s for s in biz["services"] if s["id"] == sid)


def duration(svc: dict[str, Any], session: int) -> int:
    sessions = svc.get("sessions")
    if sessions:
        return int(sessions[session - 1].get("duration_minutes", svc["duration_minutes"]))
    return int(svc["duration_minutes"])


def is_slot(biz: dict[str, Any], start: datetime, minutes: int) -> bool:
    step = timedelta(minutes=biz["slot_step_minutes"])
    for a, b in ranges(biz, start.date()):
        if (
            a <= start
            and start + timedelta(minutes=minutes) <= b
            and (start - a) % step == timedelta(0)
        ):
            return True
    return False


def hours_between(biz: dict[str, Any], a: datetime, b: datetime) -> float:
    zone = ZoneInfo(biz["timezone"])
    return (b.replace(tzinfo=zone) - a.replace(tzinfo=zone)).total_seconds() / 3600


def gaps(svc: dict[str, Any]) -> list[tuple[int, int | None, int]]:
    """(minimum, maximum, target) per gap k -> k+1, DESIGN.md's rule."""
    cfg = svc.get("session_buffer_config", {})
    out = []
    for k in range(1, svc.get("total_sessions_required", 1)):
        minimum = cfg.get(
            f"session_{k}_to_{k + 1}_days", cfg.get("default_days", cfg.get("minimum_days", 0))
        )
        maximum = cfg.get("maximum_days")
        target = max(cfg.get("recommended_days", minimum), minimum)
        out.append((minimum, maximum, target))
    return out


def immediate_plan(biz: dict[str, Any], svc: dict[str, Any], first: datetime) -> list[datetime]:
    """No other bookings in these cases: each later session on the earliest open day
    >= day(k) + target with a slot, at the free start closest to session 1's time."""
    plan = [first]
    preferred = first.time()
    for k, (_, maximum, target) in enumerate(gaps(svc), start=1):
        day = plan[-1].date() + timedelta(days=target)
        while True:
            if maximum is not None:
                assert (day - plan[-1].date()).days <= maximum, "no day inside the maximum"
            minutes = duration(svc, k + 1)
            step = timedelta(minutes=biz["slot_step_minutes"])
            starts = []
            for a, b in ranges(biz, day):
                t = a
                while t + timedelta(minutes=minutes) <= b:
                    starts.append(t)
                    t += step
            if starts:
                want = datetime.combine(day, preferred)
                plan.append(min(starts, key=lambda s: (abs(s - want), s)))
                break
            day += timedelta(days=1)
    return plan


# -- weekdays and dates the messages name (phrase, date, weekday) -----------------
WEEKDAYS = [
    ("en01 tue 2/2", "2027-02-02", "tue"),
    ("en01 thu 4/2", "2027-02-04", "thu"),
    ("en01 tue 9/2", "2027-02-09", "tue"),
    ("en01 thu 11/2", "2027-02-11", "thu"),
    ("en02 mon 1 feb", "2027-02-01", "mon"),
    ("en02 tues 2 feb", "2027-02-02", "tue"),
    ("en02 wed 3/2", "2027-02-03", "wed"),
    ("en03 mon 18th", "2027-01-18", "mon"),
    ("en04 sat 6 feb", "2027-02-06", "sat"),
    ("en05 sat 6/2", "2027-02-06", "sat"),
    ("en06 now wed", "2027-02-03", "wed"),
    ("en06 this sat", "2027-02-06", "sat"),
    ("en07 sat", "2027-01-30", "sat"),
    ("en07 thurs 28th", "2027-01-28", "thu"),
    ("en08 now fri", "2027-02-05", "fri"),
    ("en08 tomoz", "2027-02-06", "sat"),
    ("de01 Dienstag 19. Jänner", "2027-01-19", "tue"),
    ("de02 freitag 18.12.", "2026-12-18", "fri"),
    ("de02 Christtag", "2026-12-25", "fri"),
    ("de03 now montag", "2026-11-30", "mon"),
    ("de03 dienstag 1.12.", "2026-12-01", "tue"),
    ("de03 Mariä Empfängnis", "2026-12-08", "tue"),
    ("de04 Mo 11.1.", "2027-01-11", "mon"),
    ("de04 Mi 13.1.", "2027-01-13", "wed"),
    ("de04 Fr 15.1.", "2027-01-15", "fri"),
    ("de05 samstag 16.1.", "2027-01-16", "sat"),
    ("de05 montag 18.1.", "2027-01-18", "mon"),
    ("de06 do 21.1.", "2027-01-21", "thu"),
    ("de07 now Montag", "2027-01-18", "mon"),
    ("de07 Freitag", "2027-01-22", "fri"),
    ("de08 morgen", "2027-01-20", "wed"),
    ("de08 freitag 22.1.", "2027-01-22", "fri"),
    ("de10 sa 23.1.", "2027-01-23", "sat"),
    ("es01 now lunes", "2026-12-21", "mon"),
    ("es01 el otro martes 29", "2026-12-29", "tue"),
    ("es02 viernes 22 de enero", "2027-01-22", "fri"),
    ("es02 jueves 4 de febrero", "2027-02-04", "thu"),
    ("es03 lunes 11 de enero (Reyes)", "2027-01-11", "mon"),
    ("es03 martes 12", "2027-01-12", "tue"),
    ("es04 sabado 16 de enero", "2027-01-16", "sat"),
    ("es05 jueves 14 de enero", "2027-01-14", "thu"),
    ("es06 viernes", "2027-01-15", "fri"),
    ("es06 sabado 16", "2027-01-16", "sat"),
    ("es07 lunes 18", "2027-01-18", "mon"),
    ("es08 mañana", "2027-01-14", "thu"),
    ("AU Boxing Day holiday Mon", "2026-12-28", "mon"),
    ("AU Australia Day", "2027-01-26", "tue"),
]

# -- closures the businesses must hold ----------------------------------------------
CLOSURES = {
    "medellin-ipl.yaml": ["2026-12-08", "2026-12-25", "2027-01-01", "2027-01-11"],
    "graz-osteo.yaml": ["2026-12-08", "2026-12-25", "2026-12-26", "2027-01-01", "2027-01-06"],
    "brisbane-swim.yaml": ["2026-12-25", "2026-12-26", "2026-12-28", "2027-01-01", "2027-01-26"],
}

# -- case-specific rules -------------------------------------------------------------
IMMEDIATE = {  # case prefix -> requested session 1
    "de01": "2027-01-19T16:30",
    "de02": "2026-12-18T10:00",
    "de03": "2026-12-01T15:00",
}
# case prefix -> (service, requested next start, inside window?, earliest, suggested)
SEQUENTIAL = {
    "en03": ("stroke-correction", "2027-01-18T06:30", True, "2027-01-16", "2027-01-18"),
    "en04": ("stroke-correction", "2027-02-06T08:00", False, "2027-01-21", "2027-01-23"),
    "es01": ("ipl", "2026-12-29T15:00", True, "2026-12-23", "2026-12-30"),
    "es02": ("ipl", "2027-01-22T09:00", False, "2027-01-28", "2027-02-04"),
}
UNDER_GAP = {  # case prefix -> (service, the pair asked first)
    "en02": ("learn-to-swim", "2027-02-01T16:00", "2027-02-02T16:00"),
    "de05": ("reformer-10", "2027-01-16T09:00", "2027-01-16T10:30"),
}
NOTICE = {  # case prefix -> (booking start, inside the move/cancel notice?)
    "en07": ("2027-01-30T08:00", False),
    "en08": ("2027-02-06T08:00", True),
    "de07": ("2027-01-22T17:00", False),
    "de08": ("2027-01-20T10:00", True),
    "es06": ("2027-01-15T09:00", False),
    "es07": ("2027-01-18T14:00", False),
    "es08": ("2027-01-14T08:30", True),
}
CLOSED_ASKED = {"es03": "2027-01-11"}


def check_case(path: Path) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    prefix = path.name[:4]
    biz = business(Path(case["business"]).name)
    now = dt(case["now"])
    setup = (case.get("setup") or {}).get("bookings", [])
    final = case["final"]["bookings"]
    setup_keys = {(b["service"], str(b["start"])) for b in setup}
    for b in setup + final:
        svc = service(biz, b["service"])
        start = dt(b["start"])
        check(
            is_slot(biz, start, duration(svc, b.get("session", 1))),
            f"{path.name}: {start} is not a slot of {b['service']}",
        )
    for b in final:
        start = dt(b["start"])
        if (b["service"], str(b["start"])) not in setup_keys:
            check(
                hours_between(biz, now, start) >= biz["min_notice_hours"],
                f"{path.name}: {start} is inside the booking notice",
            )
    check_gaps(path, biz, setup, final)
    check_rules(path, prefix, biz, now, setup, final)


def check_gaps(
    path: Path, biz: dict[str, Any], setup: list[dict[str, Any]], final: list[dict[str, Any]]
) -> None:
    """Consecutive live sessions of each plan respect the minimum (and a sequential maximum)."""
    for svc_id in {b["service"] for b in setup + final}:
        svc = service(biz, svc_id)
        if svc.get("total_sessions_required", 1) < 2:
            continue
        live = sorted(
            (b for b in final if b["service"] == svc_id and b.get("status") != "cancelled"),
            key=lambda b: b["session"],
        )
        for a, b in zip(live, live[1:], strict=False):
            minimum, maximum, _ = gaps(svc)[a["session"] - 1]
            days = (dt(b["start"]).date() - dt(a["start"]).date()).days
            check(b["session"] == a["session"] + 1, f"{path.name}: session numbers skip")
            check(
                days >= minimum,
                f"{path.name}: {svc_id} {a['session']}->{b['session']} gap {days} < {minimum}",
            )
            if svc["multi_session_strategy"] == "sequential" and maximum is not None:
                check(days <= maximum, f"{path.name}: {svc_id} gap {days} > {maximum}")


def check_rules(
    path: Path,
    prefix: str,
    biz: dict[str, Any],
    now: datetime,
    setup: list[dict[str, Any]],
    final: list[dict[str, Any]],
) -> None:
    """The case-specific tables: immediate plans, sequential windows, gaps, notice."""
    if prefix in IMMEDIATE:
        svc = service(biz, "osteopathie")
        plan = immediate_plan(biz, svc, dt(IMMEDIATE[prefix]))
        got = [dt(b["start"]) for b in sorted(final, key=lambda b: b["session"])]
        check(got == plan, f"{path.name}: immediate plan {plan} != final {got}")
    if prefix in SEQUENTIAL:
        svc_id, asked, inside, earliest, suggested = SEQUENTIAL[prefix]
        svc = service(biz, svc_id)
        done = max((b for b in setup if b["service"] == svc_id), key=lambda b: b["session"])
        minimum, maximum, target = gaps(svc)[done["session"] - 1]
        last = dt(done["start"]).date()
        check(last + timedelta(days=minimum) == d(earliest), f"{path.name}: earliest day")
        check(last + timedelta(days=target) == d(suggested), f"{path.name}: suggested day")
        check(
            bool(ranges(biz, d(earliest))) and bool(ranges(biz, d(suggested))),
            f"{path.name}: earliest/suggested day is closed (avoid the open-day rule)",
        )
        days = (dt(asked).date() - last).days
        check((minimum <= days <= maximum) == inside, f"{path.name}: window verdict for {asked}")
    if prefix in UNDER_GAP:
        svc_id, a, b = UNDER_GAP[prefix]
        minimum = gaps(service(biz, svc_id))[0][0]
        check(
            (dt(b).date() - dt(a).date()).days < minimum,
            f"{path.name}: asked pair is not under the gap",
        )
        for s in (a, b):
            check(
                is_slot(biz, dt(s), service(biz, svc_id)["duration_minutes"]),
                f"{path.name}: {s} not a slot",
            )
    if prefix in NOTICE:
        start, inside = NOTICE[prefix]
        hours = hours_between(biz, now, dt(start))
        check(
            (hours < biz["reschedule_notice_hours"]) == inside,
            f"{path.name}: {start} is {hours:.1f} h away; inside={inside} is wrong",
        )
    if prefix in CLOSED_ASKED:
        check(CLOSED_ASKED[prefix] in biz["closed"], f"{path.name}: asked day is not closed")


def main() -> int:
    for phrase, day, weekday in WEEKDAYS:
        check(DAYS[d(day).weekday()] == weekday, f"{phrase}: {day} is a {DAYS[d(day).weekday()]}")
    for name, days in CLOSURES.items():
        closed = business(name)["closed"]
        for day in days:
            check(day in closed, f"{name}: {day} missing from closed")
    files = sorted((ROOT / "cases").glob("*.yaml"))
    for path in files:
        check_case(path)
    for line in errors:
        sys.stdout.write(f"ERROR {line}\n")
    sys.stdout.write(f"{len(files)} cases, {len(WEEKDAYS)} weekdays, {len(errors)} errors\n")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
