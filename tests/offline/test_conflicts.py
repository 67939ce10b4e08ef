"""conflicts.conflict (agent/offline/conflicts.py): the core's refusal read aloud,
without the arithmetic the core adds in brackets."""

from __future__ import annotations

import pytest

from bookbot.agent.offline.conflicts import conflict
from bookbot.core.config import parse_business

BUSINESS = parse_business(
    {
        "name": "Gym",
        "timezone": "Europe/Zurich",
        "hours": {"mon": ["08:00-18:00"]},
        "services": [{"id": "pt", "name": "PT", "duration_minutes": 60}],
    }
)


@pytest.mark.parametrize(
    "detail",
    [
        "(2026-03-10 and 2026-03-11 are 1 day apart)",
        "(2026-03-10 and 2026-03-12 are 2 days apart)",
        "(2026-03-10 and 2026-03-10 are 0 days apart)",
        "(2026-03-10 and 2026-03-12 are 2)",
    ],
)
def test_the_gap_arithmetic_is_read_aloud_as_the_days_asked(detail: str) -> None:
    message = f"sessions 1 and 2 must be at least 3 days apart {detail}"
    text = conflict(BUSINESS, BUSINESS.services[0], {"rule": "buffer_min", "message": message})
    assert "apart (" not in text and "2026-03-1" not in text
    assert "Tue 10 Mar 2026 and" in text and "need at least 3 days between them." in text


@pytest.mark.parametrize(
    ("lang", "said"),
    [("de", "mindestens 3 Tage Abstand"), ("es", "al menos 3 días")],
)
def test_the_gap_refusal_names_the_days_in_the_customers_language(lang: str, said: str) -> None:
    message = (
        "sessions 1 and 2 must be at least 3 days apart (2026-03-10 and 2026-03-11 are 1 day apart)"
    )
    view = {"rule": "buffer_min", "message": message}
    text = conflict(BUSINESS, BUSINESS.services[0], view, lang)
    assert said in text and "10" in text and "11" in text


@pytest.mark.parametrize(
    ("lang", "said"), [("en", "48 hours"), ("de", "48 Stunden"), ("es", "48 horas")]
)
def test_a_move_inside_the_notice_says_how_much_notice(lang: str, said: str) -> None:
    message = (
        "session 1 starts within 48 hours; changes need 48 hours' notice, so please "
        "contact the business directly"
    )
    view = {"rule": "reschedule_notice", "message": message}
    assert said in conflict(BUSINESS, BUSINESS.services[0], view, lang)


@pytest.mark.parametrize("rule", ["previous_not_completed", "no_sessions_left", "not_movable"])
@pytest.mark.parametrize("lang", ["en", "de", "es"])
def test_a_refusal_another_day_cannot_fix_asks_for_no_other_day(rule: str, lang: str) -> None:
    """Every rule named here is a real ConflictRule value (a misspelt one never matched)."""
    from bookbot.core.types import ConflictRule

    assert rule in {r.value for r in ConflictRule}
    text = conflict(BUSINESS, BUSINESS.services[0], {"rule": rule, "message": "no."}, lang)
    another = conflict(BUSINESS, BUSINESS.services[0], {"rule": "full", "message": "no."}, lang)
    assert len(text.splitlines()) < len(another.splitlines())
