"""Independent date and rule checker for evals/heldout12 (does not import bookbot).

For every case it asserts the weekdays the customer's words rely on, recomputes
the expected bookings from the business YAML and DESIGN.md's scheduling rules
(immediate plans, sequential windows, flexible minimum gaps, moves of an
immediate plan, notice), and compares them with the case file's `final`.
Run: python scripts/heldout/heldout12_dates.py  (exit 1 on any mismatch)
"""

# Local wall times are naive on purpose (they are read against the business timezone);
# the script reports on stdout.
# ruff: noqa: DTZ001, T201
from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parents[2] / "evals" / "heldout12"
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ERRORS: list[str] = []


def check(cond: bool, msg: str) -> None:
    if not cond:
        ERRORS.append(msg)


def wd(d: str, name: str, case: str) -> None:
    day = date.fromisoformat(d)
    check(DAYS[day.weekday()] == name, f"{case}: {d} is {DAYS[day.weekday()]}, not {name}")


# --------------------------------------------------------------------- business
@dataclass
class Biz:
    raw: dict

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.raw["timezone"])

    def service(self, sid: str) -> dict:
        return next(s for s in self.raw["services"] if s["id"] == sid)

    def duration(self, sid: str, k: int) -> int:
        s = self.service(sid)
        sessions = s.get("sessions")
        if sessions and sessions[k - 1].get("duration_minutes"):
            return sessions[k - 1]["duration_minutes"]
        return s["duration_minutes"]

    def gap(self, sid: str, k: int) -> tuple[int, int | None, int]:
        """(minimum, maximum, target) from session k to k+1."""
        cfg = self.service(sid).get("session_buffer_config") or {}
        mn = cfg.get(
            f"session_{k}_to_{k + 1}_days", cfg.get("default_days", cfg.get("minimum_days", 0))
        )
        mx = cfg.get("maximum_days")
        target = max(cfg.get("recommended_days", mn), mn)
        return mn, mx, target

    def closed(self, d: date) -> bool:
        return d.isoformat() in {str(c) for c in self.raw.get("closed", [])}

    def ranges(self, d: date) -> list[tuple[time, time]]:
        if self.closed(d):
            return []
        out = []
        for r in self.raw["hours"].get(DAYS[d.weekday()], []) or []:
            a, b = r.split("-")
            out.append((time.fromisoformat(a), time.fromisoformat(b)))
        return out

    def starts(self, d: date, minutes: int) -> list[datetime]:
        step = self.raw["slot_step_minutes"]
        out = []
        for a, b in self.ranges(d):
            t = datetime.combine(d, a)
            end = datetime.combine(d, b)
            while t + timedelta(minutes=minutes) <= end:
                out.append(t)
                t += timedelta(minutes=step)
        return out


def load_biz(name: str) -> Biz:
    return Biz(yaml.safe_load((ROOT / "businesses" / name).read_text(encoding="utf-8")))


BERLIN = load_biz("berlin-tintenweg.yaml")
SEVILLA = load_biz("sevilla-azahar.yaml")
TORONTO = load_biz("toronto-queen-east-music.yaml")


def aware(biz: Biz, local: datetime) -> datetime:
    return local.replace(tzinfo=biz.zone)


def free(
    biz: Biz,
    sid: str,
    start: datetime,
    minutes: int,
    now: datetime,
    taken: list[tuple[str, datetime, int]],
) -> bool:
    """`taken`: (service, local start, minutes) of other bookings that count for capacity."""
    if start not in biz.starts(start.date(), minutes):
        return False
    if aware(biz, start) - aware(biz, now) < timedelta(hours=biz.raw["min_notice_hours"]):
        return False
    end = start + timedelta(minutes=minutes)
    overlap = sum(
        1 for s, t, m in taken if s == sid and t < end and start < t + timedelta(minutes=m)
    )
    return overlap < biz.service(sid).get("capacity", 1)


