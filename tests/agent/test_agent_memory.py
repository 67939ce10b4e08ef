"""History budget: whole old turns go first, tool results compact to valid JSON."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bookbot.agent.memory import COMPACT_TOOL_CHARS, compact, estimate_tokens, fit_history


def turn(i: int, tool_chars: int = 0) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = [{"role": "user", "content": f"message {i}"}]
    if tool_chars:
        messages += [
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": f"c{i}",
                        "type": "function",
                        "function": {"name": "get_progress", "arguments": "{}"},
                    }
                ],
            },
            {
                "role": "tool",
                "tool_call_id": f"c{i}",
                "content": json.dumps({"x": "y" * tool_chars}),
            },
        ]
    messages.append({"role": "assistant", "content": f"reply {i}"})
    return messages


def test_a_long_proposal_result_keeps_its_id_and_stays_json() -> None:
    result = {
        "ok": True,
        "proposal_id": "4753abd8",
        "service_id": "dental-implant",
        "kind": "book",
        "sessions": [
            {
                "number": n,
                "of": 3,
                "start": f"2026-03-{10 + n}T14:00",
                "when": "Tue 10 Mar 2026, 14:00 " * 5,
                "name": "Implant placement",
            }
            for n in range(1, 4)
        ],
        "next_step": "Show the plan and ask the customer to confirm " * 10,
    }
    slim = json.loads(
        compact({"role": "tool", "tool_call_id": "c", "content": json.dumps(result)})["content"]
    )
    assert slim["proposal_id"] == "4753abd8" and slim["ok"] is True
    assert [s["start"] for s in slim["sessions"]] == [
        "2026-03-11T14:00",
        "2026-03-12T14:00",
        "2026-03-13T14:00",
    ]


def test_a_huge_result_falls_back_to_its_scalar_fields() -> None:
    result = {"ok": True, "proposal_id": "p1", "days": [{"date": f"d{i}"} for i in range(500)]}
    slim = json.loads(compact({"role": "tool", "content": json.dumps(result)})["content"])
    assert slim == {"ok": True, "proposal_id": "p1", "trimmed": True}


def test_short_results_and_other_roles_are_untouched() -> None:
    short = {"role": "tool", "content": '{"ok": true}'}
    user = {"role": "user", "content": "x" * (COMPACT_TOOL_CHARS * 3)}
    assert compact(short) is short and compact(user) is user


def test_the_budget_drops_whole_old_turns_first() -> None:
    history = [m for i in range(30) for m in turn(i, tool_chars=50)]
    kept = fit_history(history, budget_tokens=300)
    assert kept[0]["role"] == "user"  # a cut never orphans a tool result
    assert kept[-1] == history[-1] and len(kept) < len(history)
    assert sum(estimate_tokens(m) for m in kept) <= 300


def test_the_newest_turn_is_kept_even_over_budget() -> None:
    history = [*turn(1), *turn(2, tool_chars=10_000)]
    kept = fit_history(history, budget_tokens=200)
    assert kept[0] == {"role": "user", "content": "message 2"}
    assert len(kept[2]["content"]) > 10_000  # the current turn is never compacted


@given(
    st.lists(st.integers(min_value=0, max_value=3000), min_size=1, max_size=12),
    st.integers(min_value=200, max_value=5000),
)
def test_fitted_history_starts_with_a_user_message(sizes: list[int], budget: int) -> None:
    history = [m for i, size in enumerate(sizes) for m in turn(i, tool_chars=size)]
    kept = fit_history(history, budget)
    assert kept[0]["role"] == "user"
    assert kept[-len(turn(0, sizes[-1])) :][0] == {
        "role": "user",
        "content": f"message {len(sizes) - 1}",
    }
    for message in kept:
        if message["role"] == "tool":
            json.loads(message["content"])
