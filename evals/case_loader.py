"""Case files in, `Case` or `CaseError` out: a broken case never stops the others.

`load_case(path)` validates one file against DESIGN.md's case format: unknown
keys, a non-string `user` message (`yes` unquoted), a date that does not exist,
an unknown service or session number, a regex that does not compile, a check
on a step that cannot have it. The first problem becomes the case's
`CaseError` with the file and the line.
"""

from __future__ import annotations

import re
from pathlib import Path

from bookbot.core.config import Business, parse_business
from bookbot.core.errors import ConfigError
from bookbot.core.types import BookingStatus
from bookbot.evals import fields as f
from bookbot.evals.cases_model import (
    BookingSpec,
    Case,
    CaseError,
    Customer,
    Final,
    Step,
    UserStep,
    WorkerStep,
)
from bookbot.evals.located import LocatedMap, LocatedYAMLError, load_located
from bookbot.evals.steps_loader import Scope, booking_specs, read_steps
from bookbot.store.business_file import load_business_file

CASE_KEYS = ("id", "description", "tags", "business", "now", "customer", "setup", "steps", "final")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def load_case(path: Path) -> Case | CaseError:
    """The case in `path`, or the first problem with it."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return CaseError(path, 0, f"cannot read the case file: {exc}")
    try:
        data = load_located(source)
    except LocatedYAMLError as exc:
        return CaseError(path, exc.line, exc.message)
    if not isinstance(data, LocatedMap):
        return CaseError(path, 1, f"a case file holds one mapping, got {f.kind_of(data)}")
    case_id = data.get("id") if isinstance(data.get("id"), str) else None
    raw_tags = data.get("tags")
    tags = tuple(t for t in raw_tags if isinstance(t, str)) if isinstance(raw_tags, list) else ()
    try:
        return _case(path, data)
    except f.Invalid as exc:
        return CaseError(path, exc.line, exc.message, id=case_id, tags=tags)


def _case(path: Path, data: LocatedMap) -> Case:
    f.check_keys(data, "case", allowed=CASE_KEYS, required=("id", "business", "now", "customer"))
    case_id = f.text(data, "id", "case")
    assert case_id is not None
    if not _ID.match(case_id):
        raise f.Invalid(
            data.mark("id").line,
            f"case: id {case_id!r} may hold only letters, digits, '.', '_' and '-'",
        )
    business = _business(path, data)
    zone = business.zone
    now = f.local_datetime(data, "now", "case", zone)
    customer = _customer(data)
    scope = Scope(business=business, customer=customer.phone, now=now)
    setup = _setup(data, scope)
    if "steps" not in data:
        raise f.Invalid(data.line, "case: missing key 'steps'")
    steps = read_steps(f.items(data["steps"], data.mark("steps").line, "steps"), scope)
    if not steps:
        raise f.Invalid(data.mark("steps").line, "steps: a case needs at least one step")
    final = _final(data, scope)
    if final is None and not any(_checks(step) for step in steps):
        raise f.Invalid(
            data.line,
            "case: checks nothing (no step has an expect and there is no final), so it cannot "
            "fail; add an expect or a final block",
        )
    return Case(
        id=case_id,
        file=path,
        description=(f.text(data, "description", "case", required=False) or "").strip(),
        tags=f.strings(data, "tags", "case"),
        business=business,
        now=now,
        customer=customer,
        setup=setup,
        steps=steps,
        final=final,
    )


def _checks(step: Step) -> bool:
    return isinstance(step, UserStep | WorkerStep) and step.expect.checks_something()


def _business(path: Path, data: LocatedMap) -> Business:
    value, line = data["business"], data.mark("business").line
    if isinstance(value, LocatedMap):
        try:
            return parse_business(dict(value), source=f"{path}:{value.line} (inline business)")
        except ConfigError as exc:
            raise f.Invalid(line, f"business: {exc}") from None
    if not isinstance(value, str):
        raise f.Invalid(line, f"business must be a file path or a mapping, got {f.kind_of(value)}")
    file = (path.parent / value).resolve()
    try:
        return load_business_file(file)
    except ConfigError as exc:
        raise f.Invalid(line, f"business {value}: {exc}") from None


def _customer(data: LocatedMap) -> Customer:
    block = f.mapping(data["customer"], data.mark("customer").line, "customer")
    f.check_keys(block, "customer", allowed=("phone", "name"), required=("phone",))
    return Customer(
        phone=f.phone(block, "phone", "customer"),
        name=f.text(block, "name", "customer", required=False),
    )


def _setup(data: LocatedMap, scope: Scope) -> tuple[BookingSpec, ...]:
    if "setup" not in data:
        return ()
    block = f.mapping(data["setup"], data.mark("setup").line, "setup")
    f.check_keys(block, "setup", allowed=("bookings",))
    if "bookings" not in block:
        return ()
    listed = f.items(block["bookings"], block.mark("bookings").line, "setup.bookings")
    specs = booking_specs(listed, scope, "setup.bookings", final=False)
    seen: dict[tuple[str, str, int], int] = {}
    for spec in specs:
        if spec.status is BookingStatus.CANCELLED:
            continue
        key = (spec.customer, spec.service, spec.session)
        if key in seen:
            raise f.Invalid(
                spec.line,
                f"setup.bookings: session {spec.session} of {spec.service} for {spec.customer} "
                f"is already booked on line {seen[key]}",
            )
        seen[key] = spec.line
    return specs


def _final(data: LocatedMap, scope: Scope) -> Final | None:
    if "final" not in data:
        return None
    block = f.mapping(data["final"], data.mark("final").line, "final")
    f.check_keys(block, "final", allowed=("partial", "bookings"))
    partial = f.boolean(block, "partial", "final", default=False)
    if "bookings" not in block:
        raise f.Invalid(block.line, "final: missing key 'bookings' (write bookings: [] for none)")
    listed = f.items(block["bookings"], block.mark("bookings").line, "final.bookings")
    specs = booking_specs(listed, scope, "final.bookings", final=True, complete=not partial)
    if partial and not specs:
        raise f.Invalid(
            block.line,
            "final: partial: true with no bookings checks nothing; to assert that nothing is "
            "booked write partial: false, bookings: []",
        )
    return Final(partial=partial, bookings=specs, line=block.line)
