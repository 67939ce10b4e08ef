#!/usr/bin/env python3
"""An independent checker for evals/heldout24 (it never imports bookbot).

It reads the three business files and the 30 case files with PyYAML and checks,
from DESIGN.md's scheduling rules re-implemented here:

- the set: 30 cases, 10 per business, ids `h24-...`, `now` in 2029-01-05..2029-04-30,
  every `final` with `partial: false`;
- every phrase a customer uses for a date or a time (weekday names, "tomorrow",
  "day after", "nächste woche di", "el jueves que viene", "halb 5", "a las 5 y
  media", dd-mm-yyyy, dd/mm, "5th April") against the date and time it stands for;
- every booking in setup and final on a valid slot (opening hours, the grid counted
  from each range's start, the session's end inside the range, closures), new ones
  at least `min_notice_hours` after the clock, capacity, no customer in two
  sessions at once, session numbers in date order;
- immediate plans recomputed from the buffers (closure pushes included) and moves
  recomputed from the setup plan; sequential windows; flexible minimum gaps;
- moves and cancellations on the intended side of `reschedule_notice_hours`;
- every refused request really breaks the rule the case names;
- every date a step expects in a reply is a date the case is about.

Exit code 0 when everything holds; otherwise one line per problem and exit code 1.
An optional argument names another copy of the set (the checker's own mutation runs).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parents[2]
SET = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "evals" / "heldout24"
FIRST_NOW, LAST_NOW = date(2029, 1, 5), date(2029, 4, 30)
DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ACTIVE = ("confirmed", "completed")

# ---------------------------------------------------------------- businesses


@dataclass(frozen=True)
class Service:
    id: str
    strategy: str  # immediate | sequential | flexible | single
    total: int
    durations: tuple[int, ...]
    capacity: int
    minimum: tuple[int, ...]  # gap k -> k+1, index k-1
    target: tuple[int, ...]
    maximum: int | None
    words: str  # id, name, description and trigger words, lower case

    def gap_min(self, k: int) -> int:
        return self.minimum[k - 1]


@dataclass(frozen=True)
class Business:
    file: str
    zone: ZoneInfo
    step: int
    notice_h: int
    move_notice_h: int
    hours: dict[int, tuple[tuple[int, int], ...]]  # weekday -> (start, end) minutes
    closed: frozenset[date]
    services: dict[str, Service]


def _minutes(text: str) -> int:
    hour, minute = text.split(":")
    return int(hour) * 60 + int(minute)


def _gaps(cfg: dict[str, Any], total: int) -> tuple[tuple[int, ...], tuple[int, ...], int | None]:
    minimum, target = [], []
    for k in range(1, total):
        low = cfg.get(
            f"session_{k}_to_{k + 1}_days", cfg.get("default_days", cfg.get("minimum_days", 0))
        )
        minimum.append(int(low))
        target.append(max(int(cfg.get("recommended_days", 0)), int(low)))
    maximum = cfg.get("maximum_days")
    return tuple(minimum), tuple(target), None if maximum is None else int(maximum)


def _service(raw: dict[str, Any]) -> Service:
    total = (
        int(raw.get("total_sessions_required", 1)) if raw.get("requires_multiple_sessions") else 1
    )
    sessions = raw.get("sessions") or []
    durations = tuple(int(s.get("duration_minutes", raw["duration_minutes"])) for s in sessions)
    minimum, target, maximum = _gaps(raw.get("session_buffer_config") or {}, total)
    words = " ".join(
        [raw["id"], raw["name"], raw.get("description", ""), *raw.get("trigger_words", [])]
    ).lower()
    return Service(
        id=raw["id"],
        strategy=raw.get("multi_session_strategy", "single") if total > 1 else "single",
        total=total,
        durations=durations or (int(raw["duration_minutes"]),) * total,
        capacity=int(raw.get("capacity", 1)),
        minimum=minimum,
        target=target,
        maximum=maximum,
        words=words,
    )


def load_business(path: Path) -> Business:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    hours = {
        i: tuple(
            (_minutes(r.split("-")[0]), _minutes(r.split("-")[1]))
            for r in raw["hours"].get(key) or []
        )
        for i, key in enumerate(DAY_KEYS)
    }
    return Business(
        file=path.name,
        zone=ZoneInfo(raw["timezone"]),
        step=int(raw["slot_step_minutes"]),
        notice_h=int(raw["min_notice_hours"]),
        move_notice_h=int(raw["reschedule_notice_hours"]),
        hours=hours,
        closed=frozenset(date.fromisoformat(str(d)) for d in raw.get("closed") or []),
        services={s["id"]: _service(s) for s in raw["services"]},
    )


# ---------------------------------------------------------------- slots


@dataclass(frozen=True)
class Booking:
    customer: str
    service: str
    session: int
    start: datetime
    status: str
    of: int | None = None


def duration(biz: Business, b: Booking) -> timedelta:
    return timedelta(minutes=biz.services[b.service].durations[b.session - 1])


def slot_problem(biz: Business, service: str, session: int, start: datetime) -> str | None:
    """Why `start` is not a slot of session `session` (closures, hours, grid), or None."""
    if start.date() in biz.closed:
        return f"{start:%Y-%m-%d} is a closure"
    begin = start.hour * 60 + start.minute
    length = biz.services[service].durations[session - 1]
    for low, high in biz.hours[start.weekday()]:
        if low <= begin and begin + length <= high and (begin - low) % biz.step == 0:
            return None
    return f"{start:%a %Y-%m-%d %H:%M} is not a start for a {length}-minute session"


def elapsed_hours(earlier: datetime, later: datetime) -> float:
    return (later.astimezone(UTC) - earlier.astimezone(UTC)).total_seconds() / 3600


def overlaps(biz: Business, a: Booking, b: Booking) -> bool:
    return a.start < b.start + duration(biz, b) and b.start < a.start + duration(biz, a)


def free(biz: Business, probe: Booking, others: list[Booking], now: datetime) -> bool:
    """`probe` is bookable: a slot, notice, capacity, and its customer is free."""
    if slot_problem(biz, probe.service, probe.session, probe.start):
        return False
    if elapsed_hours(now, probe.start) < biz.notice_h:
        return False
    active = [o for o in others if o.status in ACTIVE and overlaps(biz, o, probe)]
    same = [o for o in active if o.service == probe.service]
    mine = [o for o in active if o.customer == probe.customer]
    return len(same) < biz.services[probe.service].capacity and not mine


def day_starts(biz: Business, service: str, session: int, day: date) -> list[datetime]:
    starts = []
    for low, high in biz.hours[day.weekday()]:
        for begin in range(low, high, biz.step):
            at = datetime.combine(day, time(begin // 60, begin % 60), tzinfo=biz.zone)
            if slot_problem(biz, service, session, at) is None:
                starts.append(at)
    return starts


def place(
    biz: Business,
    template: Booking,
    earliest: date,
    prefer: time,
    others: list[Booking],
    now: datetime,
    after: datetime,
) -> datetime:
    """The planning rule: the first day >= earliest with a free start, the start
    closest to `prefer` (a tie to the earlier)."""
    want = prefer.hour * 60 + prefer.minute
    for offset in range(0, 120):
        day = earliest + timedelta(days=offset)
        cands = [
            s
            for s in day_starts(biz, template.service, template.session, day)
            if s > after
            and free(
                biz,
                Booking(template.customer, template.service, template.session, s, "confirmed"),
                others,
                now,
            )
        ]
        if cands:
            return min(cands, key=lambda s: (abs(s.hour * 60 + s.minute - want), s))
    raise AssertionError(f"no free day from {earliest}")


def plan_immediate(
    biz: Business,
    customer: str,
    service: str,
    first: datetime,
    others: list[Booking],
    now: datetime,
) -> list[datetime]:
    svc = biz.services[service]
    starts = [first]
    for k in range(1, svc.total):
        prev = Booking(customer, service, k, starts[-1], "confirmed")
        earliest = starts[-1].date() + timedelta(days=svc.target[k - 1])
        starts.append(
            place(
                biz,
                Booking(customer, service, k + 1, first, "confirmed"),
                earliest,
                first.timetz().replace(tzinfo=None),
                others,
                now,
                starts[-1] + duration(biz, prev),
            )
        )
    return starts


def plan_move(
    biz: Business,
    customer: str,
    service: str,
    current: list[datetime],
    session: int,
    to: datetime,
    others: list[Booking],
    now: datetime,
) -> list[datetime]:
    """Move `session` to `to`; later sessions move only as far as their gaps require,
    each keeping its own time of day."""
    svc = biz.services[service]
    starts = list(current)
    starts[session - 1] = to
    for k in range(session, svc.total):
        earliest = starts[k - 1].date() + timedelta(days=svc.target[k - 1])
        prev_end = starts[k - 1] + timedelta(minutes=svc.durations[k - 1])
        if starts[k].date() >= earliest and starts[k] > prev_end:
            continue
        starts[k] = place(
            biz,
            Booking(customer, service, k + 1, starts[k], "confirmed"),
            earliest,
            starts[k].timetz().replace(tzinfo=None),
            others,
            now,
            prev_end,
        )
    return starts


# ---------------------------------------------------------------- language

WEEKDAYS: dict[str, int] = {
    # English
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    # German, with the chat abbreviations
    "montag": 0,
    "dienstag": 1,
    "mittwoch": 2,
    "donnerstag": 3,
    "freitag": 4,
    "samstag": 5,
    "sonntag": 6,
    "mo": 0,
    "di": 1,
    "mi": 2,
    "do": 3,
    "fr": 4,
    # Spanish
    "lunes": 0,
    "martes": 1,
    "miércoles": 2,
    "miercoles": 2,
    "jueves": 3,
    "viernes": 4,
    "sábado": 5,
    "sabado": 5,
    "domingo": 6,
}
MONTHS: dict[str, int] = {
    "jan": 1,
    "january": 1,
    "januar": 1,
    "enero": 1,
    "feb": 2,
    "february": 2,
    "februar": 2,
    "febrero": 2,
    "march": 3,
    "märz": 3,
    "marzo": 3,
    "april": 4,
    "abril": 4,
    "may": 5,
    "mai": 5,
    "mayo": 5,
}
NAMED_DAYS = {
    "karfreitag": date(2029, 3, 30),
    "republic day": date(2029, 1, 26),
    "carnaval": date(2029, 2, 13),
}
RELATIVE = (  # (words in the phrase, the relation it must be annotated with)
    (("day after", "übermorgen", "pasado mañana"), "day_after"),
    (("tomorrow", "morgen", "morgn", "mañana"), "tomorrow"),
    (("nächste woche", "next week", "semana que viene"), "next_week"),
)
PM_WORDS = ("pm", "evening", "abends", "nachmittags", "de la tarde", "a la tarde")
AM_WORDS = ("am", "morning", "vormittags", "früh", "de la mañana", "a la mañana")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-zäöüßáéíóúñ]+", text.lower())


def date_problems(snippet: str, rel: str, clock: date, want: date) -> list[str]:
    """What in `snippet` contradicts `want` (said on `clock`, relation `rel`)."""
    s, out = snippet.lower(), []
    out += [
        f"'{snippet}': {w} is not {want:%A}"
        for w in _words(s)
        if w in WEEKDAYS and WEEKDAYS[w] != want.weekday()
    ]
    out += [
        f"'{snippet}': {name} is {day}, not {want}"
        for name, day in NAMED_DAYS.items()
        if name in s and day != want
    ]
    numeric = re.findall(r"(\d{1,2})[./-](\d{1,2})(?:[./-](\d{4}))?", s)
    for d, m, y in numeric:
        if (int(d), int(m)) != (want.day, want.month) or (y and int(y) != want.year):
            out.append(f"'{snippet}': {d}/{m} is not {want}")
    rest = re.sub(r"(\d{1,2})[./-](\d{1,2})(?:[./-](\d{4}))?", " ", s)
    out += [
        f"'{snippet}': day {d} is not {want}"
        for d in re.findall(r"\b(\d{1,2})", rest)
        if int(d) != want.day
    ]
    out += [
        f"'{snippet}': month {w} is not {want:%B}"
        for w in _words(s)
        if w in MONTHS and MONTHS[w] != want.month
    ]
    return out + relation_problems(s, rel, clock, want)


def relation_problems(s: str, rel: str, clock: date, want: date) -> list[str]:
    for words, name in RELATIVE:
        hit = [w for w in words if re.search(rf"(?<!la ){w}", s)]
        if hit and rel != name:
            return [f"'{s}' says {hit[0]} but is annotated {rel}"]
        if hit:
            break
    days = (want - clock).days
    ok = {
        "tomorrow": days == 1,
        "day_after": days == 2,
        "coming": 0 < days <= 7,
        "next_week": want.isocalendar()[:2] == (clock + timedelta(days=7)).isocalendar()[:2],
        "explicit": 0 <= days <= 120,
        "past": days < 0,
    }
    if not ok.get(rel, False):
        return [f"'{s}': {want} is not '{rel}' from {clock}"]
    return []


def time_candidates(snippet: str) -> set[time]:
    s = snippet.lower()
    half = re.search(r"halb\s+(\d{1,2})", s)
    media = re.search(r"(\d{1,2})\s+y\s+media", s)
    plain = re.search(r"(\d{1,2})(?:[.:](\d{2}))?", s)
    if half:
        hour, minute = int(half.group(1)) - 1, 30
    elif media:
        hour, minute = int(media.group(1)), 30
    elif plain:
        hour, minute = int(plain.group(1)), int(plain.group(2) or 0)
    else:
        raise AssertionError(f"no time in '{snippet}'")
    pm = any(re.search(rf"(\d\s*|\b){w}\b", s) for w in PM_WORDS)
    am = any(
        re.search(rf"(\d\s*{w}\b|\b{w}\b)" if w != "am" else r"\d\s*am\b", s) for w in AM_WORDS
    )
    if hour >= 13 or (am and not pm):
        return {time(hour, minute)}
    if pm:
        return {time(hour + 12 if hour < 12 else hour, minute)}
    return {time(hour, minute), time((hour + 12) % 24, minute)}


def time_problems(biz: Business, snippet: str, want: datetime) -> list[str]:
    """The snippet's time, read in the business's opening hours of that weekday."""

    def open_at(t: time) -> bool:
        begin = t.hour * 60 + t.minute
        return any(low <= begin < high for low, high in biz.hours[want.weekday()])

    cands = {t for t in time_candidates(snippet) if open_at(t)}
    if cands != {want.time()}:
        return [f"'{snippet}' reads as {sorted(map(str, cands))}, not {want:%H:%M}"]
    return []


# ---------------------------------------------------------------- cases


@dataclass
class Case:
    id: str
    file: Path
    biz: Business
    now: datetime
    customer: str
    texts: dict[int, str]  # user steps by step number (1-based)
    clocks: dict[int, datetime]
    setup: list[Booking]
    final: list[Booking]
    partial: bool
    mentions: list[tuple[int, date]] = field(default_factory=list)


def _at(value: Any, zone: ZoneInfo) -> datetime:
    return datetime.fromisoformat(str(value)).replace(tzinfo=zone)


def _bookings(
    raw: list[dict[str, Any]] | None, case_customer: str, zone: ZoneInfo
) -> list[Booking]:
    listed = [
        Booking(
            str(b.get("customer", case_customer)),
            b["service"],
            int(b.get("session", 0)),
            _at(b["start"], zone),
            b.get("status", "confirmed"),
            b.get("of"),
        )
        for b in raw or []
    ]
    out = []
    for b in listed:  # an omitted session: the place in date order (single: 1)
        if b.session == 0:
            same = sorted(
                x.start for x in listed if (x.customer, x.service) == (b.customer, b.service)
            )
            b = Booking(b.customer, b.service, same.index(b.start) + 1, b.start, b.status, b.of)
        out.append(b)
    return out


def load_case(path: Path, businesses: dict[str, Business]) -> Case:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    biz = businesses[Path(raw["business"]).name]
    now = _at(raw["now"], biz.zone)
    customer = str(raw["customer"]["phone"])
    texts, clocks, mentions, clock = {}, {}, [], now
    for number, step in enumerate(raw["steps"], start=1):
        if "advance_to" in step:
            clock = _at(step["advance_to"], biz.zone)
        clocks[number] = clock
        if "user" in step:
            texts[number] = step["user"]
        for day in (step.get("expect") or {}).get("reply_mentions_dates", []) or []:
            mentions.append((number, date.fromisoformat(str(day))))
    final = raw.get("final") or {}
    return Case(
        id=raw["id"],
        file=path,
        biz=biz,
        now=now,
        customer=customer,
        texts=texts,
        clocks=clocks,
        setup=_bookings((raw.get("setup") or {}).get("bookings"), customer, biz.zone),
        final=_bookings(final.get("bookings"), customer, biz.zone),
        partial=bool(final.get("partial", False)),
        mentions=mentions,
    )


# ---------------------------------------------------------------- what each case claims


@dataclass(frozen=True)
class Ask:
    """A start a customer asks for in step `step`, and what must come of it.

    outcome: book (a new confirmed booking there), plan (session 1 of an immediate
    plan, recomputed), move (session `session` moves there, the plan recomputed),
    refuse (`rule` really fails: closed, gap, window, notice, capacity, corrected),
    cancel / keep (the setup booking there is cancelled / stays), info (no outcome).
    """

    step: int
    service: str
    at: str
    outcome: str
    date: str | None = None
    time: str | None = None
    rel: str = "explicit"
    same: str | None = None
    rule: str | None = None
    against: str | None = None
    session: int = 0
    pushed: tuple[str, ...] = ()
    earliest: str | None = None
    suggested: str | None = None


@dataclass(frozen=True)
class NotOffered:
    step: int
    word: str


@dataclass(frozen=True)
class NoSuchDate:
    step: int
    phrase: str
    year: int
    month: int
    day: int


Claim = Ask | NotOffered | NoSuchDate
RCT, ALN, CLN, CON = "root-canal", "aligner-review", "deep-cleaning", "consultation"
KG, MLD, ESWT, MAS = "krankengymnastik", "lymphdrainage", "stosswelle", "massage"
KIN, RF, LAS, LIM = "kinesiologia", "radiofrecuencia", "depilacion-laser", "limpieza-facial"

# fmt: off
CLAIMS: dict[str, tuple[Claim, ...]] = {
    "h24-in-01-rct-friday-republic-day": (
        Ask(1, RCT, "2029-01-19T18:00", "plan", "this friday 19th", "evening 6 pm", "coming",
            pushed=("2029-01-26",)),
    ),
    "h24-in-02-aligner-next-inside-window": (
        Ask(1, ALN, "2029-02-20T11:30", "book", "20-02-2029 (tuesday)", "morning 11.30"),
    ),
    "h24-in-03-aligner-outside-window-leaves": (
        Ask(1, ALN, "2029-04-05", "refuse", "5th April", rule="window",
            earliest="2029-03-07", suggested="2029-03-14"),
        Ask(2, ALN, "2029-03-04", "info", "day after", rel="day_after"),
    ),
    "h24-in-04-cleaning-four-saturdays": (
        Ask(1, CLN, "2029-02-10T11:00", "book", "10th", "11 am"),
        Ask(1, CLN, "2029-02-17T11:00", "book", "17th", "11 am"),
        Ask(1, CLN, "2029-02-24T11:00", "book", "24th feb", "11 am"),
        Ask(1, CLN, "2029-03-03T11:00", "book", "3rd march", "11 am"),
    ),
    "h24-in-05-cleaning-tomorrow-day-after-too-close": (
        Ask(1, CLN, "2029-03-06T18:00", "book", "tomorrow", "evening 6", "tomorrow"),
        Ask(1, CLN, "2029-03-07T18:00", "refuse", "day after", "evening 6", "day_after",
            rule="gap", against="2029-03-06T18:00"),
        Ask(2, CLN, "2029-03-06T18:00", "book", "tomorrow", "6 pm", "tomorrow"),
        Ask(2, CLN, "2029-03-09T18:00", "book", "friday", "friday 6 pm", "coming"),
    ),
    "h24-in-06-rct-postpone-inside-notice": (
        Ask(1, RCT, "2029-03-12T10:30", "keep", "tomorrow", "10.30", "tomorrow"),
        Ask(1, RCT, "2029-03-14T10:30", "refuse", "wednesday", "same time", "coming",
            same="2029-03-12T10:30", rule="notice", against="2029-03-12T10:30"),
    ),
    "h24-in-07-rct-prepone-first-sitting": (
        Ask(1, RCT, "2029-04-07T10:00", "move", "this saturday 7th april", "morning 10 am",
            "coming", session=1),
    ),
    "h24-in-08-rct-price-address-no-booking": (),
    "h24-in-09-father-checkup-saturday-pick": (
        Ask(1, CON, "2029-02-17", "info", "saturday", rel="coming"),
        Ask(2, CON, "2029-02-17T10:30", "book", None, "10.30"),
    ),
    "h24-in-10-whitening-april-31st": (
        NotOffered(1, "whitening"),
        NoSuchDate(2, "31st april", 2029, 4, 31),
        Ask(3, CON, "2029-04-30T18:00", "book", "30th april monday", "6 pm"),
    ),
    "h24-de-01-stosswelle-formal-thursday": (
        Ask(1, ESWT, "2029-01-11T10:00", "plan", "Donnerstag, dem 11. Januar",
            "10 Uhr vormittags"),
    ),
    "h24-de-02-stosswelle-frauentag-push": (
        Ask(1, ESWT, "2029-03-01T08:00", "plan", "nächste woche do", "um 8", "next_week",
            pushed=("2029-03-08",)),
    ),
    "h24-de-03-kg-naechste-woche-di-halb-5": (
        Ask(1, KG, "2029-01-23T16:30", "book", "nächste woche di", "um halb 5", "next_week"),
    ),
    "h24-de-04-kg-kur-outside-window": (
        Ask(1, KG, "2029-03-09", "info", "ab Freitag", rel="coming"),
        Ask(1, KG, "2029-03-26", "refuse", "Montag, den 26. März", rule="window",
            earliest="2029-03-07"),
        Ask(2, KG, "2029-03-07T09:00", "book", "morgen früh", "um 9 Uhr", "tomorrow"),
    ),
    "h24-de-05-mld-three-dates-correction": (
        Ask(1, MLD, "2029-04-04T15:00", "book", "Mittwoch 4.4.", "um 15 Uhr"),
        Ask(1, MLD, "2029-04-06T15:00", "refuse", "Freitag 6.4.", "auch um 15 Uhr",
            rule="corrected"),
        Ask(1, MLD, "2029-04-06T10:00", "book", "am 6.4.", "um 10 Uhr"),
        Ask(1, MLD, "2029-04-10T15:00", "book", "Dienstag 10.4.", "wieder um 15 Uhr"),
    ),
    "h24-de-06-mld-monday-full-pick-later": (
        Ask(1, MLD, "2029-02-05T17:00", "refuse", "Montag 5.2.", "um 17 Uhr",
            rule="capacity"),
        Ask(1, MLD, "2029-02-08T17:00", "book", "Donnerstag 8.2.", "um 17 Uhr"),
        Ask(2, MLD, "2029-02-05T18:00", "book", "am Montag", "18 Uhr", "coming"),
    ),
    "h24-de-07-massage-cancel-formal": (
        Ask(1, MAS, "2029-02-15T11:00", "cancel", "Donnerstag, dem 15. Februar", "um 11 Uhr"),
    ),
    "h24-de-08-kg-cancel-morgn-inside-notice": (
        Ask(1, KG, "2029-04-18T08:00", "keep", "morgn", "um 8", "tomorrow"),
    ),
    "h24-de-09-kg-progress-formal": (
        Ask(2, KG, "2029-02-22", "info", "Donnerstag", rel="coming"),
    ),
    "h24-de-10-massage-karfreitag-vllt-spaeter": (
        Ask(1, MAS, "2029-03-30T11:00", "refuse", "karfreitag", "gegen 11", "coming",
            rule="closed"),
    ),
    "h24-ar-01-radiofrecuencia-jueves-correccion": (
        Ask(1, RF, "2029-01-18T18:00", "refuse", "el jueves que viene, 18/1",
            "a las 6 de la tarde", "coming", rule="corrected"),
        Ask(1, RF, "2029-01-18T17:30", "plan", "el jueves que viene, 18/1", "a las 5 y media",
            "coming"),
    ),
    "h24-ar-02-radiofrecuencia-carnaval-push": (
        Ask(1, RF, "2029-01-30T10:00", "plan", "martes 30/1", "a las 10 de la mañana",
            pushed=("2029-02-13",)),
    ),
    "h24-ar-03-kine-cuantas-llevo-lunes": (
        Ask(1, KIN, "2029-03-12T18:30", "book", "lunes 12", "tipo 18:30", "coming"),
    ),
    "h24-ar-04-kine-semana-santa-fuera-de-ventana": (
        Ask(1, KIN, "2029-04-03", "refuse", "martes 3/4", rule="window",
            earliest="2029-03-22", suggested="2029-03-23"),
        Ask(2, KIN, "2029-03-23T19:00", "book", "mañana", "a las 19", "tomorrow"),
    ),
    "h24-ar-05-laser-tres-sabados": (
        Ask(1, LAS, "2029-02-03T10:00", "book", "sábado 3/2", "a las 10"),
        Ask(1, LAS, "2029-03-03T10:00", "book", "sábado 3/3", "a las 10"),
        Ask(1, LAS, "2029-03-31T10:00", "book", "sábado 31/3", "a las 10"),
    ),
    "h24-ar-06-laser-par-muy-cerca": (
        Ask(1, LAS, "2029-03-20T16:00", "book", "martes 20/3", "a las 4 de la tarde"),
        Ask(1, LAS, "2029-04-03T16:00", "refuse", "martes 3/4", "a las 4 de la tarde",
            rule="gap", against="2029-03-20T16:00"),
        Ask(2, LAS, "2029-04-17T16:00", "book", "el martes 17/4", "misma hora",
            same="2029-03-20T16:00"),
    ),
    "h24-ar-07-radiofrecuencia-mover-primera": (
        Ask(1, RF, "2029-04-05T18:00", "info", "jueves 5", rel="coming"),
        Ask(1, RF, "2029-04-09T18:00", "move", "lunes 9/4", "a la misma hora",
            same="2029-04-05T18:00", session=1),
    ),
    "h24-ar-08-radiofrecuencia-cancelar-manana": (
        Ask(1, RF, "2029-03-20T14:00", "keep", "mañana", "las 2", "tomorrow"),
    ),
    "h24-ar-09-limpieza-para-mi-hija": (
        Ask(1, LIM, "2029-04-14", "info", "sábado 14/4"),
        Ask(2, LIM, "2029-04-14T10:00", "book", None, "las 10"),
    ),
    "h24-ar-10-botox-no-y-lo-pienso": (
        NotOffered(1, "botox"),
        NotOffered(1, "hialurónico"),
    ),
}
# fmt: on


# ---------------------------------------------------------------- checks


def _when(case: Case, iso: str) -> datetime:
    return _at(iso if "T" in iso else f"{iso}T00:00", case.biz.zone)


def _mine(case: Case, bookings: list[Booking], service: str) -> list[Booking]:
    return sorted(
        (
            b
            for b in bookings
            if (b.customer, b.service) == (case.customer, service) and b.status != "cancelled"
        ),
        key=lambda b: b.start,
    )


def _is_new(case: Case, b: Booking) -> bool:
    return not any(
        (s.service, s.session, s.start, s.status, s.customer)
        == (b.service, b.session, b.start, b.status, b.customer)
        for s in case.setup
    )


def phrase_problems(case: Case, ask: Ask) -> list[str]:
    text, clock, at = case.texts[ask.step].lower(), case.clocks[ask.step], _when(case, ask.at)
    out = [
        f"step {ask.step} does not say '{p}'"
        for p in (ask.date, ask.time)
        if p is not None and p.lower() not in text
    ]
    if ask.date is not None:
        out += date_problems(ask.date, ask.rel, clock.date(), at.date())
    if ask.same is not None and _when(case, ask.same).time() != at.time():
        out.append(f"'{ask.time}' is {ask.same[11:]}, not {at:%H:%M}")
    elif ask.time is not None and ask.same is None:
        out += time_problems(case.biz, ask.time, at)
    return out


def book_problems(case: Case, ask: Ask) -> list[str]:
    at, clock = _when(case, ask.at), case.clocks[ask.step]
    hits = [
        b
        for b in _mine(case, case.final, ask.service)
        if b.start == at and b.status == "confirmed" and _is_new(case, b)
    ]
    if not hits:
        return [f"{ask.at} ({ask.service}) is asked for but is not a new booking in final"]
    if elapsed_hours(clock, at) < case.biz.notice_h:
        return [f"{ask.at} is inside the {case.biz.notice_h} h booking notice"]
    return []


def plan_problems(case: Case, ask: Ask) -> list[str]:
    svc, at = case.biz.services[ask.service], _when(case, ask.at)
    others = [b for b in case.setup + case.final if b.customer != case.customer]
    starts = plan_immediate(case.biz, case.customer, ask.service, at, others, case.clocks[ask.step])
    got = [b.start for b in _mine(case, case.final, ask.service)]
    out = (
        []
        if got == starts
        else [
            f"plan from {ask.at}: final {[f'{s:%m-%d %H:%M}' for s in got]}, "
            f"recomputed {[f'{s:%m-%d %H:%M}' for s in starts]}"
        ]
    )
    for closed in ask.pushed:
        day = date.fromisoformat(closed)
        naive = [
            starts[k - 1].date() + timedelta(days=svc.target[k - 1]) for k in range(1, svc.total)
        ]
        if day not in case.biz.closed or day not in naive or day in [s.date() for s in starts]:
            out.append(f"the plan is not pushed past the closure {closed}")
    return out


def move_problems(case: Case, ask: Ask) -> list[str]:
    before = [b.start for b in _mine(case, case.setup, ask.service)]
    old = before[ask.session - 1]
    clock = case.clocks[ask.step]
    out = (
        []
        if elapsed_hours(clock, old) >= case.biz.move_notice_h
        else [f"the move of {old:%Y-%m-%d %H:%M} is inside the {case.biz.move_notice_h} h notice"]
    )
    others = [b for b in case.setup + case.final if b.customer != case.customer]
    starts = plan_move(
        case.biz,
        case.customer,
        ask.service,
        before,
        ask.session,
        _when(case, ask.at),
        others,
        clock,
    )
    got = [b.start for b in _mine(case, case.final, ask.service)]
    if got != starts:
        out.append(
            f"move to {ask.at}: final {[f'{s:%m-%d %H:%M}' for s in got]}, "
            f"recomputed {[f'{s:%m-%d %H:%M}' for s in starts]}"
        )
    return out


def _setup_booking(case: Case, ask: Ask) -> Booking | None:
    at = _when(case, ask.against or ask.at)
    found = [
        b
        for b in case.setup
        if b.start == at and b.status == "confirmed" and b.customer == case.customer
    ]
    return found[0] if found else None


def cancel_keep_problems(case: Case, ask: Ask) -> list[str]:
    held = _setup_booking(case, ask)
    if held is None:
        return [f"no confirmed setup booking at {ask.at}"]
    hours = elapsed_hours(case.clocks[ask.step], held.start)
    after = [
        b
        for b in case.final
        if (b.customer, b.service, b.session, b.start)
        == (held.customer, held.service, held.session, held.start)
    ]
    status = after[0].status if after else "missing"
    if ask.outcome == "cancel":
        ok = hours >= case.biz.move_notice_h and status == "cancelled"
    else:
        ok = hours < case.biz.move_notice_h and status == "confirmed"
    return [] if ok else [f"{ask.outcome} {ask.at}: {hours:.1f} h ahead, final status {status}"]


def window_of(case: Case, ask: Ask) -> tuple[date, date, date]:
    svc = case.biz.services[ask.service]
    done = [b for b in _mine(case, case.setup, ask.service) if b.status == "completed"]
    last, k = done[-1].start.date(), done[-1].session
    high = last + timedelta(days=svc.maximum) if svc.maximum is not None else date.max
    return (last + timedelta(days=svc.gap_min(k)), high, last + timedelta(days=svc.target[k - 1]))


def rule_broken(case: Case, ask: Ask) -> bool:
    at, svc, biz = _when(case, ask.at), case.biz.services[ask.service], case.biz
    if ask.rule == "closed":
        return at.date() in biz.closed or not biz.hours[at.weekday()]
    if ask.rule == "gap":
        return abs((at.date() - _when(case, str(ask.against)).date()).days) < svc.gap_min(1)
    if ask.rule == "notice":
        held = _setup_booking(case, ask)
        return (
            held is not None
            and elapsed_hours(case.clocks[ask.step], held.start) < biz.move_notice_h
        )
    if ask.rule == "capacity":
        probe = Booking(case.customer, ask.service, 1, at, "confirmed")
        taken = [
            b
            for b in case.setup
            if b.service == ask.service and b.status in ACTIVE and overlaps(biz, b, probe)
        ]
        return len(taken) >= svc.capacity
    if ask.rule == "corrected":  # a valid slot: only the correction rules it out
        return slot_problem(biz, ask.service, 1, at) is None
    if ask.rule == "window":
        low, high, suggested = window_of(case, ask)
        return (
            not low <= at.date() <= high
            and str(low) == ask.earliest
            and ask.suggested in (None, str(suggested))
        )
    raise AssertionError(f"unknown rule {ask.rule}")


def refuse_problems(case: Case, ask: Ask) -> list[str]:
    at = _when(case, ask.at)
    out = [] if rule_broken(case, ask) else [f"{ask.at}: the rule '{ask.rule}' is not broken"]
    if any(
        b.start.date() == at.date() and (b.start == at or "T" not in ask.at) and _is_new(case, b)
        for b in _mine(case, case.final, ask.service)
    ):
        out.append(f"{ask.at} is refused ({ask.rule}) but booked in final")
    return out


def no_problems(case: Case, ask: Ask) -> list[str]:
    """An `info` phrase: only its date and time are checked."""
    return []


OUTCOMES = {
    "book": book_problems,
    "plan": plan_problems,
    "move": move_problems,
    "refuse": refuse_problems,
    "cancel": cancel_keep_problems,
    "keep": cancel_keep_problems,
    "info": no_problems,
}


def claim_problems(case: Case, claim: Claim) -> list[str]:
    if isinstance(claim, NotOffered):
        offered = [s.id for s in case.biz.services.values() if claim.word in s.words]
        said = claim.word in case.texts[claim.step].lower()
        return [] if said and not offered else [f"'{claim.word}' is offered or not said"]
    if isinstance(claim, NoSuchDate):
        try:
            date(claim.year, claim.month, claim.day)
            return [f"'{claim.phrase}' is a real date"]
        except ValueError:
            return (
                []
                if claim.phrase in case.texts[claim.step].lower()
                else [f"step {claim.step} does not say '{claim.phrase}'"]
            )
    return phrase_problems(case, claim) + OUTCOMES[claim.outcome](case, claim)


def booking_problems(case: Case) -> list[str]:
    biz, out = case.biz, []
    for b in case.setup + case.final:
        problem = slot_problem(biz, b.service, b.session, b.start)
        if problem:
            out.append(f"{b.service} session {b.session}: {problem}")
    for b in case.final:
        if b.of is not None and b.of != biz.services[b.service].total:
            out.append(f"{b.service}: of {b.of}, the plan has {biz.services[b.service].total}")
    active = [b for b in case.final if b.status in ACTIVE]
    for i, a in enumerate(active):
        for b in active[i + 1 :]:
            if a.customer == b.customer and overlaps(biz, a, b):
                out.append(f"{a.customer} is in two sessions at {b.start:%m-%d %H:%M}")
        same = [b for b in active if b.service == a.service and overlaps(biz, a, b)]
        if len(same) > biz.services[a.service].capacity:
            out.append(f"{a.service} over capacity at {a.start:%m-%d %H:%M}")
    return out


def strategy_problems(case: Case) -> list[str]:
    out = []
    for key in {(b.customer, b.service) for b in case.final}:
        svc = case.biz.services[key[1]]
        plan = sorted(
            (b for b in case.final if (b.customer, b.service) == key and b.status != "cancelled"),
            key=lambda b: b.start,
        )
        if [b.session for b in plan] != list(range(1, len(plan) + 1)):
            out.append(f"{key}: session numbers {[b.session for b in plan]} not in date order")
        for prev, nxt in zip(plan, plan[1:], strict=False):
            gap = (nxt.start.date() - prev.start.date()).days
            high = svc.maximum if svc.strategy != "flexible" else None
            if gap < svc.gap_min(prev.session) or (high is not None and gap > high):
                out.append(f"{key}: {gap} days from session {prev.session} to {nxt.session}")
            if (
                svc.strategy == "sequential"
                and nxt.status == "confirmed"
                and (prev.status != "completed")
            ):
                out.append(f"{key}: session {nxt.session} booked before {prev.session} is done")
    return out


def justified_problems(case: Case, claims: tuple[Claim, ...]) -> list[str]:
    asks = [c for c in claims if isinstance(c, Ask)]
    planned = {c.service for c in asks if c.outcome in ("plan", "move")}
    booked = {(c.service, _when(case, c.at)) for c in asks if c.outcome == "book"}
    cancelled = {(c.service, _when(case, c.at)) for c in asks if c.outcome == "cancel"}
    out = []
    for b in case.final:
        if not _is_new(case, b) or b.service in planned:
            continue
        why = cancelled if b.status == "cancelled" else booked
        if (b.service, b.start) not in why:
            out.append(f"final {b.service} {b.start:%Y-%m-%d %H:%M} {b.status}: nobody asked")
    for s in case.setup:
        kept = any(
            (b.customer, b.service, b.session, b.start)
            == (s.customer, s.service, s.session, s.start)
            for b in case.final
        )
        if not kept and s.service not in planned:
            out.append(f"setup {s.service} {s.start:%Y-%m-%d %H:%M} is gone from final")
    return out


def mention_problems(case: Case, claims: tuple[Claim, ...]) -> list[str]:
    known = {b.start.date() for b in case.setup + case.final}
    for c in claims:
        if isinstance(c, Ask):
            known |= {date.fromisoformat(d[:10]) for d in (c.at, c.earliest, c.suggested) if d}
    return [
        f"step {step} expects {day}, which the case is not about"
        for step, day in case.mentions
        if day not in known
    ]


def case_problems(case: Case) -> list[str]:
    out = []
    if not case.id.startswith("h24-") or case.file.stem != case.id:
        out.append("the id must start with h24- and match the file name")
    if not FIRST_NOW <= case.now.date() <= LAST_NOW:
        out.append(f"now {case.now:%Y-%m-%d} is outside the window")
    if case.partial:
        out.append("final must say partial: false")
    if case.id not in CLAIMS:
        return [*out, "no claims written for this case"]
    claims = CLAIMS[case.id]
    for claim in claims:
        out += claim_problems(case, claim)
    return (
        out
        + booking_problems(case)
        + strategy_problems(case)
        + justified_problems(case, claims)
        + mention_problems(case, claims)
    )


def main() -> int:
    businesses = {p.name: load_business(p) for p in sorted((SET / "businesses").glob("*.yaml"))}
    cases = [load_case(p, businesses) for p in sorted((SET / "cases").glob("*.yaml"))]
    problems = []
    per_business: dict[str, int] = {}
    for case in cases:
        per_business[case.biz.file] = per_business.get(case.biz.file, 0) + 1
        problems += [f"{case.id}: {p}" for p in case_problems(case)]
    if len(cases) != 30 or sorted(per_business.values()) != [10, 10, 10]:
        problems.append(f"want 30 cases, 10 per business; got {per_business}")
    if len({c.id for c in cases}) != len(cases) or set(CLAIMS) != {c.id for c in cases}:
        problems.append("case ids are not unique or CLAIMS names a case that does not exist")
    for line in problems:
        sys.stdout.write(f"FAIL {line}\n")
    claims = sum(len(c) for c in CLAIMS.values())
    sys.stdout.write(
        f"heldout24: {len(cases)} cases, {len(businesses)} businesses, "
        f"{claims} claims checked, {len(problems)} problem(s)\n"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
