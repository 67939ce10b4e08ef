"""Independent check of the heldout7 cases' final dates (stdlib + PyYAML only).

For every booking in a case's `final` and `setup`: the start lies in the business's
opening hours with its session duration, on the slot grid, not on a closed date;
consecutive sessions of a group respect the minimum (and maximum, unless flexible)
gap. Prints problems; never runs the bot.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2] / "evals" / "heldout7"
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def minutes(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def duration(service: dict, session: int) -> int:
    named = service.get("sessions") or []
    if session <= len(named) and "duration_minutes" in named[session - 1]:
        return int(named[session - 1]["duration_minutes"])
    return int(service["duration_minutes"])


def check_slot(biz: dict, service: dict, b: dict) -> list[str]:
    start = dt.datetime.fromisoformat(str(b["start"]))
    if start.date().isoformat() in [str(c) for c in biz.get("closed", [])]:
        return [f"{start} closed date"]
    begin = start.hour * 60 + start.minute
    end = begin + duration(service, b["session"])
    for rng in biz["hours"].get(DAYS[start.weekday()], []) or []:
        lo, hi = (minutes(x) for x in rng.split("-"))
        if lo <= begin and end <= hi:
            return [] if (begin - lo) % biz["slot_step_minutes"] == 0 else [f"{start} off grid"]
    return [f"{start} outside hours"]


def day(b: dict) -> dt.date:
    return dt.datetime.fromisoformat(str(b["start"])).date()


def check_gaps(service: dict, group: list[dict]) -> list[str]:
    cfg = service.get("session_buffer_config") or {}
    out = []
    group = sorted(group, key=lambda b: b["session"])
    for a, b in zip(group, group[1:], strict=False):
        k = a["session"]
        fallback = cfg.get("default_days", cfg.get("minimum_days", 0))
        lo = cfg.get(f"session_{k}_to_{k + 1}_days", fallback)
        hi = cfg.get("maximum_days")
        gap = (day(b) - day(a)).days
        capped = hi is not None and service["multi_session_strategy"] != "flexible"
        if gap < lo or (capped and gap > hi):
            out.append(f"gap {gap} between sessions {k} and {k + 1} outside [{lo}, {hi}]")
    return out


def main() -> int:
    bad = 0
    for path in sorted((ROOT / "cases").glob("*.yaml")):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        biz = yaml.safe_load((path.parent / case["business"]).read_text(encoding="utf-8"))
        services = {s["id"]: s for s in biz["services"]}
        final = (case.get("final") or {}).get("bookings", [])
        rows = [b for b in final if b.get("status") != "cancelled"]
        problems = []
        for b in rows + (case.get("setup") or {}).get("bookings", []):
            problems += check_slot(biz, services[b["service"]], b)
        for sid in {b["service"] for b in rows}:
            problems += check_gaps(services[sid], [b for b in rows if b["service"] == sid])
        for p in problems:
            sys.stdout.write(f"{path.name}: {p}\n")
        bad += bool(problems)
    sys.stdout.write(f"{bad} case(s) with problems\n")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
