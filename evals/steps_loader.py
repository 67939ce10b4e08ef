"""The `steps`, `setup.bookings` and `final.bookings` parts of a case file.

Each step is exactly one of `user`, `advance_to`, `admin` or `worker`, plus an
optional `expect`. Reply and tool checks belong on `user` steps, outbound
checks on `worker` steps (only the worker sends proactive messages): a check
on the wrong kind of step is an error, not a check that silently passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from bookbot.core.config import Business, Service
from bookbot.core.errors import NotFoundError
from bookbot.core.types import BookingStatus
from bookbot.evals import fields as f
from bookbot.evals.cases_model import (
    ADMIN_ACTIONS,
    AdminStep,
    AdvanceStep,
    BookingSpec,
    Expect,
    Step,
    UserStep,
    WorkerStep,
)
from bookbot.evals.located import LocatedList, LocatedMap
from bookbot.evals.tool_checks import read_tool_checks
from bookbot.tools.toolset import TOOL_NAMES

STEP_KINDS = ("user", "advance_to", "admin", "worker")
USER_CHECKS = (
    "tools",
    "tools_not",
    "reply_contains",
    "reply_matches",
    "reply_not_matches",
    "reply_mentions_dates",
)
WORKER_CHECKS = ("outbound_matches", "outbound_count", "to")
STATUSES = tuple(s.value for s in BookingStatus)


@dataclass
class Scope:
    """What a step is read against: the business, the case's customer, the clock."""

    business: Business
    customer: str
    now: datetime

    def service(self, data: LocatedMap, what: str) -> Service:
        service_id = f.text(data, "service", what)
        assert service_id is not None
        try:
            return self.business.service(service_id)
        except NotFoundError:
            offered = ", ".join(s.id for s in self.business.services)
            raise f.Invalid(
                data.mark("service").line,
                f"{what}: unknown service {service_id!r} ({self.business.name} offers: {offered})",
            ) from None

    def session(self, data: LocatedMap, service: Service, what: str) -> int:
        number = f.integer(data, "session", what, minimum=1)
        if number > service.total_sessions:
            raise f.Invalid(
                data.mark("session").line,
                f"{what}: session {number} does not exist; {service.id} has "
                f"{service.total_sessions} session(s)",
            )
        return number


def read_steps(listed: LocatedList, scope: Scope) -> tuple[Step, ...]:
    return tuple(
        _step(f.mapping(item, listed.mark(i).line, f"step {i + 1}"), i + 1, scope)
        for i, item in enumerate(listed)
    )


def _step(data: LocatedMap, number: int, scope: Scope) -> Step:
    what = f"step {number}"
    f.check_keys(data, what, allowed=(*STEP_KINDS, "expect"))
    kinds = [k for k in STEP_KINDS if k in data]
    if len(kinds) != 1:
        found = ", ".join(kinds) if kinds else "none"
        raise f.Invalid(
            data.line, f"{what}: needs exactly one of {', '.join(STEP_KINDS)} (found {found})"
        )
    kind = kinds[0]
    line = data.mark(kind).line
    if kind == "user":
        text = f.text(data, "user", what)
        assert text is not None
        return UserStep(text=text, line=line, expect=_expect(data, what, USER_CHECKS))
    if kind == "worker":
        if data["worker"] is not True:
            raise f.Invalid(line, f"{what}: write worker: true")
        return WorkerStep(line=line, expect=_expect(data, what, WORKER_CHECKS))
    if "expect" in data:
        raise f.Invalid(
            data.mark("expect").line, f"{what}: a {kind} step says nothing, so it has no expect"
        )
    if kind == "advance_to":
        moment = f.local_datetime(data, "advance_to", what, scope.business.zone)
        if moment < scope.now:
            raise f.Invalid(
                line,
                f"{what}: advance_to {moment:%Y-%m-%dT%H:%M} is before the clock "
                f"({scope.now:%Y-%m-%dT%H:%M}); the clock only moves forward",
            )
        scope.now = moment
        return AdvanceStep(to=moment, line=line)
    return _admin(f.mapping(data["admin"], line, f"{what}: admin"), what, scope)


def _admin(data: LocatedMap, what: str, scope: Scope) -> AdminStep:
    what = f"{what}: admin"
    f.check_keys(
        data,
        what,
        allowed=("action", "service", "session", "customer"),
        required=("action", "service", "session"),
    )
    action = f.text(data, "action", what)
    if action not in ADMIN_ACTIONS:
        raise f.Invalid(
            data.mark("action").line,
            f"{what}: action {action!r} is not one of {', '.join(ADMIN_ACTIONS)}",
        )
    service = scope.service(data, what)
    return AdminStep(
        action=action,
        service=service.id,
        session=scope.session(data, service, what),
        customer=f.phone(data, "customer", what) if "customer" in data else scope.customer,
        line=data.line,
    )


