"""Business configuration: the demo parses, the gap rule, and every config error
names its field path and the reason."""

from __future__ import annotations

import copy
from datetime import date, time
from typing import Any

import pytest

from bookbot.core.config import BufferConfig, Gap, Strategy, TimeRange, parse_business
from bookbot.core.errors import BookbotError, ConfigError, NotFoundError
from tests.core.core_testkit import business_data, demo_business, make_business, service_data


def test_demo_business_parses_with_the_seed_field_names() -> None:
    demo = demo_business()
    assert demo.timezone == "Europe/Zurich"
    assert [s.id for s in demo.services] == [
        "dental-implant",
        "laser-hair-removal",
        "physiotherapy",
        "driving-lessons",
        "personal-training",
        "consultation",
    ]
    implant = demo.service("dental-implant")
    assert implant.strategy is Strategy.IMMEDIATE
    assert [implant.session_duration(k) for k in (1, 2, 3)] == [90, 30, 60]
    assert implant.session_name(3) == "Crown installation"
    assert implant.max_duration == 90
    assert demo.service("physiotherapy").strategy is Strategy.SEQUENTIAL
    assert demo.service("driving-lessons").session_buffer_config.frequency_text == ("2-3 per week")
    assert date(2026, 4, 3) in demo.closed
    assert demo.opening(date(2026, 4, 3)) == ()  # a closed Friday
    assert demo.opening(date(2026, 3, 8)) == ()  # a Sunday
    assert [str(r) for r in demo.opening(date(2026, 3, 7))] == ["09:00-13:00"]


def test_unknown_service_is_not_found() -> None:
    with pytest.raises(NotFoundError, match="unknown service 'nope'"):
        demo_business().service("nope")


def test_demo_gaps_follow_design_rule() -> None:
    demo = demo_business()
    implant = demo.service("dental-implant")
    assert implant.gap(1) == Gap(minimum=14, maximum=None, target=14)
    assert implant.gap(2) == Gap(minimum=30, maximum=None, target=30)
    assert demo.service("laser-hair-removal").gap(3) == Gap(minimum=28, maximum=42, target=28)
    assert demo.service("physiotherapy").gap(5) == Gap(minimum=2, maximum=7, target=3)
    assert demo.service("driving-lessons").gap(1) == Gap(minimum=0, maximum=None, target=0)
    assert demo.service("consultation").gap(1) == Gap(minimum=0, maximum=None, target=0)


@pytest.mark.parametrize(
    ("config", "k", "expected"),
    [
        ({}, 1, Gap(minimum=0, maximum=None, target=0)),
        ({"minimum_days": 2}, 1, Gap(minimum=2, maximum=None, target=2)),
        ({"minimum_days": 2, "default_days": 5}, 1, Gap(minimum=5, maximum=None, target=5)),
        # session_N_to_M_days wins over default_days, only for its own pair
        (
            {"default_days": 7, "session_2_to_3_days": 30},
            2,
            Gap(minimum=30, maximum=None, target=30),
        ),
        ({"default_days": 7, "session_2_to_3_days": 30}, 3, Gap(minimum=7, maximum=None, target=7)),
        (
            {"minimum_days": 2, "maximum_days": 7, "recommended_days": 3},
            4,
            Gap(minimum=2, maximum=7, target=3),
        ),
        # a recommendation below a per-pair minimum never plans inside the minimum
        (
            {"recommended_days": 3, "session_1_to_2_days": 5},
            1,
            Gap(minimum=5, maximum=None, target=5),
        ),
    ],
)
def test_gap_rule(config: dict[str, Any], k: int, expected: Gap) -> None:
    assert BufferConfig.model_validate(config).gap(k) == expected


def test_null_buffer_config_is_empty() -> None:
    business = make_business(service_data(session_buffer_config=None))
    assert business.services[0].gap(1) == Gap(minimum=0, maximum=None, target=0)


def test_time_range_accepts_24_00_and_prints() -> None:
    assert str(TimeRange.parse(" 8:00 - 12:30 ")) == "08:00-12:30"
    assert TimeRange.parse("13:00-24:00").end == time(23, 59)


# --- errors ----------------------------------------------------------------


def _service(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "requires_multiple_sessions": True,
        "total_sessions_required": 3,
        "multi_session_strategy": "immediate",
    }
    return service_data(**{**base, **fields})


def _buffers(**config: Any) -> dict[str, Any]:
    return business_data(_service(session_buffer_config=config))


