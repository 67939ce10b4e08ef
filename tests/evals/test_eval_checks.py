"""The step checks and the final-bookings comparison, message by message."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from bookbot.core.types import BookingStatus
from bookbot.evals.cases_model import BookingSpec, Expect, Final
from bookbot.evals.checks import BookingRow, check_final, check_outbound, check_reply, check_tools
from bookbot.evals.tool_checks import ToolCheck, ToolUse

ZONE = ZoneInfo("Europe/Zurich")
ME = "+41790000001"


def calls(*names: str) -> list[ToolUse]:
    """Successful calls with no arguments; 'name!' is a call that returned an error."""
    return [ToolUse(n.rstrip("!"), "{}", not n.endswith("!")) for n in names]


def test_tools_in_order_with_others_between() -> None:
    expect = Expect(tools=(ToolCheck("propose_schedule"), ToolCheck("book_group")))
    assert check_tools(expect, calls("get_progress", "propose_schedule", "x", "book_group")) == []
    assert check_tools(expect, calls("propose_schedule")) == [
        "expected tool book_group, got [propose_schedule]"
    ]
    assert check_tools(expect, calls("book_group", "propose_schedule")) == [
        "expected tools [propose_schedule, book_group] in this order, "
        "got [book_group, propose_schedule]"
    ]
    assert check_tools(Expect(tools_not=("book_group",)), calls("book_group!")) == [
        "tool book_group must not be called, got [book_group [error]]"
    ]


def test_a_failed_call_does_not_satisfy_a_tool_check_unless_it_asks_for_the_error() -> None:
    expect = Expect(tools=(ToolCheck("book_group"),))
    assert check_tools(expect, calls("propose_schedule", "book_group!")) == [
        "expected tool book_group, got [propose_schedule, book_group [error]]"
    ]
    failed = Expect(tools=(ToolCheck("book_group", error=True),))
    assert check_tools(failed, calls("book_group!")) == []
    assert check_tools(failed, calls("book_group")) == [
        "expected tool book_group (failed), got [book_group]"
    ]


def test_tool_arguments_match_as_a_subset_with_dates_by_value() -> None:
    use = ToolUse(
        "propose_schedule",
        '{"service_id": "physio", "starts": ["2026-03-10T14:00"]}',
        True,
    )
    wanted = ToolCheck("propose_schedule", args={"starts": ["2026-03-10 14:00:00"]})
    assert check_tools(Expect(tools=(wanted,)), [use]) == []
    other = ToolCheck("propose_schedule", args={"starts": ["2026-03-10T15:00"]})
    assert check_tools(Expect(tools=(other,)), [use]) == [
        'expected tool propose_schedule with {"starts": ["2026-03-10T15:00"]}, '
        "got [propose_schedule]"
    ]
    wrong_key = ToolCheck("propose_schedule", args={"service_id": "laser"})
    assert check_tools(Expect(tools=(wrong_key,)), [use]) != []


def test_reply_checks() -> None:
    expect = Expect(
        reply_contains=("3 Sessions",),
        reply_matches=(re.compile(r"\b14:00\b"),),
        reply_not_matches=(re.compile(r"(?i)march 12"),),
    )
    assert check_reply(expect, "Your 3 sessions start at 14:00") == []
    assert check_reply(expect, "See you on March 12 at 15:00") == [
        "reply does not contain '3 Sessions'",
        "reply does not match /\\b14:00\\b/",
        "reply matches /(?i)march 12/ (found 'March 12')",
    ]


def test_outbound_checks() -> None:
    expect = Expect(outbound_matches=(re.compile("(?i)session 2"),), outbound_count=1)
    assert check_outbound(expect, [(ME, "Ready to book Session 2?")]) == []
    assert check_outbound(expect, []) == [
        "expected 1 message(s) sent, got 0",
        "no message sent in this step matches /(?i)session 2/",
    ]


def test_outbound_checks_see_messages_to_every_customer_unless_narrowed() -> None:
    other = ("+41790009999", "Reminder: Session 1 of 8 tomorrow at 10:00")
    assert check_outbound(Expect(outbound_count=0), [other]) == [
        "expected 0 message(s) sent, got 1"
    ]
    mine = Expect(outbound_count=0, outbound_to=ME)
    assert check_outbound(mine, [other]) == []
    theirs = Expect(outbound_matches=(re.compile("Reminder"),), outbound_to=ME)
    assert check_outbound(theirs, [other]) == [
        f"no message sent to {ME} in this step matches /Reminder/"
    ]


def spec(session: int, start: str, customer: str = ME, status: str = "confirmed") -> BookingSpec:
    moment = datetime.fromisoformat(start).replace(tzinfo=ZONE)
    return BookingSpec(customer, "physio", session, 8, moment, BookingStatus(status), line=1)


def row(session: int, start: str, customer: str = ME, status: str = "confirmed") -> BookingRow:
    return BookingRow(customer, "physio", session, 8, start, status)


def test_final_exactly_these_for_every_customer_named() -> None:
    final = Final(partial=False, bookings=(spec(1, "2026-03-05T10:00"),), line=1)
    other = row(1, "2026-03-05T10:00", customer="+41790009999")
    assert (
        check_final(final, [row(1, "2026-03-05T10:00"), other], zone=ZONE, case_customer=ME) == []
    )
    assert check_final(
        final,
        [row(1, "2026-03-06T10:00"), row(2, "2026-03-09T10:00")],
        zone=ZONE,
        case_customer=ME,
    ) == [
        "physio session 1: expected 2026-03-05T10:00 (confirmed, of 8), "
        "got 2026-03-06T10:00 (confirmed, of 8)",
        "unexpected booking physio session 2 of 8 at 2026-03-09T10:00 (confirmed)",
    ]
    assert check_final(final, [], zone=ZONE, case_customer=ME) == [
        "missing booking physio session 1 of 8 at 2026-03-05T10:00 (confirmed)"
    ]


def test_final_names_other_customers_and_statuses() -> None:
    theirs = spec(1, "2026-03-05T10:00", customer="+41790009999")
    final = Final(partial=False, bookings=(theirs,), line=1)
    cancelled = row(1, "2026-03-05T10:00", customer="+41790009999", status="cancelled")
    assert check_final(final, [cancelled], zone=ZONE, case_customer=ME) == [
        "physio session 1 for +41790009999: expected 2026-03-05T10:00 (confirmed, of 8), "
        "got 2026-03-05T10:00 (cancelled, of 8)"
    ]


def test_partial_final_allows_other_bookings() -> None:
    final = Final(partial=True, bookings=(spec(1, "2026-03-05T10:00"),), line=1)
    actual = [row(1, "2026-03-05T10:00"), row(2, "2026-03-09T10:00")]
    assert check_final(final, actual, zone=ZONE, case_customer=ME) == []
    assert check_final(final, actual[1:], zone=ZONE, case_customer=ME) == [
        "missing booking physio session 1 of 8 at 2026-03-05T10:00 (confirmed)"
    ]