def _expect(data: LocatedMap, what: str, allowed: tuple[str, ...]) -> Expect:
    if "expect" not in data:
        return Expect()
    block = f.mapping(data["expect"], data.mark("expect").line, f"{what}: expect")
    what = f"{what}: expect"
    for key in block:
        if key in USER_CHECKS + WORKER_CHECKS and key not in allowed:
            where = "worker" if key in WORKER_CHECKS else "user"
            raise f.Invalid(
                block.mark(key).line,
                f"{what}: {key} belongs on {where} steps"
                + (" (only the worker sends proactive messages)" if where == "worker" else ""),
            )
    f.check_keys(block, what, allowed=allowed)
    for name in f.strings(block, "tools_not", what):
        if name not in TOOL_NAMES:
            raise f.Invalid(
                block.mark("tools_not").line,
                f"{what}: tools_not names an unknown tool {name!r} "
                f"(tools: {', '.join(TOOL_NAMES)})",
            )
    expect = Expect(
        tools=read_tool_checks(block, "tools", what),
        tools_not=f.strings(block, "tools_not", what),
        reply_contains=_texts(block, "reply_contains", what),
        reply_matches=_patterns(block, "reply_matches", what, must_fail_on_empty=True),
        reply_not_matches=_patterns(block, "reply_not_matches", what, must_fail_on_empty=False),
        reply_mentions_dates=_days(block, what),
        outbound_matches=_patterns(block, "outbound_matches", what, must_fail_on_empty=True),
        outbound_count=(
            f.integer(block, "outbound_count", what) if "outbound_count" in block else None
        ),
        outbound_to=f.phone(block, "to", what) if "to" in block else None,
    )
    if not expect.checks_something():
        raise f.Invalid(block.line, f"{what} checks nothing: remove it or add a check")
    return expect


def _texts(block: LocatedMap, key: str, what: str) -> tuple[str, ...]:
    texts = f.strings(block, key, what)
    if any(not t.strip() for t in texts):
        raise f.Invalid(
            block.mark(key).line,
            f"{what}: {key} holds an empty string, which every reply contains (a check that "
            "cannot fail)",
        )
    return texts


def _patterns(
    block: LocatedMap, key: str, what: str, *, must_fail_on_empty: bool
) -> tuple[re.Pattern[str], ...]:
    """Patterns that can decide: one that matches the empty text matches every reply, so
    as a must-match it cannot fail and as a must-not-match it cannot pass."""
    line = block.mark(key).line
    patterns = tuple(f.pattern(p, line, f"{what}: {key}") for p in f.strings(block, key, what))
    for pattern in patterns:
        if pattern.search("") is not None:
            verdict = "cannot fail" if must_fail_on_empty else "can never pass"
            raise f.Invalid(
                line,
                f"{what}: {key} /{pattern.pattern}/ matches an empty text, so this check {verdict}",
            )
    return patterns


def _days(block: LocatedMap, what: str) -> tuple[date, ...]:
    key = "reply_mentions_dates"
    if key not in block:
        return ()
    value, mark = block[key], block.mark(key)
    what = f"{what}: {key}"
    if isinstance(value, str):
        return (f.calendar_day(value, mark, what),)
    listed = f.items(value, mark.line, what)
    return tuple(f.calendar_day(item, listed.mark(i), what) for i, item in enumerate(listed))


def booking_specs(
    listed: LocatedList, scope: Scope, what: str, *, final: bool, complete: bool = True
) -> tuple[BookingSpec, ...]:
    """`complete`: the list holds every booking of each customer and service it names
    (setup, or a final with partial: false), so an omitted `session` can be implied."""
    keys = ("customer", "service", "session", "start", "status") + (("of",) if final else ())
    specs = []
    for index, item in enumerate(listed):
        where = f"{what}[{index + 1}]"
        data = f.mapping(item, listed.mark(index).line, where)
        f.check_keys(data, where, allowed=keys, required=("service", "start"))
        specs.append(_spec(data, scope, where, final=final))
    return tuple(_implied_sessions(specs, scope, what, complete=complete))


def _spec(data: LocatedMap, scope: Scope, where: str, *, final: bool) -> BookingSpec:
    service = scope.service(data, where)
    of = (
        f.integer(data, "of", where, minimum=1)
        if final and "of" in data
        else service.total_sessions
    )
    status = f.text(data, "status", where, required=False) or "confirmed"
    if status not in STATUSES:
        raise f.Invalid(
            data.mark("status").line,
            f"{where}: status {status!r} is not one of {', '.join(STATUSES)}",
        )
    return BookingSpec(
        customer=f.phone(data, "customer", where) if "customer" in data else scope.customer,
        service=service.id,
        session=scope.session(data, service, where) if "session" in data else 0,
        of=of,
        start=f.local_datetime(data, "start", where, scope.business.zone),
        status=BookingStatus(status),
        line=data.line,
    )


def _implied_sessions(
    specs: list[BookingSpec], scope: Scope, what: str, *, complete: bool
) -> list[BookingSpec]:
    """A missing `session` is implied where it cannot be anything else: 1 for a
    single-session service; otherwise the booking's place in date order among the
    list's bookings of that customer and service, when the list is complete and none
    of them names a session."""
    out = []
    for spec in specs:
        if spec.session:
            out.append(spec)
            continue
        if scope.business.service(spec.service).total_sessions == 1:
            out.append(replace(spec, session=1))
            continue
        same = [s for s in specs if (s.customer, s.service) == (spec.customer, spec.service)]
        if not complete or any(s.session for s in same):
            why = "the list is partial" if not complete else "others of this plan name theirs"
            raise f.Invalid(spec.line, f"{what}: session is required here ({why})")
        order = sorted(s.start for s in same)
        out.append(replace(spec, session=order.index(spec.start) + 1))
    return out
