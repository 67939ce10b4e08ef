"""Hand-check of heldout6's expected dates, written without reading the bot.

For every booking a case expects beyond its setup: the day is open and not
closed, the start lies on the slot grid of an opening range and the session
(its own duration) ends inside it, and it starts at least min_notice after
`now`. For immediate plans booked from scratch it recomputes the plan from
session 1 under DESIGN.md's rule and compares. Run:
`python scripts/heldout/check_heldout6_dates.py`.
"""

from __future__ import annotations

import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parents[2] / "evals" / "heldout6"
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _ranges(biz: dict[str, Any], day: date) -> list[tuple[datetime, datetime]]:
    if day.isoformat() in {str(c) for c in biz.get("closed", [])}:
        return []
    out = []
    for r in biz["hours"].get(DAYS[day.weekday()], []):
        a, b = r.split("-")
        start = datetime.combine(day, time.fromisoformat(a))
        end = datetime.combine(day, time.fromisoformat(b))
        out.append((start, end))
    return out


def _duration(svc: dict[str, Any], session: int) -> int:
    named = svc.get("sessions") or []
    if session <= len(named) and "duration_minutes" in named[session - 1]:
        return int(named[session - 1]["duration_minutes"])
    return int(svc["duration_minutes"])


def _starts(biz: dict[str, Any], day: date, minutes: int) -> list[datetime]:
    step = timedelta(minutes=int(biz["slot_step_minutes"]))
    out = []
    for a, b in _ranges(biz, day):
        t = a
        while t + timedelta(minutes=minutes) <= b:
            out.append(t)
            t += step
    return out


def _valid(biz: dict[str, Any], svc: dict[str, Any], session: int, start: datetime) -> bool:
    return start in _starts(biz, start.date(), _duration(svc, session))


def _immediate(biz: dict[str, Any], svc: dict[str, Any], first: datetime) -> list[datetime]:
    cfg = svc["session_buffer_config"]
    minimum = int(cfg.get("default_days", cfg.get("minimum_days", 0)))
    target = max(minimum, int(cfg.get("recommended_days", 0)))
    maximum = int(cfg.get("maximum_days", 3650))
    plan = [first]
    for k in range(2, int(svc["total_sessions_required"]) + 1):
        prev = plan[-1].date()
        for d in range(target, maximum + 1):
            day = prev + timedelta(days=d)
            starts = _starts(biz, day, _duration(svc, k))
            if starts:
                pref = datetime.combine(day, first.time())
                plan.append(min(starts, key=lambda s: (abs((s - pref).total_seconds()), s)))
                break
        else:
            raise ValueError(f"no day for session {k} within maximum after {prev}")
    return plan


def _key(b: dict[str, Any]) -> tuple[str | None, str, str]:
    return (b.get("customer"), b["service"], str(b["start"]))


def check(path: Path) -> list[str]:
    case = yaml.safe_load(path.read_text())
    biz = yaml.safe_load((path.parent / case["business"]).read_text())
    services = {s["id"]: s for s in biz["services"]}
    now = datetime.fromisoformat(str(case["now"]))
    setup = {_key(b) for b in (case.get("setup") or {}).get("bookings", [])}
    errors = []
    new = [b for b in case.get("final", {}).get("bookings", []) if _key(b) not in setup]
    for b in new:
        svc, start = services[b["service"]], datetime.fromisoformat(str(b["start"]))
        if not _valid(biz, svc, b["session"], start):
            errors.append(f"{b['service']} s{b['session']} {start}: not an open grid slot")
        if start < now + timedelta(hours=int(biz["min_notice_hours"])):
            errors.append(f"{start}: inside min notice from {now}")
    mine = [b for b in new if "customer" not in b]
    svc = services[mine[0]["service"]] if mine else {}
    if mine and not case.get("setup") and svc.get("multi_session_strategy") == "immediate":
        got = [
            datetime.fromisoformat(str(b["start"]))
            for b in sorted(mine, key=lambda b: b["session"])
        ]
        want = _immediate(biz, svc, got[0])
        if got != want:
            errors.append(f"immediate plan {got} != {want}")
    return errors


def main() -> int:
    bad = 0
    for path in sorted((HERE / "cases").glob("*.yaml")):
        for err in check(path):
            bad += 1
            sys.stdout.write(f"{path.name}: {err}\n")
    sys.stdout.write(f"{bad} problem(s)\n")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
