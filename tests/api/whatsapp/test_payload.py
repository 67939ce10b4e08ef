"""Webhook deliveries in the shapes Meta documents, and the malformed ones we refuse."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from bookbot.api.whatsapp import (
    DeliveryError,
    InboundMessage,
    StatusUpdate,
    WebhookPayloadError,
    parse_webhook,
)

PHONE_ID = "106540352242922"
WAMID = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA="
TS = "1739321024"
TS_DT = datetime(2025, 2, 12, 0, 43, 44, tzinfo=UTC)


def value(**parts: Any) -> dict[str, Any]:
    """`entry[].changes[].value` as Meta sends it for the `messages` field."""
    return {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": PHONE_ID},
        **parts,
    }


def contact(wa_id: str = "16505551234", name: str = "Sheena Nelson") -> dict[str, Any]:
    return {"profile": {"name": name}, "wa_id": wa_id}


def message(type_: str, content: Any = None, **extra: Any) -> dict[str, Any]:
    msg: dict[str, Any] = {"from": "16505551234", "id": WAMID, "timestamp": TS, "type": type_}
    if content is not None:
        msg[type_] = content
    return {**msg, **extra}


def delivery(*values: dict[str, Any], field: str = "messages") -> dict[str, Any]:
    changes = [{"value": v, "field": field} for v in values]
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": changes}],
    }


def one_message(msg: dict[str, Any]) -> InboundMessage:
    batch = parse_webhook(delivery(value(contacts=[contact()], messages=[msg])))
    assert batch.statuses == ()
    (only,) = batch.messages
    return only


def test_text_message() -> None:
    raw = json.dumps(
        delivery(
            value(
                contacts=[contact()],
                messages=[message("text", {"body": "Do you do implants?"})],
            )
        )
    ).encode()
    assert parse_webhook(raw).events == (
        InboundMessage(
            message_id=WAMID,
            from_phone="+16505551234",
            profile_name="Sheena Nelson",
            timestamp=TS_DT,
            phone_number_id=PHONE_ID,
            kind="text",
            text="Do you do implants?",
        ),
    )


def test_timestamp_is_aware_utc() -> None:
    msg = one_message(message("text", {"body": "hi"}))
    assert msg.timestamp.tzinfo is UTC
    assert msg.timestamp == TS_DT


def test_interactive_button_reply() -> None:
    context = {"from": "15550783881", "id": "wamid.ORIGINAL"}
    msg = one_message(
        message(
            "interactive",
            {"type": "button_reply", "button_reply": {"id": "confirm-42", "title": "Yes, book it"}},
            context=context,
        )
    )
    assert (msg.kind, msg.text, msg.reply_id) == ("button", "Yes, book it", "confirm-42")
    assert msg.context_id == "wamid.ORIGINAL"


def test_interactive_list_reply() -> None:
    row = {"id": "slot-2026-03-10T14:00", "title": "Tue 10 Mar 14:00", "description": "60 min"}
    msg = one_message(message("interactive", {"type": "list_reply", "list_reply": row}))
    assert (msg.kind, msg.text, msg.reply_id) == ("list", "Tue 10 Mar 14:00", row["id"])
    assert msg.reply_description == "60 min"


def test_legacy_template_quick_reply_button() -> None:
    msg = one_message(message("button", {"payload": "unsubscribe", "text": "Unsubscribe"}))
    assert (msg.kind, msg.text, msg.reply_id) == ("button", "Unsubscribe", "unsubscribe")


@pytest.mark.parametrize(
    ("type_", "content"),
    [
        ("image", {"caption": "x-ray", "mime_type": "image/jpeg", "sha256": "abc", "id": "1"}),
        (
            "audio",
            {"mime_type": "audio/ogg; codecs=opus", "sha256": "abc", "id": "2", "voice": True},
        ),
        ("location", {"latitude": 47.37, "longitude": 8.54, "name": "Praxis"}),
        ("sticker", {"mime_type": "image/webp", "sha256": "abc", "id": "3", "animated": False}),
    ],
)
def test_other_types_are_unsupported_messages(type_: str, content: dict[str, Any]) -> None:
    msg = one_message(message(type_, content))
    assert (msg.kind, msg.unsupported_type, msg.text, msg.reply_id) == (
        "unsupported",
        type_,
        "",
        None,
    )
    assert msg.from_phone == "+16505551234"


def test_a_reaction_carries_its_emoji_and_the_message_it_is_on() -> None:
    # Meta's sample: webhooks/reference/messages/reaction
    reaction = {"message_id": "wamid.OFFER", "emoji": "\U0001f44d"}
    msg = one_message(message("reaction", reaction))
    assert (msg.kind, msg.text, msg.context_id) == ("reaction", "\U0001f44d", "wamid.OFFER")
    assert (msg.unsupported_type, msg.reply_id) == (None, None)


@pytest.mark.parametrize(
    "removed", [{"message_id": "wamid.OFFER"}, {"message_id": "wamid.OFFER", "emoji": ""}]
)
def test_a_removed_reaction_has_no_emoji(removed: dict[str, Any]) -> None:
    msg = one_message(message("reaction", removed))
    assert (msg.kind, msg.text, msg.context_id) == ("reaction", "", "wamid.OFFER")


def test_a_reaction_without_its_message_id_is_malformed() -> None:
    with pytest.raises(WebhookPayloadError, match="message_id"):
        parse_webhook(delivery(value(messages=[message("reaction", {"emoji": "x"})])))


@pytest.mark.parametrize("stamp", ["100000000000000000000", 10**20, "253402300800", "1e20", 1e20])
def test_a_timestamp_out_of_range_is_malformed_not_a_crash(stamp: object) -> None:
    raw = message("text", {"body": "hi"})
    raw["timestamp"] = stamp
    with pytest.raises(WebhookPayloadError, match="timestamp"):
        parse_webhook(delivery(value(messages=[raw])))


def test_unknown_message_type_with_errors_is_unsupported() -> None:
    errors = [
        {
            "code": 131051,
            "title": "Message type unknown",
            "message": "Message type unknown",
            "error_data": {"details": "Message type is currently not supported."},
        }
    ]
    msg = one_message(message("unsupported", errors=errors))
    assert (msg.kind, msg.unsupported_type) == ("unsupported", "unsupported")


def test_unknown_interactive_type_is_unsupported() -> None:
    flow = {"type": "nfm_reply", "nfm_reply": {"response_json": "{}", "body": "Sent"}}
    msg = one_message(message("interactive", flow))
    assert (msg.kind, msg.unsupported_type) == ("unsupported", "interactive.nfm_reply")


def test_statuses_only() -> None:
    statuses = [
        {
            "id": WAMID,
            "status": "sent",
            "timestamp": TS,
            "recipient_id": "16505551234",
            "conversation": {"id": "c1", "expiration_timestamp": TS, "origin": {"type": "service"}},
            "pricing": {"billable": True, "pricing_model": "PMP", "category": "utility"},
        },
        {"id": WAMID, "status": "delivered", "timestamp": TS, "recipient_id": "16505551234"},
        {"id": WAMID, "status": "read", "timestamp": TS, "recipient_id": "16505551234"},
    ]
    batch = parse_webhook(delivery(value(statuses=statuses)))
    assert batch.messages == ()
    assert [s.status for s in batch.statuses] == ["sent", "delivered", "read"]
    assert batch.statuses[0] == StatusUpdate(
        message_id=WAMID,
        status="sent",
        timestamp=TS_DT,
        recipient="+16505551234",
        phone_number_id=PHONE_ID,
    )


def test_failed_status_carries_its_errors() -> None:
    failed = {
        "id": WAMID,
        "status": "failed",
        "timestamp": TS,
        "recipient_id": "16505551234",
        "errors": [
            {
                "code": 131047,
                "title": "Re-engagement message",
                "message": "Re-engagement message",
                "error_data": {
                    "details": "Message failed to send because more than 24 hours "
                    "have passed since the customer last replied."
                },
                "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
            }
        ],
    }
    (status,) = parse_webhook(delivery(value(statuses=[failed]))).statuses
    assert status.status == "failed"
    assert status.errors == (
        DeliveryError(
            code=131047,
            title="Re-engagement message",
            message="Re-engagement message",
            details="Message failed to send because more than 24 hours have passed since the "
            "customer last replied.",
        ),
    )


def test_group_recipient_is_kept_as_sent() -> None:
    status = {
        "id": WAMID,
        "status": "delivered",
        "timestamp": TS,
        "recipient_id": "Y2FwaV9ncm91cDox",
        "recipient_type": "group",
    }
    (update,) = parse_webhook(delivery(value(statuses=[status]))).statuses
    assert update.recipient == "Y2FwaV9ncm91cDox"


def test_change_level_errors_are_collected() -> None:
    errors = [
        {
            "code": 130429,
            "title": "Rate limit hit",
            "message": "Rate limit hit",
            "error_data": {"details": "Too many messages"},
        }
    ]
    batch = parse_webhook(delivery(value(errors=errors)))
    assert batch.events == ()
    assert batch.errors == (
        DeliveryError(
            code=130429,
            title="Rate limit hit",
            message="Rate limit hit",
            details="Too many messages",
        ),
    )


def test_many_entries_changes_and_messages_keep_delivery_order() -> None:
    first = value(
        contacts=[contact("41790000001", "Marie"), contact("41790000002", "Jonas")],
        messages=[
            {**message("text", {"body": "one"}), "from": "41790000001", "id": "m1"},
            {**message("text", {"body": "two"}), "from": "41790000002", "id": "m2"},
        ],
    )
    second = value(
        statuses=[{"id": "s1", "status": "read", "timestamp": TS, "recipient_id": "41790000001"}]
    )
    payload = delivery(first, second)
    payload["entry"].append(
        {
            "id": "other-waba",
            "changes": [
                {
                    "field": "messages",
                    "value": value(
                        metadata={"display_phone_number": "15550000000", "phone_number_id": "999"},
                        contacts=[contact("41790000003", "Lea")],
                        messages=[
                            {
                                **message("text", {"body": "three"}),
                                "from": "41790000003",
                                "id": "m3",
                            }
                        ],
                    ),
                }
            ],
        }
    )
    batch = parse_webhook(payload)
    assert [e.message_id for e in batch.events] == ["m1", "m2", "s1", "m3"]
    assert [(m.from_phone, m.profile_name, m.text) for m in batch.messages] == [
        ("+41790000001", "Marie", "one"),
        ("+41790000002", "Jonas", "two"),
        ("+41790000003", "Lea", "three"),
    ]
    assert batch.messages[2].phone_number_id == "999"


def test_single_contact_names_a_sender_whose_number_differs() -> None:
    # Meta's wa_id and the number in `from` need not match (e.g. Brazil's ninth digit).
    msg = message("text", {"body": "oi"}, **{"from": "5511987654321"})
    batch = parse_webhook(
        delivery(value(contacts=[contact("551187654321", "Ana")], messages=[msg]))
    )
    assert batch.messages[0].profile_name == "Ana"


def test_no_contacts_means_no_profile_name() -> None:
    batch = parse_webhook(delivery(value(messages=[message("text", {"body": "hi"})])))
    assert batch.messages[0].profile_name is None


def test_extra_fields_are_tolerated() -> None:
    payload = delivery(
        value(
            contacts=[{**contact(), "identity_key_hash": "DF2lS5v2W6x="}],
            messages=[message("text", {"body": "hi", "new_flag": 1}, brand_new_field={"a": 1})],
            something_new=True,
        )
    )
    payload["entry"][0]["time"] = 1739321024
    assert parse_webhook(payload).messages[0].text == "hi"


def test_other_webhook_fields_are_skipped() -> None:
    template_update = {
        "event": "APPROVED",
        "message_template_id": 1,
        "message_template_name": "reminder",
        "message_template_language": "en",
    }
    assert (
        parse_webhook(delivery(template_update, field="message_template_status_update")).events
        == ()
    )


def test_empty_delivery_is_an_empty_batch() -> None:
    assert parse_webhook({"object": "whatsapp_business_account", "entry": []}).events == ()


# -- malformed deliveries -------------------------------------------------------------


def refused(payload: Any) -> str:
    with pytest.raises(WebhookPayloadError) as info:
        parse_webhook(payload)
    assert isinstance(info.value, ValueError)
    return str(info.value)


def test_wrong_object_is_refused() -> None:
    payload = {**delivery(value()), "object": "page"}
    assert refused(payload) == "object: expected 'whatsapp_business_account', got 'page'"


def test_missing_top_level_keys_are_named() -> None:
    assert refused({"object": "whatsapp_business_account"}) == "body: missing 'entry'"
    assert "body: missing 'object'" in refused({"entry": []})


def test_not_json_is_refused() -> None:
    assert refused(b"{not json").startswith("body is not valid JSON")
    assert refused(b"\xff\xfe").startswith("body is not valid JSON")
    assert refused(b"[1, 2]").startswith("body: ")


def test_missing_from_is_named_with_its_path() -> None:
    msg = message("text", {"body": "hi"})
    del msg["from"]
    assert refused(delivery(value(messages=[msg]))) == (
        "entry[0].changes[0].value.messages[0]: missing 'from'"
    )


def test_missing_metadata_and_product_are_named() -> None:
    broken = value(messages=[message("text", {"body": "hi"})])
    del broken["metadata"]["phone_number_id"]
    assert refused(delivery(broken)) == (
        "entry[0].changes[0].value.metadata: missing 'phone_number_id'"
    )
    other = {**value(), "messaging_product": "instagram"}
    assert refused(delivery(other)).startswith("entry[0].changes[0].value.messaging_product: ")


def test_text_type_without_text_is_refused() -> None:
    assert refused(delivery(value(messages=[message("text")]))) == (
        "entry[0].changes[0].value.messages[0]: type 'text' but no 'text' object"
    )


def test_button_reply_without_id_is_refused() -> None:
    reply = {"type": "button_reply", "button_reply": {"title": "Yes"}}
    ok = message("text", {"body": "fine"})
    bad = message("interactive", reply)
    assert refused(delivery(value(messages=[ok, bad]))) == (
        "entry[0].changes[0].value.messages[1].interactive.button_reply: missing 'id'"
    )


def test_list_reply_type_without_its_object_is_refused() -> None:
    bad = message("interactive", {"type": "list_reply"})
    assert refused(delivery(value(messages=[bad]))) == (
        "entry[0].changes[0].value.messages[0].interactive: "
        "type 'list_reply' but no 'list_reply' object"
    )


def test_bad_timestamp_is_refused() -> None:
    msg = message("text", {"body": "hi"}, timestamp="yesterday")
    assert refused(delivery(value(messages=[msg]))).startswith(
        "entry[0].changes[0].value.messages[0].timestamp: "
    )


def test_bad_sender_number_is_refused() -> None:
    msg = message("text", {"body": "hi"}, **{"from": "not-a-number"})
    assert refused(delivery(value(messages=[msg]))).startswith(
        "entry[0].changes[0].value.messages[0].from: not a phone number"
    )


def test_status_without_id_is_refused() -> None:
    status = {"status": "read", "timestamp": TS, "recipient_id": "16505551234"}
    assert refused(delivery(value(statuses=[status]))) == (
        "entry[0].changes[0].value.statuses[0]: missing 'id'"
    )


def test_entries_must_be_a_list() -> None:
    assert refused({"object": "whatsapp_business_account", "entry": {}}).startswith("entry: ")


def test_several_faults_are_listed_together() -> None:
    msg = {"type": "text", "text": {"body": "hi"}}
    text = refused(delivery(value(messages=[msg])))
    assert text.startswith("entry[0].changes[0].value.messages[0]: missing 'from'; ")
    assert "missing 'id'" in text and "missing 'timestamp'" in text