def _with(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = business_data(_service())
    target: Any = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return data


def _duplicate_ids() -> dict[str, Any]:
    return business_data(service_data(id="a"), service_data(id="b"), service_data(id="a"))


ERRORS: list[tuple[str, dict[str, Any], list[str]]] = [
    (
        "negative default_days",
        _buffers(default_days=-1),
        ["services[0].session_buffer_config.default_days", "greater than or equal to 0"],
    ),
    (
        "negative minimum_days",
        _buffers(minimum_days=-2),
        ["services[0].session_buffer_config.minimum_days", "greater than or equal to 0"],
    ),
    (
        "negative maximum_days",
        _buffers(maximum_days=-7),
        ["services[0].session_buffer_config.maximum_days", "greater than or equal to 0"],
    ),
    (
        "negative recommended_days",
        _buffers(recommended_days=-3),
        ["services[0].session_buffer_config.recommended_days", "greater than or equal to 0"],
    ),
    (
        "negative session pair",
        _buffers(session_1_to_2_days=-14),
        ["services[0].session_buffer_config", "session_1_to_2_days", "from 0 to 3650 days"],
    ),
    (
        "pair days not a number",
        _buffers(session_1_to_2_days="two weeks"),
        ["services[0].session_buffer_config", "session_1_to_2_days", "whole number of days"],
    ),
    (
        "minimum above maximum",
        _buffers(minimum_days=9, maximum_days=7),
        ["services[0].session_buffer_config", "minimum_days (9) is above maximum_days (7)"],
    ),
    (
        "default above maximum",
        _buffers(default_days=9, maximum_days=7),
        ["services[0].session_buffer_config", "default_days (9) is above maximum_days (7)"],
    ),
    (
        "default above maximum beside a valid minimum",
        _buffers(minimum_days=2, default_days=9, maximum_days=7),
        ["services[0].session_buffer_config", "default_days (9) is above maximum_days (7)"],
    ),
    (
        "pair above maximum",
        _buffers(session_2_to_3_days=30, maximum_days=14),
        ["services[0].session_buffer_config", "session_2_to_3_days (30)", "maximum_days (14)"],
    ),
    (
        "recommended above maximum",
        _buffers(recommended_days=10, maximum_days=7),
        ["services[0].session_buffer_config", "recommended_days (10) is above maximum_days"],
    ),
    (
        "recommended below minimum",
        _buffers(recommended_days=1, minimum_days=2),
        ["services[0].session_buffer_config", "recommended_days (1) is below the minimum (2)"],
    ),
    (
        "session_4_to_5 on a 3-session plan",
        _buffers(session_4_to_5_days=7),
        ["services[0]", "session_buffer_config.session_4_to_5_days", "3-session plan"],
    ),
    (
        "pair that is not consecutive",
        _buffers(session_1_to_3_days=7),
        ["services[0].session_buffer_config", "session_1_to_3_days", "consecutive sessions"],
    ),
    (
        "pair from session 0",
        _buffers(session_0_to_1_days=7),
        ["services[0].session_buffer_config", "session_0_to_1_days", "consecutive sessions"],
    ),
    (
        "unknown buffer key",
        _buffers(minimum_dayz=2),
        ["services[0].session_buffer_config.minimum_dayz: unknown field"],
    ),
    (
        "unknown strategy",
        business_data(_service(multi_session_strategy="whenever")),
        ["services[0].multi_session_strategy", "'immediate', 'sequential' or 'flexible'"],
    ),
    (
        "time range without minutes",
        _with(("hours", "mon"), ["8-12"]),
        ["hours", "'8-12' is not a time range"],
    ),
    (
        "time range ending before it starts",
        _with(("hours", "tue"), ["12:00-08:00"]),
        ["hours", "'12:00-08:00' ends before it starts"],
    ),
    (
        "time range with impossible hours",
        _with(("hours", "wed"), ["25:00-26:00"]),
        ["hours", "'25:00-26:00' has a time that does not exist"],
    ),
    (
        "overlapping ranges",
        _with(("hours", "thu"), ["08:00-12:00", "11:00-13:00"]),
        ["hours", "thu", "overlap"],
    ),
    (
        "unknown weekday",
        _with(("hours", "funday"), ["08:00-12:00"]),
        ["hours", "'funday' is not a weekday"],
    ),
    ("bad closed date", _with(("closed",), ["2026-02-30"]), ["closed", "'2026-02-30'"]),
    (
        "unknown timezone",
        _with(("timezone",), "Europe/Atlantis"),
        ["timezone", "unknown timezone 'Europe/Atlantis'"],
    ),
    ("unknown top-level key", _with(("opening_hours",), {}), ["opening_hours: unknown field"]),
    (
        "unknown service key",
        _with(("services", 0, "colour"), "blue"),
        ["services[0].colour: unknown field"],
    ),
    (
        "unknown session key",
        _with(("services", 0, "sessions"), [{"name": "A", "room": 3}]),
        ["services[0].sessions[0].room: unknown field"],
    ),
    (
        "unknown notifications key",
        _with(("notifications",), {"reminder_hours": 24, "sms": True}),
        ["notifications.sms: unknown field"],
    ),
    ("duplicate service ids", _duplicate_ids(), ["services", "'a' is used twice"]),
    (
        "sessions without requires_multiple_sessions",
        _with(("services", 0, "requires_multiple_sessions"), False),
        ["services[0]", "total_sessions_required is 3", "requires_multiple_sessions is false"],
    ),
    (
        "more session specs than sessions",
        _with(("services", 0, "sessions"), [{"name": str(k)} for k in range(4)]),
        ["services[0]", "sessions lists 4 entries for a 3-session plan"],
    ),
    (
        "fewer session specs than sessions",
        _with(("services", 0, "sessions"), [{"name": "A"}, {"name": "B"}]),
        ["services[0]", "sessions lists 2 entries for a 3-session plan"],
    ),
    (
        "reversed opening range",
        _with(("hours", "wed"), ["18:00-08:00"]),
        ["hours", "wed: '18:00-08:00' ends before it starts"],
    ),
    (
        "gap of 1e20 days",
        _buffers(session_1_to_2_days=10**20),
        ["services[0].session_buffer_config", "session_1_to_2_days", "from 0 to 3650 days"],
    ),
    (
        "default days above ten years",
        _buffers(default_days=3651),
        ["services[0].session_buffer_config.default_days", "less than or equal to 3650"],
    ),
    (
        "zero capacity",
        _with(("services", 0, "capacity"), 0),
        ["services[0].capacity", "greater than or equal to 1"],
    ),
    ("no services", _with(("services",), []), ["services", "at least 1 item"]),
]


@pytest.mark.parametrize(("case", "data", "expected"), ERRORS, ids=[e[0] for e in ERRORS])
def test_config_error_names_field_and_reason(
    case: str, data: dict[str, Any], expected: list[str]
) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_business(copy.deepcopy(data), source="praxis.yaml")
    message = str(raised.value)
    assert message.startswith("invalid business configuration in praxis.yaml:")
    for text in expected:
        assert text in message, f"{case}: {text!r} not in {message!r}"


def test_every_bad_field_is_listed() -> None:
    data = _buffers(default_days=-1, minimum_dayz=2)
    data["timezone"] = "Nowhere/Else"
    with pytest.raises(ConfigError) as raised:
        parse_business(data)
    lines = str(raised.value).splitlines()[1:]
    assert any(line.strip().startswith("timezone:") for line in lines)
    assert any("services[0].session_buffer_config" in line for line in lines)


def test_a_broken_only_service_is_not_also_reported_as_missing() -> None:
    data = _with(("services", 0, "capacity"), 0)
    with pytest.raises(ConfigError) as raised:
        parse_business(copy.deepcopy(data))
    lines = str(raised.value).splitlines()[1:]
    assert [line.strip().split(":")[0] for line in lines] == ["services[0].capacity"]


def test_config_error_is_a_bookbot_error_and_top_level_must_be_a_mapping() -> None:
    with pytest.raises(BookbotError, match="expected a mapping at the top"):
        parse_business(["not", "a", "mapping"], source="x.yaml")
    assert issubclass(ConfigError, BookbotError)


def test_unquoted_quiet_hours_off_means_none() -> None:
    """YAML reads `quiet_hours: off` (unquoted) as false: no quiet hours, as "off"."""
    for value in (False, "off", "none", None):
        business = parse_business(business_data(notifications={"quiet_hours": value}))
        assert business.notifications.quiet_hours is None
    with pytest.raises(ConfigError, match="notifications.quiet_hours"):
        parse_business(business_data(notifications={"quiet_hours": True}))


def test_a_sessions_list_names_every_session_or_none() -> None:
    three = {"requires_multiple_sessions": True, "total_sessions_required": 3}
    listed = make_business(service_data(**three, sessions=[{}, {"name": "B"}, {}]))
    assert listed.services[0].session_name(2) == "B"
    assert make_business(service_data(**three)).services[0].session_name(2) is None


def test_contact_details_are_optional_and_checked() -> None:
    contact = demo_business().contact
    assert contact is not None and contact.phone == "+41 44 555 01 23"
    assert contact.hours_note is not None and "reception" in contact.hours_note
    assert make_business().contact is None
    partial = parse_business(business_data(contact={"email": " hi@example.ch "}))
    assert partial.contact is not None and partial.contact.email == "hi@example.ch"
    assert partial.contact.phone is None
    with pytest.raises(ConfigError, match=r"contact\.fax: unknown field"):
        parse_business(business_data(contact={"fax": "+41 44 000"}))
    with pytest.raises(ConfigError, match=r"contact\.phone"):
        parse_business(business_data(contact={"phone": ""}))
