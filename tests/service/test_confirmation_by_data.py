"""Confirmation is data: a model that books after anything but a yes books nothing.

A scripted LLM proposes a plan, and on the customer's next message applies it
whatever the customer wrote (book_group, or a move or a cancellation with its
proposal id). Only an explicit yes, recorded on the customer's message, lets it
through; after a no (in English, German or Spanish), a change or something
unclear the tool returns a retry error asking for a clear yes. SQLite, and
PostgreSQL when BOOKBOT_TEST_POSTGRES_URL is set.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bookbot.agent.model import ModelRequest, ModelResponse, ScriptedModel, ToolCall, tool_call
from bookbot.agent.turn import Agent
from bookbot.core.config import Business
from bookbot.prompts.render import render_system_prompt
from bookbot.service.conversations import Conversations
from bookbot.store import load_business_file
from bookbot.store.models import BookingRow, MessageRow, ProposalRow
from bookbot.tools.toolset import build_registry

ZONE = ZoneInfo("Europe/Zurich")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZONE)
MARIE = "+41790000001"
DEMO = Path(__file__).resolve().parents[2] / "evals" / "businesses" / "demo.yaml"
IMPLANT = "dental-implant"


@pytest.fixture
def business() -> Business:
    return load_business_file(DEMO)


class Script:
    """An LLM that makes `first` on the first customer message and `then(proposal_id)`
    on every later one, whatever the customer wrote; it keeps every tool result."""

    def __init__(self, first: ToolCall, then: str, **then_args: Any) -> None:
        self.first, self.then, self.then_args = first, then, then_args
        self.proposal_id: str | None = None
        self.results: list[dict[str, Any]] = []

    def __call__(self, request: ModelRequest) -> ModelResponse:
        last = request.messages[-1]
        if last["role"] == "user":
            if self.proposal_id is None:
                return ModelResponse(tool_calls=(self.first,))
            args = {**self.then_args, "proposal_id": self.proposal_id}
            return ModelResponse(tool_calls=(tool_call("apply", self.then, **args),))
        result = json.loads(last["content"])
        self.results.append(result)
        if self.proposal_id is None and result.get("proposal_id"):
            self.proposal_id = result["proposal_id"]
        return ModelResponse(content="ok")


def chat(factory: sessionmaker[Session], business: Business, script: Script) -> Conversations:
    agent = Agent(
        ScriptedModel(script),
        build_registry(),
        system_prompt=lambda b, now, name: render_system_prompt(b, now, customer_name=name),
    )
    return Conversations(factory, business, agent)


def propose_implant() -> ToolCall:
    return tool_call("p", "propose_schedule", service_id=IMPLANT, starts=["2026-03-10T14:00"])


def bookings(factory: sessionmaker[Session]) -> list[tuple[int, str]]:
    """(number, status) of each booking, by number then start."""
    return [(number, status) for number, status, _ in schedule(factory)]


def schedule(factory: sessionmaker[Session]) -> list[tuple[int, str, datetime]]:
    with factory() as session:
        query = select(BookingRow).order_by(BookingRow.session_number, BookingRow.start_at)
        return [(r.session_number, r.status, r.start_at) for r in session.scalars(query)]


def last_inbound(factory: sessionmaker[Session]) -> MessageRow:
    with factory() as session:
        query = select(MessageRow).where(MessageRow.direction == "inbound")
        return session.scalars(query.order_by(MessageRow.id.desc()).limit(1)).one()


NOT_YES = [
    "no thanks, I do not want that",
    "nein danke",
    "no gracias",
    "can we do another day instead?",
    "hmm, let me think about it",
]


@pytest.mark.parametrize("answer", NOT_YES)
def test_book_group_after_anything_but_a_yes_books_nothing(
    factory: sessionmaker[Session], business: Business, answer: str
) -> None:
    script = Script(propose_implant(), "book_group")
    conversations = chat(factory, business, script)
    conversations.handle(phone=MARIE, text="an implant on March 10 at 2pm", now=NOW)
    conversations.handle(phone=MARIE, text=answer, now=NOW)

    refusal = script.results[-1]
    assert refusal["error"]["code"] == "not_confirmed", refusal
    assert "clear yes" in refusal["error"]["hint"]
    assert bookings(factory) == []
    message = last_inbound(factory)
    assert message.confirmation != "yes" and message.confirmation_source == "text"
    with factory() as session:
        proposal = session.scalars(select(ProposalRow)).one()
    assert proposal.answer_message_id == message.id and proposal.booked_at is None


def test_a_plain_no_is_recorded_as_no(
    factory: sessionmaker[Session], business: Business
) -> None:
    script = Script(propose_implant(), "book_group")
    conversations = chat(factory, business, script)
    conversations.handle(phone=MARIE, text="an implant on March 10 at 2pm", now=NOW)
    conversations.handle(phone=MARIE, text="no thanks, I do not want that", now=NOW)
    assert last_inbound(factory).confirmation == "no"
    assert "said no" in script.results[-1]["error"]["message"]


def test_book_group_after_a_yes_books_the_plan(
    factory: sessionmaker[Session], business: Business
) -> None:
    script = Script(propose_implant(), "book_group")
    conversations = chat(factory, business, script)
    conversations.handle(phone=MARIE, text="an implant on March 10 at 2pm", now=NOW)
    conversations.handle(phone=MARIE, text="yes please, book it", now=NOW)
    assert script.results[-1]["booked"] is True
    assert bookings(factory) == [(1, "confirmed"), (2, "confirmed"), (3, "confirmed")]
    assert last_inbound(factory).confirmation == "yes"


def test_a_yes_before_a_later_unclear_message_no_longer_books(
    factory: sessionmaker[Session], business: Business
) -> None:
    """The answer that counts is the customer's latest message after the proposal."""
    script = Script(propose_implant(), "list_bookings")
    conversations = chat(factory, business, script)
    conversations.handle(phone=MARIE, text="an implant on March 10 at 2pm", now=NOW)
    conversations.handle(phone=MARIE, text="yes", now=NOW)  # the model only looks
    script.then = "book_group"
    conversations.handle(phone=MARIE, text="what does it cost?", now=NOW)
    assert script.results[-1]["error"]["code"] == "not_confirmed"
    assert bookings(factory) == []


