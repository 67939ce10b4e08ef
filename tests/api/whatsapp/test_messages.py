"""Outbound message bodies and WhatsApp's limits on them."""

from __future__ import annotations

import pytest

from bookbot.api.whatsapp import MessageValidationError, to_e164, to_wa_id
from bookbot.api.whatsapp.messages import (
    buttons_message,
    list_message,
    shorten,
    template_message,
    text_message,
)

TO = "+41790000001"


def titles(payload: dict[str, object]) -> list[str]:
    interactive = payload["interactive"]
    assert isinstance(interactive, dict)
    return [b["reply"]["title"] for b in interactive["action"]["buttons"]]


def test_three_buttons_are_allowed() -> None:
    payload = buttons_message(TO, "When?", [("a", "Mon"), ("b", "Tue"), ("c", "Wed")])
    assert titles(payload) == ["Mon", "Tue", "Wed"]


@pytest.mark.parametrize("count", [0, 4])
def test_button_count_outside_1_to_3_is_refused(count: int) -> None:
    buttons = [(f"id{n}", f"Title {n}") for n in range(count)]
    with pytest.raises(MessageValidationError, match=f"{count} given, WhatsApp allows 1 to 3"):
        buttons_message(TO, "When?", buttons)


def test_long_titles_are_shortened_to_20_characters() -> None:
    payload = buttons_message(TO, "Book?", [("yes", "Yes, book all three sessions")])
    (title,) = titles(payload)
    assert title == "Yes, book all three…"
    assert len(title) == 20


def test_exactly_20_characters_stay_as_they_are() -> None:
    assert shorten("x" * 20) == "x" * 20
    assert shorten("  padded  ") == "padded"


def test_titles_that_collide_after_shortening_are_refused() -> None:
    buttons = [("a", "Tuesday 10 March at 14:00"), ("b", "Tuesday 10 March at 15:00")]
    with pytest.raises(MessageValidationError, match="titles must be unique"):
        buttons_message(TO, "When?", buttons)


def test_duplicate_ids_and_empty_titles_are_refused() -> None:
    with pytest.raises(MessageValidationError, match="ids must be unique"):
        buttons_message(TO, "When?", [("a", "Mon"), ("a", "Tue")])
    with pytest.raises(MessageValidationError, match="empty title"):
        buttons_message(TO, "When?", [("a", "   ")])
    with pytest.raises(MessageValidationError, match="1 to 256 characters"):
        buttons_message(TO, "When?", [("x" * 257, "Mon")])


def test_button_body_is_limited_to_1024_characters() -> None:
    buttons_message(TO, "b" * 1024, [("a", "Ok")])
    with pytest.raises(MessageValidationError, match="1025 characters, the limit is 1024"):
        buttons_message(TO, "b" * 1025, [("a", "Ok")])


def test_text_body_is_limited_and_not_empty() -> None:
    text_message(TO, "t" * 4096)
    with pytest.raises(MessageValidationError, match="limit is 4096"):
        text_message(TO, "t" * 4097)
    with pytest.raises(MessageValidationError, match="text body is empty"):
        text_message(TO, " \n")


def test_template_parameters_must_not_be_empty() -> None:
    with pytest.raises(MessageValidationError, match=r"parameter \{\{2\}\} is empty"):
        template_message(TO, "reminder", "en", ["Marie", ""])
    with pytest.raises(MessageValidationError, match="name and language"):
        template_message(TO, "", "en")


def test_recipient_must_be_a_phone_number() -> None:
    with pytest.raises(MessageValidationError, match="recipient: not a phone number"):
        text_message("marie@example.com", "hi")


def test_phone_forms() -> None:
    assert to_wa_id("+41 79 000 00 01") == "41790000001"
    assert to_e164("41790000001") == "+41790000001"
    assert to_e164("+41790000001") == "+41790000001"
    for bad in ("", "+", "0041790000001", "1234", "+1234567890123456", "41-79-abc"):
        with pytest.raises(ValueError):
            to_wa_id(bad)


def rows(payload: dict[str, object]) -> list[tuple[str, str]]:
    interactive = payload["interactive"]
    assert isinstance(interactive, dict)
    (section,) = interactive["action"]["sections"]
    return [(row["id"], row["title"]) for row in section["rows"]]


def test_a_list_carries_up_to_ten_rows_behind_one_button() -> None:
    choices = [(f"o{n}", f"Option {n}") for n in range(1, 11)]
    payload = list_message(TO, "Which one?", "See times", choices)
    assert payload["type"] == "interactive"
    interactive = payload["interactive"]
    assert isinstance(interactive, dict)
    assert interactive["type"] == "list"
    assert interactive["body"] == {"text": "Which one?"}
    assert interactive["action"]["button"] == "See times"
    assert rows(payload) == choices


@pytest.mark.parametrize("count", [0, 11])
def test_list_row_count_outside_1_to_10_is_refused(count: int) -> None:
    choices = [(f"id{n}", f"Title {n}") for n in range(count)]
    with pytest.raises(MessageValidationError, match=f"{count} given, WhatsApp allows 1 to 10"):
        list_message(TO, "When?", "Times", choices)


def test_list_row_titles_are_shortened_to_24_and_ids_bounded_to_200() -> None:
    payload = list_message(TO, "When?", "Times", [("a", "Wednesday 18 March at 16:00")])
    ((_, title),) = rows(payload)
    assert title == "Wednesday 18 March at 1…"
    assert len(title) == 24
    with pytest.raises(MessageValidationError, match="1 to 200 characters"):
        list_message(TO, "When?", "Times", [("x" * 201, "Mon")])
    with pytest.raises(MessageValidationError, match="button text is empty"):
        list_message(TO, "When?", "  ", [("a", "Mon")])


def test_an_outbox_message_with_four_to_ten_choices_goes_out_as_a_list() -> None:
    from bookbot.service.outbound import OutboundMessage, graph_payload

    three = OutboundMessage("When?", tuple((f"o{n}", f"Day {n}") for n in range(3)))
    five = OutboundMessage("When?", tuple((f"o{n}", f"Day {n}") for n in range(5)))
    eleven = OutboundMessage("When?", tuple((f"o{n}", f"Day {n}") for n in range(11)))
    assert graph_payload(three, TO, within_window=True)["interactive"]["type"] == "button"
    listed = graph_payload(five, TO, within_window=True)
    assert listed["interactive"]["type"] == "list"
    assert listed["interactive"]["action"]["button"] == "🗓️ 1–5"
    assert [t for _, t in rows(listed)] == [f"Day {n}" for n in range(5)]
    assert graph_payload(eleven, TO, within_window=True)["type"] == "text"
