"""Buttons and reactions carry their proposal (issue 14, point 2), over the webhook.

A reply that shows an offer has buttons whose ids name it (`yes:<proposal id>`).
Tapped under an offer a newer one replaced, a button books nothing: the reply
says the offer was replaced and shows the current one, whose own button books
it. A 👍 on the offer's message confirms that offer; any other reaction is
stored and not answered. SQLite, and PostgreSQL when configured.

WhatsApp reactions are parsed by the webhook's intake (kind "reaction", the
emoji as text, the reacted-to message as context); here they are stored as the
intake stores them and answered by the inbound queue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import respx
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from bookbot.agent.runtime import Runtime, open_runtime
from bookbot.api.deps import AppState
from bookbot.store.db import write_session
from bookbot.store.inbound import store_message
from bookbot.store.models import BookingRow, MessageRow, ProposalRow, TurnRow
from tests.api.service_testkit import (
    MARIE,
    NOW,
    button_reply,
    count,
    delivery,
    post_webhook,
    sent_bodies,
    service_settings,
    text_message,
)

IMPLANT = "I need a dental implant"
FIRST = "March 10th at 2pm"
SECOND = "How about March 12th at 10am instead?"


@pytest.fixture
def wa(
    any_db_url: str, make_client: Callable[[Runtime], TestClient]
) -> Iterator[tuple[Runtime, TestClient]]:
    with open_runtime(service_settings(any_db_url)) as runtime:
        yield runtime, make_client(runtime)


def offer_buttons(body: dict[str, Any]) -> dict[str, str]:
    """A sent interactive message's buttons: verb -> id."""
    assert body["type"] == "interactive", body
    buttons = body["interactive"]["action"]["buttons"]
    return {b["reply"]["id"].partition(":")[0]: b["reply"]["id"] for b in buttons}


def proposals(runtime: Runtime) -> list[ProposalRow]:
    with runtime.session_factory() as session:
        query = select(ProposalRow).order_by(ProposalRow.shown_in_message_id)
        return list(session.scalars(query))


def starts(runtime: Runtime) -> list[str]:
    with runtime.session_factory() as session:
        rows = session.scalars(select(BookingRow).order_by(BookingRow.session_number))
        return [f"{r.session_number}:{r.start_at:%m-%d}" for r in rows]


def offer_twice(client: TestClient, graph: respx.Router) -> tuple[dict[str, str], dict[str, str]]:
    """Marie is offered a plan (reply wamid.out.2), then a second one (wamid.out.3)."""
    post_webhook(client, delivery(messages=[text_message("wamid.1", IMPLANT)]))
    post_webhook(client, delivery(messages=[text_message("wamid.2", FIRST)]))
    old = offer_buttons(sent_bodies(graph)[-1])
    post_webhook(client, delivery(messages=[text_message("wamid.3", SECOND)]))
    new = offer_buttons(sent_bodies(graph)[-1])
    return old, new


def test_button_ids_name_the_proposal_they_confirm(
    wa: tuple[Runtime, TestClient], graph: respx.Router
) -> None:
    runtime, client = wa
    old, new = offer_twice(client, graph)
    first, second = proposals(runtime)
    assert old["yes"] == f"yes:{first.id}" and old["change"] == f"change:{first.id}"
    assert new["yes"] == f"yes:{second.id}"
    assert first.expires_at is not None and second.expires_at is None  # replaced


def test_an_old_button_books_nothing_and_shows_the_current_offer(
    wa: tuple[Runtime, TestClient], graph: respx.Router
) -> None:
    runtime, client = wa
    old, new = offer_twice(client, graph)
    turns = count(runtime, TurnRow)

    tap = button_reply("wamid.4", old["yes"], "Yes, book it", context="wamid.out.2")
    assert post_webhook(client, delivery(messages=[tap])).status_code == 200

    assert starts(runtime) == []
    assert count(runtime, TurnRow) == turns  # answered without a turn
    replaced = sent_bodies(graph)[-1]
    text = replaced["interactive"]["body"]["text"]
    assert "replaced" in text and "Thu 12 Mar 2026, 10:00" in text
    assert "Tue 10 Mar" not in text
    assert offer_buttons(replaced)["yes"] == new["yes"]
    with runtime.session_factory() as session:
        message = session.scalars(select(MessageRow).where(MessageRow.wa_message_id == "wamid.4"))
        stored = message.one()
    assert (stored.confirmation, stored.confirmation_source) == ("yes", "button")
    assert stored.proposal_id == proposals(runtime)[0].id

    again = button_reply("wamid.5", new["yes"], "Yes, book it", context="wamid.out.4")
    post_webhook(client, delivery(messages=[again]))
    assert starts(runtime) == ["1:03-12", "2:03-26", "3:04-25"]


