"""One handler per spec operation: each recomputes its part of the case from the
rules and says what the case's final bookings and mentioned dates must hold."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from heldout26_check.model import INVALID, Biz, Bk, Case, Svc, hm, need
from heldout26_check.reading import WEEKDAYS, WEEKDAYS_BY_LANG, Ctx
from heldout26_check.rules import (
    day_starts,
    flexible_problem,
    last_done,
    live,
    move_immediate,
    plan_immediate,
    plan_of,
    slot_problem,
    utc,
    window,
)
from heldout26_check.specs import Op


def user_text(case: Case, step: int) -> str:
    s = case.steps[step - 1]
    need("user" in s, f"step {step} is not a user message")
    return str(s["user"])


def as_value(expected: str | list[str] | int) -> Any:
    if isinstance(expected, (list, int)) or expected == INVALID:
        return expected
    if re.fullmatch(r"\d{4}-\d\d-\d\d", expected):
        return date.fromisoformat(expected)
    return hm(expected)


def read_all(case: Case, spec: dict[str, list[Any]]) -> dict[str, Any]:
    WEEKDAYS.clear()
    WEEKDAYS.update(WEEKDAYS_BY_LANG[case.biz.file[:2]])
    values: dict[str, Any] = {}
    for r in spec["reads"]:
        text = user_text(case, r.step)
        need(
            r.phrase.lower() in text.lower(), f"phrase {r.phrase!r} not in step {r.step}: {text!r}"
        )
        got = r.resolve(Ctx(case, r.phrase, case.clocks[r.step - 1], values))
        want = as_value(r.expected)
        need(
            got == want, f"{r.phrase!r} (step {r.step}) reads as {got}, the spec says {r.expected}"
        )
        values[r.key] = got
    return values


def at(case: Case, values: dict[str, Any], pair: tuple[str, str]) -> datetime:
    d, t = values[pair[0]], values[pair[1]]
    need(isinstance(d, date) and isinstance(t, time), f"{pair} is not a date and a time")
    return datetime.combine(d, t, case.biz.zone)


def on_day(case: Case, values: dict[str, Any], service: str, key: str) -> Bk:
    day = values[key]
    found = [b for b in live(case.setup) if b.customer == case.customer and b.service == service
             and b.start.date() == day]  # fmt: skip
    need(len(found) == 1, f"expected one {service} booking on {day} in setup, found {len(found)}")
    return found[0]


def fact_texts(biz: Biz, templates: list[str]) -> list[str]:
    out = []
    for t in templates:
        if t.startswith("{price:"):
            p = biz.services[t[7:-1]].price
            out.append(f"{p:g}")
            out.append(f"{p:,.0f}")
        elif t == "{address}":
            out.append(biz.raw["contact"]["address"])
    return out


def mentions(case: Case, step: int) -> set[date]:
    exp = case.steps[step - 1].get("expect") or {}
    got = exp.get("reply_mentions_dates") or []
    got = got if isinstance(got, list) else [got]
    return {d if isinstance(d, date) else date.fromisoformat(str(d)) for d in got}


def renumber(bookings: list[Bk], case: Case) -> None:
    """Flexible plans: session numbers follow date order (cancelled rows keep theirs)."""
    groups: dict[tuple[str, str], list[Bk]] = {}
    for b in bookings:
        if b.status != "cancelled" and case.biz.services[b.service].strategy == "flexible":
            groups.setdefault((b.customer, b.service), []).append(b)
    for group in groups.values():
        for i, b in enumerate(sorted(group, key=lambda b: utc(b.start))):
            b.session = i + 1


@dataclass
class Env:
    """What one spec operation is checked against."""

    case: Case
    op: Op
    values: dict[str, Any]
    expected: list[Bk]
    shown: dict[int, set[date]]

    @property
    def now(self) -> datetime:
        return self.case.clocks[self.op.step - 1]

    @property
    def biz(self) -> Biz:
        return self.case.biz

    @property
    def svc(self) -> Svc:
        return self.case.biz.services[self.op.service]

    @property
    def starts(self) -> list[datetime]:
        return [at(self.case, self.values, p) for p in self.op.at if p[1]]

    def day(self, i: int = 0) -> Any:
        return self.values[self.op.at[i][0]]

    def show(self, days: Any) -> None:
        self.shown.setdefault(self.op.step, set()).update(days)

    def setup_session(self, session: int | None) -> Bk:
        who = (self.case.customer, self.op.service, session)
        return next(b for b in self.case.setup if (b.customer, b.service, b.session) == who)

    def free(self, session: int, start: datetime, pool: list[Bk] | None = None) -> str | None:
        pool = self.case.setup if pool is None else pool
        return slot_problem(self.biz, self.svc, session, start, self.now, pool, self.case.customer)

    def step_expect(self) -> dict[str, Any]:
        return self.case.steps[self.op.step - 1].get("expect") or {}


def op_immediate(e: Env) -> None:
    assert e.svc.strategy == "immediate"
    plan = plan_immediate(e.case, e.svc, e.starts[0], e.now)
    e.show(s.date() for s in plan)
    if "session_2" in e.op.extra:
        said = at(e.case, e.values, e.op.extra["session_2"])
        need(plan[1] == said, f"session 2 is {plan[1]}, the customer reads {said}")
    if e.op.book:
        e.expected += [Bk(e.case.customer, e.svc.id, i + 1, s) for i, s in enumerate(plan)]


def op_sequential(e: Env) -> None:
    assert e.svc.strategy == "sequential" and e.op.session
    start, last = e.starts[0], last_done(e.case, e.svc.id)
    need(last.session == e.op.session - 1, f"session {e.op.session} after {last.session}")
    lo, hi, _ = window(e.svc, last)
    need(lo <= start.date() <= hi, f"{start} outside the window {lo}..{hi}")
    problem = e.free(e.op.session, start)
    need(problem is None, f"{start} is not free ({problem})")
    e.show([start.date()])
    e.expected.append(Bk(e.case.customer, e.svc.id, e.op.session, start))


def op_flexible(e: Env) -> None:
    assert e.svc.strategy == "flexible"
    problem = flexible_problem(e.case, e.svc, e.starts, e.now)
    need(problem is None, f"flexible set breaks {problem}")
    e.show(s.date() for s in e.starts)
    e.expected += [Bk(e.case.customer, e.svc.id, 0, s) for s in e.starts]


def op_single(e: Env) -> None:
    assert e.svc.total == 1
    problem = e.free(1, e.starts[0])
    need(problem is None, f"{e.starts[0]} is not free ({problem})")
    e.show([e.starts[0].date()])
    e.expected.append(Bk(e.case.customer, e.svc.id, 1, e.starts[0]))


def op_available(e: Env) -> None:
    problem = e.free(1, e.starts[0])
    need(problem is None, f"{e.starts[0]} should be free ({e.op.extra['why']}): {problem}")


def op_refuse(e: Env) -> None:
    refuse(e.case, e.svc, e.op, e.starts, e.now, e.shown)


def op_setup_on(e: Env) -> None:
    b = e.setup_session(e.op.session)
    if e.starts:
        need(b.start == e.starts[0], f"session {e.op.session} is at {b.start}, said {e.starts[0]}")
    else:
        need(b.start.date() == e.day(), f"session {e.op.session} is on {b.start}, said {e.day()}")


def op_same_day(e: Env) -> None:
    need(e.day(0) == e.day(1), f"{e.op.at[0][0]} = {e.day(0)} but {e.op.at[1][0]} = {e.day(1)}")


def op_before(e: Env) -> None:
    need(e.day(0) < e.day(1), f"{e.day(0)} is not before {e.day(1)}")


def op_open_afternoon(e: Env) -> None:
    day = e.day()
    need(day == e.now.date(), "'heute' is not the clock's day")
    ranges = e.biz.hours[day.weekday()]
    ends = [datetime.combine(day, b, e.biz.zone) for _, b in ranges if b >= time(13)]
    open_later = any(utc(end) > utc(e.now) for end in ends)
    need(day not in e.biz.closed and open_later, f"not open on the afternoon of {day}")


def op_refuse_change(e: Env) -> None:
    """A move or cancel asked inside the reschedule notice."""
    b = (
        on_day(e.case, e.values, e.svc.id, e.op.at[0][0])
        if e.op.at
        else e.setup_session(e.op.session)
    )
    left = utc(b.start) - utc(e.now)
    need(left < timedelta(hours=e.biz.resched), f"{b.start} is outside the reschedule notice")


def op_cancel(e: Env) -> None:
    b = on_day(e.case, e.values, e.svc.id, e.op.at[0][0])
    left = utc(b.start) - utc(e.now)
    need(left >= timedelta(hours=e.biz.resched), f"{b.start} is inside the reschedule notice")
    for x in e.expected:
        if x.key() == b.key():
            x.status = "cancelled"


def op_kept(e: Env) -> None:
    on_day(e.case, e.values, e.svc.id, e.op.at[0][0])


def op_move(e: Env) -> None:
    assert e.op.session
    plan = plan_of(e.case, e.svc.id)
    old = next(b for b in plan if b.session == e.op.session)
    left = utc(old.start) - utc(e.now)
    need(left >= timedelta(hours=e.biz.resched), f"{old.start} is inside the reschedule notice")
    if e.svc.strategy == "immediate":
        new = move_immediate(e.case, e.svc, plan, e.op.session, e.starts[0], e.now)
    else:
        new = move_flexible(e, plan, old)
    for x in e.expected:
        if (x.customer, x.service) == (e.case.customer, e.svc.id) and x.session in new:
            if x.start != new[x.session]:
                e.show([new[x.session].date()])
            x.start = new[x.session]
    for session, key in e.op.extra.get("lands", {}).items():
        landed, said = new[session].date(), e.values[key]
        need(landed == said, f"session {session} lands on {landed}, the customer reads {said}")


def move_flexible(e: Env, plan: list[Bk], old: Bk) -> dict[int, datetime]:
    to = e.starts[0]
    problem = e.free(old.session, to, [b for b in e.case.setup if b is not old])
    need(problem is None, f"the new slot breaks {problem}")
    days = sorted([to if b is old else b.start for b in plan], key=utc)
    for i in range(1, len(days)):
        gap = (days[i].date() - days[i - 1].date()).days
        need(gap >= e.svc.min_gap[i - 1], "moved session too close")
    return {b.session: (to if b is old else b.start) for b in plan}


def op_progress(e: Env) -> None:
    done = sum(b.status == "completed" for b in plan_of(e.case, e.svc.id))
    need(done == e.op.extra["done"], f"{done} sessions done, the spec says {e.op.extra['done']}")
    said = f"{done} of {e.svc.total}"
    for p in e.step_expect().get("reply_matches") or []:
        need(re.search(p, said) is not None, f"progress pattern {p} misses {said!r}")


def op_facts(e: Env) -> None:
    texts = fact_texts(e.biz, e.op.extra["texts"])
    exp = e.step_expect()
    for p in exp.get("reply_matches") or []:
        need(any(re.search(p, t) for t in texts), f"pattern {p} matches none of {texts}")
    for c in list(exp.get("reply_contains") or []) + e.op.extra.get("contains", []):
        need(any(c.lower() in t.lower() for t in texts), f"{c!r} is not in the business facts")


def op_not_offered(e: Env) -> None:
    text = user_text(e.case, e.op.step).lower()
    for w in e.op.extra["words"]:
        for s in e.biz.services.values():
            need(w not in s.name.lower() and w not in s.words, f"{w!r} is offered by {s.id}")
    need(any(w in text for w in e.op.extra["words"]), "the customer does not ask for it")


def op_closes(e: Env) -> None:
    day, said = e.starts[0].date(), e.starts[0].time()
    closes = max(b for _, b in e.biz.hours[day.weekday()])
    need(closes == said, f"{day:%A} closes at {closes}, not {said}")


def op_all_weekday(e: Env) -> None:
    for i in range(len(e.op.at)):
        need(e.day(i).weekday() == e.op.extra["weekday"], f"{e.day(i)} is not the weekday said")


def op_closed_in_week(e: Env) -> None:
    today = e.now.date()
    week = [today - timedelta(days=today.weekday() - i) for i in range(7)]
    closed = [d for d in week if d in e.biz.closed]
    need([str(d) for d in closed] == e.op.extra["closed"], f"closed days of the week {closed}")
    for p in e.step_expect().get("reply_matches") or []:
        hit = any(re.search(p, f"viernes {d.day}") for d in closed)
        need(hit, f"pattern {p} misses the closure")


def op_no_slot_before(e: Env) -> None:
    """No day of the window before the customer leaves has a free slot."""
    assert e.op.session
    lo, _, _ = window(e.svc, last_done(e.case, e.svc.id))
    leave, day = e.day(), max(lo, e.now.date())
    while day < leave:
        starts = day_starts(e.biz, day, e.svc.dur(e.op.session))
        free = [s for s in starts if e.free(e.op.session, s) is None]
        need(not free, f"{day} has a free slot {free[:1]} before she leaves")
        day += timedelta(days=1)


HANDLERS: dict[str, Callable[[Env], None]] = {
    "immediate": op_immediate, "sequential": op_sequential, "flexible": op_flexible,
    "single": op_single, "available": op_available, "refuse": op_refuse,
    "setup_on": op_setup_on, "same_day": op_same_day, "before": op_before,
    "open_afternoon": op_open_afternoon, "refuse_move": op_refuse_change,
    "refuse_cancel": op_refuse_change, "cancel": op_cancel, "kept": op_kept, "move": op_move,
    "progress": op_progress, "facts": op_facts, "not_offered": op_not_offered,
    "closes": op_closes, "all_weekday": op_all_weekday, "closed_in_week": op_closed_in_week,
    "no_slot_before": op_no_slot_before,
}  # fmt: skip


def run_op(
    case: Case, op: Op, v: dict[str, Any], expected: list[Bk], shown: dict[int, set[date]]
) -> None:
    HANDLERS[op.kind](Env(case, op, v, expected, shown))


def refuse(
    case: Case, svc: Svc, op: Op, starts: list[datetime], now: datetime, shown: dict[int, set[date]]
) -> None:
    """The request breaks exactly `op.rule` (sequential: notice, then window, then slot)."""
    biz, rule = case.biz, op.rule or "?"
    if svc.strategy == "flexible":
        problem = flexible_problem(case, svc, starts, now)
        need(problem == rule, f"the flexible set breaks {problem}, not {rule}")
        return
    start = starts[0]
    if svc.strategy == "sequential":
        assert op.session
        last = last_done(case, svc.id)
        need(last.session == op.session - 1, "wrong session")
        lo, hi, suggested = window(svc, last)
        named = {lo, suggested}
        if utc(start) - utc(now) < timedelta(hours=biz.notice):
            got = "notice"
        elif start.date() < lo:
            got = "window_before"
        elif start.date() > hi:
            got = "window_after"
        else:
            got = (
                slot_problem(biz, svc, op.session, start, now, case.setup, case.customer) or "free"
            )
        need(got == rule, f"{start} breaks {got}, not {rule}")
        said = mentions(case, op.step)
        if rule.startswith("window"):
            # the refusal names the earliest allowed day and the suggested one
            # (moved off a closed day)
            first_open = suggested
            while not day_starts(biz, first_open, svc.dur(op.session)):
                first_open += timedelta(days=1)
            earliest = lo
            while not [
                s
                for s in day_starts(biz, earliest, svc.dur(op.session))
                if utc(s) - utc(now) >= timedelta(hours=biz.notice)
            ]:
                earliest += timedelta(days=1)
            named |= {first_open, earliest}
            need(
                first_open in said or not said,
                f"the suggested day {first_open} is not among {sorted(said)}",
            )
        need(
            said <= named,
            f"mentions {sorted(said - named)} are not the window's named days {sorted(named)}",
        )
        shown.setdefault(op.step, set()).update(said)
        return
    problem = slot_problem(biz, svc, 1, start, now, case.setup, case.customer)
    need(problem == rule, f"{start} breaks {problem}, not {rule}")
