#!/usr/bin/env python3
"""Independent date checker for evals/heldout20 (does NOT import bookbot).

It re-derives, from DESIGN.md's scheduling rules and the three business YAMLs,
everything the heldout20 cases assume:

- every weekday named in a customer message matches the date it is meant to be
  (and every weekday word in a message is covered by a claim below);
- relative phrases ("tomorrow", "in zwoa Wochen", "next monday") resolve as intended;
- every setup and final booking lies on a valid slot (hours, grid, closures),
  new bookings respect min_notice_hours, capacity holds and no customer overlaps;
- immediate plans equal the plan recomputed from session 1 (closures push sessions),
  and a moved immediate plan equals the move recomputed with the planning rule;
- sequential sessions sit in their windows; refusals are outside and name the
  earliest and suggested days the case expects;
- flexible sessions keep the minimum gap, numbers follow date order; refused pairs
  really are under the minimum;
- move/cancel notice is on the side each case intends; closed days asked for are closed.

Run: python3 scripts/heldout/heldout20_dates.py [SET_DIR]  (exit 1 on any problem)
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parents[2] / "evals" / "heldout20"
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAY_WORDS = {
    0: ["monday", "montag", "lunes"],
    1: ["tuesday", "dienstag", "martes"],
    2: ["wednesday", "mittwoch", "miércoles", "miercoles"],
    3: ["thursday", "donnerstag", "jueves"],
    4: ["friday", "freitag", "viernes"],
    5: ["saturday", "samstag", "sábado", "sabado", "sábados", "sabados"],
    6: ["sunday", "sonntag", "domingo"],
}
WORD_TO_DAY = {w: d for d, ws in WEEKDAY_WORDS.items() for w in ws}
WEEKDAY_RE = re.compile(
    r"\b(" + "|".join(sorted(WORD_TO_DAY, key=len, reverse=True)) + r")\b", re.I
)

# (phrase as written in a user message, the date it means). The phrase's weekday
# word, if any, must be that date's weekday. "saturday morning"-style phrases
# without a number still get the date the case assumes.
CLAIMS: dict[str, list[tuple[str, str]]] = {
    "h20-en-01-assessment-correction": [("thursday 10am", "2027-06-10")],
    "h20-en-02-reformer-three-at-once": [
        ("monday 21st", "2027-06-21"),
        ("wednesday 23rd", "2027-06-23"),
        ("friday 25th", "2027-06-25"),
    ],
    "h20-en-03-reformer-class-full": [("saturday 10th", "2027-07-10")],
    "h20-en-04-reformer-same-day-pair": [
        ("this saturday", "2027-07-17"),
        ("then do saturday 9am", "2027-07-17"),
        ("the monday after", "2027-07-19"),
    ],
    "h20-en-05-pelvic-next-in-window": [("next monday", "2027-08-09")],
    "h20-en-06-pelvic-too-soon-voicenote": [
        ("tomorrow tuesday the 31st", "2027-08-31"),
        ("friday 3/9 then", "2027-09-03"),
    ],
    "h20-en-07-price-check-with-husband": [("saturday 18th", "2027-09-18")],
    "h20-en-08-pelvic-move-outside-notice": [
        ("monday's session", "2027-09-13"),
        ("tuesday the 14th", "2027-09-14"),
    ],
    "h20-en-09-reformer-cancel-inside-notice": [],
    "h20-en-10-assessment-for-sister-holiday": [
        ("wednesday 20th october", "2027-10-20"),
        ("thursday 21st", "2027-10-21"),
    ],
    "h20-de-01-verordnung-viertel-acht": [("am Donnerstag um viertel acht", "2027-06-17")],
    "h20-de-02-verordnung-nationalfeiertag": [("nächsten Montag, den 18.", "2027-10-18")],
    "h20-de-03-hand-zwei-wochen": [("Mittwoch in zwoa Wochen um 10, also am 21.", "2027-07-21")],
    "h20-de-04-hand-urlaub-zu-spaet": [("Donnerstag, 16. September", "2027-09-16")],
    "h20-de-05-erstbefundung-hofrat": [("Dienstag, dem 29. Juni", "2027-06-29")],
    "h20-de-06-verordnung-verschieben": [
        ("Montag, 13.", "2027-09-13"),
        ("Dienstag 14.", "2027-09-14"),
    ],
    "h20-de-07-hand-absage-zu-kurzfristig": [],
    "h20-de-08-erstbefundung-die-spaetere": [("am Freitag in der Früh", "2027-07-30")],
    "h20-de-09-logopaedie-nicht-angeboten": [],
    "h20-de-10-wia-vui-no": [],
    "h20-es-01-rodilla-jueves": [("el jueves 10 de junio", "2027-06-10")],
    "h20-es-02-rodilla-festivos": [("el lunes 28", "2027-06-28")],
    "h20-es-03-masaje-el-de-las-10": [
        ("el miércoles 11", "2027-08-11"),
        ("el viernes 13", "2027-08-13"),
        ("el martes 17", "2027-08-17"),
    ],
    "h20-es-04-masaje-dias-seguidos": [
        ("el domingo 29", "2027-08-29"),
        ("el jueves 19", "2027-08-19"),
        ("el viernes 20", "2027-08-20"),
        ("el sábado 21", "2027-08-21"),
    ],
    "h20-es-05-valoracion-mama-mas-temprano": [("El viernes 3 de septiembre", "2027-09-03")],
    "h20-es-06-masaje-cancelar-a-tiempo": [("el masaje del sábado", "2027-09-18")],
    "h20-es-07-rodilla-mover-tarde": [("para el jueves", "2027-09-23")],
    "h20-es-08-precio-direccion-lo-pienso": [],
    "h20-es-09-valoracion-festivo": [
        ("el lunes 18 de octubre", "2027-10-18"),
        ("el martes 19", "2027-10-19"),
    ],
    "h20-es-10-bono-cuantos-llevo": [("los sábados", "2027-10-09")],
}

# Relative phrases: (case, phrase, base date, days after base, meant date).
RELATIVE = [
    (
        "h20-en-05-pelvic-next-in-window",
        "next monday same time as last one",
        "2027-08-02",
        7,
        "2027-08-09",
    ),
    (
        "h20-en-06-pelvic-too-soon-voicenote",
        "tomorrow tuesday the 31st",
        "2027-08-30",
        1,
        "2027-08-31",
    ),
    (
        "h20-en-09-reformer-cancel-inside-notice",
        "tomorrow's 7am class",
        "2027-10-04",
        1,
        "2027-10-05",
    ),
    ("h20-en-04-reformer-same-day-pair", "the monday after", "2027-07-17", 2, "2027-07-19"),
    ("h20-de-03-hand-zwei-wochen", "Mittwoch in zwoa Wochen", "2027-07-07", 14, "2027-07-21"),
    (
        "h20-de-07-hand-absage-zu-kurzfristig",
        "morgen um viertel acht",
        "2027-10-06",
        1,
        "2027-10-07",
    ),
    ("h20-es-07-rodilla-mover-tarde", "mañana no alcanzo", "2027-09-20", 1, "2027-09-21"),
]

# Move/cancel notice: (case, booked start, side). Clock = the case's now.
NOTICE = [
    ("h20-en-08-pelvic-move-outside-notice", "2027-09-13T09:00", "outside"),
    ("h20-en-09-reformer-cancel-inside-notice", "2027-10-05T07:00", "inside"),
    ("h20-de-06-verordnung-verschieben", "2027-09-13T08:00", "outside"),
    ("h20-de-07-hand-absage-zu-kurzfristig", "2027-10-07T07:15", "inside"),
    ("h20-es-06-masaje-cancelar-a-tiempo", "2027-09-18T08:00", "outside"),
    ("h20-es-07-rodilla-mover-tarde", "2027-09-21T07:00", "inside"),
]

# Moves that happen in a case: (case, service, session, new start). The rest of an
# immediate plan is recomputed from it and must equal the final.
MOVES = [
    ("h20-en-08-pelvic-move-outside-notice", "pelvic-floor", 2, "2027-09-14T09:00"),
    ("h20-de-06-verordnung-verschieben", "ergo-block", 3, "2027-09-14T08:00"),
]
CANCELS = {("h20-es-06-masaje-cancelar-a-tiempo", "masaje-bono", 2)}

# Days asked for that must be closed.
CLOSED_ASKED = [
    ("h20-en-10-assessment-for-sister-holiday", "2027-10-20"),
    ("h20-es-09-valoracion-festivo", "2027-10-18"),
]
# Sequential refusals: (case, service, requested start, earliest day, suggested day).
SEQ_REFUSED = [
    (
        "h20-en-06-pelvic-too-soon-voicenote",
        "pelvic-floor",
        "2027-08-31T15:00",
        "2027-09-01",
        "2027-09-03",
    ),
    (
        "h20-de-04-hand-urlaub-zu-spaet",
        "handtherapie",
        "2027-09-16T15:00",
        "2027-08-26",
        "2027-09-02",
    ),
]
# Flexible pairs that are under the minimum gap: (case, service, a, b).
FLEX_REFUSED = [
    ("h20-en-04-reformer-same-day-pair", "reformer-pack", "2027-07-17T09:00", "2027-07-17T11:00"),
    ("h20-es-04-masaje-dias-seguidos", "masaje-bono", "2027-08-19T19:00", "2027-08-20T19:00"),
]
# Slots that must be full at capacity in setup: (case, service, start).
FULL = [("h20-en-03-reformer-class-full", "reformer-pack", "2027-07-10T09:00")]
# Times asked for that must be free slots: (case, service, starts).
BOTH_FREE = [
    (
        "h20-de-08-erstbefundung-die-spaetere",
        "erstbefundung",
        ["2027-07-30T08:00", "2027-07-30T09:00"],
    ),
    ("h20-es-03-masaje-el-de-las-10", "masaje-bono", ["2027-08-11T10:00", "2027-08-11T17:00"]),
    ("h20-en-07-price-check-with-husband", "assessment", ["2027-09-18T09:00"]),
    (
        "h20-es-05-valoracion-mama-mas-temprano",
        "valoracion",
        ["2027-09-03T15:00", "2027-09-03T11:00"],
    ),
]

problems: list[str] = []


def fail(msg: str) -> None:
    problems.append(msg)


def dt(value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


DAY_NUMBER_RES = [
    re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.I),
    re.compile(r"(?<![\d:])\b(\d{1,2})\.(?!\d)"),
    re.compile(
        WEEKDAY_RE.pattern + r",?\s+(?:the\s+|dem\s+|den\s+)?(\d{1,2})\b(?!\s*(?:am|pm|uhr|h)\b)",
        re.I,
    ),
    re.compile(r"\b(\d{1,2}) de [a-záéíóú]+", re.I),
    re.compile(r"\b(\d{1,2})/\d{1,2}\b"),  # day/month as written in Kenya
]


def day_numbers(phrase: str) -> set[int]:
    """Day-of-month numbers written in a phrase ("21st", "16.", "lunes 28", "3 de septiembre")."""
    out = set()
    for rx in DAY_NUMBER_RES:
        for m in rx.finditer(phrase):
            out.add(int(m.groups()[-1]))
    return out


def hm(text: str) -> time:
    return time.fromisoformat(text)


@dataclass
class Svc:
    id: str
    n: int
    dur: int
    cap: int
    strategy: str | None
    min_gap: int
    max_gap: int | None
    target: int


@dataclass
class Biz:
    zone: ZoneInfo
    step: int
    notice: int
    resched: int
    hours: dict[int, list[tuple[time, time]]]
    closed: set[date]
    services: dict[str, Svc]

    def open_day(self, d: date) -> bool:
        return d not in self.closed and bool(self.hours.get(d.weekday()))

    def on_slot(self, svc: Svc, start: datetime) -> bool:
        if not self.open_day(start.date()):
            return False
        end = start + timedelta(minutes=svc.dur)
        for a, b in self.hours[start.weekday()]:
            ra = datetime.combine(start.date(), a)
            rb = datetime.combine(start.date(), b)
            if ra <= start and end <= rb and (start - ra).total_seconds() % (self.step * 60) == 0:
                return True
        return False

    def starts(self, svc: Svc, d: date) -> list[datetime]:
        out: list[datetime] = []
        if not self.open_day(d):
            return out
        for a, b in self.hours[d.weekday()]:
            t = datetime.combine(d, a)
            while t + timedelta(minutes=svc.dur) <= datetime.combine(d, b):
                out.append(t)
                t += timedelta(minutes=self.step)
        return out

    def elapsed_h(self, a: datetime, b: datetime) -> float:
        return (b.replace(tzinfo=self.zone) - a.replace(tzinfo=self.zone)).total_seconds() / 3600


def load_biz(path: Path) -> Biz:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    hours = {
        DAYS.index(k): [(hm(r.split("-")[0]), hm(r.split("-")[1])) for r in v]
        for k, v in raw["hours"].items()
    }
    services = {}
    for s in raw["services"]:
        cfg = s.get("session_buffer_config") or {}
        mn = cfg.get("default_days", cfg.get("minimum_days", 0))
        target = max(cfg.get("recommended_days", mn), mn)
        services[s["id"]] = Svc(
            s["id"],
            s.get("total_sessions_required", 1),
            s["duration_minutes"],
            s.get("capacity", 1),
            s.get("multi_session_strategy"),
            mn,
            cfg.get("maximum_days"),
            target,
        )
    return Biz(
        ZoneInfo(raw["timezone"]),
        raw["slot_step_minutes"],
        raw["min_notice_hours"],
        raw["reschedule_notice_hours"],
        hours,
        {date.fromisoformat(str(d)) for d in raw["closed"]},
        services,
    )


@dataclass
class Bk:
    customer: str
    service: str
    session: int
    start: datetime
    status: str


def bookings(block: list[dict[str, Any]] | None, customer: str, biz: Biz, final: bool) -> list[Bk]:
    out: list[Bk] = []
    for b in block or []:
        out.append(
            Bk(
                str(b.get("customer", customer)),
                b["service"],
                int(b.get("session", 1)),
                dt(b["start"]),
                b.get("status", "confirmed"),
            )
        )
        if final and b.get("of") not in (None, biz.services[b["service"]].n):
            fail(f"{b}: 'of' is not the plan's session count")
    return out


def overlaps(svc: Svc, a: datetime, others: list[datetime]) -> int:
    end = a + timedelta(minutes=svc.dur)
    return sum(1 for o in others if o < end and a < o + timedelta(minutes=svc.dur))


def plan_next(
    biz: Biz, svc: Svc, prev: datetime, pref: time, taken: list[datetime]
) -> datetime | None:
    """Earliest day >= day(prev)+target (<= +max) with a free start; the start closest to pref."""
    last = svc.max_gap if svc.max_gap is not None else 3650
    for k in range(svc.target, last + 1):
        d = prev.date() + timedelta(days=k)
        free = [
            s
            for s in biz.starts(svc, d)
            if s >= prev + timedelta(minutes=svc.dur) and overlaps(svc, s, taken) < svc.cap
        ]
        if free:
            want = datetime.combine(d, pref)
            return min(free, key=lambda s: (abs((s - want).total_seconds()), s))
    return None


@dataclass
class Ctx:
    """One case as the checks see it."""

    cid: str
    biz: Biz
    now: datetime
    me: str
    setup: list[Bk]
    final: list[Bk]
    msgs: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.msgs).lower()

    @property
    def live(self) -> list[Bk]:
        return [b for b in self.final if b.status != "cancelled"]


def check_case(path: Path, bizs: dict[Path, Biz]) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    bpath = (path.parent / case["business"]).resolve()
    biz = bizs.setdefault(bpath, load_biz(bpath))
    me = str(case["customer"]["phone"])
    ctx = Ctx(
        cid=case["id"],
        biz=biz,
        now=dt(case["now"]),
        me=me,
        setup=bookings((case.get("setup") or {}).get("bookings"), me, biz, False),
        final=bookings(case["final"]["bookings"], me, biz, True),
        msgs=[s["user"] for s in case["steps"] if "user" in s],
    )
    if case["final"].get("partial") is not False:
        fail(f"{ctx.cid}: final must say partial: false")
    for check in (
        check_claims, check_weekday_coverage, check_relative, check_slots, check_setup_kept,
        check_capacity, check_strategies, check_notice, check_refusals, check_options,
    ):  # fmt: skip
        check(ctx)


def check_claims(ctx: Ctx) -> None:
    claims = CLAIMS.get(ctx.cid)
    if claims is None:
        fail(f"{ctx.cid}: no CLAIMS entry")
    for phrase, day in claims or []:
        check_claim(ctx, phrase, date.fromisoformat(day))


def check_claim(ctx: Ctx, phrase: str, d: date) -> None:
    where = f"{ctx.cid}: {phrase!r} -> {d}"
    if phrase.lower() not in ctx.text:
        fail(f"{where}: phrase not in any message")
    for w in WEEKDAY_RE.findall(phrase):
        if WORD_TO_DAY[w.lower()] != d.weekday():
            fail(f"{where}: names {w} but the date is a {d:%A}")
    numbers = day_numbers(phrase)
    if any(n != d.day for n in numbers):
        fail(f"{where}: names day {sorted(numbers)}")
    if WEEKDAY_RE.search(phrase) and not numbers and not 1 <= (d - ctx.now.date()).days <= 7:
        fail(f"{where}: names no day number, so it must be the next such weekday")
    if d < ctx.now.date():
        fail(f"{where}: before now")


def check_weekday_coverage(ctx: Ctx) -> None:
    covered = [phrase.lower() for phrase, _ in CLAIMS.get(ctx.cid, [])]
    for m in ctx.msgs:
        for match in WEEKDAY_RE.finditer(m):
            word = match.group(0).lower()
            if not any(c in m.lower() and word in c for c in covered):
                fail(f"{ctx.cid}: weekday {match.group(0)!r} in {m!r} is not covered by a claim")


def check_relative(ctx: Ctx) -> None:
    for rc, phrase, base, days, meant in RELATIVE:
        if rc != ctx.cid:
            continue
        if phrase.lower() not in ctx.text:
            fail(f"{ctx.cid}: relative phrase {phrase!r} not in messages")
        if date.fromisoformat(base) + timedelta(days=days) != date.fromisoformat(meant):
            fail(f"{ctx.cid}: {phrase!r} from {base} + {days} is not {meant}")


def check_slots(ctx: Ctx) -> None:
    """Every booking on a valid slot; new ones (not in setup) respect min notice."""
    setup_keys = {(b.customer, b.service, b.session, b.start) for b in ctx.setup}
    for b in ctx.setup + ctx.final:
        svc = ctx.biz.services[b.service]
        if not ctx.biz.on_slot(svc, b.start) or b.session > svc.n:
            fail(f"{ctx.cid}: {b.service} s{b.session} {b.start} is not a valid slot")
    for b in ctx.final:
        if (b.customer, b.service, b.session, b.start) in setup_keys:
            continue
        if b.customer != ctx.me:
            fail(f"{ctx.cid}: a new booking for another customer {b.customer}")
        if ctx.biz.elapsed_h(ctx.now, b.start) < ctx.biz.notice:
            fail(f"{ctx.cid}: new booking {b.start} inside min notice")


def check_setup_kept(ctx: Ctx) -> None:
    """Setup bookings stay as they were unless a MOVES or CANCELS entry says otherwise."""
    final = {(b.customer, b.service, b.session): b for b in ctx.final}
    for b in ctx.setup:
        fb = final.get((b.customer, b.service, b.session))
        moved = any(m[0] == ctx.cid and m[1] == b.service for m in MOVES)
        cancelled = (ctx.cid, b.service, b.session) in CANCELS
        if fb is None:
            fail(f"{ctx.cid}: setup booking {b.service} s{b.session} missing from final")
        elif cancelled and (fb.status != "cancelled" or fb.start != b.start):
            fail(f"{ctx.cid}: s{b.session} should end cancelled at its time")
        elif not cancelled and not moved and (fb.start, fb.status) != (b.start, b.status):
            fail(f"{ctx.cid}: setup {b.service} s{b.session} changed without a MOVES entry")


def check_capacity(ctx: Ctx) -> None:
    live = ctx.live
    for b in live:
        svc = ctx.biz.services[b.service]
        if overlaps(svc, b.start, [o.start for o in live if o.service == b.service]) > svc.cap:
            fail(f"{ctx.cid}: capacity exceeded at {b.start}")
        end = b.start + timedelta(minutes=svc.dur)
        for o in live:
            o_end = o.start + timedelta(minutes=ctx.biz.services[o.service].dur)
            if o is not b and o.customer == b.customer and o.start < end and b.start < o_end:
                fail(f"{ctx.cid}: customer {b.customer} overlaps at {b.start}")


def check_strategies(ctx: Ctx) -> None:
    groups: dict[tuple[str, str], list[Bk]] = {}
    for b in ctx.live:
        groups.setdefault((b.customer, b.service), []).append(b)
    for (_, sid), g in groups.items():
        svc = ctx.biz.services[sid]
        g.sort(key=lambda b: b.session)
        if svc.strategy == "immediate":
            check_immediate(ctx.cid, ctx.biz, svc, g, ctx.setup, ctx.live)
        elif svc.strategy == "sequential":
            check_sequential(ctx.cid, svc, g)
        elif svc.strategy == "flexible":
            check_flexible(ctx.cid, svc, g)


def check_sequential(cid: str, svc: Svc, g: list[Bk]) -> None:
    if [b.session for b in g] != list(range(1, len(g) + 1)):
        fail(f"{cid}: {svc.id} sessions not contiguous from 1")
    for a, b in pairwise(g):
        gap = (b.start.date() - a.start.date()).days
        if gap < svc.min_gap or (svc.max_gap is not None and gap > svc.max_gap):
            fail(f"{cid}: sequential gap {gap} outside [{svc.min_gap}, {svc.max_gap}]")
        if b.status == "confirmed" and a.status != "completed":
            fail(f"{cid}: sequential s{b.session} booked before s{a.session} completed")


def check_flexible(cid: str, svc: Svc, g: list[Bk]) -> None:
    by_date = sorted(g, key=lambda b: b.start)
    if [b.session for b in by_date] != sorted(b.session for b in g):
        fail(f"{cid}: flexible numbers do not follow date order")
    for a, b in pairwise(by_date):
        if (b.start.date() - a.start.date()).days < svc.min_gap:
            fail(f"{cid}: flexible gap under {svc.min_gap} days")


def check_notice(ctx: Ctx) -> None:
    for nc, start, side in NOTICE:
        if nc != ctx.cid:
            continue
        h = ctx.biz.elapsed_h(ctx.now, dt(start))
        if (h >= ctx.biz.resched) != (side == "outside"):
            fail(f"{ctx.cid}: {start} is {h:.1f}h from now, not {side} {ctx.biz.resched}h")
    for cc, day in CLOSED_ASKED:
        if cc == ctx.cid and ctx.biz.open_day(date.fromisoformat(day)):
            fail(f"{ctx.cid}: {day} should be closed")


def check_refusals(ctx: Ctx) -> None:
    for sc, sid, req, earliest, suggested in SEQ_REFUSED:
        if sc == ctx.cid:
            check_window_refusal(ctx, ctx.biz.services[sid], dt(req), earliest, suggested)
    for fc, sid, a, b in FLEX_REFUSED:
        if fc != ctx.cid:
            continue
        svc = ctx.biz.services[sid]
        if (dt(b).date() - dt(a).date()).days >= svc.min_gap:
            fail(f"{ctx.cid}: pair {a} {b} is not under the minimum")
        if not all(ctx.biz.on_slot(svc, dt(x)) for x in (a, b)):
            fail(f"{ctx.cid}: refused pair is not on valid slots (the gap must be the only reason)")


def check_window_refusal(ctx: Ctx, svc: Svc, req: datetime, earliest: str, suggested: str) -> None:
    done = [b for b in ctx.setup if b.service == svc.id and b.status == "completed"]
    last = max(done, key=lambda b: b.start).start.date()
    lo = last + timedelta(days=svc.min_gap)
    hi = last + timedelta(days=svc.max_gap or 3650)
    sug = last + timedelta(days=svc.target)
    if lo <= req.date() <= hi:
        fail(f"{ctx.cid}: refused request {req} is inside the window")
    if not ctx.biz.on_slot(svc, req):
        fail(
            f"{ctx.cid}: refused request {req} is not a valid slot (the window must be the reason)"
        )
    first_open = lo
    while not ctx.biz.open_day(first_open):
        first_open += timedelta(days=1)
    if (first_open.isoformat(), sug.isoformat()) != (earliest, suggested):
        fail(f"{ctx.cid}: window {lo}..{hi} suggested {sug}, case says {earliest}/{suggested}")
    if not ctx.biz.open_day(sug):
        fail(f"{ctx.cid}: suggested day {sug} is closed")


def check_options(ctx: Ctx) -> None:
    for fc, sid, start in FULL:
        if fc == ctx.cid:
            n = sum(1 for b in ctx.setup if b.service == sid and b.start == dt(start))
            if n != ctx.biz.services[sid].cap:
                fail(f"{ctx.cid}: {start} has {n} bookings, capacity {ctx.biz.services[sid].cap}")
    for bc, sid, starts in BOTH_FREE:
        if bc != ctx.cid:
            continue
        for x in starts:
            ok = ctx.biz.on_slot(ctx.biz.services[sid], dt(x))
            if not ok or ctx.biz.elapsed_h(ctx.now, dt(x)) < ctx.biz.notice:
                fail(f"{ctx.cid}: option {x} is not a free slot")


def check_immediate(
    cid: str, biz: Biz, svc: Svc, g: list[Bk], setup: list[Bk], live: list[Bk]
) -> None:
    others = [b.start for b in live if b.service == svc.id and b.customer != g[0].customer]
    if len(g) != svc.n:
        fail(f"{cid}: immediate plan has {len(g)} of {svc.n} sessions")
        return
    mine_setup = sorted(
        (b for b in setup if b.service == svc.id and b.customer == g[0].customer),
        key=lambda b: b.session,
    )
    move = [m for m in MOVES if m[0] == cid and m[1] == svc.id]
    if mine_setup and move:
        # recompute the move: the moved session, then each later one only as far as needed
        _, _, k, new = move[0]
        starts = [b.start for b in mine_setup]
        starts[k - 1] = dt(new)
        for j in range(k, len(starts)):
            prev, cur = starts[j - 1], starts[j]
            gap = (cur.date() - prev.date()).days
            ok = (
                gap >= svc.target
                and (svc.max_gap is None or gap <= svc.max_gap)
                and cur >= prev + timedelta(minutes=svc.dur)
            )
            if not ok:
                nxt = plan_next(biz, svc, prev, cur.time(), others)
                if nxt is None:
                    fail(f"{cid}: move leaves session {j + 1} without a day")
                    return
                starts[j] = nxt
        expect = starts
    else:
        expect = [g[0].start]
        for _ in range(svc.n - 1):
            nxt = plan_next(biz, svc, expect[-1], g[0].start.time(), others)
            if nxt is None:
                fail(f"{cid}: no day for a later session")
                return
            expect.append(nxt)
    got = [b.start for b in g]
    if got != expect:
        fail(
            f"{cid}: immediate plan {[f'{x:%m-%d %H:%M}' for x in got]} != "
            f"recomputed {[f'{x:%m-%d %H:%M}' for x in expect]}"
        )


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT
    files = sorted((root / "cases").glob("*.yaml"))
    bizs: dict[Path, Biz] = {}
    for f in files:
        check_case(f, bizs)
    ids = {yaml.safe_load(f.read_text(encoding="utf-8"))["id"] for f in files}
    for table in (CLAIMS,):
        for k in table:
            if k not in ids:
                fail(f"CLAIMS names unknown case {k}")
    for p in problems:
        sys.stdout.write(f"FAIL {p}\n")
    sys.stdout.write(f"heldout20 dates: {len(files)} cases, {len(problems)} problem(s)\n")
    return 1 if problems or len(files) != 30 else 0


if __name__ == "__main__":
    sys.exit(main())