def closest(
    biz: Biz, sid: str, d: date, k: int, pref: time, now: datetime, taken, after: datetime | None
):
    minutes = biz.duration(sid, k)
    best = None
    for s in biz.starts(d, minutes):
        if after is not None and s < after:
            continue
        if not free(biz, sid, s, minutes, now, taken):
            continue
        key = (abs((datetime.combine(d, pref) - s).total_seconds()), s)
        if best is None or key < best[0]:
            best = (key, s)
    return None if best is None else best[1]


def immediate(biz: Biz, sid: str, first: str, now: str, taken=()) -> list[datetime]:
    nw = datetime.fromisoformat(now)
    s1 = datetime.fromisoformat(first)
    taken = list(taken)
    assert free(biz, sid, s1, biz.duration(sid, 1), nw, taken), f"{sid}: {first} is not free"
    plan = [s1]
    n = biz.service(sid)["total_sessions_required"]
    for k in range(1, n):
        mn, mx, target = biz.gap(sid, k)
        prev = plan[-1]
        prev_end = prev + timedelta(minutes=biz.duration(sid, k))
        d = prev.date() + timedelta(days=target)
        last = prev.date() + timedelta(days=mx if mx is not None else 366)
        while d <= last:
            s = closest(biz, sid, d, k + 1, s1.time(), nw, taken, prev_end)
            if s is not None:
                plan.append(s)
                break
            d += timedelta(days=1)
        else:
            raise AssertionError(f"{sid}: no day for session {k + 1}")
    return plan


def move_immediate(
    biz: Biz, sid: str, plan: list[str], k: int, new: str, now: str
) -> list[datetime]:
    """Move session k (1-based) to `new`; later sessions move only as far as their gaps require,
    each keeping its own time of day."""
    nw = datetime.fromisoformat(now)
    cur = [datetime.fromisoformat(p) for p in plan]
    cur[k - 1] = datetime.fromisoformat(new)
    for j in range(k, len(cur)):
        mn, mx, target = biz.gap(sid, j)
        prev = cur[j - 1]
        prev_end = prev + timedelta(minutes=biz.duration(sid, j))
        if (cur[j].date() - prev.date()).days >= target and cur[j] >= prev_end:
            continue
        d = prev.date() + timedelta(days=target)
        while True:
            s = closest(biz, sid, d, j + 1, cur[j].time(), nw, [], prev_end)
            if s is not None:
                cur[j] = s
                break
            d += timedelta(days=1)
    return cur


def window(biz: Biz, sid: str, k: int, last_day: str) -> tuple[date, date | None, date]:
    """(earliest, latest, suggested) for session k+1 after session k on `last_day`."""
    mn, mx, target = biz.gap(sid, k)
    d = date.fromisoformat(last_day)
    return (
        d + timedelta(days=mn),
        None if mx is None else d + timedelta(days=mx),
        d + timedelta(days=target),
    )


def flexible_ok(biz: Biz, sid: str, days: list[str]) -> bool:
    mn, _, _ = biz.gap(sid, 1)
    ds = sorted(date.fromisoformat(x) for x in days)
    return all((b - a).days >= mn for a, b in zip(ds, ds[1:], strict=False))


def notice_ok(biz: Biz, start: str, now: str) -> bool:
    return aware(biz, datetime.fromisoformat(start)) - aware(
        biz, datetime.fromisoformat(now)
    ) >= timedelta(hours=biz.raw["reschedule_notice_hours"])


def slot_ok(biz: Biz, sid: str, start: str, now: str, k: int = 1, taken=()) -> bool:
    s = datetime.fromisoformat(start)
    return free(biz, sid, s, biz.duration(sid, k), datetime.fromisoformat(now), list(taken))


# ------------------------------------------------------------------------ cases
def case(cid: str) -> dict:
    for p in (ROOT / "cases").glob("*.yaml"):
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
        if data["id"] == cid:
            return data
    raise AssertionError(f"no case {cid}")


def fmt(x) -> str:
    return x if isinstance(x, str) else x.strftime("%Y-%m-%dT%H:%M")


