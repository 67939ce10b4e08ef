"""The readings cached on their inputs never outlive them: an edited catalogue, another
zone for the same instant are read afresh, and a caller may change
what it got back without changing the next answer."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bookbot.agent.nlu import Intent, detect_intents, match_services, parse_when
from bookbot.core.config import Service

MASSAGE = Service(id="svc-1", name="Sports Massage", trigger_words=("massage",))


def test_an_edited_service_name_is_matched_by_its_new_name() -> None:
    assert match_services("I'd like a massage", [MASSAGE])[0].service.id == "svc-1"
    assert match_services("I'd like reflexology", [MASSAGE]) == []
    edited = MASSAGE.model_copy(update={"name": "Reflexology", "trigger_words": ("reflexology",)})
    found = match_services("I'd like reflexology", [edited])
    assert [m.service.name for m in found] == ["Reflexology"]
    assert match_services("I'd like a massage", [edited]) == []


def test_the_same_instant_in_another_zone_is_read_in_that_zone() -> None:
    # 23:30 in Zurich is already the next day in Tokyo: "tomorrow" differs
    zurich = datetime(2026, 3, 2, 23, 30, tzinfo=ZoneInfo("Europe/Zurich"))
    tokyo = zurich.astimezone(ZoneInfo("Asia/Tokyo"))
    assert zurich == tokyo
    assert parse_when("tomorrow at 10", zurich)[0].date == date(2026, 3, 3)
    assert parse_when("tomorrow at 10", tokyo)[0].date == date(2026, 3, 4)
    utc = zurich.astimezone(UTC)
    assert parse_when("tomorrow at 10", utc)[0].date == date(2026, 3, 3)


def test_a_changed_answer_does_not_change_the_next_one() -> None:
    now = datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Europe/Zurich"))
    whens = parse_when("Friday at 3pm", now)
    whens.clear()
    assert len(parse_when("Friday at 3pm", now)) == 1
    intents = detect_intents("I want to cancel my appointment")
    intents.clear()
    assert Intent.CANCEL in detect_intents("I want to cancel my appointment")
