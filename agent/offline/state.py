"""The offline model's dialogue state, typed: what the dialogue waits for (`Stage`)
and everything it remembers between two messages (`DialogueState`).

The state travels in `ModelResponse.state` and the conversation store keeps it as a
JSON object between turns. `DialogueState.load` is the one way in: it validates what
was stored and migrates what an older version wrote (a field it cannot read is
dropped with a log line, never a crash in the middle of a conversation).
`DialogueState.dump` is the one way out: a state the policy wrote that does not fit
this model is a bug and raises.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Any, assert_never

from pydantic import BaseModel, ConfigDict, Field, ValidationError

log = logging.getLogger(__name__)


class Stage(StrEnum):
    """What the dialogue's last reply asked for (none: nothing is asked)."""

    ASK_START = "ask_start"
    """When the (first) session should be."""
    ASK_COUNT = "ask_count"
    """How many sessions of a flexible package to book now."""
    COLLECT = "collect"
    """The next start of the sessions being collected."""
    CONFIRM = "confirm"
    """A yes to the proposal shown (booking, move or cancellation)."""
    ASK_WHICH = "ask_which"
    """Which session of a plan booked in full moves to `move_to`."""
    ASK_RESCHEDULE = "ask_reschedule"
    """The new time of the session being moved."""


def waits_for_time(stage: Stage | None) -> bool:
    """Whether an answer in this stage may be a time of day ("make it 11" is an hour,
    not a count of sessions)."""
    if stage is None:
        return False
    match stage:
        case Stage.ASK_START | Stage.COLLECT | Stage.CONFIRM | Stage.ASK_RESCHEDULE:
            return True
        case Stage.ASK_COUNT | Stage.ASK_WHICH:
            return False
        case _:
            assert_never(stage)


class Pending(BaseModel):
    """A multi-step intent waiting for a tool result (`intent`: focus, next, collect,
    nothing_ahead, moved, cancel_all, cancel, reschedule) and what it carries (the
    change's session, day, start, shift... as the change reader wrote them)."""

    model_config = ConfigDict(frozen=True, extra="allow")

    intent: str


class WhichSession(BaseModel):
    """A change waiting for the customer to say which of several sessions it means."""

    model_config = ConfigDict(frozen=True)

    pending: Pending
    sessions: list[tuple[int, str]]


class Offer(BaseModel):
    """A proposal shown earlier, kept so "the first time you offered" can return."""

    model_config = ConfigDict(frozen=True, extra="allow")

    service: str
    starts: list[str]


class CancelAllStep(BaseModel):
    """Where "cancel all my appointments" stands: confirm, preview, apply."""

    model_config = ConfigDict(frozen=True, extra="allow")

    step: str
    services: list[str] = Field(default_factory=list)


class DialogueState(BaseModel):
    """Everything the offline dialogue keeps between two messages. Field names are the
    JSON keys the store keeps, so states written before this model existed load."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    lang: str | None = None
    stage: Stage | None = None
    service: str | None = None
    """The service in focus (its id)."""
    kind: str | None = None
    """What the proposal on screen does: book, reschedule or cancel."""
    proposal: str | None = None
    """The id of the proposal awaiting a yes."""
    shown: list[tuple[int, int, str]] | None = None
    """The sessions of the shown booking proposal: (number, of, when)."""
    shown_starts: list[str] | None = None
    """The starts of the shown booking or cancellation (ISO): a yes that names them again
    ("yeah cancel the fri one") is a yes to it."""
    starts: list[str] | None = None
    """The starts the customer wished (local ISO), what "make it 5:30" changes."""
    replace: str | None = None
    """The wished start that did not fit: a picked option replaces only it."""
    ref: str | None = None
    """The start "same time" refers to."""
    session: int | None = None
    """The session number a move is about."""
    move_to: str | None = None
    alternatives: list[str] | None = None
    """The numbered options shown (local ISO starts)."""
    yes_takes_first: bool | None = None
    either: list[str] | None = None
    """The starts the customer offered as alternatives ("at 5 or at 6:30"), looked up:
    the free ones become the options."""
    pending: Pending | None = None
    pending_date: str | None = None
    """The day whose free times were shown: "8:30 please" means that day."""
    pending_when: str | None = None
    """A message naming a time before the service was known."""
    window: tuple[str, str] | None = None
    asked_days: tuple[str, str] | None = None
    """The first and last day an availability question named (beside the plan's window)."""
    count: int | None = None
    collected: list[str] | None = None
    offset: int | None = None
    all: bool | None = None
    listed: list[str] | None = None
    day_window: tuple[str, str] | None = None
    """The days the next session may be booked on, as last told ("between 1 Feb and
    1 Mar"): a bare day of the month ("am 15.") is the one inside them."""
    day_ref: str | None = None
    asked: tuple[str, int] | None = None
    which_plan: Pending | None = None
    which_session: WhichSession | None = None
    looked_up: bool | None = None
    note: str | None = None
    preface: str | None = None
    another_day: str | None = None
    soonest: bool | None = None
    excluded_days: list[str] | None = None
    excluded_weekdays: list[int] | None = None
    offers: list[Offer] | None = None
    cancel_all: CancelAllStep | None = None
    unhelped: int | None = None
    """Replies in a row that could not help (the second offers a person)."""
    offer_human: bool | None = None
    """This turn's reply offers a person (the customer sounds upset)."""
    human_offered: bool | None = None
    """The last reply offered a person: a yes to it hands the thread to staff."""

    @classmethod
    def load(cls, raw: dict[str, Any] | None) -> DialogueState:
        """The stored state, validated; a field an older version wrote in another shape
        (or a stage that no longer exists) is dropped, the rest is kept."""
        data = {k: v for k, v in (raw or {}).items() if v is not None}
        try:
            return cls.model_validate(data)
        except ValidationError as error:
            bad = {str(e["loc"][0]) for e in error.errors() if e["loc"]}
            log.warning("dialogue state: dropped unreadable fields %s", sorted(bad))
            kept = {k: v for k, v in data.items() if k not in bad}
            try:
                return cls.model_validate(kept)
            except ValidationError:
                log.warning("dialogue state: unreadable, starting afresh")
                return cls()

    def dump(self) -> dict[str, Any]:
        """The JSON object the store keeps (only the fields that are set)."""
        return self.model_dump(mode="json", exclude_none=True)

    @classmethod
    def checked(cls, working: dict[str, Any]) -> dict[str, Any]:
        """A state the policy wrote, validated on its way out (raises when it does not
        fit: a bug in the policy, not in the customer's message)."""
        unknown = sorted(set(working) - set(cls.model_fields))
        if unknown:
            raise ValueError(f"dialogue state: fields this model does not know: {unknown}")
        return cls.model_validate({k: v for k, v in working.items() if v is not None}).dump()