def final_is(cid: str, expected: list[tuple]) -> None:
    """expected: (service, session, start, status[, customer]) tuples."""
    data = case(cid)
    phone = data["customer"]["phone"]
    got = sorted(
        (
            b["service"],
            b.get("session", 1),
            fmt(b["start"]),
            b.get("status", "confirmed"),
            b.get("customer", phone),
        )
        for b in data["final"]["bookings"]
    )
    want = sorted((e[0], e[1], fmt(e[2]), e[3], e[4] if len(e) > 4 else phone) for e in expected)
    check(data["final"].get("partial") is False, f"{cid}: final must say partial: false")
    check(got == want, f"{cid}: final {got} != recomputed {want}")


def now_is(cid: str, weekday: str) -> str:
    data = case(cid)
    now = fmt(data["now"])
    wd(now[:10], weekday, cid)
    return now


def plan_rows(sid: str, plan: list[datetime], status: str = "confirmed") -> list[tuple]:
    return [(sid, i + 1, p, status) for i, p in enumerate(plan)]


# ------------------------------------------------------------------- English: Toronto
def english() -> None:
    T, FK, TR, AU = TORONTO, "fret-and-keys-12", "first-jam-trial", "stage-ready-audition"
    for d in ("2026-12-24", "2026-12-25", "2026-12-26", "2026-12-31", "2027-01-01", "2027-02-15"):
        check(T.closed(date.fromisoformat(d)), f"toronto: {d} should be closed")
    check(T.ranges(date(2027, 2, 1)) == [(time(17), time(21))], "toronto: Monday is evening-only")

    now = now_is("en-01-trial-daughter-saturday", "tue")
    wd("2026-12-12", "sat", "en-01")  # "saturday morning" = this Saturday
    check(slot_ok(T, TR, "2026-12-12T10:00", now), "en-01 slot")
    final_is("en-01-trial-daughter-saturday", [(TR, 1, "2026-12-12T10:00", "confirmed")])

    now = now_is("en-02-mondays-family-day", "mon")
    for d in ("2027-02-01", "2027-02-08", "2027-02-15", "2027-02-22"):
        wd(d, "mon", "en-02")
    check(not slot_ok(T, FK, "2027-02-15T18:00", now), "en-02: Family Day must be closed")
    days = ["2027-02-01", "2027-02-08", "2027-02-22"]
    check(
        flexible_ok(T, FK, days) and all(slot_ok(T, FK, f"{d}T18:00", now) for d in days),
        "en-02 slots",
    )
    final_is(
        "en-02-mondays-family-day",
        [(FK, i + 1, f"{d}T18:00", "confirmed") for i, d in enumerate(days)],
    )

    now = now_is("en-03-pair-under-min-gap", "mon")
    wd("2027-01-14", "thu", "en-03")
    wd("2027-01-15", "fri", "en-03")
    check(not flexible_ok(T, FK, ["2027-01-14", "2027-01-15"]), "en-03: pair must be under the gap")
    check(slot_ok(T, FK, "2027-01-14T16:30", now), "en-03 slot")
    final_is("en-03-pair-under-min-gap", [(FK, 1, "2027-01-14T16:30", "confirmed")])

    now = now_is("en-04-audition-second-in-window", "mon")
    lo, hi, sug = window(T, AU, 1, "2027-01-09")
    check(sug == date(2027, 1, 16) and lo <= sug <= hi, "en-04 window")
    wd("2027-01-16", "sat", "en-04")
    check(slot_ok(T, AU, "2027-01-16T11:00", now, 2), "en-04 slot")
    final_is(
        "en-04-audition-second-in-window",
        [(AU, 1, "2027-01-09T11:00", "completed"), (AU, 2, "2027-01-16T11:00", "confirmed")],
    )

    now = now_is("en-05-audition-too-early", "mon")
    wd("2027-02-03", "wed", "en-05")
    lo, hi, sug = window(T, AU, 1, "2027-01-30")
    check((lo, sug) == (date(2027, 2, 4), date(2027, 2, 6)), f"en-05 window {lo} {sug}")
    check(
        date(2027, 2, 3) < lo and bool(T.ranges(lo)) and bool(T.ranges(sug)),
        "en-05 refused, open days",
    )
    final_is("en-05-audition-too-early", [(AU, 1, "2027-01-30T14:00", "completed")])

    now = now_is("en-06-audition-too-late", "mon")
    lo, hi, sug = window(T, AU, 2, "2027-02-06")
    check(
        (lo, hi, sug) == (date(2027, 2, 11), date(2027, 2, 18), date(2027, 2, 13)), "en-06 window"
    )
    check(date(2027, 2, 22) > hi and bool(T.ranges(lo)) and bool(T.ranges(sug)), "en-06 refused")
    final_is(
        "en-06-audition-too-late",
        [(AU, 1, "2027-01-30T14:00", "completed"), (AU, 2, "2027-02-06T14:00", "completed")],
    )

    now = now_is("en-07-move-inside-notice", "tue")
    check(not notice_ok(T, "2027-01-19T17:00", now), "en-07 must be inside notice")
    wd("2027-01-21", "thu", "en-07")
    final_is(
        "en-07-move-inside-notice",
        [(FK, 1, "2027-01-19T17:00", "confirmed"), (FK, 2, "2027-01-22T17:00", "confirmed")],
    )

    now = now_is("en-08-move-outside-notice", "fri")
    check(notice_ok(T, "2027-01-19T18:00", now), "en-08 notice")
    wd("2027-01-20", "wed", "en-08")
    check(flexible_ok(T, FK, ["2027-01-12", "2027-01-20", "2027-01-26"]), "en-08 gaps")
    check(slot_ok(T, FK, "2027-01-20T18:00", now), "en-08 slot")
    final_is(
        "en-08-move-outside-notice",
        [
            (FK, 1, "2027-01-12T18:00", "completed"),
            (FK, 2, "2027-01-20T18:00", "confirmed"),
            (FK, 3, "2027-01-26T18:00", "confirmed"),
        ],
    )

    now = now_is("en-09-cancel-son-trial", "tue")
    wd("2027-02-06", "sat", "en-09")
    check(notice_ok(T, "2027-02-06T10:00", now), "en-09 notice")
    final_is("en-09-cancel-son-trial", [(TR, 1, "2027-02-06T10:00", "cancelled")])

    now = now_is("en-10-counter-question", "mon")
    wd("2026-12-19", "sat", "en-10")
    check(slot_ok(T, FK, "2026-12-19T13:00", now), "en-10 slot")
    final_is("en-10-counter-question", [])

    now = now_is("en-11-partner-burst-correction", "wed")
    wd("2027-01-25", "mon", "en-11")
    check(slot_ok(T, FK, "2027-01-25T19:30", now), "en-11 slot")
    final_is("en-11-partner-burst-correction", [(FK, 1, "2027-01-25T19:30", "confirmed")])

    now = now_is("en-12-yes-but-friday", "tue")
    wd("2027-02-11", "thu", "en-12")
    wd("2027-02-12", "fri", "en-12")
    check(slot_ok(T, TR, "2027-02-12T12:30", now), "en-12 slot")
    final_is("en-12-yes-but-friday", [(TR, 1, "2027-02-12T12:30", "confirmed")])

    now = now_is("en-13-progress-left", "wed")
    wd("2027-02-05", "fri", "en-13")
    done = ["2027-01-05", "2027-01-08", "2027-01-12", "2027-01-16", "2027-01-20"]
    check(flexible_ok(T, FK, [*done, "2027-02-05"]), "en-13 setup gaps")
    final_is(
        "en-13-progress-left",
        [(FK, i + 1, f"{d}T16:00", "completed") for i, d in enumerate(done)]
        + [(FK, 6, "2027-02-05T16:00", "confirmed")],
    )

    now_is("en-14-prices-address-hours", "mon")
    final_is("en-14-prices-address-hours", [])

    now = now_is("en-15-drums-not-offered", "wed")
    wd("2027-01-30", "sat", "en-15")
    check(slot_ok(T, TR, "2027-01-30T11:00", now), "en-15 slot")
    final_is("en-15-drums-not-offered", [(TR, 1, "2027-01-30T11:00", "confirmed")])


