"""Independent date checker for evals/heldout21 (does NOT import bookbot).

Re-derives, from DESIGN.md's scheduling rules alone, what each heldout21 case
expects: weekday names and relative phrases in the customers' messages, every
setup/final booking on a valid slot (hours, grid, closures, booking notice),
move/cancel notice on the intended side, immediate plans recomputed from their
buffers (closures push sessions), sequential windows, flexible gaps, capacity,
no customer in two sessions at once, and the public holidays in the closures.

Run: python3 scripts/heldout/heldout21_dates.py   (exit 1 on any problem)
"""
# Wall times here are naive local times of the business, as in the case files (DTZ001);
# the report goes to stdout (T201).
# ruff: noqa: DTZ001, T201

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

RANGE = (datetime(2027, 8, 1), datetime(2027, 12, 20, 23, 59))
NO_DATES = ("precio-lo-pienso", "preis-und-schnacken", "check-with-husband")
ROOT = Path(__file__).resolve().parents[2] / "evals" / "heldout21"
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
PROBLEMS: list[str] = []


def problem(msg: str) -> None:
    PROBLEMS.append(msg)


# ---------------------------------------------------------------- business model
class Biz:
    def __init__(self, path: Path) -> None:
        d = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.path = path
        self.zone = ZoneInfo(d["timezone"])
        self.step = d["slot_step_minutes"]
        self.notice = timedelta(hours=d["min_notice_hours"])
        self.resched = timedelta(hours=d["reschedule_notice_hours"])
        self.hours: dict[str, list[tuple[int, int]]] = {}
        for day in DAYS:
            ranges = []
            for r in d["hours"].get(day, []) or []:
                a, b = r.split("-")
                ranges.append((_mins(a), _mins(b)))
            self.hours[day] = ranges
        self.closed = {date.fromisoformat(x) for x in d.get("closed", [])}
        self.services = {s["id"]: s for s in d["services"]}

    def duration(self, sid: str, session: int) -> int:
        s = self.services[sid]
        if s.get("sessions"):
            return s["sessions"][session - 1].get("duration_minutes", s["duration_minutes"])
        return s["duration_minutes"]

    def gap(self, sid: str, k: int) -> tuple[int, int | None, int]:
        """(minimum, maximum, target) days from session k to k+1."""
        c = self.services[sid].get("session_buffer_config") or {}
        mn = c.get(f"session_{k}_to_{k + 1}_days", c.get("default_days", c.get("minimum_days", 0)))
        mx = c.get("maximum_days")
        target = max(c.get("recommended_days", mn), mn)
        return mn, mx, target

    def starts_on(self, day: date, dur: int) -> list[int]:
        if day in self.closed:
            return []
        out = []
        for a, b in self.hours[DAYS[day.weekday()]]:
            t = a
            while t + dur <= b:
                out.append(t)
                t += self.step
        return out

    def aware(self, dt: datetime) -> datetime:
        return dt.replace(tzinfo=self.zone)


