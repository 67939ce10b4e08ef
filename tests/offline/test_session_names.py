"""named_session and mask_session_names (agent/offline/session_names.py): a plan's
sessions named by their own names ("my fitting", "the progress review")."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bookbot.agent.offline.session_names import MASK, mask_session_names, named_session
from bookbot.core.config import Service, SessionSpec, parse_business


def plan(sid: str, name: str, sessions: list[str], triggers: tuple[str, ...] = ()) -> Service:
    return Service(
        id=sid,
        name=name,
        trigger_words=triggers,
        requires_multiple_sessions=len(sessions) > 1,
        total_sessions_required=len(sessions),
        sessions=tuple(SessionSpec(name=n) for n in sessions),
    )


ALIGNERS = plan(
    "aligners",
    "Clear Aligner Treatment - Start",
    ["3D scan and photos", "Aligner fitting", "Progress review", "Refinement check"],
    ("aligners", "invisalign"),
)
IMPLANT = plan(
    "implant", "Dental Implant", ["Implant placement", "Healing check", "Crown installation"]
)
SKIN = plan("skin", "Skin Course", ["Progress review", "Final peel"])
PLAIN = Service(id="cleaning", name="Dental Cleaning")
SERVICES = [ALIGNERS, IMPLANT, PLAIN]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("when is my fitting?", ("aligners", 2)),
        ("can I move the progress review?", ("aligners", 3)),
        ("push my 3D scan back to Thursday", ("aligners", 1)),
        ("what happens at the refinement check", ("aligners", 4)),
        ("my review, is it on a Monday?", ("aligners", 3)),
        ("the crown installation, how long is it?", ("implant", 3)),
        ("my placement", ("implant", 1)),
        ("Implant Placement next week please", ("implant", 1)),
    ],
)
def test_a_session_named_by_its_name(text: str, expected: tuple[str, int]) -> None:
    assert named_session(text, SERVICES) == expected


@pytest.mark.parametrize(
    "text",
    [
        "book me in",
        "a scan",  # no determiner and one word: too vague
        "my check",  # "Healing check" and "Refinement check": which one?
        "my aligners",  # the service's own name, not a session's
        "",
    ],
)
def test_no_single_session_is_named(text: str) -> None:
    assert named_session(text, SERVICES) is None


def test_the_same_name_in_two_plans_needs_the_service() -> None:
    services = [ALIGNERS, SKIN]
    assert named_session("my progress review", services) is None
    assert named_session("my progress review", services, preferred=("skin",)) == ("skin", 1)
    assert named_session("my progress review", services, preferred=("aligners",)) == (
        "aligners",
        3,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I cant make my progress review in may", f"I cant make my {MASK} in may"),
        ("push my 3D scan back", f"push my {MASK} back"),
        ("the Progress Reviews are fine", f"the {MASK} are fine"),
        ("aligner fitting, then the refinement check", f"{MASK}, then the {MASK}"),
        ("how is my progress?", "how is my progress?"),  # one word is no name
        ("3D scan and photos", MASK),
    ],
)
def test_session_names_are_masked(text: str, expected: str) -> None:
    assert mask_session_names(text, SERVICES) == expected


def test_a_business_without_session_names_masks_nothing() -> None:
    assert mask_session_names("my progress review", [PLAIN]) == "my progress review"


_NOT_NAMES = st.sampled_from(
    "book my next session please on friday at 3pm how much is it progress scan check".split()
)
"""Words of which no two in a row are words of one session name."""


@given(st.lists(_NOT_NAMES, max_size=12), st.sampled_from([" ", ", ", "  "]))
def test_text_without_two_name_words_in_a_row_is_unchanged(words: list[str], sep: str) -> None:
    text = sep.join(words)
    assert mask_session_names(text, SERVICES) == text


@given(st.sampled_from(["3D scan and photos", "Aligner fitting", "Progress review"]), st.text())
def test_a_full_session_name_is_always_masked(name: str, tail: str) -> None:
    tail = "".join(c for c in tail if c.isspace() or c in ",.?!")
    masked = mask_session_names(f"my {name}{tail}", SERVICES)
    assert masked == f"my {MASK}{tail}"


_CLINIC = parse_business(
    {
        "name": "Clínica", "timezone": "Europe/Madrid",
        "hours": {"mon": ["09:00-18:00"]},
        "services": [
            {"id": "lunar", "name": "Extirpación de lunar", "duration_minutes": 60,
             "requires_multiple_sessions": True, "total_sessions_required": 2,
             "multi_session_strategy": "immediate",
             "session_buffer_config": {"default_days": 10},
             "sessions": [{"name": "Extirpación"}, {"name": "Revisión y retirada de puntos"}]},
        ],
    }
)  # fmt: skip


@pytest.mark.parametrize(
    "text",
    ["resérvame la primera el martes 2 de marzo a las 4 y media de la tarde",
     "y me podéis dar cita para el martes 13 de abril a las 7 de la tarde?",
     "am Dienstag und am Mittwoch, bitte"],
)  # fmt: skip
def test_function_words_of_any_language_name_no_session(text: str) -> None:
    assert named_session(text, _CLINIC.services) is None


def test_a_session_name_with_accents_is_still_named() -> None:
    assert named_session("quiero cambiar la revisión y retirada de puntos", _CLINIC.services) == (
        "lunar",
        2,
    )
