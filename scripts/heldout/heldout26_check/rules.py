"""DESIGN.md's scheduling rules, re-implemented: slots, immediate plans and moves,
sequential windows, flexible gaps."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from heldout26_check.model import Biz, Bk, Case, Svc

# --------------------------------------------------------------------------- slot rules


def utc(d: datetime) -> datetime:
    return d.astimezone(UTC)


def overlaps(a: datetime, ad: timedelta, b: datetime, bd: timedelta) -> bool:
    return utc(a) < utc(b) + bd and utc(b) < utc(a) + ad


def day_starts(biz: Biz, day: date, dur: timedelta) -> list[datetime]:
    """Grid starts of a day whose session fits inside one opening range."""
    if day in biz.closed:
        return []
    out = []
    for a, b in biz.hours[day.weekday()]:
        start = datetime.combine(day, a, biz.zone)
        end = datetime.combine(day, b, biz.zone)
        while utc(start) + dur <= utc(end):
            out.append(start)
            start = start + timedelta(minutes=biz.step)
    return out


def hours_problem(biz: Biz, start: datetime, dur: timedelta) -> str | None:
    day = start.date()
    if day in biz.closed or not biz.hours[day.weekday()]:
        return "closed"
    for a, b in biz.hours[day.weekday()]:
        lo, hi = datetime.combine(day, a, biz.zone), datetime.combine(day, b, biz.zone)
        if utc(lo) <= utc(start) and utc(start) + dur <= utc(hi):
            minutes = (start.hour * 60 + start.minute) - (a.hour * 60 + a.minute)
            return None if minutes % biz.step == 0 else "grid"
    return "hours"


def live(bookings: list[Bk]) -> list[Bk]:
    return [b for b in bookings if b.status in ("confirmed", "completed")]


def slot_problem(
    biz: Biz, svc: Svc, session: int, start: datetime, now: datetime,
    others: list[Bk], customer: str, ignore: tuple[Bk, ...] = (),
) -> str | None:  # fmt: skip
    """The first rule a slot breaks: closed, hours, grid, notice, capacity, customer."""
    dur = svc.dur(session)
    problem = hours_problem(biz, start, dur)
    if problem:
        return problem
    if utc(start) - utc(now) < timedelta(hours=biz.notice):
        return "notice"
    pool = [b for b in live(others) if not any(b is i for i in ignore)]
    same = [b for b in pool if b.service == svc.id]
    used = sum(overlaps(start, dur, b.start, biz.services[b.service].dur(b.session)) for b in same)
    if used >= svc.capacity:
        return "capacity"
    mine = [b for b in pool if b.customer == customer]
    if any(overlaps(start, dur, b.start, biz.services[b.service].dur(b.session)) for b in mine):
        return "customer"
    return None


def closest(starts: list[datetime], preferred: time) -> datetime:
    pm = preferred.hour * 60 + preferred.minute
    return min(starts, key=lambda s: (abs(s.hour * 60 + s.minute - pm), utc(s)))


def next_session(
    biz: Biz, svc: Svc, prev: datetime, k: int, preferred: time, now: datetime,
    pool: list[Bk], customer: str, ignore: tuple[Bk, ...] = (),
) -> datetime:  # fmt: skip
    """Session k+1 after session k at `prev`: earliest day >= day(k)+target with a free
    start, the start closest to `preferred` (tie to the earlier)."""
    lo = prev.date() + timedelta(days=svc.target[k - 1])
    hi = prev.date() + timedelta(days=svc.max_gap[k - 1] or 3650)
    end_prev = utc(prev) + svc.dur(k)
    day = lo
    while day <= hi:
        free = [
            s for s in day_starts(biz, day, svc.dur(k + 1))
            if utc(s) >= end_prev
            and slot_problem(biz, svc, k + 1, s, now, pool, customer, ignore) is None
        ]  # fmt: skip
        if free:
            return closest(free, preferred)
        day += timedelta(days=1)
    raise AssertionError(f"no slot for session {k + 1} within the maximum gap")


def plan_immediate(case: Case, svc: Svc, start: datetime, now: datetime) -> list[datetime]:
    biz, pool = case.biz, list(case.setup)
    problem = slot_problem(biz, svc, 1, start, now, pool, case.customer)
    if problem:
        raise AssertionError(f"session 1 at {start:%Y-%m-%d %H:%M} is not free ({problem})")
    plan = [start]
    for k in range(1, svc.total):
        temp = pool + [Bk(case.customer, svc.id, i + 1, s) for i, s in enumerate(plan)]
        plan.append(next_session(biz, svc, plan[-1], k, start.time(), now, temp, case.customer))
    return plan


def move_immediate(
    case: Case, svc: Svc, plan: list[Bk], j: int, to: datetime, now: datetime
) -> dict[int, datetime]:
    """DESIGN: later sessions move only as far as their buffers require, each keeping its
    own time of day; the plan's own moving sessions do not block each other."""
    biz = case.biz
    by = {b.session: b for b in plan}
    moving = tuple(b for b in plan if b.session >= j)
    problem = slot_problem(biz, svc, j, to, now, case.setup, case.customer, moving)
    if problem:
        raise AssertionError(f"the new slot for session {j} is not free ({problem})")
    new = {b.session: b.start for b in plan}
    new[j] = to
    for k in range(j + 1, svc.total + 1):
        prev, cur = new[k - 1], new[k]
        need = prev.date() + timedelta(days=svc.target[k - 2])
        fits = cur.date() >= need and utc(cur) >= utc(prev) + svc.dur(k - 1)
        if svc.max_gap[k - 2] is not None:
            fits = fits and cur.date() <= prev.date() + timedelta(days=svc.max_gap[k - 2] or 0)
        if not fits:
            temp = [b for b in case.setup if not any(b is m for m in moving)]
            temp += [Bk(case.customer, svc.id, s, t) for s, t in new.items() if s < k]
            new[k] = next_session(
                biz, svc, prev, k - 1, by[k].start.time(), now, temp, case.customer
            )
    return new