def test_the_current_offers_button_books_it(
    wa: tuple[Runtime, TestClient], graph: respx.Router
) -> None:
    runtime, client = wa
    _, new = offer_twice(client, graph)
    tap = button_reply("wamid.4", new["yes"], "Yes, book it", context="wamid.out.3")
    post_webhook(client, delivery(messages=[tap]))
    assert starts(runtime) == ["1:03-12", "2:03-26", "3:04-25"]


def test_another_time_under_the_offer_books_nothing(
    wa: tuple[Runtime, TestClient], graph: respx.Router
) -> None:
    runtime, client = wa
    post_webhook(client, delivery(messages=[text_message("wamid.1", IMPLANT)]))
    post_webhook(client, delivery(messages=[text_message("wamid.2", FIRST)]))
    change = offer_buttons(sent_bodies(graph)[-1])["change"]
    tap = button_reply("wamid.3", change, "Another time", context="wamid.out.2")
    post_webhook(client, delivery(messages=[tap]))
    assert starts(runtime) == []
    (proposal,) = proposals(runtime)
    assert proposal.answer == "change"


def app_state(client: TestClient) -> AppState:
    app: FastAPI = client.app  # type: ignore[assignment]
    state: AppState = app.state.bookbot
    return state


def react(runtime: Runtime, state: AppState, wamid: str, on: str, emoji: str) -> MessageRow:
    """Marie reacts with `emoji` on our message `on`, stored as the webhook's intake
    stores a reaction, then answered by the queue; the stored reaction."""
    event = {"kind": "reaction", "text": emoji, "context_id": on, "message_id": wamid}
    with write_session(runtime.session_factory) as session:
        stored = store_message(
            session,
            phone=MARIE,
            text=emoji,
            at=NOW,
            channel="whatsapp",
            wa_message_id=wamid,
            payload={"kind": "reaction", "event": event},
            status="pending",
        )
    assert stored is not None
    state.queue.notify(stored.customer_id)
    with runtime.session_factory() as session:
        return session.get_one(MessageRow, stored.message_id)


def test_a_thumbs_up_on_the_offer_books_it(
    wa: tuple[Runtime, TestClient], graph: respx.Router
) -> None:
    runtime, client = wa
    post_webhook(client, delivery(messages=[text_message("wamid.1", IMPLANT)]))
    post_webhook(client, delivery(messages=[text_message("wamid.2", FIRST)]))
    reaction = react(runtime, app_state(client), "wamid.3", "wamid.out.2", "👍🏽")
    assert starts(runtime) == ["1:03-10", "2:03-24", "3:04-23"]
    assert (reaction.confirmation, reaction.confirmation_source) == ("yes", "reaction")
    assert reaction.status == "answered"
    assert "confirmed" in sent_bodies(graph)[-1]["text"]["body"].lower()


def test_a_thumbs_up_on_a_replaced_offer_shows_the_current_one(
    wa: tuple[Runtime, TestClient], graph: respx.Router
) -> None:
    runtime, client = wa
    offer_twice(client, graph)
    react(runtime, app_state(client), "wamid.4", "wamid.out.2", "👍")
    assert starts(runtime) == []
    assert "replaced" in sent_bodies(graph)[-1]["interactive"]["body"]["text"]


@pytest.mark.parametrize(
    "emoji, on", [("😂", "wamid.out.2"), ("", "wamid.out.2"), ("👍", "wamid.out.1")]
)
def test_other_reactions_are_stored_not_answered(
    wa: tuple[Runtime, TestClient], graph: respx.Router, emoji: str, on: str
) -> None:
    """A 😂, a reaction taken off, or a 👍 on a message that showed no offer."""
    runtime, client = wa
    post_webhook(client, delivery(messages=[text_message("wamid.1", IMPLANT)]))
    post_webhook(client, delivery(messages=[text_message("wamid.2", FIRST)]))
    turns, sends = count(runtime, TurnRow), graph["messages"].call_count

    reaction = react(runtime, app_state(client), "wamid.3", on, emoji)

    assert reaction.status == "answered" and reaction.text == emoji
    assert reaction.confirmation is None
    assert count(runtime, TurnRow) == turns
    assert graph["messages"].call_count == sends
    assert starts(runtime) == []
    (proposal,) = proposals(runtime)
    assert proposal.answer is None  # the reaction answered nothing
    assert proposal.answered_at is None  # the offer still waits for its yes or no
