"""The same plan offered again after the customer turned it down is not offered: the bot
says it could not read the change and asks, so the next "yes" cannot book what the
customer just refused."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bookbot.agent.model import ModelRequest
from bookbot.agent.offline.policy import OfflineModel
from bookbot.settings import DEMO_BUSINESS
from bookbot.store import load_business_file

BUSINESS = load_business_file(DEMO_BUSINESS)
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Zurich"))
SHOWN = [[1, 1, "Sat 7 Mar 2026, 09:00"]]


def compose(customer: str, when: str = "Sat 7 Mar 2026, 09:00") -> str:
    call = {"id": "c1", "type": "function",
            "function": {"name": "propose_schedule", "arguments": json.dumps(
                {"service_id": "consultation", "starts": ["2026-03-07T09:00"]})}}  # fmt: skip
    result = {
        "ok": True,
        "proposal_id": "3f0c8a52-3c1e-4bb7-9b7e-0f6a2d1f9a11",
        "service_id": "consultation",
        "service_name": "Initial Consultation",
        "kind": "book",
        "sessions": [{"number": 1, "of": 1, "start": "2026-03-07T09:00", "when": when,
                      "duration_minutes": 30}],
        "moved_sessions": [],
        "total_price": "CHF 80",
        "sessions_left_after": 0,
        "next_step": "show these sessions and ask the customer to confirm; then call book_group",
    }  # fmt: skip
    request = ModelRequest(
        system="",
        messages=[
            {"role": "user", "content": customer},
            {"role": "assistant", "content": None, "tool_calls": [call]},
            {"role": "tool", "tool_call_id": "c1", "content": json.dumps(result)},
        ],
        tools=[],
        now=NOW,
        business=BUSINESS,
        state={"stage": "confirm", "shown": SHOWN, "kind": "book"},
    )
    return OfflineModel().complete(request).content or ""


@pytest.mark.parametrize(
    "customer",
    [
        "no wait, saturday doesn't work for us after all",
        "hmm rather not that one",
        "nein, samstags geht es doch nicht",
        "mejor no, el sábado no me va",
    ],
)
def test_the_declined_plan_is_not_offered_again(customer: str) -> None:
    reply = compose(customer)
    assert "7 Mar" not in reply and "7.3." not in reply and "7 mar" not in reply, reply
    assert "?" in reply


def test_a_new_plan_after_a_change_is_offered() -> None:
    assert "Mon 9 Mar" in compose("monday instead", when="Mon 9 Mar 2026, 09:00")


def test_the_same_plan_after_a_yes_is_offered() -> None:
    assert "Sat 7 Mar" in compose("yes please")
