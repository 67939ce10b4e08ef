"""detect_intents / primary_intent."""

from __future__ import annotations

import pytest

from bookbot.agent.nlu import Intent, detect_intents, primary_intent

I = Intent  # noqa: E741


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I need a dental implant", I.BOOK),
        ("I want to learn to drive", I.BOOK),
        ("Can I book physio for tommorow?", I.BOOK),
        ("I want to book 2 more lessons", I.BOOK),
        ("what's free on Friday", I.AVAILABILITY),
        ("Do you have anything on wendesday afternoon?", I.AVAILABILITY),
        ("When is the earliest slot?", I.AVAILABILITY),
        ("how many sessions do I need?", I.PLAN_INFO),
        ("How long does the treatment take?", I.PLAN_INFO),
        ("How much does it cost?", I.PRICE),
        ("what's the price for physio therapy", I.PRICE),
        ("how many do I have left", I.PROGRESS),
        ("where am I", I.PROGRESS),
        ("how many lessons are left in my package?", I.PROGRESS),
        ("Can I move my Thursday appointment?", I.RESCHEDULE),
        ("I need to reschedule", I.RESCHEDULE),
        ("can we push it back a week", I.RESCHEDULE),
        ("please cancel my booking", I.CANCEL),
        ("I won't be coming on Friday", I.CANCEL),
        ("What are my appointments?", I.LIST_BOOKINGS),
        ("When is my next session?", I.LIST_BOOKINGS),
        ("what services do you offer?", I.SERVICES),
        ("Hi!", I.GREETING),
        ("Good morning", I.GREETING),
        ("thanks a lot", I.THANKS),
        ("help", I.HELP),
        ("can I talk to a real person", I.HELP),
        ("yes", I.YES),
        ("no", I.NO),
        ("show me John's appointments", I.OTHER_CUSTOMER),
        ("what did +41 79 123 45 67 book", I.OTHER_CUSTOMER),
        ("what did Anna book?", I.OTHER_CUSTOMER),
        ("who else is booked on Friday?", I.OTHER_CUSTOMER),
        ("list all customers", I.OTHER_CUSTOMER),
        # "my wife's appointment": booked from this phone, the customer's own (session 8)
        ("Maria's appointment, when is it?", I.OTHER_CUSTOMER),
        ("When is anna@example.com booked?", I.OTHER_CUSTOMER),
    ],
)
def test_primary_intent(text: str, expected: Intent) -> None:
    found = detect_intents(text)
    assert expected in found, found
    assert primary_intent(found) is expected, found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello, I would like to book physio, how much is it?", {I.GREETING, I.BOOK, I.PRICE}),
        ("Great, thanks!", {I.YES, I.THANKS}),
    ],
)
def test_several_intents(text: str, expected: set[Intent]) -> None:
    assert detect_intents(text) >= expected


@pytest.mark.parametrize(
    "text",
    [
        "My number is +41 79 123 45 67",
        "call me at 079 123 45 67 please",
        "Friday's appointment",
        "I'd like to book for me and my 2 kids",
        "it's my first time",
    ],
)
def test_own_data_is_not_someone_elses(text: str) -> None:
    assert Intent.OTHER_CUSTOMER not in detect_intents(text)


def test_cancel_outranks_list_and_book() -> None:
    found = detect_intents("I want to cancel my appointment")
    assert Intent.CANCEL in found and Intent.BOOK not in found
    assert Intent.LIST_BOOKINGS not in found


def test_nothing_known() -> None:
    assert detect_intents("pizza") == set()
    assert primary_intent(set()) is None
