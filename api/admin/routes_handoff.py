"""Human handoff in the admin (issue #20): the inbox of threads waiting for a person,
a thread with its whole transcript, and staff's actions on it.

- `GET /handoff/inbox`: threads handed to staff or taken over; those whose customer
  waits first, the longest waiting first, each with its waiting time.
- `GET /handoff/threads/{id}`: the thread's handoff and transcript (tool calls too),
  and whether WhatsApp's 24-hour window is open (outside it a reply goes as a template).
- `POST /handoff/threads/{id}/take-over`: staff answer this thread from now on.
- `POST /handoff/threads/{id}/reply`: a staff message, through the same outbox and
  WhatsApp rules as the bot's replies; replying takes the thread over.
- `POST /handoff/threads/{id}/hand-back`: the bot answers the next message again.

`by` in a body is the staff member's display name (default: the admin's actor); who
may act at all is the bearer token's business (`AdminDep`).
"""

# No `from __future__ import annotations`: FastAPI reads the route signatures at
# definition time.

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from bookbot.api.admin.deps import Admin, AdminDep
from bookbot.api.admin.errors import AdminRoute
from bookbot.api.deps import NowDep, RuntimeDep, SessionDep, StateDep
from bookbot.api.whatsapp import within_service_window
from bookbot.service import handoff
from bookbot.store import admin_transcripts, wakeups
from bookbot.store import handoff as handoff_store
from bookbot.store.admin_transcripts import Transcript
from bookbot.store.handoff import HandoffState, Waiting

RowId = Annotated[int, Path(ge=1, le=2**31 - 1, description="A conversation id")]
MAX_TEXT = 4096
"""WhatsApp's longest text message."""

router = APIRouter(route_class=AdminRoute, tags=["admin: handoff"], prefix="/handoff")


class CustomerRef(BaseModel):
    id: int
    phone: str
    name: str | None


class HandoffOut(BaseModel):
    conversation_id: int
    customer: CustomerRef
    channel: str
    status: str | None
    """"requested" (waits for a person), "taken" (a person answers) or None (the bot)."""
    since: datetime | None
    by: str | None
    within_window: bool
    """Whether WhatsApp's 24-hour window is open: a reply goes as text, else as a template."""

    @classmethod
    def of(cls, thread: HandoffState, now: datetime) -> "HandoffOut":
        return cls(
            conversation_id=thread.conversation_id,
            customer=CustomerRef(id=thread.customer_id, phone=thread.phone, name=thread.name),
            channel=thread.channel,
            status=thread.status,
            since=thread.since,
            by=thread.by,
            within_window=within_service_window(thread.last_inbound_at, now),
        )


class InboxItemOut(HandoffOut):
    held: int
    """Customer messages held for staff since staff last wrote."""
    waiting_since: datetime | None
    """Since when the customer waits for a person (None: staff wrote last)."""
    waiting_seconds: int | None
    last_text: str | None

    @classmethod
    def waiting(cls, item: Waiting, now: datetime) -> "InboxItemOut":
        base = HandoffOut.of(item.thread, now)
        since = item.waiting_since
        seconds = None if since is None else max(0, int((now - since).total_seconds()))
        return cls(
            **base.model_dump(),
            held=item.held,
            waiting_since=since,
            waiting_seconds=seconds,
            last_text=item.last_text,
        )


class ThreadOut(BaseModel):
    handoff: HandoffOut
    transcript: Transcript


class StaffIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    by: str | None = Field(default=None, min_length=1, max_length=100, description="Staff name")


class ReplyIn(StaffIn):
    text: str = Field(min_length=1, max_length=MAX_TEXT, description="The message to send")


class ReplyOut(BaseModel):
    message_id: int
    outbox_id: int | None
    """The outbox row that sends it (None on a channel read from the store, /chat)."""
    as_template: bool
    """Outside WhatsApp's 24-hour window it goes as the approved template."""
    handoff: HandoffOut


def _state(session: Session, conversation_id: int, now: datetime) -> HandoffOut:
    return HandoffOut.of(handoff_store.thread_state(session, conversation_id=conversation_id), now)


def _by(admin: Admin, body: StaffIn | None) -> str:
    name = (body.by or "").strip() if body is not None else ""
    return name or admin.actor


@router.get("/inbox")
def inbox(_admin: AdminDep, session: SessionDep, now: NowDep) -> list[InboxItemOut]:
    """Threads waiting for a person or taken over by one; the longest waiting first."""
    return [InboxItemOut.waiting(item, now) for item in handoff_store.inbox(session)]


@router.get("/threads/{conversation_id}")
def thread(conversation_id: RowId, _admin: AdminDep, session: SessionDep, now: NowDep) -> ThreadOut:
    """The thread's handoff and its whole transcript, tool calls included."""
    state = handoff_store.thread_state(session, conversation_id=conversation_id)
    return ThreadOut(
        handoff=HandoffOut.of(state, now),
        transcript=admin_transcripts.transcript(session, conversation_id=conversation_id),
    )


@router.post("/threads/{conversation_id}/take-over")
def take_over(
    conversation_id: RowId,
    admin: AdminDep,
    session: SessionDep,
    now: NowDep,
    body: StaffIn | None = None,
) -> HandoffOut:
    """Staff answer this thread from now on: the bot holds the customer's messages."""
    handoff.take_over(session, conversation_id=conversation_id, by=_by(admin, body), now=now)
    session.commit()
    return _state(session, conversation_id, now)


@router.post("/threads/{conversation_id}/reply")
def reply(
    conversation_id: RowId,
    body: ReplyIn,
    admin: AdminDep,
    session: SessionDep,
    now: NowDep,
    state: StateDep,
    runtime: RuntimeDep,
) -> ReplyOut:
    """Send a staff message to the customer through the outbox (the thread is taken over)."""
    sent = handoff.staff_reply(
        session, conversation_id=conversation_id, text=body.text, by=_by(admin, body), now=now
    )
    session.commit()
    if sent.outbox_id is not None:
        if state.turns_here:
            state.deliver()  # as a reply is sent by the process that stored it
        else:
            wakeups.notify_now(runtime.engine, wakeups.OUTBOX)
    thread = HandoffOut.of(
        handoff_store.thread_state(session, conversation_id=conversation_id), now
    )
    return ReplyOut(
        message_id=sent.message_id,
        outbox_id=sent.outbox_id,
        as_template=sent.outbox_id is not None and not thread.within_window,
        handoff=thread,
    )


@router.post("/threads/{conversation_id}/hand-back")
def hand_back(
    conversation_id: RowId, _admin: AdminDep, session: SessionDep, now: NowDep
) -> HandoffOut:
    """The bot answers the thread's next message, with staff's messages in its history."""
    handoff.hand_back(session, conversation_id=conversation_id)
    session.commit()
    return _state(session, conversation_id, now)