# -------------------------------------------------------------------- German: Berlin
def german() -> None:
    B, INK, ND, HC = BERLIN, "ink-fade-pico", "dermaroller-dreier", "muttermal-blick"
    for d in ("2026-12-24", "2026-12-25", "2026-12-26", "2026-12-31", "2027-01-01"):
        check(B.closed(date.fromisoformat(d)), f"berlin: {d} should be closed")
    check(
        B.ranges(date(2027, 1, 13)) == [(time(17), time(21))], "berlin: Wednesday is evening-only"
    )

    now = now_is("de-01-needling-naechste-woche", "mon")
    wd("2027-01-19", "tue", "de-01")  # "nächste Woche Dienstag"
    plan = immediate(B, ND, "2027-01-19T10:30", now)
    check(
        [fmt(p) for p in plan] == ["2027-01-19T10:30", "2027-02-09T10:30", "2027-03-09T10:30"],
        "de-01",
    )
    final_is("de-01-needling-naechste-woche", plan_rows(ND, plan))

    now = now_is("de-02-needling-ueber-weihnachten", "tue")
    wd("2026-12-03", "thu", "de-02")
    plan = immediate(B, ND, "2026-12-03T15:00", now)
    check(
        [fmt(p) for p in plan] == ["2026-12-03T15:00", "2026-12-28T15:00", "2027-01-25T15:00"],
        "de-02",
    )
    final_is("de-02-needling-ueber-weihnachten", plan_rows(ND, plan))

    now = now_is("de-03-hautcheck-ja-aber", "mon")
    wd("2027-02-04", "thu", "de-03")
    check(
        slot_ok(B, HC, "2027-02-04T09:00", now) and slot_ok(B, HC, "2027-02-04T15:00", now), "de-03"
    )
    final_is("de-03-hautcheck-ja-aber", [(HC, 1, "2027-02-04T15:00", "confirmed")])

    now = now_is("de-04-laser-dritte-im-fenster", "wed")
    lo, hi, sug = window(B, INK, 2, "2027-01-25")
    check((lo, hi, sug) == (date(2027, 3, 8), date(2027, 3, 22), date(2027, 3, 15)), "de-04 window")
    wd("2027-03-13", "sat", "de-04")
    check(
        lo <= date(2027, 3, 13) <= hi and slot_ok(B, INK, "2027-03-13T11:00", now, 3), "de-04 slot"
    )
    final_is(
        "de-04-laser-dritte-im-fenster",
        [
            (INK, 1, "2026-12-07T10:00", "completed"),
            (INK, 2, "2027-01-25T10:00", "completed"),
            (INK, 3, "2027-03-13T11:00", "confirmed"),
        ],
    )

    now = now_is("de-05-laser-zu-frueh", "thu")
    wd("2027-02-05", "fri", "de-05")
    lo, hi, sug = window(B, INK, 1, "2027-01-08")
    check((lo, sug) == (date(2027, 2, 19), date(2027, 2, 26)), "de-05 window")
    check(bool(B.ranges(lo)) and bool(B.ranges(sug)), "de-05 open days")
    final_is("de-05-laser-zu-frueh", [(INK, 1, "2027-01-08T11:00", "completed")])

    now = now_is("de-06-needling-verschieben", "thu")
    old = immediate(B, ND, "2027-01-12T14:00", "2027-01-01T09:00")
    check(
        [fmt(p) for p in old] == ["2027-01-12T14:00", "2027-02-02T14:00", "2027-03-02T14:00"],
        "de-06 setup",
    )
    check(notice_ok(B, "2027-01-12T14:00", now), "de-06 notice")
    wd("2027-01-14", "thu", "de-06")
    moved = move_immediate(B, ND, [fmt(p) for p in old], 1, "2027-01-14T14:00", now)
    check(
        [fmt(p) for p in moved] == ["2027-01-14T14:00", "2027-02-04T14:00", "2027-03-04T14:00"],
        "de-06 move",
    )
    final_is("de-06-needling-verschieben", plan_rows(ND, moved))

    now = now_is("de-07-hautcheck-zu-kurzfristig", "wed")
    check(not notice_ok(B, "2027-01-21T09:30", now), "de-07 inside notice")
    wd("2027-01-21", "thu", "de-07")
    final_is("de-07-hautcheck-zu-kurzfristig", [(HC, 1, "2027-01-21T09:30", "confirmed")])

    now = now_is("de-08-laser-absagen", "thu")
    wd("2027-01-23", "sat", "de-08")
    check(notice_ok(B, "2027-01-23T10:00", now), "de-08 notice")
    final_is(
        "de-08-laser-absagen",
        [(INK, 1, "2026-12-05T10:00", "completed"), (INK, 2, "2027-01-23T10:00", "cancelled")],
    )

    now = now_is("de-09-schichten-checken", "wed")
    wd("2026-12-14", "mon", "de-09")
    check(slot_ok(B, INK, "2026-12-14T16:00", now), "de-09 slot")
    final_is("de-09-schichten-checken", [])

    now = now_is("de-10-nee-lass-ma", "mon")
    wd("2027-01-11", "mon", "de-10")
    immediate(B, ND, "2027-01-11T09:00", now)
    final_is("de-10-nee-lass-ma", [])

    now = now_is("de-11-hautcheck-korrektur-kurz", "mon")
    wd("2027-02-17", "wed", "de-11")
    check(slot_ok(B, HC, "2027-02-17T19:00", now), "de-11 slot")
    final_is("de-11-hautcheck-korrektur-kurz", [(HC, 1, "2027-02-17T19:00", "confirmed")])

    now = now_is("de-12-fuer-freundin-tippfehler", "tue")
    wd("2027-02-06", "sat", "de-12")
    check(slot_ok(B, INK, "2027-02-06T12:00", now), "de-12 slot")
    final_is("de-12-fuer-freundin-tippfehler", [(INK, 1, "2027-02-06T12:00", "confirmed")])

    now = now_is("de-13-wie-weit-bin-ick", "mon")
    done = ["2026-09-05", "2026-10-24", "2026-12-12"]
    for d in done:
        wd(d, "sat", "de-13")
    final_is(
        "de-13-wie-weit-bin-ick",
        [(INK, i + 1, f"{d}T11:00", "completed") for i, d in enumerate(done)],
    )

    now_is("de-14-botox-adresse", "mon")
    final_is("de-14-botox-adresse", [])

    now = now_is("de-15-mittwoch-voll-daumen", "fri")
    wd("2027-01-13", "wed", "de-15")
    other = [(HC, datetime(2027, 1, 13, 18, 0), 30)]
    check(not slot_ok(B, HC, "2027-01-13T18:00", now, taken=other), "de-15 18:00 must be full")
    check(slot_ok(B, HC, "2027-01-13T18:30", now, taken=other), "de-15 18:30 free")
    final_is(
        "de-15-mittwoch-voll-daumen",
        [
            (HC, 1, "2027-01-13T18:00", "confirmed", "+4915155500099"),
            (HC, 1, "2027-01-13T18:30", "confirmed"),
        ],
    )


