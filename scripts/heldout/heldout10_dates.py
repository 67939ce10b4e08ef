"""heldout10: check every date and expectation the cases rely on, independently of the bot.

1. The weekdays and relative dates named in the cases' messages (computed with datetime).
2. For every case: each new confirmed booking in `final` is on the slot grid, inside opening
   hours, not on a closed date, at least min_notice after the case's `now`, under capacity;
   sequential bookings lie in their window; flexible ones respect the minimum gap.
3. Immediate plans are recomputed with DESIGN.md's rule (earliest day >= day(k) + target
   with a free slot, the free start closest to session 1's time, a tie to the earlier).
Run: .venv/bin/python scripts/heldout/heldout10_dates.py
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import yaml

SET = Path(__file__).resolve().parents[2] / "evals" / "heldout10"
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
D = date.fromisoformat


def at(*parts: int) -> datetime:
    """A local wall time; every case lies in winter time, so a fixed offset is exact."""
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def wd(d: str) -> str:
    return DAYS[D(d).weekday()]


# 1. weekdays and relative dates the messages rely on
WEEKDAYS = {
    # Dublin
    "2026-12-09": "wed",
    "2026-12-10": "thu",
    "2026-12-07": "mon",
    "2026-12-08": "tue",
    "2026-12-14": "mon",
    "2026-12-21": "mon",
    "2026-12-11": "fri",
    "2026-12-16": "wed",
    "2026-12-17": "thu",
    "2026-12-19": "sat",
    "2026-12-26": "sat",
    "2026-12-28": "mon",
    "2026-12-29": "tue",
    "2027-01-04": "mon",
    "2027-01-07": "thu",
    "2027-01-11": "mon",
    "2027-01-12": "tue",
    "2027-01-13": "wed",
    "2027-01-15": "fri",
    "2027-01-18": "mon",
    "2027-01-19": "tue",
    "2027-01-21": "thu",
    "2027-01-25": "mon",
    "2027-01-26": "tue",
    "2027-02-01": "mon",
    "2027-02-02": "tue",
    "2027-02-03": "wed",
    "2027-02-08": "mon",
    "2027-02-22": "mon",
    # Munich
    "2026-12-22": "tue",
    "2026-12-24": "thu",
    "2026-12-27": "sun",
    "2027-01-01": "fri",
    "2027-01-06": "wed",
    "2027-01-22": "fri",
    "2027-01-23": "sat",
    "2027-02-15": "mon",
    "2027-03-01": "mon",
    "2027-03-18": "thu",
    "2027-03-19": "fri",
    "2027-03-22": "mon",
    "2027-01-20": "wed",
    # Valencia
    "2027-01-05": "tue",
    "2027-01-09": "sat",
    "2027-01-14": "thu",
    "2027-01-16": "sat",
    "2027-01-27": "wed",
    "2027-01-28": "thu",
    "2026-12-15": "tue",
    "2026-12-18": "fri",
}
for day, name in WEEKDAYS.items():
    assert wd(day) == name, (day, wd(day), name)

REL = [
    # (now, phrase, meant)
    ("2026-12-09", "tmrw", D("2026-12-09") + timedelta(1), "2026-12-10"),
    ("2027-01-12", "a week today", D("2027-01-12") + timedelta(7), "2027-01-19"),
    ("2027-02-03", "a fortnight from monday", D("2027-02-08") + timedelta(14), "2027-02-22"),
    ("2026-12-09", "übermorgen", D("2026-12-09") + timedelta(2), "2026-12-11"),
    ("2026-12-14", "nächste Woche Dienstag", D("2026-12-14") + timedelta(8), "2026-12-22"),
    ("2027-01-12", "morgn", D("2027-01-12") + timedelta(1), "2027-01-13"),
    ("2026-12-09", "morgen", D("2026-12-09") + timedelta(1), "2026-12-10"),
    ("2027-01-04", "pasado mañana", D("2027-01-04") + timedelta(2), "2027-01-06"),
    (
        "2027-01-15",
        "el jueves de la semana que viene",
        D("2027-01-15") + timedelta(7 - D("2027-01-15").weekday() + 3),
        "2027-01-21",
    ),
    ("2027-01-27", "mañ", D("2027-01-27") + timedelta(1), "2027-01-28"),
    ("2027-01-18", "mañana", D("2027-01-18") + timedelta(1), "2027-01-19"),
]
for now, phrase, got, want in REL:
    assert got == D(want), (now, phrase, got, want)
assert wd("2027-02-08") == "mon" and D("2027-02-08") - D("2027-02-03") == timedelta(5)
assert D("2027-01-18") - D("2027-01-15") == timedelta(3) and wd("2027-01-18") == "mon"


def hm(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


class Biz:
    def __init__(self, path: Path) -> None:
        data = yaml.safe_load(path.read_text())
        self.step = data["slot_step_minutes"]
        self.notice = timedelta(hours=data["min_notice_hours"])
        self.closed = {D(c) for c in data.get("closed", [])}
        self.hours = {
            day: [tuple(hm(x) for x in r.split("-")) for r in data["hours"].get(day, [])]
            for day in DAYS
        }
        self.services = {s["id"]: s for s in data["services"]}

    def duration(self, sid: str, k: int) -> int:
        s = self.services[sid]
        return s.get("sessions", [{}] * 99)[k - 1].get("duration_minutes", s["duration_minutes"])

    def gap(self, sid: str, k: int) -> tuple[int, int | None, int]:
        cfg = self.services[sid].get("session_buffer_config", {})
        lo = cfg.get(
            f"session_{k}_to_{k + 1}_days", cfg.get("default_days", cfg.get("minimum_days", 0))
        )
        return lo, cfg.get("maximum_days"), max(cfg.get("recommended_days", 0), lo)

    def starts(self, day: date, minutes: int) -> list[datetime]:
        if day in self.closed:
            return []
        out = []
        for a, b in self.hours[DAYS[day.weekday()]]:
            t = a
            while t + minutes <= b:
                out.append(datetime.combine(day, time(), tzinfo=UTC) + timedelta(minutes=t))
                t += self.step
        return out

    def on_grid_open(self, start: datetime, minutes: int) -> bool:
        return start in self.starts(start.date(), minutes)


def overlaps(a: datetime, am: int, b: datetime, bm: int) -> bool:
    return a < b + timedelta(minutes=bm) and b < a + timedelta(minutes=am)


def dt(v: object) -> datetime:
    naive = v if isinstance(v, datetime) else datetime.fromisoformat(str(v))
    return naive.replace(tzinfo=UTC)


problems: list[str] = []
for path in sorted((SET / "cases").glob("*.yaml")):
    case = yaml.safe_load(path.read_text())
    biz = Biz((path.parent / case["business"]).resolve())
    now = dt(case["now"])
    assert now < at(2027, 3, 28), "no DST change inside the cases"
    me = case["customer"]["phone"]
    setup = [
        {**b, "customer": b.get("customer", me), "start": dt(b["start"])}
        for b in (case.get("setup") or {}).get("bookings", [])
    ]
    final = [{**b, "customer": me, "start": dt(b["start"])} for b in case["final"]["bookings"]]
    known = {(b["service"], b["start"]) for b in setup if b["customer"] == me}
    new = [
        b for b in final if (b["service"], b["start"]) not in known and b["status"] == "confirmed"
    ]
    for b in new:
        sid, k, start = b["service"], b["session"], b["start"]
        minutes = biz.duration(sid, k)
        if not biz.on_grid_open(start, minutes):
            problems.append(f"{path.name}: {start} not an open grid start for {minutes} min")
        if start - now < biz.notice:
            problems.append(f"{path.name}: {start} inside min notice of {now}")
        cap = biz.services[sid].get("capacity", 1)
        others = [
            o
            for o in setup
            if o["customer"] != me
            and o["service"] == sid
            and overlaps(start, minutes, o["start"], biz.duration(sid, o.get("session", 1)))
        ]
        if len(others) >= cap:
            problems.append(f"{path.name}: {start} over capacity")
    mine = sorted((b for b in final if b["status"] != "cancelled"), key=lambda b: b["start"])
    by_service: dict[str, list[dict]] = {}
    for b in mine:
        by_service.setdefault(b["service"], []).append(b)
    for sid, plan in by_service.items():
        strategy = biz.services[sid].get("multi_session_strategy")
        if strategy is None:
            continue
        assert [b["session"] for b in plan] == list(
            range(plan[0]["session"], plan[0]["session"] + len(plan))
        ), path
        for a, b in zip(plan, plan[1:], strict=False):
            lo, hi, _ = biz.gap(sid, a["session"])
            days = (b["start"].date() - a["start"].date()).days
            if days < lo or (strategy != "flexible" and hi is not None and days > hi):
                problems.append(
                    f"{path.name}: gap {days} between sessions {a['session']}-{b['session']}"
                )
        if strategy == "immediate" and plan[0] in new:
            preferred = plan[0]["start"].time()
            prev = plan[0]
            for b in plan[1:]:
                _, hi, target = biz.gap(sid, prev["session"])
                day = prev["start"].date() + timedelta(days=target)
                minutes = biz.duration(sid, b["session"])
                while True:
                    free = [
                        s
                        for s in biz.starts(day, minutes)
                        if s > prev["start"] + timedelta(minutes=biz.duration(sid, prev["session"]))
                        and sum(
                            overlaps(s, minutes, o["start"], biz.duration(sid, o["session"]))
                            for o in setup
                            if o["customer"] != me and o["service"] == sid
                        )
                        < biz.services[sid]["capacity"]
                    ]
                    if free:
                        want = datetime.combine(day, preferred, tzinfo=UTC)
                        pick = min(free, key=lambda s: (abs(s - want), s))
                        break
                    day += timedelta(days=1)
                if pick != b["start"]:
                    problems.append(
                        f"{path.name}: immediate session {b['session']}: "
                        f"expected {pick}, case says {b['start']}"
                    )
                prev = b

# de-09: the move cascade, recomputed (session 1 -> Wed 13 Jan 09:00).
munich = Biz(SET / "businesses" / "munich-implant.yaml")
s1 = at(2027, 1, 13, 9)
day = s1.date() + timedelta(10)
while not munich.starts(day, 30):
    day += timedelta(1)
assert day == D("2027-01-25"), day
assert D("2027-01-25") + timedelta(56) == D("2027-03-22") > D("2027-03-18")
# sequential windows named in refusals / suggestions
assert (D("2026-12-07") + timedelta(3), D("2026-12-07") + timedelta(7)) == (
    D("2026-12-10"),
    D("2026-12-14"),
)  # en-02
assert (D("2027-01-11") + timedelta(7), D("2027-01-11") + timedelta(14)) == (
    D("2027-01-18"),
    D("2027-01-25"),
)  # de-07
assert (D("2026-12-07") + timedelta(7), D("2026-12-07") + timedelta(14)) == (
    D("2026-12-14"),
    D("2026-12-21"),
)  # de-08
assert D("2026-12-07") + timedelta(21) < D("2027-01-07")  # de-08: 7 Jan is past the maximum
assert D("2026-12-21") + timedelta(14) == D("2027-01-04") and wd("2027-01-04") == "mon"  # de-15
for d in ("2026-12-14", "2026-12-21", "2027-01-18", "2027-01-25", "2026-12-10", "2027-01-04"):
    assert wd(d) not in ("sat", "sun"), d
# notice for moves and cancels
assert at(2026, 12, 17, 8) - at(2026, 12, 16, 19) < timedelta(hours=24)  # en-05
assert at(2027, 1, 12, 17) - at(2027, 1, 12, 9, 30) < timedelta(hours=24)  # en-08
assert at(2026, 12, 10, 14) - at(2026, 12, 9, 9) < timedelta(hours=48)  # de-10
assert at(2027, 1, 19, 18) - at(2027, 1, 18, 20) < timedelta(hours=24)  # es-06
assert at(2027, 1, 11, 9) - at(2027, 1, 7, 10) > timedelta(hours=24)  # en-06
assert at(2027, 1, 15, 10) - at(2027, 1, 11, 9) > timedelta(hours=24)  # en-07
assert at(2027, 1, 11, 9) - at(2027, 1, 4, 10) > timedelta(hours=48)  # de-09
assert at(2027, 1, 15, 10) - at(2027, 1, 11, 8) > timedelta(hours=48)  # de-11
assert at(2027, 1, 14, 10) - at(2027, 1, 11, 9) > timedelta(hours=24)  # es-07
assert at(2027, 1, 27, 17) - at(2027, 1, 25, 10) > timedelta(hours=24)  # es-08
assert at(2027, 1, 13, 11) - at(2027, 1, 12, 10) > timedelta(hours=24)  # de-07
# closures the cases rely on
dublin = Biz(SET / "businesses" / "dublin-physio.yaml")
valencia = Biz(SET / "businesses" / "valencia-driving.yaml")
assert {D("2026-12-26"), D("2026-12-28"), D("2027-02-01")} <= dublin.closed
assert {D("2026-12-08"), D("2027-01-06"), D("2027-01-22")} <= valencia.closed
assert {D("2026-12-24"), D("2026-12-25"), D("2027-01-01")} <= munich.closed
assert D("2027-02-01") not in valencia.closed  # es-11

sys.stdout.write("".join(f"{p}\n" for p in problems) + f"{len(problems)} problems\n")
sys.exit(1 if problems else 0)
