"""The assertions of a case: each `expect` key of a step, and the `final` bookings.

Every check returns failure messages in the report's words ("expected tool
book_group, got [propose_schedule]"); an empty list is a pass. Final bookings
are compared as multisets of (customer, service, session, of, local start,
status), the way τ-bench judges an agent by the database it leaves behind.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bookbot.evals.cases_model import BookingSpec, Expect, Final
from bookbot.evals.date_mentions import missing_dates
from bookbot.evals.tool_checks import ToolUse, check_tool_calls


@dataclass(frozen=True, slots=True, order=True)
class BookingRow:
    """A booking as the final check compares it."""

    customer: str
    service: str
    session: int
    of: int
    start: str
    status: str

    def describe(self, case_customer: str) -> str:
        who = "" if self.customer == case_customer else f" for {self.customer}"
        return (
            f"{self.service} session {self.session} of {self.of} at {self.start} "
            f"({self.status}){who}"
        )


def local_text(moment: datetime, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%Y-%m-%dT%H:%M}"


def spec_row(spec: BookingSpec, zone: ZoneInfo) -> BookingRow:
    return BookingRow(
        spec.customer,
        spec.service,
        spec.session,
        spec.of,
        local_text(spec.start, zone),
        spec.status.value,
    )


def check_tools(expect: Expect, called: Sequence[ToolUse]) -> list[str]:
    return check_tool_calls(expect.tools, expect.tools_not, called)


def check_reply(expect: Expect, reply: str) -> list[str]:
    failures = []
    folded = reply.casefold()
    for text in expect.reply_contains:
        if text.casefold() not in folded:
            failures.append(f"reply does not contain {text!r}")
    for pattern in expect.reply_matches:
        if pattern.search(reply) is None:
            failures.append(f"reply does not match /{pattern.pattern}/")
    for pattern in expect.reply_not_matches:
        found = pattern.search(reply)
        if found is not None:
            failures.append(f"reply matches /{pattern.pattern}/ (found {found.group(0)!r})")
    for day in missing_dates(reply, expect.reply_mentions_dates):
        failures.append(f"reply does not mention {day.isoformat()} ({day:%a} {day.day} {day:%b})")
    return failures


def check_outbound(expect: Expect, messages: Sequence[tuple[str, str]]) -> list[str]:
    """`messages`: (phone, text) of everything sent in the step, to any customer; `to:`
    narrows the checks to one phone."""
    sent = [text for phone, text in messages if expect.outbound_to in (None, phone)]
    who = "" if expect.outbound_to is None else f" to {expect.outbound_to}"
    failures = []
    if expect.outbound_count is not None and len(sent) != expect.outbound_count:
        failures.append(f"expected {expect.outbound_count} message(s) sent{who}, got {len(sent)}")
    for pattern in expect.outbound_matches:
        if not any(pattern.search(text) for text in sent):
            failures.append(f"no message sent{who} in this step matches /{pattern.pattern}/")
    return failures


def check_final(
    final: Final, actual: Iterable[BookingRow], *, zone: ZoneInfo, case_customer: str
) -> list[str]:
    """`partial: false`: exactly the listed bookings for every customer named."""
    expected = Counter(spec_row(spec, zone) for spec in final.bookings)
    named = {case_customer} | {row.customer for row in expected}
    found = Counter(row for row in actual if final.partial is False and row.customer in named)
    if final.partial:
        found = Counter(row for row in actual if row in expected)
    missing = sorted((expected - found).elements())
    extra = [] if final.partial else sorted((found - expected).elements())
    return _describe_differences(missing, extra, case_customer)


def _describe_differences(
    missing: list[BookingRow], extra: list[BookingRow], case_customer: str
) -> list[str]:
    failures = []
    for want in missing:
        twin = next(
            (
                got
                for got in extra
                if (got.customer, got.service, got.session)
                == (want.customer, want.service, want.session)
            ),
            None,
        )
        if twin is not None:
            extra.remove(twin)
            who = "" if want.customer == case_customer else f" for {want.customer}"
            failures.append(
                f"{want.service} session {want.session}{who}: expected {want.start} "
                f"({want.status}, of {want.of}), got {twin.start} ({twin.status}, of {twin.of})"
            )
        else:
            failures.append(f"missing booking {want.describe(case_customer)}")
    failures += [f"unexpected booking {got.describe(case_customer)}" for got in extra]
    return failures