def _mins(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def _dt(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


# ---------------------------------------------------------------- slot checks
def valid_slot(biz: Biz, sid: str, session: int, start: datetime) -> str | None:
    dur = biz.duration(sid, session)
    if start.date() in biz.closed:
        return f"{start} is on a closure day"
    if start.hour * 60 + start.minute not in biz.starts_on(start.date(), dur):
        return f"{start} ({DAYS[start.weekday()]}, {dur} min) is not a start in hours/grid"
    return None


def overlaps(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> bool:
    return a0 < b1 and b0 < a1


def is_free(biz, sid, session, start, others, customer) -> bool:
    """Free for `customer`: valid slot, under capacity, customer not busy."""
    if valid_slot(biz, sid, session, start):
        return False
    end = start + timedelta(minutes=biz.duration(sid, session))
    same = 0
    for o in others:
        o_end = o["start"] + timedelta(minutes=biz.duration(o["service"], o["session"]))
        if not overlaps(start, end, o["start"], o_end):
            continue
        if o["customer"] == customer:
            return False
        if o["service"] == sid:
            same += 1
    return same < biz.services[sid].get("capacity", 1)


def next_immediate(biz, sid, k, prev: datetime, pref_min: int, others, customer, now):
    """Session k+1 after session k at `prev`: earliest day >= day(k)+target (<= max)
    with a free slot, at the free start closest to pref_min (tie: earlier)."""
    mn, mx, target = biz.gap(sid, k)
    day = prev.date() + timedelta(days=target)
    last = prev.date() + timedelta(days=mx) if mx is not None else day + timedelta(days=400)
    prev_end = prev + timedelta(minutes=biz.duration(sid, k))
    while day <= last:
        cands = []
        for t in biz.starts_on(day, biz.duration(sid, k + 1)):
            st = datetime(day.year, day.month, day.day, t // 60, t % 60)
            if st < prev_end or biz.aware(st) < biz.aware(now) + biz.notice:
                continue
            if is_free(biz, sid, k + 1, st, others, customer):
                cands.append(st)
        if cands:
            return min(cands, key=lambda s: (abs(s.hour * 60 + s.minute - pref_min), s))
        day += timedelta(days=1)
    return None


# ---------------------------------------------------------------- per-case claims
# (case id, phrase in a customer message, the date it must mean)
CLAIMS = [
    ("h21-en-01-ivf-series-start", "Tuesday the 24th", date(2027, 8, 24)),
    ("h21-en-02-ivf-pushed-past-truth-and-reconciliation", "thurs sept 23", date(2027, 9, 23)),
    ("h21-en-03-massage-three-at-once", "sat oct 9", date(2027, 10, 9)),
    ("h21-en-03-massage-three-at-once", "wed oct 13", date(2027, 10, 13)),
    ("h21-en-03-massage-three-at-once", "mon oct 18", date(2027, 10, 18)),
    ("h21-en-04-massage-pair-too-close", "Thursday Nov 4th", date(2027, 11, 4)),
    ("h21-en-04-massage-pair-too-close", "Saturday Nov 6th", date(2027, 11, 6)),
    ("h21-en-04-massage-pair-too-close", "tuesday nov 9th", date(2027, 11, 9)),
    ("h21-en-05-move-inside-notice", "tomorrow", "+1"),
    ("h21-en-06-cancel-12-2-and-progress", "12/2", date(2027, 12, 2)),
    ("h21-en-06-cancel-12-2-and-progress", "The Saturday one", date(2027, 11, 27)),
    ("h21-en-07-intake-earlier-one", "thurs the 12th", date(2027, 8, 12)),
    ("h21-en-09-wife-intake-remembrance-day", "Remembrance Day", date(2027, 11, 11)),
    ("h21-en-09-wife-intake-remembrance-day", "friday the 12th", date(2027, 11, 12)),
    ("h21-en-10-not-offered-then-correction", "sat the 11th", date(2027, 9, 11)),
    ("h21-de-01-laufband-naechste-einheit", "gestern", "-1"),
    (
        "h21-de-01-laufband-naechste-einheit",
        "montag in einer woche also den 13.",
        date(2027, 9, 13),
    ),
    ("h21-de-02-laufband-ausserhalb-fenster", "samstag den 23.", date(2027, 10, 23)),
    ("h21-de-03-fuenferkarte-drei-termine", "Mittwoch 10.11.", date(2027, 11, 10)),
    ("h21-de-03-fuenferkarte-drei-termine", "Montag 15.11.", date(2027, 11, 15)),
    ("h21-de-03-fuenferkarte-drei-termine", "Donnerstag 18.11.", date(2027, 11, 18)),
    ("h21-de-04-fuenferkarte-zu-dicht", "fr 13.8.", date(2027, 8, 13)),
    ("h21-de-04-fuenferkarte-zu-dicht", "sa 14.8.", date(2027, 8, 14)),
    ("h21-de-04-fuenferkarte-zu-dicht", "montag den 16.", date(2027, 8, 16)),
    ("h21-de-05-erstuntersuchung-verschieben", "Freitag den 24.", date(2027, 9, 24)),
    ("h21-de-05-erstuntersuchung-verschieben", "am Donnerstag", date(2027, 9, 23)),
    ("h21-de-06-absage-zu-kurzfristig", "morgen früh", "+1"),
    ("h21-de-07-betriebsausflug-dann-spaeter", "Freitag den 17.", date(2027, 9, 17)),
    ("h21-de-07-betriebsausflug-dann-spaeter", "Donnerstag den 16.", date(2027, 9, 16)),
    ("h21-de-09-sprachnachricht-korrektur", "dienstag den 19. oktober", date(2027, 10, 19)),
    ("h21-de-10-fortschritt-und-anderer-tag", "montag den 6.", date(2027, 12, 6)),
    ("h21-de-10-fortschritt-und-anderer-tag", "dienstag der 7.", date(2027, 12, 7)),
    ("h21-es-01-plan-laser-jueves", "jueves 5", date(2027, 8, 5)),
    ("h21-es-02-laser-feriados", "lunes 20", date(2027, 9, 20)),
    ("h21-es-03-segunda-facial", "sábado 18", date(2027, 9, 18)),
    ("h21-es-04-facial-muy-pronto", "de ayer", "-1"),
    ("h21-es-04-facial-muy-pronto", "martes 19", date(2027, 10, 19)),
    ("h21-es-04-facial-muy-pronto", "jueves 28", date(2027, 10, 28)),
    ("h21-es-05-mover-sesion-laser", "sábado 18", date(2027, 9, 18)),
    ("h21-es-05-mover-sesion-laser", "martes 21", date(2027, 9, 21)),
    ("h21-es-06-cancelar-evaluacion-hija", "jueves 9", date(2027, 12, 9)),
    ("h21-es-07-feriado-y-el-de-las-10", "lunes 11 de octubre", date(2027, 10, 11)),
    ("h21-es-07-feriado-y-el-de-las-10", "martes 12", date(2027, 10, 12)),
    ("h21-es-08-laser-cupo-lleno", "jueves 12", date(2027, 8, 12)),
    ("h21-es-10-cera-no-y-correccion", "miércoles 1 de diciembre", date(2027, 12, 1)),
]
WEEKDAY_WORDS = {
    0: ["mon", "montag", "lunes", "mo"],
    1: ["tue", "dienstag", "martes", "di"],
    2: ["wed", "mittwoch", "miércoles", "mi"],
    3: ["thu", "donnerstag", "jueves", "do"],
    4: ["fri", "freitag", "viernes", "fr"],
    5: ["sat", "samstag", "sábado", "sa"],
    6: ["sun", "sonntag", "domingo"],
}
ALL_WEEKDAY_WORDS = [(w, d) for d, ws in WEEKDAY_WORDS.items() for w in ws]

# Move/cancel notice: (case id, booking start in setup, "inside"|"outside")
NOTICE = {
    "h21-en-05-move-inside-notice": (datetime(2027, 10, 15, 10), "inside"),
    "h21-en-06-cancel-12-2-and-progress": (datetime(2027, 12, 2, 17), "outside"),
    "h21-de-05-erstuntersuchung-verschieben": (datetime(2027, 9, 23, 10), "outside"),
    "h21-de-06-absage-zu-kurzfristig": (datetime(2027, 12, 4, 9), "inside"),
    "h21-es-05-mover-sesion-laser": (datetime(2027, 9, 18, 10), "outside"),
    "h21-es-06-cancelar-evaluacion-hija": (datetime(2027, 12, 9, 11), "outside"),
}
# Sessions the customer moved to a time of their own choosing (not placed by the rule)
MOVED_BY_CUSTOMER = {("h21-es-05-mover-sesion-laser", 3)}
# Requests that must be refused (the case expects no booking there):
# (case, service, start, reason) with reason "closed" | "gap" | "window" | "full"
REFUSED = [
    ("h21-en-04-massage-pair-too-close", "massage-card", datetime(2027, 11, 6, 10), "gap"),
    ("h21-en-09-wife-intake-remembrance-day", "intake", datetime(2027, 11, 11, 9), "closed"),
    (
        "h21-de-02-laufband-ausserhalb-fenster",
        "hydrotherapie",
        datetime(2027, 10, 27, 10),
        "window",
    ),
    ("h21-de-04-fuenferkarte-zu-dicht", "fuenferkarte", datetime(2027, 8, 14, 9), "gap"),
    (
        "h21-de-07-betriebsausflug-dann-spaeter",
        "erstuntersuchung",
        datetime(2027, 9, 17, 9),
        "closed",
    ),
    ("h21-es-04-facial-muy-pronto", "facial", datetime(2027, 10, 19, 15), "window"),
    ("h21-es-07-feriado-y-el-de-las-10", "evaluacion", datetime(2027, 10, 11, 10), "closed"),
    ("h21-es-08-laser-cupo-lleno", "laser-6", datetime(2027, 8, 12, 18), "full"),
]


# ---------------------------------------------------------------- holidays
def nth_monday(y: int, m: int, n: int) -> date:
    d = date(y, m, 1)
    while d.weekday() != 0:
        d += timedelta(days=1)
    return d + timedelta(days=7 * (n - 1))


def uy_moved(d: date) -> date:
    """Uruguay (law 16.805): Tue/Wed -> previous Monday, Thu/Fri -> next Monday."""
    wd = d.weekday()
    if wd in (1, 2):
        return d - timedelta(days=wd)
    if wd in (3, 4):
        return d + timedelta(days=7 - wd)
    return d


HOLIDAYS = {
    "vancouver-fertility.yaml": [
        nth_monday(2027, 8, 1),
        nth_monday(2027, 9, 1),
        date(2027, 9, 30),
        nth_monday(2027, 10, 2),
        date(2027, 11, 11),
    ],
    "bremen-hundephysio.yaml": [date(2027, 10, 3), date(2027, 10, 31)],
    "montevideo-laser.yaml": [date(2027, 8, 25), uy_moved(date(2027, 10, 12)), date(2027, 11, 2)],
}


# ---------------------------------------------------------------- case checks
@dataclass
class Ctx:
    cid: str
    biz: Biz
    hol: list[date]
    now: datetime
    me: str
    setup: list[dict]
    final: list[dict]
    text: str


def bookings(block, default_customer):
    out = []
    for b in block or []:
        out.append(
            {
                "customer": b.get("customer", default_customer),
                "service": b["service"],
                "session": b.get("session", 1),
                "start": _dt(b["start"]),
                "status": b.get("status", "confirmed"),
            }
        )
    return out


def load_ctx(path: Path, bizs: dict[str, Biz]) -> Ctx:
    d = yaml.safe_load(path.read_text(encoding="utf-8"))
    me = str(d["customer"]["phone"])
    name = Path(d["business"]).name
    return Ctx(
        cid=d["id"],
        biz=bizs[name],
        hol=HOLIDAYS[name],
        now=_dt(d["now"]),
        me=me,
        setup=bookings((d.get("setup") or {}).get("bookings"), me),
        final=bookings(d["final"]["bookings"], me),
        text=" \n ".join(s["user"] for s in d["steps"] if "user" in s).lower(),
    )


def check_case(path: Path, bizs: dict[str, Biz]) -> None:
    c = load_ctx(path, bizs)
    if not (RANGE[0] <= c.now <= RANGE[1]):
        problem(f"{c.cid}: now {c.now} outside 2027-08-01..2027-12-20")
    for h in c.hol:
        if h not in c.biz.closed:
            problem(f"{c.cid}: public holiday {h} missing from {c.biz.path.name} closures")
    check_claims(c)
    check_slots(c)
    check_overlaps(c)
    check_strategies(c)
    check_notice(c)
    for case, sid, start, reason in REFUSED:
        if case == c.cid:
            check_refused(c, sid, start, reason)


def weekday_words(phrase: str) -> list[str]:
    tokens = re.findall(r"[a-zäöüßéáíóú]+", phrase.lower())
    return [
        w
        for w, _ in ALL_WEEKDAY_WORDS
        for t in tokens
        if t == w or (len(w) >= 3 and t.startswith(w))
    ]


def check_claims(c: Ctx) -> None:
    """Each recorded phrase is in the messages; a weekday in it matches its date; a
    relative phrase (+1/-1 days from now) lands on a setup booking's day."""
    mine = [(phrase, when) for case, phrase, when in CLAIMS if case == c.cid]
    if not mine and not c.cid.endswith(NO_DATES):
        problem(f"{c.cid}: no date claims recorded")
    for phrase, when in mine:
        if phrase.lower() not in c.text:
            problem(f"{c.cid}: phrase {phrase!r} not in the messages")
        if isinstance(when, str):
            day = c.now.date() + timedelta(days=int(when))
            if not any(b["start"].date() == day for b in c.setup):
                problem(f"{c.cid}: {phrase!r} -> {day}, but no setup booking is on that day")
            continue
        for w in weekday_words(phrase):
            wd = next(k for k, ws in WEEKDAY_WORDS.items() if w in ws)
            if wd != when.weekday():
                problem(f"{c.cid}: {phrase!r} names {w} but {when} is {DAYS[when.weekday()]}")


def check_slots(c: Ctx) -> None:
    """Completed in the past, live bookings on valid slots, new ones after the notice,
    setup bookings all present in final."""
    setup_keys = {(b["customer"], b["service"], b["session"], b["start"]) for b in c.setup}
    for b in c.setup + c.final:
        if b["status"] == "completed" and b["start"] >= c.now:
            problem(f"{c.cid}: completed booking {b['start']} is not in the past")
        why = valid_slot(c.biz, b["service"], b["session"], b["start"])
        if why and b["status"] in ("confirmed", "completed"):
            problem(f"{c.cid}: {b['service']} s{b['session']}: {why}")
    for b in c.final:
        new = (b["customer"], b["service"], b["session"], b["start"]) not in setup_keys
        if (
            new
            and b["status"] == "confirmed"
            and (c.biz.aware(b["start"]) < c.biz.aware(c.now) + c.biz.notice)
        ):
            problem(f"{c.cid}: new booking {b['start']} inside the booking notice")
    final_keys = {(b["customer"], b["service"], b["session"]) for b in c.final}
    for s in c.setup:
        if (s["customer"], s["service"], s["session"]) not in final_keys:
            problem(f"{c.cid}: setup booking {s['service']} s{s['session']} missing from final")


def live(c: Ctx) -> list[dict]:
    return [b for b in c.final if b["status"] in ("confirmed", "completed")]


def check_overlaps(c: Ctx) -> None:
    """Capacity per service; one customer never in two sessions at once."""
    books = live(c)
    for i, a in enumerate(books):
        a_end = a["start"] + timedelta(minutes=c.biz.duration(a["service"], a["session"]))
        same = 1
        for b in books[i + 1 :]:
            b_end = b["start"] + timedelta(minutes=c.biz.duration(b["service"], b["session"]))
            if not overlaps(a["start"], a_end, b["start"], b_end):
                continue
            if a["customer"] == b["customer"]:
                problem(f"{c.cid}: customer {a['customer']} in two sessions at {a['start']}")
            same += a["service"] == b["service"]
        if same > c.biz.services[a["service"]].get("capacity", 1):
            problem(f"{c.cid}: capacity exceeded at {a['start']} for {a['service']}")


def check_strategies(c: Ctx) -> None:
    groups: dict[tuple[str, str], list[dict]] = {}
    for b in live(c):
        groups.setdefault((b["customer"], b["service"]), []).append(b)
    for (cust, sid), group in groups.items():
        group.sort(key=lambda b: b["session"])
        if sorted(group, key=lambda b: b["start"]) != group:
            problem(f"{c.cid}: {sid} session numbers do not follow date order")
        strategy = c.biz.services[sid].get("multi_session_strategy")
        for a, b in pairwise(group):
            check_gap(c, sid, strategy, a, b)
        if strategy == "immediate" and cust == c.me:
            check_immediate(c, sid, group)


def check_gap(c: Ctx, sid: str, strategy: str | None, a: dict, b: dict) -> None:
    """Minimum gap always; consecutive numbers and the maximum unless flexible."""
    mn, mx, _ = c.biz.gap(sid, a["session"])
    days = (b["start"].date() - a["start"].date()).days
    if strategy != "flexible" and b["session"] != a["session"] + 1:
        problem(f"{c.cid}: {sid} sessions not consecutive")
    if days < mn:
        problem(f"{c.cid}: {sid} s{a['session']}->s{b['session']} only {days} days (< {mn})")
    if strategy != "flexible" and mx is not None and days > mx:
        problem(f"{c.cid}: {sid} s{a['session']}->s{b['session']} {days} days (> {mx})")


def check_notice(c: Ctx) -> None:
    if c.cid not in NOTICE:
        return
    start, side = NOTICE[c.cid]
    inside = c.biz.aware(start) - c.biz.aware(c.now) < c.biz.resched
    if inside != (side == "inside"):
        problem(f"{c.cid}: move/cancel of {start} is not {side} the notice")
    kept = any(b["start"] == start and b["status"] == "confirmed" for b in c.final)
    if side == "inside" and not kept:
        problem(f"{c.cid}: booking inside the notice must stay confirmed in final")


def check_refused(c: Ctx, sid: str, start: datetime, reason: str) -> None:
    """A request the case expects refused really breaks the rule it names."""
    if reason == "closed":
        if start.date() not in c.biz.closed:
            problem(f"{c.cid}: {start.date()} expected closed")
        return
    if reason == "full":
        others = [b for b in c.setup if b["customer"] != c.me]
        if is_free(c.biz, sid, 1, start, others, c.me):
            problem(f"{c.cid}: {start} expected full")
        return
    pool = c.setup if reason == "window" else c.setup + c.final
    prev = max(
        (
            b
            for b in pool
            if b["service"] == sid and b["start"] < start and b["status"] != "cancelled"
        ),
        key=lambda b: b["start"],
    )
    mn, mx, target = c.biz.gap(sid, prev["session"])
    days = (start.date() - prev["start"].date()).days
    if mn <= days and (reason == "gap" or mx is None or days <= mx):
        problem(f"{c.cid}: {start} expected to break the {reason} rule ({days} days)")
    if reason == "window":
        first = prev["start"].date()
        suggested = first + timedelta(days=target)
        print(
            f"  {c.cid}: window [{first + timedelta(days=mn)}, "
            f"{first + timedelta(days=mx or 0)}] suggested {suggested} "
            f"({DAYS[suggested.weekday()]})"
        )


def check_immediate(c: Ctx, sid: str, group: list[dict]) -> None:
    """Each session after the first that is new or moved by the rule must be exactly
    where the planning rule puts it (preferred time: its own old time, else session
    1's); unchanged ones are covered by the gap check."""
    old = {
        b["session"]: b["start"] for b in c.setup if b["customer"] == c.me and b["service"] == sid
    }
    others = [
        b
        for b in c.final
        if not (b["customer"] == c.me and b["service"] == sid) and b["status"] == "confirmed"
    ]
    for a, b in pairwise(group):
        if old.get(b["session"]) == b["start"] or (c.cid, b["session"]) in MOVED_BY_CUSTOMER:
            continue
        pref = old.get(b["session"], group[0]["start"])
        want = next_immediate(
            c.biz, sid, a["session"], a["start"], pref.hour * 60 + pref.minute, others, c.me, c.now
        )
        if want != b["start"]:
            problem(f"{c.cid}: {sid} s{b['session']} expected {want}, case says {b['start']}")


def main() -> int:
    bizs = {p.name: Biz(p) for p in sorted((ROOT / "businesses").glob("*.yaml"))}
    cases = sorted((ROOT / "cases").glob("*.yaml"))
    for path in cases:
        check_case(path, bizs)
    ids = [yaml.safe_load(p.read_text(encoding="utf-8"))["id"] for p in cases]
    if len(ids) != 30 or len(set(ids)) != 30:
        problem(f"expected 30 unique case ids, got {len(ids)} ({len(set(ids))} unique)")
    for lang in ("en", "de", "es"):
        n = sum(1 for i in ids if i.startswith(f"h21-{lang}-"))
        if n != 10:
            problem(f"expected 10 {lang} cases, got {n}")
    for p in PROBLEMS:
        print("PROBLEM:", p)
    print(f"heldout21 dates: {len(cases)} cases checked, {len(PROBLEMS)} problem(s)")
    return 1 if PROBLEMS else 0


if __name__ == "__main__":
    sys.exit(main())
