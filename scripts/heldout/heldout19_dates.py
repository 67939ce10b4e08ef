#!/usr/bin/env python3
"""Independent date checker for evals/heldout19 (does NOT import bookbot).

It reads the three business YAMLs and the 30 case files with PyYAML only and checks,
from DESIGN.md's scheduling rules re-implemented here:

- every `now` lies in 2027-02-01..2027-05-31;
- every booking (setup and final) is on a valid slot: opening hours, the slot grid counted
  from the start of each opening range, not on a closed date;
- every booking that is new in `final` starts at least `min_notice_hours` after the clock;
- capacity per service, and no customer in two overlapping sessions;
- immediate plans new in `final` are recomputed from session 1 (closures push sessions,
  closest free time to session 1's time); moved immediate plans are recomputed from the
  setup with the move cascade; sequential gaps lie in [min, max]; flexible gaps >= min and
  session numbers follow date order;
- per-case claims: each weekday named in a message matches its date, relative phrases
  ("this thu", "übermorgen", "Donnerstag in einer Woche", "hoy") resolve as intended,
  move/cancel notice is on the intended side, closed days are closed, offered slots are
  exactly the free ones.

Exit code 0 when everything holds; otherwise every failure is printed.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2] / "evals" / "heldout19"
WD = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
FAILS: list[str] = []


def fail(case: str, msg: str) -> None:
    FAILS.append(f"{case}: {msg}")


# ---------------------------------------------------------------- business


@dataclass
class Svc:
    id: str
    total: int
    cap: int
    durs: list[int]
    strategy: str
    gap_min: list[int]
    gap_max: int | None
    target: list[int]


@dataclass
class Biz:
    min_notice: int
    resched: int
    step: int
    hours: dict[int, list[tuple[int, int]]]
    closed: set[date]
    svcs: dict[str, Svc]


def _mins(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def load_biz(path: Path) -> Biz:
    d = yaml.safe_load(path.read_text(encoding="utf-8"))
    hours = {}
    for i, name in enumerate(WD):
        ranges = d.get("hours", {}).get(name) or []
        hours[i] = [(_mins(r.split("-")[0]), _mins(r.split("-")[1])) for r in ranges]
    svcs = {}
    for s in d["services"]:
        n = s.get("total_sessions_required", 1) if s.get("requires_multiple_sessions") else 1
        durs = [s["duration_minutes"]] * n
        for k, sess in enumerate(s.get("sessions") or []):
            durs[k] = sess.get("duration_minutes", s["duration_minutes"])
        b = s.get("session_buffer_config") or {}
        mins, targets = [], []
        for k in range(1, n):
            fallback = b.get("default_days", b.get("minimum_days", 0))
            m = b.get(f"session_{k}_to_{k + 1}_days", fallback)
            mins.append(m)
            targets.append(max(b.get("recommended_days", 0), m))
        svcs[s["id"]] = Svc(
            s["id"],
            n,
            s.get("capacity", 1),
            durs,
            s.get("multi_session_strategy", "single") if n > 1 else "single",
            mins,
            b.get("maximum_days"),
            targets,
        )
    closed = {date.fromisoformat(str(c)) for c in d.get("closed", [])}
    return Biz(
        d["min_notice_hours"],
        d["reschedule_notice_hours"],
        d["slot_step_minutes"],
        hours,
        closed,
        svcs,
    )


def slot_ok(biz: Biz, start: datetime, dur: int) -> bool:
    if start.date() in biz.closed:
        return False
    m = start.hour * 60 + start.minute
    for a, b in biz.hours[start.weekday()]:
        if a <= m and m + dur <= b and (m - a) % biz.step == 0:
            return True
    return False


def is_open_day(biz: Biz, d: date) -> bool:
    return d not in biz.closed and bool(biz.hours[d.weekday()])


@dataclass
class Bk:
    customer: str
    service: str
    session: int
    start: datetime
    status: str
    dur: int

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.dur)


def overlaps(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> bool:
    return a0 < b1 and b0 < a1


def free(biz: Biz, svc: Svc, start: datetime, dur: int, others: list[Bk], customer: str) -> bool:
    if not slot_ok(biz, start, dur):
        return False
    end = start + timedelta(minutes=dur)
    live = [b for b in others if b.status in ("confirmed", "completed")]
    same = sum(1 for b in live if b.service == svc.id and overlaps(start, end, b.start, b.end))
    mine = any(b.customer == customer and overlaps(start, end, b.start, b.end) for b in live)
    return same < svc.cap and not mine


def free_starts(
    biz: Biz, svc: Svc, day: date, dur: int, others: list[Bk], customer: str, not_before: datetime
) -> list[datetime]:
    out = []
    for a, b in biz.hours[day.weekday()]:
        m = a
        while m + dur <= b:
            s = datetime.combine(day, time(m // 60, m % 60))
            if s >= not_before and free(biz, svc, s, dur, others, customer):
                out.append(s)
            m += biz.step
    return out


def place(
    biz: Biz, svc: Svc, k: int, prev: Bk, pref: time, others: list[Bk], customer: str, now: datetime
) -> datetime:
    """Session k (0-based) on the earliest day >= day(prev) + target with a free slot,
    at the free start closest to `pref` (tie: earlier)."""
    day = prev.start.date() + timedelta(days=svc.target[k - 1])
    reach = svc.gap_max if svc.gap_max else svc.target[k - 1] + 400
    limit = prev.start.date() + timedelta(days=reach)
    notice = now + timedelta(hours=biz.min_notice)
    while day <= limit:
        starts = [
            s
            for s in free_starts(biz, svc, day, svc.durs[k], others, customer, notice)
            if s >= prev.end
        ]
        if starts:
            p = datetime.combine(day, pref)
            return min(starts, key=lambda s: (abs((s - p).total_seconds()), s))
        day += timedelta(days=1)
    raise ValueError("no day inside the maximum")


def immediate_plan(
    biz: Biz, svc: Svc, start: datetime, others: list[Bk], customer: str, now: datetime
) -> list[datetime]:
    plan = [Bk(customer, svc.id, 1, start, "confirmed", svc.durs[0])]
    for k in range(1, svc.total):
        s = place(biz, svc, k, plan[-1], start.time(), others, customer, now)
        plan.append(Bk(customer, svc.id, k + 1, s, "confirmed", svc.durs[k]))
    return [b.start for b in plan]


def move_cascade(
    biz: Biz,
    svc: Svc,
    old: list[Bk],
    k0: int,
    new_start: datetime,
    others: list[Bk],
    customer: str,
    now: datetime,
) -> list[datetime]:
    """Move session k0 (0-based); later sessions move only as far as their gaps require,
    each keeping its own time of day."""
    plan = [Bk(b.customer, b.service, b.session, b.start, b.status, b.dur) for b in old]
    plan[k0].start = new_start
    for k in range(k0 + 1, svc.total):
        prev, cur = plan[k - 1], plan[k]
        gap = (cur.start.date() - prev.start.date()).days
        if gap >= svc.target[k - 1] and cur.start >= prev.end:
            continue
        cur.start = place(biz, svc, k, prev, cur.start.time(), others, customer, now)
    return [b.start for b in plan]


# ---------------------------------------------------------------- cases


def dt_(v: object) -> datetime:
    return v if isinstance(v, datetime) else datetime.fromisoformat(str(v))


def bookings(raw: list[dict], biz: Biz, phone: str) -> list[Bk]:
    out = []
    for r in raw or []:
        svc = biz.svcs[r["service"]]
        n = r.get("session", 1)
        out.append(
            Bk(
                str(r.get("customer", phone)),
                r["service"],
                n,
                dt_(r["start"]),
                r.get("status", "confirmed"),
                svc.durs[n - 1],
            )
        )
    return out


def next_wd(d: date, wd: str) -> date:
    """The next such weekday strictly after d ("this thu" said on a Monday)."""
    i = WD.index(wd)
    return d + timedelta(days=(i - d.weekday() - 1) % 7 + 1)


def D(s: str) -> date:
    return date.fromisoformat(s)


def T(s: str) -> datetime:
    return datetime.fromisoformat(s)


class Ctx:
    def __init__(self, cid: str, data: dict, biz: Biz) -> None:
        self.cid, self.biz = cid, biz
        self.now = dt_(data["now"])
        self.phone = str(data["customer"]["phone"])
        self.setup = bookings((data.get("setup") or {}).get("bookings"), biz, self.phone)
        self.final = bookings(data["final"]["bookings"], biz, self.phone)

    def wd(self, d: str, name: str) -> None:
        if WD[D(d).weekday()] != name:
            fail(self.cid, f"{d} is a {WD[D(d).weekday()]}, the message says {name}")

    def rel(self, label: str, got: date, want: str) -> None:
        if got != D(want):
            fail(self.cid, f"'{label}' resolves to {got}, case uses {want}")

    def closed(self, d: str) -> None:
        if is_open_day(self.biz, D(d)):
            fail(self.cid, f"{d} was meant to be closed")

    def notice(self, start: str, inside: bool) -> None:
        h = (T(start) - self.now).total_seconds() / 3600
        if (h < self.biz.resched) != inside:
            fail(self.cid, f"{start} is {h:.1f} h ahead; meant {'inside' if inside else 'outside'}")

    def window(self, svc: str, prev: str, d: str, inside: bool) -> None:
        s = self.biz.svcs[svc]
        g = (D(d) - D(prev)).days
        ok = s.gap_min[0] <= g and (s.gap_max is None or g <= s.gap_max)
        if ok != inside:
            side = "inside" if inside else "outside"
            fail(self.cid, f"{d} is {g} days after {prev}: meant {side}")

    def edges(self, svc: str, prev: str, earliest: str, suggested: str) -> None:
        s = self.biz.svcs[svc]
        self.rel("earliest", D(prev) + timedelta(days=s.gap_min[0]), earliest)
        self.rel("suggested", D(prev) + timedelta(days=s.target[0]), suggested)

    def offered(self, svc: str, day: str, before: str | None, want: list[str]) -> None:
        s = self.biz.svcs[svc]
        starts = free_starts(
            self.biz,
            s,
            D(day),
            s.durs[0],
            self.setup,
            self.phone,
            self.now + timedelta(hours=self.biz.min_notice),
        )
        if before:
            starts = [x for x in starts if x.time() < time.fromisoformat(before)]
        got = [x.strftime("%H:%M") for x in starts]
        if got != want:
            fail(self.cid, f"free starts on {day}: {got}, case assumes {want}")

    def count(self, status: str, want: int) -> None:
        got = sum(b.status == status for b in self.setup)
        if got != want:
            fail(self.cid, f"{got} {status} bookings in setup, the case assumes {want}")

    def hours(self, wd: str, want: list[tuple[str, str]]) -> None:
        if self.biz.hours[WD.index(wd)] != [(_mins(a), _mins(b)) for a, b in want]:
            fail(self.cid, f"{wd} hours differ from {want}")

    def plan(self, svc: str, start: str, want: list[str]) -> None:
        s = self.biz.svcs[svc]
        others = [b for b in self.setup if b.customer != self.phone]
        got = immediate_plan(self.biz, s, T(start), others, self.phone, self.now)
        if got != [T(w) for w in want]:
            fail(self.cid, f"plan from {start}: {got}, case assumes {want}")


def check_case(path: Path, bizs: dict[str, Biz]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cid = data["id"]
    biz = bizs[Path(data["business"]).name]
    c = Ctx(cid, data, biz)
    if not date(2027, 2, 1) <= c.now.date() <= date(2027, 5, 31):
        fail(cid, f"now {c.now} outside 2027-02-01..05-31")
    steps = data["steps"]
    clock = max([c.now] + [dt_(s["advance_to"]) for s in steps if "advance_to" in s])
    check_slots(c, clock)
    live = [b for b in c.final if b.status in ("confirmed", "completed")]
    check_capacity(c, live)
    groups: dict[tuple[str, str], list[Bk]] = {}
    for b in live:
        groups.setdefault((b.customer, b.service), []).append(b)
    for (cust, sid), g in groups.items():
        g.sort(key=lambda b: b.session)
        check_gaps(c, biz.svcs[sid], g)
        if biz.svcs[sid].strategy == "immediate" and len(g) == biz.svcs[sid].total:
            check_immediate(c, biz.svcs[sid], cust, g, clock)
    for claim in CLAIMS.get(cid, []):
        claim(c)
    if cid not in CLAIMS:
        fail(cid, "no claims listed for this case")


def check_slots(c: Ctx, clock: datetime) -> None:
    setup_keys = {(b.customer, b.service, b.session, b.start, b.status) for b in c.setup}
    for b in c.setup + c.final:
        if not slot_ok(c.biz, b.start, b.dur):
            fail(c.cid, f"{b.service} #{b.session} {b.start} is not on a valid slot")
    for b in c.final:
        if (b.customer, b.service, b.session, b.start, b.status) in setup_keys:
            continue
        if b.status == "confirmed" and b.start < clock + timedelta(hours=c.biz.min_notice):
            fail(c.cid, f"new booking {b.start} inside the booking notice")


def check_capacity(c: Ctx, live: list[Bk]) -> None:
    for b in live:
        svc = c.biz.svcs[b.service]
        n = sum(
            1 for o in live if o.service == b.service and overlaps(b.start, b.end, o.start, o.end)
        )
        if n > svc.cap:
            fail(c.cid, f"capacity exceeded at {b.start} ({n} > {svc.cap})")
        if any(
            o is not b and o.customer == b.customer and overlaps(b.start, b.end, o.start, o.end)
            for o in live
        ):
            fail(c.cid, f"customer {b.customer} double-booked at {b.start}")


def check_gaps(c: Ctx, svc: Svc, g: list[Bk]) -> None:
    if [b.start for b in g] != sorted(b.start for b in g):
        fail(c.cid, f"{svc.id}: session numbers do not follow date order")
    for a, b in zip(g, g[1:], strict=False):
        gap = (b.start.date() - a.start.date()).days
        if b.session != a.session + 1 and svc.strategy != "flexible":
            continue
        lo = svc.gap_min[a.session - 1]
        if gap < lo or b.start < a.end:
            fail(c.cid, f"{svc.id}: #{a.session}->#{b.session} only {gap} days (min {lo})")
        if svc.strategy == "sequential" and svc.gap_max and gap > svc.gap_max:
            fail(c.cid, f"{svc.id}: #{a.session}->#{b.session} {gap} days (max {svc.gap_max})")


def check_immediate(c: Ctx, svc: Svc, cust: str, g: list[Bk], clock: datetime) -> None:
    old = sorted(
        (b for b in c.setup if (b.customer, b.service) == (cust, svc.id)), key=lambda b: b.session
    )
    others = [b for b in c.setup if b.customer != cust]
    if not old:
        want = immediate_plan(c.biz, svc, g[0].start, others, cust, clock)
    else:
        moved = [k for k in range(svc.total) if old[k].start != g[k].start]
        want = [b.start for b in old]
        if moved:
            k = moved[0]
            want = move_cascade(c.biz, svc, old, k, g[k].start, others, cust, clock)
    if [b.start for b in g] != want:
        got = [str(b.start) for b in g]
        fail(c.cid, f"{svc.id}: final {got} != recomputed {[str(w) for w in want]}")


n = lambda c: c.now.date()  # noqa: E731

CLAIMS = {
    "h19-en-01-peel-thursday-reject": [
        lambda c: c.rel("this thu", next_wd(n(c), "thu"), "2027-02-18"),
        lambda c: c.wd("2027-02-25", "thu"),
        lambda c: c.plan(
            "chemical-peel",
            "2027-02-18T15:00",
            ["2027-02-18T15:00", "2027-03-04T15:00", "2027-03-18T15:00"],
        ),
    ],
    "h19-en-02-peel-hari-raya-push": [
        lambda c: c.closed("2027-03-10"),
        lambda c: c.rel("24th Feb +14", D("2027-02-24") + timedelta(days=14), "2027-03-10"),
    ],
    "h19-en-03-microneedling-next-inside": [
        lambda c: c.window("microneedling", "2027-03-01", "2027-04-05", True),
        lambda c: c.edges("microneedling", "2027-03-01", "2027-03-22", "2027-03-29"),
    ],
    "h19-en-04-microneedling-too-early": [
        lambda c: c.wd("2027-04-23", "fri"),
        lambda c: c.window("microneedling", "2027-04-06", "2027-04-23", False),
        lambda c: c.edges("microneedling", "2027-04-06", "2027-04-27", "2027-05-04"),
        lambda c: c.window("microneedling", "2027-04-06", "2027-05-04", True),
    ],
    "h19-en-05-consult-later-one": [
        lambda c: c.rel("this Saturday", next_wd(n(c), "sat"), "2027-02-27"),
        lambda c: c.offered("skin-consultation", "2027-02-27", "11:00", ["09:30", "10:30"]),
    ],
    "h19-en-06-peel-move-too-late": [
        lambda c: c.rel("tmr", n(c) + timedelta(days=1), "2027-03-02"),
        lambda c: c.notice("2027-03-02T17:00", inside=True),
        lambda c: c.rel("thu", next_wd(n(c), "thu"), "2027-03-04"),
    ],
    "h19-en-07-peel-move-cascade": [
        lambda c: c.wd("2027-04-06", "tue"),
        lambda c: c.notice("2027-04-06T14:00", inside=False),
    ],
    "h19-en-08-consult-for-mum": [
        lambda c: c.rel("this fri", next_wd(n(c), "fri"), "2027-04-16"),
        lambda c: c.rel("sat", next_wd(n(c), "sat"), "2027-04-17"),
    ],
    "h19-en-09-questions-ask-husband": [
        lambda c: c.closed("2027-05-16"),  # a Sunday: "sunday open anot"
    ],
    "h19-en-10-botox-vesak-consult": [
        lambda c: c.closed("2027-05-20"),
        lambda c: c.offered(
            "skin-consultation", "2027-05-21", "12:00", ["10:00", "10:30", "11:00", "11:30"]
        ),
    ],
    "h19-de-01-fahrstunden-drei-auf-einmal": [
        lambda c: c.rel(
            "Donnerstag in einer Woche", next_wd(n(c), "thu") + timedelta(days=7), "2027-02-18"
        ),
        lambda c: c.wd("2027-02-20", "sat"),
        lambda c: c.wd("2027-02-23", "tue"),
    ],
    "h19-de-02-fahrstunden-gleicher-tag": [
        lambda c: c.rel("übermorgen", n(c) + timedelta(days=2), "2027-03-04"),
        lambda c: c.wd("2027-03-04", "thu"),
        lambda c: c.wd("2027-03-05", "fri"),
    ],
    "h19-de-03-autobahnfahrt-im-fenster": [
        lambda c: c.rel("gestern", n(c) - timedelta(days=1), "2027-04-12"),
        lambda c: c.wd("2027-04-16", "fri"),
        lambda c: c.window("sonderfahrten", "2027-04-12", "2027-04-16", True),
    ],
    "h19-de-04-nachtfahrt-zu-spaet": [
        lambda c: c.wd("2027-03-10", "wed"),
        lambda c: c.window("sonderfahrten", "2027-02-23", "2027-03-10", False),
        lambda c: c.edges("sonderfahrten", "2027-02-23", "2027-02-25", "2027-02-26"),
        lambda c: c.rel("window end", D("2027-02-23") + timedelta(days=10), "2027-03-05"),
        lambda c: c.wd("2027-03-04", "thu"),
    ],
    "h19-de-05-absagen-zu-kurzfristig": [
        lambda c: c.rel("morgen", n(c) + timedelta(days=1), "2027-04-09"),
        lambda c: c.notice("2027-04-09T13:00", inside=True),
    ],
    "h19-de-06-verschieben-himmelfahrt": [
        lambda c: c.rel("Donnerstag", next_wd(n(c), "thu"), "2027-05-06"),
        lambda c: c.closed("2027-05-06"),
        lambda c: c.rel("Mittwoch", next_wd(n(c), "wed"), "2027-05-05"),
        lambda c: c.wd("2027-05-04", "tue"),
        lambda c: c.notice("2027-05-05T15:00", inside=False),
    ],
    "h19-de-07-beratung-tochter": [
        lambda c: c.rel("Dienstag", next_wd(n(c), "tue"), "2027-02-16"),
        lambda c: c.rel("Mittwoch", next_wd(n(c), "wed"), "2027-02-17"),
    ],
    "h19-de-08-samstag-frueherer": [
        lambda c: c.rel("samstag", next_wd(n(c), "sat"), "2027-03-13"),
        lambda c: c.offered("fahrstunden", "2027-03-13", None, ["10:30", "11:00"]),
    ],
    "h19-de-09-fortschritt-preis-ueberlegen": [
        lambda c: c.count("completed", 4),
        lambda c: c.hours("sat", [("09:00", "14:00")]),
    ],
    "h19-de-10-motorrad-ostermontag": [
        lambda c: c.wd("2027-03-29", "mon"),
        lambda c: c.closed("2027-03-29"),
        lambda c: c.rel("dienstag danach", D("2027-03-29") + timedelta(days=1), "2027-03-30"),
    ],
    "h19-es-01-implante-jueves": [
        lambda c: c.wd("2027-02-11", "thu"),
        lambda c: c.closed("2027-04-11"),
        lambda c: c.rel("25/2 + 45", D("2027-02-25") + timedelta(days=45), "2027-04-11"),
    ],
    "h19-es-02-implante-semana-santa": [
        lambda c: c.wd("2027-03-11", "thu"),
        lambda c: c.closed("2027-03-25"),
        lambda c: c.closed("2027-03-26"),
    ],
    "h19-es-03-ortodoncia-tres-controles": [
        lambda c: c.wd("2027-04-13", "tue"),
        lambda c: c.wd("2027-05-11", "tue"),
        lambda c: c.wd("2027-06-08", "tue"),
    ],
    "h19-es-04-ortodoncia-muy-seguidos": [
        lambda c: c.wd("2027-02-25", "thu"),
        lambda c: c.wd("2027-03-04", "thu"),
        lambda c: c.rel("25/2 + 7 (< 21)", D("2027-02-25") + timedelta(days=7), "2027-03-04"),
        lambda c: c.wd("2027-03-18", "thu"),
    ],
    "h19-es-05-limpieza-el-de-las-10": [
        lambda c: c.rel("este sábado", next_wd(n(c), "sat"), "2027-04-17"),
        lambda c: c.offered("limpieza", "2027-04-17", "10:30", ["09:00", "09:30", "10:00"]),
    ],
    "h19-es-06-control-hoy-no-se-mueve": [
        lambda c: c.rel("hoy", n(c), "2027-04-19"),
        lambda c: c.notice("2027-04-19T17:00", inside=True),
        lambda c: c.rel("el miércoles", next_wd(n(c), "wed"), "2027-04-21"),
    ],
    "h19-es-07-implante-mover-cascada": [
        lambda c: c.wd("2027-05-14", "fri"),
        lambda c: c.wd("2027-05-12", "wed"),  # "el miércoles 12"
        lambda c: c.notice("2027-05-12T10:00", inside=False),
    ],
    "h19-es-08-cancelar-limpieza": [
        lambda c: c.rel("el sábado", next_wd(n(c), "sat"), "2027-02-27"),
        lambda c: c.notice("2027-02-27T09:30", inside=False),
    ],
    "h19-es-09-precio-para-mama": [
        lambda c: c.closed("2027-05-23"),  # a Sunday: "atienden los domingos?"
    ],
    "h19-es-10-blanqueamiento-jueves-santo": [
        lambda c: c.wd("2027-03-25", "thu"),
        lambda c: c.closed("2027-03-25"),
        lambda c: c.wd("2027-03-22", "mon"),
    ],
}


def main() -> int:
    bizs = {p.name: load_biz(p) for p in sorted((ROOT / "businesses").glob("*.yaml"))}
    files = sorted((ROOT / "cases").glob("*.yaml"))
    for p in files:
        try:
            check_case(p, bizs)
        except Exception as exc:  # a broken case is a failure, not a crash
            fail(p.name, f"{type(exc).__name__}: {exc}")
    for f in FAILS:
        sys.stdout.write(f"FAIL {f}\n")
    sys.stdout.write(f"heldout19 dates: {len(files)} cases, {len(FAILS)} problem(s)\n")
    return 1 if FAILS or len(files) != 30 else 0


if __name__ == "__main__":
    sys.exit(main())
