"""The businesses and cases as the checker sees them (read with PyYAML, not bookbot)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parents[3]
SET = Path(os.environ.get("HELDOUT26_SET") or ROOT / "evals" / "heldout26")  # a copy, to mutate
WINDOW = (date(2027, 2, 1), date(2027, 6, 15))
INVALID = "no such date"


# --------------------------------------------------------------------------- model


@dataclass
class Svc:
    id: str
    name: str
    total: int
    strategy: str | None
    capacity: int
    durations: list[int]
    min_gap: list[int]
    max_gap: list[int | None]
    target: list[int]
    expiry: int | None
    price: float
    words: list[str]

    def dur(self, session: int) -> timedelta:
        return timedelta(minutes=self.durations[session - 1])


@dataclass
class Biz:
    file: str
    raw: dict[str, Any]
    zone: ZoneInfo
    step: int
    notice: int
    resched: int
    hours: dict[int, list[tuple[time, time]]]
    closed: set[date]
    services: dict[str, Svc]


@dataclass
class Bk:
    customer: str
    service: str
    session: int
    start: datetime  # aware, business zone
    status: str = "confirmed"

    def key(self) -> tuple[str, str, int, str, str]:
        return (self.customer, self.service, self.session, self.start.isoformat(), self.status)


@dataclass
class Case:
    id: str
    file: Path
    raw: dict[str, Any]
    biz: Biz
    now: datetime
    customer: str
    setup: list[Bk]
    final: list[Bk]
    finals_of: list[int]
    steps: list[dict[str, Any]]
    clocks: list[datetime]  # clock at each step (1-based index -> clocks[i-1])


DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def hm(text: str) -> time:
    h, m = text.split(":")
    return time(int(h), int(m))


def parse_business(path: Path) -> Biz:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    zone = ZoneInfo(raw["timezone"])
    hours: dict[int, list[tuple[time, time]]] = {}
    for i, name in enumerate(DAYS):
        hours[i] = [
            (hm(r.split("-")[0]), hm(r.split("-")[1])) for r in raw["hours"].get(name) or []
        ]
    closed = {date.fromisoformat(str(d)) for d in raw.get("closed") or []}
    services = {}
    for s in raw["services"]:
        total = int(s.get("total_sessions_required", 1))
        cfg = s.get("session_buffer_config") or {}
        mins, maxs, targets = [], [], []
        for k in range(1, total):
            lo = cfg.get(
                f"session_{k}_to_{k + 1}_days", cfg.get("default_days", cfg.get("minimum_days", 0))
            )
            hi = cfg.get("maximum_days")
            mins.append(int(lo))
            maxs.append(None if hi is None else int(hi))
            targets.append(max(int(cfg.get("recommended_days", 0)), int(lo)))
        listed = s.get("sessions") or []
        durations = [int(x.get("duration_minutes", s["duration_minutes"])) for x in listed] or [
            int(s["duration_minutes"])
        ] * total
        services[s["id"]] = Svc(
            id=s["id"], name=s["name"], total=total, strategy=s.get("multi_session_strategy"),
            capacity=int(s.get("capacity", 1)), durations=durations, min_gap=mins, max_gap=maxs,
            target=targets, expiry=s.get("package_expiry_days"), price=float(s["price"]),
            words=[w.lower() for w in s.get("trigger_words") or []],
        )  # fmt: skip
    return Biz(
        file=path.name, raw=raw, zone=zone, step=int(raw["slot_step_minutes"]),
        notice=int(raw["min_notice_hours"]), resched=int(raw["reschedule_notice_hours"]),
        hours=hours, closed=closed, services=services,
    )  # fmt: skip


def local(biz: Biz, value: Any) -> datetime:
    text = value.isoformat() if isinstance(value, datetime) else str(value)
    return datetime.fromisoformat(text).replace(tzinfo=biz.zone)


def parse_case(path: Path, businesses: dict[str, Biz]) -> Case:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    biz = businesses[Path(raw["business"]).name]
    customer = raw["customer"]["phone"]

    def bookings(items: list[dict[str, Any]], with_of: bool) -> tuple[list[Bk], list[int]]:
        out, ofs = [], []
        for b in items or []:
            svc = biz.services[b["service"]]
            session = b.get("session", 1 if svc.total == 1 else 0)
            out.append(Bk(b.get("customer", customer), b["service"], int(session),
                          local(biz, b["start"]), b.get("status", "confirmed")))  # fmt: skip
            ofs.append(int(b.get("of", svc.total)) if with_of else svc.total)
        return out, ofs

    setup, _ = bookings((raw.get("setup") or {}).get("bookings") or [], False)
    final, ofs = bookings(raw["final"]["bookings"], True)
    now = local(biz, raw["now"])
    clocks, clock = [], now
    for step in raw["steps"]:
        if "advance_to" in step:
            clock = local(biz, step["advance_to"])
        clocks.append(clock)
    return Case(raw["id"], path, raw, biz, now, customer, setup, final, ofs, raw["steps"], clocks)


class Fail(Exception):
    pass


def need(cond: bool, msg: str) -> None:
    if not cond:
        raise Fail(msg)