def _book_a_plan(factory: sessionmaker[Session], business: Business) -> None:
    script = Script(propose_implant(), "book_group")
    conversations = chat(factory, business, script)
    conversations.handle(phone=MARIE, text="an implant on March 10 at 2pm", now=NOW)
    conversations.handle(phone=MARIE, text="yes", now=NOW)
    assert len(bookings(factory)) == 3


@pytest.mark.parametrize(
    "preview",
    [
        tool_call(
            "m",
            "reschedule_session",
            service_id=IMPLANT,
            session_number=1,
            new_start="2026-03-11T14:00",
        ),
        tool_call("c", "cancel_booking", service_id=IMPLANT, session_number=3),
    ],
    ids=["move", "cancel"],
)
def test_a_move_or_a_cancellation_is_not_applied_after_a_no(
    factory: sessionmaker[Session], business: Business, preview: ToolCall
) -> None:
    _book_a_plan(factory, business)
    before = schedule(factory)
    name = preview.name
    script = Script(preview, name, service_id=IMPLANT)
    conversations = chat(factory, business, script)
    conversations.handle(phone=MARIE, text="I need to change my plan", now=NOW)
    conversations.handle(phone=MARIE, text="nah, forget it, keep it as it is", now=NOW)
    assert script.results[-1]["error"]["code"] == "not_confirmed", script.results[-1]
    assert schedule(factory) == before
    with factory() as session:
        open_change = session.scalars(select(ProposalRow).where(ProposalRow.kind != "book")).one()
    assert open_change.booked_at is None

    conversations.handle(phone=MARIE, text="ok, yes, do it", now=NOW)
    assert script.results[-1]["booked"] is True
    assert schedule(factory) != before
