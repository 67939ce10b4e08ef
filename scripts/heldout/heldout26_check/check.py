"""The whole check: holidays, each case against its spec, the set's own rules."""

from __future__ import annotations

from datetime import date, timedelta

from heldout26_check.model import SET, WINDOW, Biz, Bk, Case, Fail, need, parse_business, parse_case
from heldout26_check.ops import mentions, read_all, renumber, run_op
from heldout26_check.reading import check_greetings
from heldout26_check.rules import hours_problem, live, overlaps, utc
from heldout26_check.specs import SPECS

# --------------------------------------------------------------------------- holidays


def easter(year: int) -> date:
    """Anonymous Gregorian computus."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def holidays(biz_file: str) -> set[date]:
    """The closures each business must have inside the window (2027)."""
    e = easter(2027)
    if biz_file.startswith("ph-"):
        return {date(2027, 2, 25), e - timedelta(3), e - timedelta(2), e - timedelta(1),
                date(2027, 4, 9), date(2027, 5, 1), date(2027, 6, 12)}  # fmt: skip
    if biz_file.startswith("de-"):
        return {
            e - timedelta(2),
            e + timedelta(1),
            date(2027, 5, 1),
            e + timedelta(39),
            e + timedelta(40),
            e + timedelta(50),
        }  # fmt: skip  (40: Brückentag, documented)
    # Ecuador: Carnaval (Mon/Tue before Ash Wednesday), Viernes Santo, 1 May (a Saturday
    # in 2027: the rest day moves to Friday 30 April; the clinic also stays shut on the 1st),
    # Batalla de Pichincha 24 May (a Monday).
    may1 = date(2027, 5, 1)
    moved = may1 - timedelta(1) if may1.weekday() == 5 else may1
    return {e - timedelta(48), e - timedelta(47), e - timedelta(2), moved, may1, date(2027, 5, 24)}


def check_case(case: Case) -> list[str]:
    spec = SPECS.get(case.id)
    if spec is None:
        return [f"no spec for {case.id}"]
    errors = []
    try:
        need(WINDOW[0] <= case.now.date() <= WINDOW[1], f"now {case.now} outside the window")
        need(
            all(WINDOW[0] <= c.date() <= WINDOW[1] for c in case.clocks),
            "a step clock outside the window",
        )
        need(case.id.startswith("heldout26-") and "heldout26" in case.raw.get("tags", []), "id/tag")
        check_greetings(case)
        values = read_all(case, spec)
        expected = [Bk(b.customer, b.service, b.session, b.start, b.status) for b in case.setup]
        shown: dict[int, set[date]] = {}
        for op in spec["ops"]:
            try:
                run_op(case, op, values, expected, shown)
            except (Fail, AssertionError) as exc:
                raise Fail(f"{op.kind} (step {op.step}): {exc}") from None
        renumber(expected, case)
        check_final(case, expected)
        check_final_state(case)
        check_mentions(case, shown)
    except Fail as exc:
        errors.append(str(exc))
    except (AssertionError, KeyError, ValueError, IndexError, StopIteration, TypeError) as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
    return errors


def check_final(case: Case, expected: list[Bk]) -> None:
    """The case's final bookings are exactly setup + the spec's operations."""
    if sorted(b.key() for b in expected) != sorted(b.key() for b in case.final):
        rows = sorted(expected, key=lambda b: (b.customer, b.service, utc(b.start)))
        listed = "\n      ".join(
            f"{b.customer} {b.service} s{b.session} {b.start:%Y-%m-%d %H:%M} {b.status}"
            for b in rows
        )
        raise Fail(f"final differs from setup + spec; expected:\n      {listed}")
    for b, of in zip(case.final, case.finals_of, strict=True):
        need(of == case.biz.services[b.service].total, f"final 'of' {of} for {b.service}")


def check_mentions(case: Case, shown: dict[int, set[date]]) -> None:
    """Every date a step checks is one the rules produce there; a proposal's are all of them."""
    for i, step in enumerate(case.steps, start=1):
        said, made = mentions(case, i), shown.get(i, set())
        need(said <= made, f"step {i} mentions {sorted(said - made)}, not produced there")
        proposes = "propose_schedule" in str((step.get("expect") or {}).get("tools"))
        if said and proposes:
            need(said == made, f"step {i}: proposal dates {sorted(made)}, checked {sorted(said)}")


def check_final_state(case: Case) -> None:
    """Capacity and the one-customer-one-session rule hold in the final state."""
    biz = case.biz
    confirmed = [b for b in live(case.final)]
    for b in confirmed:
        svc = biz.services[b.service]
        if b.status == "confirmed":
            need(
                hours_problem(biz, b.start, svc.dur(b.session)) is None, f"{b.start} outside hours"
            )
        running = [
            o
            for o in confirmed
            if o.service == b.service
            and utc(o.start) <= utc(b.start) < utc(o.start) + svc.dur(o.session)
        ]
        need(len(running) <= svc.capacity, f"{b.start} over capacity")
        mine = [
            o
            for o in confirmed
            if o is not b
            and o.customer == b.customer
            and overlaps(
                b.start, svc.dur(b.session), o.start, biz.services[o.service].dur(o.session)
            )
        ]
        need(not mine, f"{b.customer} in two sessions at {b.start}")


def check_businesses(businesses: dict[str, Biz]) -> list[str]:
    errors = []
    for name, biz in businesses.items():
        inside = {d for d in biz.closed if WINDOW[0] <= d <= WINDOW[1]}
        want = holidays(name)
        if inside != want:
            errors.append(
                f"{name}: closures {sorted(map(str, inside))} != holidays {sorted(map(str, want))}"
            )
        strategies = {s.strategy for s in biz.services.values()}
        if strategies != {"immediate", "sequential", "flexible", None}:
            errors.append(f"{name}: strategies {strategies}")
    return errors


def load() -> tuple[dict[str, Biz], list[Case]]:
    businesses = {p.name: parse_business(p) for p in sorted((SET / "businesses").glob("*.yaml"))}
    cases = [parse_case(p, businesses) for p in sorted((SET / "cases").glob("*.yaml"))]
    return businesses, cases


def check_all(
    businesses: dict[str, Biz], cases: list[Case], quiet: bool = False
) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"<businesses>": check_businesses(businesses)}
    for case in cases:
        out[case.id] = check_case(case)
    ids = [c.id for c in cases]
    if len(ids) != 30 or len(set(ids)) != 30:
        out["<set>"] = [f"{len(set(ids))} distinct cases, expected 30"]
    none_new = [c.id for c in cases if not new_bookings(c)]
    if len(none_new) * 3 < len(cases):
        out.setdefault("<set>", []).append(f"only {len(none_new)} cases end with no new booking")
    for prefix in ("heldout26-ph-", "heldout26-de-", "heldout26-ec-"):
        if sum(i.startswith(prefix) for i in ids) != 10:
            out.setdefault("<set>", []).append(f"{prefix}: not 10 cases")
    return out


def new_bookings(case: Case) -> list[Bk]:
    before = {(b.customer, b.service, b.session) for b in case.setup if b.status != "cancelled"}
    return [
        b
        for b in case.final
        if b.status == "confirmed" and (b.customer, b.service, b.session) not in before
    ]