def window(svc: Svc, last: Bk) -> tuple[date, date, date]:
    k = last.session
    lo = last.start.date() + timedelta(days=svc.min_gap[k - 1])
    hi = last.start.date() + timedelta(days=svc.max_gap[k - 1] or 3650)
    return lo, hi, last.start.date() + timedelta(days=svc.target[k - 1])


def flexible_problem(case: Case, svc: Svc, starts: list[datetime], now: datetime) -> str | None:
    """The first rule a set of flexible starts breaks (slot rules first, then gaps)."""
    plan = [b for b in live(case.setup) if b.customer == case.customer and b.service == svc.id]
    for i, s in enumerate(starts):
        others = case.setup + [
            Bk(case.customer, svc.id, 1, t) for j, t in enumerate(starts) if j != i
        ]
        problem = slot_problem(case.biz, svc, 1, s, now, others, case.customer)
        if problem:
            return problem
    days = sorted([b.start for b in plan] + starts, key=utc)
    for k in range(1, len(days)):
        if (days[k].date() - days[k - 1].date()).days < svc.min_gap[k - 1]:
            return "gap"
        if utc(days[k]) < utc(days[k - 1]) + svc.dur(k):
            return "gap"
    if svc.expiry and days:
        if any(d.date() > days[0].date() + timedelta(days=svc.expiry) for d in days):
            return "expiry"
    if len(days) > svc.total:
        return "too many"
    return None


def last_done(case: Case, service: str) -> Bk:
    done = [b for b in case.setup if b.customer == case.customer and b.service == service
            and b.status == "completed"]  # fmt: skip
    return max(done, key=lambda b: b.session)


def plan_of(case: Case, service: str) -> list[Bk]:
    mine = [b for b in live(case.setup) if (b.customer, b.service) == (case.customer, service)]
    return sorted(mine, key=lambda b: b.session)
