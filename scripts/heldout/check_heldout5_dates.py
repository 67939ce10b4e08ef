"""heldout5's own hand-check of the expected bookings (independent of the bot).

For every confirmed booking in a case's `final` that is not already in its `setup`:
inside opening hours (whole duration), not on a closed date, on the slot grid,
at least `min_notice_hours` after `now`; and for each plan, the gaps between
consecutive sessions against the buffer rules of DESIGN.md.
Run: python scripts/heldout/check_heldout5_dates.py
"""

from __future__ import annotations

import sys
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parents[2] / "evals" / "heldout5"
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _t(text: str) -> time:
    return time.fromisoformat(text)


def _dt(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _duration(service: dict[str, Any], session: int) -> int:
    sessions = service.get("sessions") or []
    if sessions:
        return int(sessions[session - 1]["duration_minutes"])
    return int(service["duration_minutes"])


def _slot_problem(biz: dict[str, Any], start: datetime, minutes: int) -> str | None:
    if start.date().isoformat() in [str(d) for d in biz.get("closed", [])]:
        return "closed date"
    end = start + timedelta(minutes=minutes)
    for rng in biz["hours"].get(DAYS[start.weekday()], []):
        lo, hi = (_t(x) for x in rng.split("-"))
        if lo <= start.time() and end.time() <= hi and end.date() == start.date():
            step = int(biz["slot_step_minutes"])
            offset = (start.hour * 60 + start.minute) - (lo.hour * 60 + lo.minute)
            return None if offset % step == 0 else "off grid"
    return "outside hours"


def _gap_problem(cfg: dict[str, Any], k: int, days: int) -> str | None:
    fallback = cfg.get("default_days", cfg.get("minimum_days", 0))
    minimum = cfg.get(f"session_{k}_to_{k + 1}_days", fallback)
    maximum = cfg.get("maximum_days")
    if days < minimum:
        return f"gap {k}->{k + 1} {days} < {minimum}"
    if maximum is not None and days > maximum:
        return f"gap {k}->{k + 1} {days} > {maximum}"
    return None


def _key(b: dict[str, Any]) -> tuple[str, int, str]:
    return (b["service"], b["session"], str(b["start"]))


def _slot_problems(case: dict[str, Any], biz: dict[str, Any]) -> list[str]:
    services = {s["id"]: s for s in biz["services"]}
    now = _dt(case["now"])
    setup = {_key(b) for b in (case.get("setup") or {}).get("bookings", [])}
    problems: list[str] = []
    for b in (case.get("final") or {}).get("bookings", []):
        if b["status"] != "confirmed" or _key(b) in setup:
            continue
        start = _dt(b["start"])
        why = _slot_problem(biz, start, _duration(services[b["service"]], b["session"]))
        if why:
            problems.append(f"{b['service']} #{b['session']} {start}: {why}")
        if start - now < timedelta(hours=int(biz["min_notice_hours"])):
            problems.append(f"{b['service']} #{b['session']} {start}: notice")
    return problems


def _gap_problems(case: dict[str, Any], biz: dict[str, Any]) -> list[str]:
    services = {s["id"]: s for s in biz["services"]}
    by_service: dict[str, list[dict[str, Any]]] = {}
    for b in (case.get("final") or {}).get("bookings", []):
        if b["status"] != "cancelled":
            by_service.setdefault(b["service"], []).append(b)
    problems: list[str] = []
    for sid, items in by_service.items():
        items.sort(key=lambda b: b["session"])
        cfg = services[sid].get("session_buffer_config") or {}
        for a, c in zip(items, items[1:], strict=False):
            days = (_dt(c["start"]).date() - _dt(a["start"]).date()).days
            consecutive = c["session"] == a["session"] + 1
            why = _gap_problem(cfg, a["session"], days) if consecutive else None
            if why:
                problems.append(f"{sid}: {why}")
    return problems


def check(case_file: Path) -> list[str]:
    """Problems with one case's expected bookings."""
    case = yaml.safe_load(case_file.read_text())
    biz = yaml.safe_load((case_file.parent / case["business"]).read_text())
    return _slot_problems(case, biz) + _gap_problems(case, biz)


def main() -> int:
    bad = 0
    for f in sorted((HERE / "cases").glob("*.yaml")):
        for p in check(f):
            bad += 1
            sys.stdout.write(f"{f.name}: {p}\n")
    sys.stdout.write(f"problems: {bad}\n")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
