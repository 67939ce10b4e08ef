"""The offline dialogue's typed state: it round-trips through the JSON the store keeps,
an older or damaged stored state loads (what cannot be read is dropped, never a crash),
and a state the policy writes outside the model is refused."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from bookbot.agent.offline.state import DialogueState, Stage, waits_for_time

STORED_BEFORE_THE_MODEL = {
    "lang": "en",
    "stage": "confirm",
    "service": "laser",
    "kind": "book",
    "proposal": "p-1",
    "shown": [[1, 3, "Mon 9 Mar 10:00"], [2, 3, "Mon 16 Mar 10:00"]],
    "starts": ["2026-03-09T10:00"],
    "alternatives": ["2026-03-09T10:00", "2026-03-09T11:00"],
    "pending": {"intent": "reschedule", "session": 2, "from": "2026-03-12", "floating": True},
    "which_session": {"pending": {"intent": "cancel"}, "sessions": [[1, "2026-03-09"]]},
    "window": ["12:00", "17:00"],
    "excluded_weekdays": [5, 6],
    "offers": [{"service": "laser", "starts": ["2026-03-09T10:00"]}],
    "cancel_all": {"step": "confirm", "services": ["laser"]},
    "asked": ["laser", -1],
}


def test_a_state_round_trips_through_the_stored_json_unchanged() -> None:
    loaded = DialogueState.load(json.loads(json.dumps(STORED_BEFORE_THE_MODEL)))
    assert loaded.stage is Stage.CONFIRM
    assert loaded.pending is not None and loaded.pending.intent == "reschedule"
    assert loaded.dump() == STORED_BEFORE_THE_MODEL
    assert DialogueState.load(loaded.dump()) == loaded


def test_the_state_is_frozen() -> None:
    state = DialogueState.load({"stage": "ask_start"})
    with pytest.raises(ValidationError):
        state.stage = Stage.CONFIRM  # type: ignore[misc]


@pytest.mark.parametrize(
    ("stored", "kept"),
    [
        ({"stage": "ask_colour", "service": "laser"}, {"service": "laser"}),
        ({"count": "many", "lang": "de"}, {"lang": "de"}),
        ({"shown": "Mon 9 Mar", "stage": "confirm"}, {"stage": "confirm"}),
        ({"retired_key": 1, "service": "laser"}, {"service": "laser"}),
        ({"pending": {"no_intent": 1}, "stage": None}, {}),
    ],
)
def test_an_older_or_damaged_state_loads_without_what_cannot_be_read(
    stored: dict[str, object], kept: dict[str, object]
) -> None:
    assert DialogueState.load(stored).dump() == kept


def test_a_state_written_outside_the_model_is_refused() -> None:
    with pytest.raises(ValueError, match="does not know"):
        DialogueState.checked({"stage": "confirm", "made_up": 1})
    with pytest.raises(ValidationError):
        DialogueState.checked({"stage": "waiting_forever"})
    assert DialogueState.checked({"stage": Stage.COLLECT, "count": 2}) == {
        "stage": "collect",
        "count": 2,
    }


def test_a_time_is_only_read_in_stages_that_wait_for_one() -> None:
    timed = {s for s in Stage if waits_for_time(s)}
    assert timed == {Stage.ASK_START, Stage.COLLECT, Stage.CONFIRM, Stage.ASK_RESCHEDULE}
    assert not waits_for_time(None)
