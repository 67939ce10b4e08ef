# Local wall times are naive on purpose (the case format writes them so); a script prints.
# ruff: noqa: DTZ001, T201, C901
"""Independent check of the heldout8 cases' dates (stdlib + PyYAML only, no bookbot code).

It reads the business YAML files and the case files as plain YAML and re-derives, with
its own small implementation of DESIGN.md's scheduling rules:

- every booking in `setup` and `final` starts inside the opening hours, on the slot grid
  counted from the start of its opening range, on an open day, and ends inside the range
  (named sessions use their own durations);
- no slot holds more confirmed/completed bookings of a service than its capacity;
- every booking that `final` adds or moves starts at least `min_notice_hours` after the
  clock of the case (`now`, real elapsed time);
- immediate plans booked in the case equal the plan computed from session 1 (earliest
  day >= day(k) + target with a free slot, the free start closest to session 1's time);
  immediate plans moved in the case equal the re-plan from the moved session;
- sequential gaps lie in [minimum, maximum]; flexible gaps are >= minimum, numbered in
  date order;
- the table FACTS below: each relative phrase of a case resolved by this script's own
  calendar arithmetic equals the date the case uses, and each refusal's
  `reply_mentions_dates` equals [earliest allowed day, suggested day] of its window.

Run: .venv/bin/python scripts/heldout/heldout8_dates.py  (exit 0 = every check holds)
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parents[2] / "evals" / "heldout8"
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ACTIVE = {"confirmed", "completed"}


@dataclass(frozen=True)
class Bk:
    customer: str
    service: str
    session: int
    start: datetime
    status: str


def naive(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


class Biz:
    def __init__(self, path: Path) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.data = data
        self.zone = ZoneInfo(data["timezone"])
        self.step = data.get("slot_step_minutes", 30)
        self.notice = data.get("min_notice_hours", 0)
        self.closed = {date.fromisoformat(str(d)) for d in data.get("closed", [])}
        self.hours: dict[int, list[tuple[time, time]]] = {}
        for i, name in enumerate(DAYS):
            ranges = []
            for r in data["hours"].get(name, []) or []:
                a, b = r.split("-")
                ranges.append((time.fromisoformat(a), time.fromisoformat(b)))
            self.hours[i] = ranges
        self.services = {s["id"]: s for s in data["services"]}

    def duration(self, service: str, session: int) -> int:
        s = self.services[service]
        named = s.get("sessions")
        if named:
            return named[session - 1].get("duration_minutes", s["duration_minutes"])
        return s["duration_minutes"]

    def gap(self, service: str, k: int) -> tuple[int, int | None, int]:
        """(minimum, maximum, target) days from session k to k+1."""
        cfg = self.services[service].get("session_buffer_config", {}) or {}
        minimum = cfg.get(
            f"session_{k}_to_{k + 1}_days", cfg.get("default_days", cfg.get("minimum_days", 0))
        )
        maximum = cfg.get("maximum_days")
        target = max(cfg.get("recommended_days", minimum), minimum)
        return minimum, maximum, target

    def slots(self, day: date, minutes: int) -> list[datetime]:
        if day in self.closed:
            return []
        out = []
        for a, b in self.hours[day.weekday()]:
            t = datetime.combine(day, a)
            end = datetime.combine(day, b)
            while t + timedelta(minutes=minutes) <= end:
                out.append(t)
                t += timedelta(minutes=self.step)
        return out

    def elapsed_hours(self, a: datetime, b: datetime) -> float:
        return (b.replace(tzinfo=self.zone) - a.replace(tzinfo=self.zone)).total_seconds() / 3600


def overlaps(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> bool:
    return a0 < b1 and b0 < a1


class Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.checks = 0

    def ok(self, cond: bool, msg: str) -> None:
        self.checks += 1
        if not cond:
            self.errors.append(msg)


def bookings(items: list[dict] | None, default_customer: str, biz: Biz) -> list[Bk]:
    out = []
    for it in items or []:
        svc = it["service"]
        total = biz.services[svc].get("total_sessions_required", 1)
        out.append(
            Bk(
                customer=str(it.get("customer", default_customer)),
                service=svc,
                session=it.get("session", 1 if total == 1 else 0),
                start=naive(it["start"]),
                status=it.get("status", "confirmed"),
            )
        )
    return out


def free(biz: Biz, others: list[Bk], service: str, start: datetime, minutes: int) -> bool:
    cap = biz.services[service].get("capacity", 1)
    end = start + timedelta(minutes=minutes)
    n = 0
    for o in others:
        if o.service != service or o.status not in ACTIVE:
            continue
        o_end = o.start + timedelta(minutes=biz.duration(o.service, o.session or 1))
        n += overlaps(start, end, o.start, o_end)
    return n < cap


def place(
    biz: Biz,
    others: list[Bk],
    service: str,
    session: int,
    earliest: date,
    latest: date | None,
    preferred: time,
) -> datetime | None:
    """Earliest day >= earliest (<= latest) with a free slot; the slot closest to `preferred`."""
    minutes = biz.duration(service, session)
    day = earliest
    while latest is None or day <= latest:
        cands = [s for s in biz.slots(day, minutes) if free(biz, others, service, s, minutes)]
        if cands:
            pref = datetime.combine(day, preferred)
            return min(cands, key=lambda s: (abs((s - pref).total_seconds()), s))
        day += timedelta(days=1)
        if (day - earliest).days > 400:
            return None
    return None


def plan_immediate(
    biz: Biz, others: list[Bk], service: str, first: datetime, n: int
) -> list[datetime]:
    plan = [first]
    for k in range(1, n):
        _mn, mx, target = biz.gap(service, k)
        prev = plan[-1].date()
        latest = prev + timedelta(days=mx) if mx is not None else None
        nxt = place(
            biz, others, service, k + 1, prev + timedelta(days=target), latest, first.time()
        )
        assert nxt is not None, f"no slot for session {k + 1}"
        plan.append(nxt)
    return plan


def replan_after_move(
    biz: Biz,
    others: list[Bk],
    service: str,
    old: list[datetime],
    moved_index: int,
    new_start: datetime,
) -> list[datetime]:
    plan = list(old)
    plan[moved_index] = new_start
    for k in range(moved_index + 1, len(plan)):
        _mn, mx, target = biz.gap(service, k)
        prev = plan[k - 1].date()
        if plan[k].date() >= prev + timedelta(days=target):
            continue
        latest = prev + timedelta(days=mx) if mx is not None else None
        nxt = place(
            biz, others, service, k + 1, prev + timedelta(days=target), latest, plan[k].time()
        )
        assert nxt is not None
        plan[k] = nxt
    return plan


# ---- relative phrases, resolved with this script's own arithmetic -------------------------


def coming(now: date, weekday: str) -> date:
    """The next such weekday strictly after today."""
    w = DAYS.index(weekday)
    delta = (w - now.weekday()) % 7 or 7
    return now + timedelta(days=delta)


def d(s: str) -> date:
    return date.fromisoformat(s)


def window(biz: Biz, service: str, k: int, day_k: date) -> tuple[date, date, date | None]:
    mn, mx, target = biz.gap(service, k)
    return (
        day_k + timedelta(days=mn),
        day_k + timedelta(days=target),
        day_k + timedelta(days=mx) if mx is not None else None,
    )


# case id -> list of (what, computed, expected); `computed` gets (now, biz)
Fact = tuple[str, Callable[[date, Biz], object], object]
FACTS: dict[str, list[Fact]] = {
    "h8-es-01-axilas-jueves-que-viene": [
        ("el jueves que viene (from a Saturday)", lambda n, b: coming(n, "thu"), d("2027-01-14")),
    ],
    "h8-es-02-piernas-reyes-cerrado": [
        ("mañana", lambda n, b: n + timedelta(days=1), d("2026-12-02")),
        (
            "02-12 + 35 days is Reyes, closed",
            lambda n, b: d("2026-12-02") + timedelta(days=35) in b.closed,
            True,
        ),
    ],
    "h8-es-03-manchas-lo-pienso": [
        ("el miércoles", lambda n, b: coming(n, "wed"), d("2027-02-03")),
    ],
    "h8-es-04-manchas-segunda-pronto": [
        ("viernes 29 is a Friday", lambda n, b: d("2027-01-29").weekday(), 4),
        (
            "01-29 is before the window",
            lambda n, b: d("2027-01-29") < window(b, "manchas-ipl", 1, d("2027-01-12"))[0],
            True,
        ),
        (
            "window earliest, suggested",
            lambda n, b: window(b, "manchas-ipl", 1, d("2027-01-12"))[:2],
            (d("2027-02-02"), d("2027-02-09")),
        ),
    ],
    "h8-es-05-manchas-tercera-tarde": [
        (
            "03-15 is after the window",
            lambda n, b: d("2027-03-15") > window(b, "manchas-ipl", 2, d("2027-02-05"))[2],
            True,
        ),
        (
            "window earliest, suggested",
            lambda n, b: window(b, "manchas-ipl", 2, d("2027-02-05"))[:2],
            (d("2027-02-26"), d("2027-03-05")),
        ),
        ("el viernes 5", lambda n, b: d("2027-03-05").weekday(), 4),
    ],
    "h8-es-07-anular-manana-dentro-plazo": [
        (
            "inside 48 h",
            lambda n, b: (
                b.elapsed_hours(datetime(2027, 3, 2, 15), datetime(2027, 3, 3, 10, 30)) < 48
            ),
            True,
        ),
    ],
    "h8-es-08-piernas-mover-sesion": [
        ("jueves 18", lambda n, b: d("2027-02-18").weekday(), 3),
    ],
    "h8-es-09-botox-no-valoracion-si": [
        ("el sábado", lambda n, b: coming(n, "sat"), d("2027-01-16")),
    ],
    "h8-es-11-cuantas-me-quedan": [
        (
            "01-19 + 35 is closed (training)",
            lambda n, b: d("2027-01-19") + timedelta(days=35) in b.closed,
            True,
        ),
    ],
    "h8-es-12-axilas-cambia-hora-mx": [
        ("miércoles 3", lambda n, b: d("2027-03-03").weekday(), 2),
    ],
    "h8-es-13-si-pero-luego-confirmo": [
        ("jueves 18", lambda n, b: d("2027-02-18").weekday(), 3),
    ],
    "h8-es-14-domingo-reyes-cerrado": [
        ("domingo 10 closed", lambda n, b: b.slots(d("2027-01-10"), 30), []),
        (
            "miércoles 6 closed",
            lambda n, b: (d("2027-01-06").weekday(), b.slots(d("2027-01-06"), 30)),
            (2, []),
        ),
        ("jueves 7", lambda n, b: d("2027-01-07").weekday(), 3),
    ],
    "h8-es-15-valoracion-ocupada": [
        ("viernes 12 de marzo", lambda n, b: d("2027-03-12").weekday(), 4),
    ],
    "h8-en-01-legs-next-tue-half-six": [
        ("next tue (from a Friday)", lambda n, b: coming(n, "tue"), d("2027-02-02")),
    ],
    "h8-en-03-underarm-move-inside-notice": [
        (
            "inside 48 h",
            lambda n, b: b.elapsed_hours(datetime(2027, 2, 24, 9), datetime(2027, 2, 25, 12)) < 48,
            True,
        ),
    ],
    "h8-en-04-tattoo-removal-then-patch-test": [
        ("saturday", lambda n, b: coming(n, "sat"), d("2027-03-06")),
    ],
    "h8-en-05-shockwave-thurs-4pm": [
        ("thurs", lambda n, b: coming(n, "thu"), d("2027-01-07")),
    ],
    "h8-en-06-shockwave-good-friday": [
        ("friday the 19th", lambda n, b: d("2027-03-19").weekday(), 4),
        ("03-19 + 7 closed", lambda n, b: d("2027-03-19") + timedelta(days=7) in b.closed, True),
    ],
    "h8-en-07-knee-physio-wed-9ish": [
        ("wednesday", lambda n, b: coming(n, "wed"), d("2026-12-09")),
        ("suggested next", lambda n, b: window(b, "rehab", 1, d("2026-12-09"))[1], d("2026-12-16")),
    ],
    "h8-en-08-physio-in-two-weeks-too-late": [
        ("in 2 weeks", lambda n, b: n + timedelta(days=14), d("2027-01-26")),
        (
            "01-26 after the window",
            lambda n, b: d("2027-01-26") > window(b, "rehab", 2, d("2027-01-11"))[2],
            True,
        ),
        (
            "window earliest, suggested",
            lambda n, b: window(b, "rehab", 2, d("2027-01-11"))[:2],
            (d("2027-01-14"), d("2027-01-18")),
        ),
    ],
    "h8-en-09-physio-wednesday-too-early": [
        ("wednesday", lambda n, b: coming(n, "wed"), d("2027-02-03")),
        (
            "02-03 before the window",
            lambda n, b: d("2027-02-03") < window(b, "rehab", 1, d("2027-02-01"))[0],
            True,
        ),
        (
            "window earliest, suggested",
            lambda n, b: window(b, "rehab", 1, d("2027-02-01"))[:2],
            (d("2027-02-04"), d("2027-02-08")),
        ),
    ],
    "h8-en-10-massage-three-at-once": [
        ("sat 6th", lambda n, b: d("2027-02-06").weekday(), 5),
        ("fri 12th", lambda n, b: d("2027-02-12").weekday(), 4),
        ("friday 19th march", lambda n, b: d("2027-03-19").weekday(), 4),
    ],
    "h8-en-11-massage-min-gap": [
        (
            "tues, weds",
            lambda n, b: (coming(n, "tue"), coming(n, "wed")),
            (d("2027-03-02"), d("2027-03-03")),
        ),
        ("thurs", lambda n, b: coming(n, "thu"), d("2027-03-04")),
    ],
    "h8-en-12-facts-hours-price-address": [
        ("wednesday closes", lambda n, b: b.hours[2][-1][1], time(13, 0)),
    ],
    "h8-en-13-assessment-lunch-gap-hesitates": [
        (
            "tomorrow 14:00 is not a slot",
            lambda n, b: datetime(2027, 1, 14, 14) in b.slots(n + timedelta(days=1), 60),
            False,
        ),
    ],
    "h8-en-15-cancel-mondays-physio": [
        ("monday", lambda n, b: coming(n, "mon"), d("2027-03-08")),
    ],
    "h8-de-01-uebermorgen-halb-fuenf": [
        ("übermorgen", lambda n, b: n + timedelta(days=2), d("2027-01-13")),
        ("freitag", lambda n, b: coming(n, "fri"), d("2027-01-15")),
    ],
    "h8-de-02-auffrischung-rosenmontag": [
        (
            "Donnerstag is closed",
            lambda n, b: (coming(n, "thu"), coming(n, "thu") in b.closed),
            (d("2027-02-04"), True),
        ),
        ("Freitag", lambda n, b: coming(n, "fri"), d("2027-02-05")),
        (
            "Weiberfastnacht, Rosenmontag from Easter 2027",
            lambda n, b: carnival(2027),
            (d("2027-02-04"), d("2027-02-08")),
        ),
    ],
    "h8-de-03-nachtfahrt-heute-abend": [
        (
            "heute 17:00 inside notice",
            lambda n, b: (
                b.elapsed_hours(datetime(2027, 1, 26, 9), datetime(2027, 1, 26, 17)) < b.notice
            ),
            True,
        ),
        (
            "heute before the window",
            lambda n, b: n < window(b, "sonderfahrten", 2, d("2027-01-25"))[0],
            True,
        ),
        ("morgen", lambda n, b: n + timedelta(days=1), d("2027-01-27")),
    ],
    "h8-de-04-autobahn-in-drei-wochen": [
        ("in drei wochen", lambda n, b: n + timedelta(days=21), d("2027-03-09")),
        (
            "03-09 after the window",
            lambda n, b: d("2027-03-09") > window(b, "sonderfahrten", 1, d("2027-02-15"))[2],
            True,
        ),
        (
            "window earliest, suggested",
            lambda n, b: window(b, "sonderfahrten", 1, d("2027-02-15"))[:2],
            (d("2027-02-17"), d("2027-02-22")),
        ),
    ],
    "h8-de-05-schweizer-beratung-halbi-elfi": [
        ("Samstig", lambda n, b: coming(n, "sat"), d("2027-03-13")),
    ],
    "h8-de-07-doppelstunde-weiss-noch-nicht": [
        ("donnerstag", lambda n, b: coming(n, "thu"), d("2027-01-21")),
    ],
    "h8-de-08-freitag-absagen": [
        ("freitag", lambda n, b: coming(n, "fri"), d("2027-02-12")),
    ],
    "h8-de-09-morgen-absagen-krank": [
        (
            "inside 24 h",
            lambda n, b: (
                b.elapsed_hours(datetime(2027, 2, 9, 18), datetime(2027, 2, 10, 16))
                < b.data["reschedule_notice_hours"]
            ),
            True,
        ),
    ],
    "h8-de-10-mittwoch-auf-dienstag": [
        (
            "mittwoch, dienstag",
            lambda n, b: (coming(n, "wed"), coming(n, "tue")),
            (d("2027-03-03"), d("2027-03-02")),
        ),
    ],
    "h8-de-13-lieber-nachmittags": [
        ("morgen", lambda n, b: n + timedelta(days=1), d("2027-03-10")),
    ],
    "h8-de-14-samstag-zweimal": [
        (
            "samstag, montag",
            lambda n, b: (coming(n, "sat"), coming(n, "mon")),
            (d("2027-02-27"), d("2027-03-01")),
        ),
    ],
    "h8-de-15-dienstag-ausgebucht": [
        ("dienstag 16.3.", lambda n, b: d("2027-03-16").weekday(), 1),
    ],
}


def carnival(year: int) -> tuple[date, date]:
    """Weiberfastnacht and Rosenmontag: 52 and 48 days before Easter (anonymous Gregorian)."""
    a, b, c = year % 19, year // 100, year % 100
    d_, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d_ - g + 15) % 30
    i, k = c // 4, c % 4
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    month = (h + ll - 7 * m + 114) // 31
    day = (h + ll - 7 * m + 114) % 31 + 1
    easter = date(year, month, day)
    return easter - timedelta(days=52), easter - timedelta(days=48)


def check_case(path: Path, ck: Checker) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    cid = case["id"]
    biz = Biz((path.parent / case["business"]).resolve())
    now = naive(case["now"])
    me = str(case["customer"]["phone"])
    setup = bookings((case.get("setup") or {}).get("bookings"), me, biz)
    final = bookings(case["final"]["bookings"], me, biz) if "final" in case else []
    ck.ok(
        datetime(2026, 12, 1) <= now < datetime(2027, 4, 1),
        f"{cid}: now {now} outside Dec 2026-Mar 2027",
    )

    for b in setup + final:
        minutes = biz.duration(b.service, b.session or 1)
        ck.ok(
            b.start in biz.slots(b.start.date(), minutes),
            f"{cid}: {b.service} s{b.session} {b.start} is not a slot ({minutes} min)",
        )
    active = [b for b in final if b.status in ACTIVE]
    for b in active:
        others = [o for o in active if o is not b]
        cap = biz.services[b.service].get("capacity", 1)
        end = b.start + timedelta(minutes=biz.duration(b.service, b.session or 1))
        n = sum(
            1
            for o in others
            if o.service == b.service
            and overlaps(
                b.start,
                end,
                o.start,
                o.start + timedelta(minutes=biz.duration(o.service, o.session or 1)),
            )
        )
        ck.ok(n < cap, f"{cid}: {b.start} over capacity")
    setup_keys = {(b.customer, b.service, b.session, b.start) for b in setup}
    new = [
        b
        for b in final
        if b.status == "confirmed" and (b.customer, b.service, b.session, b.start) not in setup_keys
    ]
    for b in new:
        ck.ok(biz.elapsed_hours(now, b.start) >= biz.notice, f"{cid}: {b.start} inside min notice")

    groups: dict[tuple[str, str], list[Bk]] = {}
    for b in final:
        if b.status != "cancelled":
            groups.setdefault((b.customer, b.service), []).append(b)
    for (cust, svc), items in groups.items():
        items.sort(key=lambda b: b.session)
        strategy = biz.services[svc].get("multi_session_strategy")
        others = [o for o in active if (o.customer, o.service) != (cust, svc)]
        if strategy == "immediate":
            n = biz.services[svc]["total_sessions_required"]
            old = sorted(
                (b for b in setup if (b.customer, b.service) == (cust, svc)),
                key=lambda b: b.session,
            )
            starts = [b.start for b in items]
            if not old:
                want = plan_immediate(biz, others, svc, starts[0], n)
            else:
                old_starts = [b.start for b in old]
                if len(old) == n and old[0].session == 1:
                    setup_plan = plan_immediate(biz, others, svc, old_starts[0], n)
                    ck.ok(
                        old_starts == setup_plan, f"{cid}: setup plan {old_starts} != {setup_plan}"
                    )
                moved = [
                    i for i, (a, b) in enumerate(zip(old_starts, starts, strict=True)) if a != b
                ]
                want = (
                    old_starts
                    if not moved
                    else replan_after_move(biz, others, svc, old_starts, moved[0], starts[moved[0]])
                )
            ck.ok(starts == want, f"{cid}: immediate plan {starts} != computed {want}")
        elif strategy == "sequential":
            for a, b in zip(items, items[1:], strict=False):
                mn, mx, _t = biz.gap(svc, a.session)
                gap = (b.start.date() - a.start.date()).days
                ck.ok(
                    mn <= gap and (mx is None or gap <= mx),
                    f"{cid}: sequential gap {gap} outside [{mn},{mx}]",
                )
        elif strategy == "flexible":
            by_date = sorted(items, key=lambda b: b.start)
            ck.ok(
                [b.session for b in by_date] == sorted(b.session for b in items),
                f"{cid}: flexible numbers not in date order",
            )
            for a, b in zip(by_date, by_date[1:], strict=False):
                mn, _mx, _t = biz.gap(svc, a.session)
                ck.ok(
                    (b.start.date() - a.start.date()).days >= mn, f"{cid}: flexible gap under {mn}"
                )

    for what, compute, expected in FACTS.get(cid, []):
        got = compute(now.date(), biz)
        ck.ok(got == expected, f"{cid}: {what}: computed {got}, case uses {expected}")
    # every refusal step that names two dates names [earliest, suggested] of a FACTS window
    windows = [exp for what, _c, exp in FACTS.get(cid, []) if what == "window earliest, suggested"]
    for step in case["steps"]:
        mentioned = (step.get("expect") or {}).get("reply_mentions_dates")
        if windows and mentioned and len(mentioned) == 2:
            ck.ok(
                tuple(d(str(x)) for x in mentioned) == windows[0],
                f"{cid}: refusal dates {mentioned} != {windows[0]}",
            )


def main() -> int:
    ck = Checker()
    files = sorted((ROOT / "cases").glob("*.yaml"))
    for path in files:
        check_case(path, ck)
    missing = {p.stem for p in files}
    ids = {yaml.safe_load(p.read_text(encoding="utf-8"))["id"] for p in files}
    unknown = set(FACTS) - ids
    ck.ok(not unknown, f"FACTS for unknown cases: {unknown}")
    for e in ck.errors:
        print("FAIL", e)
    print(
        f"{len(files)} cases, {ck.checks} checks, {len(ck.errors)} failures ({len(missing)} files)"
    )
    return 1 if ck.errors else 0


if __name__ == "__main__":
    sys.exit(main())