# ------------------------------------------------------------------- Spanish: Sevilla
def spanish() -> None:
    S, FE, BO, PV = SEVILLA, "ruta-fertil-azahar", "bono-ocho-agujas", "primera-consulta-mtc"
    for d in ("2026-12-08", "2026-12-25", "2027-01-01", "2027-01-06", "2027-02-28", "2027-03-01"):
        check(S.closed(date.fromisoformat(d)), f"sevilla: {d} should be closed")

    now = now_is("es-01-fertilidad-martes-que-viene", "thu")
    wd("2027-01-26", "tue", "es-01")  # "el martes que viene" said on Thursday 21
    plan = immediate(S, FE, "2027-01-26T09:30", now)
    check(
        [fmt(p) for p in plan]
        == ["2027-01-26T09:30", "2027-02-02T09:30", "2027-02-12T09:30", "2027-02-15T09:30"],
        f"es-01 {plan}",
    )
    final_is("es-01-fertilidad-martes-que-viene", plan_rows(FE, plan))

    now = now_is("es-02-fertilidad-reyes", "wed")
    wd("2026-12-30", "wed", "es-02")
    plan = immediate(S, FE, "2026-12-30T18:00", now)
    check(
        [fmt(p) for p in plan]
        == ["2026-12-30T18:00", "2027-01-07T18:00", "2027-01-18T18:00", "2027-01-20T18:00"],
        f"es-02 {plan}",
    )
    final_is("es-02-fertilidad-reyes", plan_rows(FE, plan))

    now = now_is("es-03-fertilidad-dia-andalucia", "wed")
    wd("2027-02-12", "fri", "es-03")
    plan = immediate(S, FE, "2027-02-12T11:00", now)
    check(
        [fmt(p) for p in plan]
        == ["2027-02-12T11:00", "2027-02-19T11:00", "2027-03-02T11:00", "2027-03-04T11:00"],
        f"es-03 {plan}",
    )
    final_is("es-03-fertilidad-dia-andalucia", plan_rows(FE, plan))

    now = now_is("es-04-bono-tres-lunes", "mon")
    days = ["2027-01-18", "2027-01-25", "2027-02-01"]
    for d in days:
        wd(d, "mon", "es-04")
    check(
        flexible_ok(S, BO, days) and all(slot_ok(S, BO, f"{d}T19:00", now) for d in days), "es-04"
    )
    final_is(
        "es-04-bono-tres-lunes",
        [(BO, i + 1, f"{d}T19:00", "confirmed") for i, d in enumerate(days)],
    )

    now = now_is("es-05-bono-pareja-muy-junta", "mon")
    wd("2027-02-02", "tue", "es-05")
    wd("2027-02-04", "thu", "es-05")
    wd("2027-02-05", "fri", "es-05")
    check(not flexible_ok(S, BO, ["2027-02-02", "2027-02-04"]), "es-05 pair under the gap")
    check(
        flexible_ok(S, BO, ["2027-01-11", "2027-01-18", "2027-02-02", "2027-02-05"]),
        "es-05 final gaps",
    )
    check(slot_ok(S, BO, "2027-02-05T10:00", now), "es-05 slot")
    final_is(
        "es-05-bono-pareja-muy-junta",
        [
            (BO, 1, "2027-01-11T19:00", "completed"),
            (BO, 2, "2027-01-18T19:00", "completed"),
            (BO, 3, "2027-02-02T10:00", "confirmed"),
            (BO, 4, "2027-02-05T10:00", "confirmed"),
        ],
    )

    now = now_is("es-06-mover-hoy-sin-plazo", "thu")
    check(not notice_ok(S, "2027-02-04T18:00", now), "es-06 inside notice")
    final_is("es-06-mover-hoy-sin-plazo", [(BO, 1, "2027-02-04T18:00", "confirmed")])

    now = now_is("es-07-anular-primera-visita", "thu")
    wd("2026-12-21", "mon", "es-07")
    check(notice_ok(S, "2026-12-21T10:00", now), "es-07 notice")
    final_is("es-07-anular-primera-visita", [(PV, 1, "2026-12-21T10:00", "cancelled")])

    now = now_is("es-08-mover-tercera-fertilidad", "wed")
    old = immediate(S, FE, "2027-01-11T18:00", "2027-01-01T09:00")
    check(
        [fmt(p) for p in old]
        == ["2027-01-11T18:00", "2027-01-18T18:00", "2027-01-28T18:00", "2027-02-01T18:00"],
        f"es-08 setup {old}",
    )
    wd("2027-01-28", "thu", "es-08")
    wd("2027-01-29", "fri", "es-08")
    check(notice_ok(S, "2027-01-28T18:00", now), "es-08 notice")
    moved = move_immediate(S, FE, [fmt(p) for p in old], 3, "2027-01-29T11:00", now)
    check(
        [fmt(p) for p in moved][2:] == ["2027-01-29T11:00", "2027-02-01T18:00"],
        f"es-08 move {moved}",
    )
    final_is(
        "es-08-mover-tercera-fertilidad",
        [(FE, 1, moved[0], "completed")]
        + [(FE, i + 2, p, "confirmed") for i, p in enumerate(moved[1:])],
    )

    now = now_is("es-09-lo-hablo-con-mi-marido", "mon")
    wd("2027-02-11", "thu", "es-09")
    check(slot_ok(S, PV, "2027-02-11T18:00", now), "es-09 slot")
    final_is("es-09-lo-hablo-con-mi-marido", [])

    now = now_is("es-10-na-dejalo", "wed")
    wd("2026-12-14", "mon", "es-10")
    check(slot_ok(S, PV, "2026-12-14T17:00", now), "es-10 slot")
    final_is("es-10-na-dejalo", [])

    now = now_is("es-11-hija-si-pero", "mon")
    wd("2027-01-27", "wed", "es-11")
    check(slot_ok(S, PV, "2027-01-27T12:00", now), "es-11 slot")
    final_is("es-11-hija-si-pero", [(PV, 1, "2027-01-27T12:00", "confirmed")])

    now = now_is("es-12-rafaga-cuantas-quedan", "wed")
    done = ["2027-01-13", "2027-01-20", "2027-01-27"]
    check(flexible_ok(S, BO, [*done, "2027-02-17"]), "es-12 setup gaps")
    wd("2027-02-17", "wed", "es-12")
    final_is(
        "es-12-rafaga-cuantas-quedan",
        [(BO, i + 1, f"{d}T10:00", "completed") for i, d in enumerate(done)]
        + [(BO, 4, "2027-02-17T10:00", "confirmed")],
    )

    now_is("es-13-masajes-no", "thu")
    final_is("es-13-masajes-no", [])

    now = now_is("es-14-bono-correccion", "mon")
    wd("2027-02-18", "thu", "es-14")
    wd("2027-02-23", "tue", "es-14")
    days = ["2027-02-18", "2027-02-23"]
    check(
        flexible_ok(S, BO, days) and all(slot_ok(S, BO, f"{d}T18:00", now) for d in days), "es-14"
    )
    final_is(
        "es-14-bono-correccion",
        [(BO, i + 1, f"{d}T18:00", "confirmed") for i, d in enumerate(days)],
    )

    now = now_is("es-15-novia-festivo-andalucia", "mon")
    wd("2027-03-01", "mon", "es-15")
    wd("2027-03-04", "thu", "es-15")
    wd("2027-03-02", "tue", "es-15")
    wd("2027-03-05", "fri", "es-15")
    check(not slot_ok(S, BO, "2027-03-01T10:00", now), "es-15: 1 March must be closed")
    days = ["2027-03-02", "2027-03-05"]
    check(
        flexible_ok(S, BO, days) and all(slot_ok(S, BO, f"{d}T10:00", now) for d in days), "es-15"
    )
    final_is(
        "es-15-novia-festivo-andalucia",
        [(BO, i + 1, f"{d}T10:00", "confirmed") for i, d in enumerate(days)],
    )


def main() -> int:
    english()
    german()
    spanish()
    ids = [
        yaml.safe_load(p.read_text(encoding="utf-8"))["id"] for p in (ROOT / "cases").glob("*.yaml")
    ]
    check(
        len(ids) == 45 and len(set(ids)) == 45,
        f"expected 45 unique cases, got {len(ids)} ({len(set(ids))})",
    )
    for e in ERRORS:
        print("FAIL", e)
    print(f"{len(ids)} cases, {len(ERRORS)} problems")
    return 1 if ERRORS else 0


if __name__ == "__main__":
    sys.exit(main())
