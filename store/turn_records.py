"""The record of an agent turn: the turn row, its tool calls, the dialogue state.

`record_turn` stores a `TurnRecord` on its own (SQLite: one statement each; no calls,
no INSERT of them). On PostgreSQL a turn's record is written by the reply's statement
(`bookbot.store.reply_rows`, `TURN_CTES`: the same three data-modifying CTEs, the
calls unpacked from one JSON array by `jsonb_to_recordset`), so the turn's write is
one statement. Functions take a Session; the caller owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg.types.json import Jsonb
from sqlalchemy import bindparam, insert, update
from sqlalchemy.orm import Session

from bookbot.store.columns import utc
from bookbot.store.db import json_text, plain_rows
from bookbot.store.models import ConversationRow, ToolCallRow, TurnRow


@dataclass(frozen=True, slots=True)
class ToolCallLog:
    name: str
    arguments: dict[str, Any]
    result: dict[str, Any]
    is_error: bool
    latency_ms: int


@dataclass(frozen=True, slots=True)
class TurnRecord:
    """A turn as it is stored: its row, its tool calls, and the conversation's new
    dialogue `state` (None: unchanged, not written)."""

    conversation_id: int
    started_at: datetime
    model: str
    prompt_tokens: int
    completion_tokens: int
    latency_ms: int
    error: str | None
    tool_calls: list[ToolCallLog]
    state: dict[str, Any] | None = None

    def row(self) -> dict[str, Any]:
        """The turns row's values."""
        return {
            "conversation_id": self.conversation_id,
            "started_at": self.started_at,
            "model": self.model,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "latency_ms": self.latency_ms,
            "error": self.error,
        }

    def calls(self) -> list[dict[str, Any]]:
        """The tool_calls rows' values of the turn's own (without their turn's id)."""
        return [
            {
                "name": call.name,
                "arguments": call.arguments,
                "result": call.result,
                "is_error": call.is_error,
                "latency_ms": call.latency_ms,
            }
            for call in self.tool_calls
        ]


TURN_CTES = """new_turn AS (
    INSERT INTO turns (conversation_id, started_at, model, prompt_tokens,
                       completion_tokens, latency_ms, error)
    VALUES (%(turn_conversation)s, %(turn_started_at)s::timestamptz, %(turn_model)s,
            %(turn_prompt_tokens)s, %(turn_completion_tokens)s, %(turn_latency_ms)s,
            %(turn_error)s)
    RETURNING id
), saved_state AS (
    UPDATE conversations SET state = %(turn_state)s::jsonb
    WHERE id = %(turn_conversation)s AND %(turn_save_state)s
), calls AS (
    INSERT INTO tool_calls (conversation_id, turn_id, name, arguments, result,
                            is_error, latency_ms, created_at)
    SELECT %(turn_conversation)s, new_turn.id, call.name, call.arguments, call.result,
           call.is_error, call.latency_ms, %(turn_started_at)s::timestamptz
    FROM new_turn CROSS JOIN jsonb_to_recordset(%(turn_calls)s::jsonb) AS call(
        name text, arguments jsonb, result jsonb, is_error boolean, latency_ms integer
    )
)"""
"""PostgreSQL: a turn's record as data-modifying CTEs of a statement (`turn_params`),
the same text whatever the number of tool calls; `new_turn` returns the turn's id."""


def turn_params(record: TurnRecord) -> dict[str, Any]:
    """`TURN_CTES`'s parameters, as psycopg takes them (`store.db.plain_rows`): the
    time in UTC, the JSON by the engine's writer (`json_text`)."""
    return {
        "turn_conversation": record.conversation_id,
        "turn_started_at": utc(record.started_at),
        "turn_model": record.model,
        "turn_prompt_tokens": record.prompt_tokens,
        "turn_completion_tokens": record.completion_tokens,
        "turn_latency_ms": record.latency_ms,
        "turn_error": record.error,
        "turn_state": Jsonb(dict(record.state or {}), json_text),
        "turn_save_state": record.state is not None,
        "turn_calls": Jsonb(record.calls(), json_text),
    }


_TURN_POSTGRES = f"WITH {TURN_CTES}\nSELECT id FROM new_turn"
_INSERT_TURN = insert(TurnRow).returning(TurnRow.id)
_INSERT_CALLS = insert(ToolCallRow)
_SAVE_STATE = (
    update(ConversationRow)
    .where(ConversationRow.id == bindparam("conversation_id"))
    .values(state=bindparam("state"))
)


def record_turn(session: Session, record: TurnRecord) -> int:
    """Store the turn and its tool calls, and (unless None) the conversation's new
    dialogue state: on PostgreSQL one statement, elsewhere one statement each; the
    turn's id."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        ((turn_id,),) = plain_rows(connection, _TURN_POSTGRES, turn_params(record))
        return int(turn_id)
    if record.state is not None:
        connection.execute(
            _SAVE_STATE, {"conversation_id": record.conversation_id, "state": dict(record.state)}
        )
    turn_id = int(connection.execute(_INSERT_TURN, record.row()).scalar_one())
    calls = record.calls()
    if calls:
        connection.execute(
            _INSERT_CALLS,
            [
                {
                    **call,
                    "conversation_id": record.conversation_id,
                    "turn_id": turn_id,
                    "created_at": record.started_at,
                }
                for call in calls
            ],
        )
    return turn_id
