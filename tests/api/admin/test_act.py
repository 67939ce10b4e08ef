"""The admin's calendar, and the admin acting for a customer through the chat's
tools: preview then apply, the notice rule and its audited override, and the
Next Action's messages through the outbox. Clock: Tue 24 March 2026, 16:00 Zurich."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from bookbot.agent.runtime import Runtime
from bookbot.api.admin.demo_seed import DemoSeed
from bookbot.store.models import BookingEventRow, OutboxRow, ProposalRow
from tests.api.admin.admin_testkit import AUTH, fields


def _post(client: TestClient, path: str, body: dict[str, Any]) -> Any:
    return client.post(f"/admin/api{path}", json=body, headers=AUTH)


# -- the calendar ------------------------------------------------------------------


def test_a_week_of_sessions_per_service_with_the_load_against_capacity(
    reader: TestClient,
) -> None:
    week = reader.get("/admin/api/calendar", params={"date": "2026-03-23", "days": 7}, headers=AUTH)
    assert week.status_code == 200, week.text
    data = week.json()
    assert [d["label"] for d in data["days"]][:2] == ["Mon 23 Mar 2026", "Tue 24 Mar 2026"]
    assert [d["today"] for d in data["days"]][:2] == [False, True]
    assert data["days"][6]["hours"] == []  # Sunday: closed
    assert data["days"][0]["hours"] == ["08:00-12:00", "13:00-19:00"]
    rows = [(s["customer"]["name"], s["when"], s["load"], s["capacity"]) for s in data["sessions"]]
    assert rows == [
        ("Thomas Weber", "Mon 23 Mar 2026, 17:00", 1, 2),
        ("Sofia Rossi", "Tue 24 Mar 2026, 11:00", 1, 1),
        ("Marie Schmidt", "Tue 24 Mar 2026, 14:00", 1, 1),
        ("Thomas Weber", "Wed 25 Mar 2026, 17:00", 1, 2),
        ("Thomas Weber", "Fri 27 Mar 2026, 17:00", 1, 2),
    ]
    day = reader.get(
        "/admin/api/calendar",
        params={"date": "2026-03-24", "service": "consultation"},
        headers=AUTH,
    ).json()
    assert [s["time"] for s in day["sessions"]] == ["11:00-11:30"]


def test_the_calendar_refuses_bad_ranges(reader: TestClient) -> None:
    assert reader.get("/admin/api/calendar", params={"days": 15}, headers=AUTH).status_code == 422
    far = reader.get("/admin/api/calendar", params={"date": "9999-01-01"}, headers=AUTH)
    assert "outside the years" in fields(far)["date"]
    assert (
        reader.get("/admin/api/calendar", params={"service": "x"}, headers=AUTH).status_code == 404
    )


def test_the_load_counts_overlapping_sessions_of_the_service(
    client: TestClient, runtime: Runtime
) -> None:
    for phone in ("+41791000050", "+41791000051"):
        preview = _post(
            client,
            "/act/book/preview",
            {"phone": phone, "service_id": "physiotherapy", "starts": ["2026-03-30T10:00"]},
        ).json()
        assert preview["ok"], preview
        assert _post(client, "/act/apply", {"proposal_id": preview["proposal_id"]}).json()["done"]
    day = client.get("/admin/api/calendar", params={"date": "2026-03-30"}, headers=AUTH).json()
    assert [(s["load"], s["capacity"]) for s in day["sessions"]] == [(2, 3), (2, 3)]


# -- booking, moving, cancelling for a customer -------------------------------------


def test_booking_a_plan_for_a_new_customer_previews_the_whole_plan_then_books_it(
    client: TestClient, runtime: Runtime
) -> None:
    body = {
        "phone": "+41 79 555 00 11",
        "name": "Nina Frei",
        "service_id": "dental-implant",
        "starts": ["2026-03-26T10:00"],
    }
    preview = _post(client, "/act/book/preview", body)
    assert preview.status_code == 200, preview.text
    data = preview.json()
    assert data["ok"] and data["customer"]["name"] == "Nina Frei"
    assert [s["when"] for s in data["sessions"]] == [
        "Thu 26 Mar 2026, 10:00",
        "Thu 9 Apr 2026, 10:00",
        "Sat 9 May 2026, 10:00",
    ]
    assert "48 hours" in data["notice"]
    nina = client.get("/admin/api/groups", params={"phone": "+41795550011"}, headers=AUTH)
    assert nina.json() == []  # a preview books nothing
    applied = _post(client, "/act/apply", {"proposal_id": data["proposal_id"]}).json()
    assert applied["done"] and not applied["already_done"]
    plan = applied["plan"]
    assert plan["customer"]["name"] == "Nina Frei"
    assert [s["label"] for s in plan["sessions"]] == [
        "Session 1: Thu 26 Mar 2026, 10:00 - Confirmed",
        "Session 2: Thu 9 Apr 2026, 10:00 - Confirmed",
        "Session 3: Sat 9 May 2026, 10:00 - Confirmed",
    ]
    again = _post(client, "/act/apply", {"proposal_id": data["proposal_id"]}).json()
    assert again["already_done"]  # a proposal is applied at most once
    with runtime.session_factory() as session:
        actors = set(session.scalars(select(BookingEventRow.actor)).all())
    assert "admin" in actors


def test_a_booking_inside_the_notice_is_refused_until_the_admin_overrides_it(
    client: TestClient, runtime: Runtime
) -> None:
    body: dict[str, Any] = {
        "phone": "+41791000060",
        "service_id": "consultation",
        "starts": ["2026-03-24T17:00"],  # in one hour; bookings need 2 hours' notice
    }
    refused = _post(client, "/act/book/preview", body).json()
    assert not refused["ok"]
    assert (refused["conflict"]["rule"], refused["can_override"]) == ("min_notice", True)
    body["override_notice"] = True
    allowed = _post(client, "/act/book/preview", body).json()
    assert allowed["ok"], allowed
    applied = _post(
        client, "/act/apply", {"proposal_id": allowed["proposal_id"], "override_notice": True}
    ).json()
    assert applied["done"]
    with runtime.session_factory() as session:
        actors = session.scalars(
            select(BookingEventRow.actor).order_by(BookingEventRow.id.desc())
        ).first()
    assert actors == "admin (notice override)"


def test_moving_a_session_shows_the_whole_new_plan_and_moves_only_on_apply(
    client: TestClient, runtime: Runtime, seed: DemoSeed
) -> None:
    group = str(seed.groups["Thomas Weber"])
    preview = _post(
        client,
        "/act/move/preview",
        {"group_id": group, "session_number": 6, "new_start": "2026-03-28T10:00"},
    ).json()
    assert preview["ok"], preview
    assert preview["moved_sessions"] == [6]
    assert len(preview["sessions"]) == 7  # the whole plan, moved ones marked
    assert [s["moved"] for s in preview["sessions"]].count(True) == 1
    before = client.get(f"/admin/api/groups/{group}", headers=AUTH).json()
    assert "Fri 27 Mar 2026, 17:00" in before["sessions"][5]["label"]
    applied = _post(client, "/act/apply", {"proposal_id": preview["proposal_id"]}).json()
    assert applied["done"]
    labels = [s["label"] for s in applied["plan"]["sessions"]]
    assert "Lesson 6: Sat 28 Mar 2026, 10:00 - Confirmed" in labels


def test_a_move_inside_the_notice_needs_the_override_and_is_audited(
    client: TestClient, runtime: Runtime, seed: DemoSeed
) -> None:
    group = str(seed.groups["Thomas Weber"])
    body: dict[str, Any] = {"group_id": group, "session_number": 5, "new_start": "2026-03-26T17:00"}
    refused = _post(client, "/act/move/preview", body).json()  # lesson 5 is tomorrow
    assert refused["conflict"]["rule"] == "reschedule_notice" and refused["can_override"]
    assert refused["proposal_id"] is None
    body["override_notice"] = True
    preview = _post(client, "/act/move/preview", body).json()
    assert preview["ok"], preview
    applied = _post(
        client, "/act/apply", {"proposal_id": preview["proposal_id"], "override_notice": True}
    ).json()
    assert applied["done"]
    with runtime.session_factory() as session:
        event = session.scalars(select(BookingEventRow).order_by(BookingEventRow.id.desc())).first()
    assert event is not None and event.actor == "admin (notice override)"
    assert event.note is not None and event.note.startswith("moved from")


def test_cancelling_a_session_previews_then_cancels(client: TestClient, seed: DemoSeed) -> None:
    group = str(seed.groups["Marie Schmidt"])
    preview = _post(client, "/act/cancel/preview", {"group_id": group, "session_number": 3}).json()
    assert preview["ok"] and [s["number"] for s in preview["sessions"]] == [3]
    applied = _post(client, "/act/apply", {"proposal_id": preview["proposal_id"]}).json()
    assert applied["done"]
    assert applied["plan"]["sessions"][-1]["status"] == "cancelled"


def test_bad_act_requests_name_the_problem(client: TestClient, seed: DemoSeed) -> None:
    both = _post(
        client,
        "/act/book/preview",
        {
            "customer_id": 1,
            "phone": "+41791000001",
            "service_id": "x",
            "starts": ["2026-03-26T10:00"],
        },
    )
    assert both.status_code == 422
    bad_time = _post(
        client,
        "/act/book/preview",
        {"phone": "+41791000001", "service_id": "consultation", "starts": ["tomorrow"]},
    )
    assert bad_time.status_code == 422
    unknown = _post(
        client,
        "/act/book/preview",
        {"phone": "+41791000001", "service_id": "tattoo", "starts": ["2026-03-26T10:00"]},
    )
    assert "unknown service_id" in fields(unknown)["starts"]
    bad_phone = _post(
        client,
        "/act/book/preview",
        {"phone": "call me", "service_id": "consultation", "starts": ["2026-03-26T10:00"]},
    )
    assert "phone" in fields(bad_phone)
    done = _post(
        client,
        "/act/move/preview",
        {
            "group_id": str(seed.groups["Jonas Huber"]),
            "session_number": 1,
            "new_start": "2026-03-26T10:00",
        },
    )
    assert done.status_code == 409
    missing = _post(client, "/act/apply", {"proposal_id": "00000000-0000-0000-0000-000000000001"})
    assert missing.status_code == 404


# -- acting on a Next Action -----------------------------------------------------------


def test_the_outreach_for_the_next_session_goes_out_now_through_the_outbox(
    client: TestClient, runtime: Runtime, seed: DemoSeed
) -> None:
    anna = seed.groups["Anna Keller"]
    sent = client.post(f"/admin/api/groups/{anna}/next-action/outreach", headers=AUTH)
    assert sent.status_code == 200, sent.text
    assert sent.json()["text"].startswith("📅 Ready to book Session 4 of 8?")
    with runtime.session_factory() as session:
        row = session.get_one(OutboxRow, sent.json()["outbox_id"])
    assert (row.phone, row.kind, row.status) == ("+41791000003", "outreach", "pending")
    assert row.body["template"]["name"] == "bookbot_outreach"
    marie = seed.groups["Marie Schmidt"]  # her next step is to attend: nothing to invite to
    assert (
        client.post(f"/admin/api/groups/{marie}/next-action/outreach", headers=AUTH).status_code
        == 409
    )


def test_proposing_the_suggested_day_sends_a_proposal_the_customer_can_accept(
    client: TestClient, runtime: Runtime, seed: DemoSeed
) -> None:
    anna = seed.groups["Anna Keller"]
    proposed = client.post(f"/admin/api/groups/{anna}/next-action/propose", headers=AUTH)
    assert proposed.status_code == 200, proposed.text
    data = proposed.json()
    assert data["proposal"]["ok"] and data["outbox_id"] is not None
    with runtime.session_factory() as session:
        row = session.get_one(OutboxRow, data["outbox_id"])
        proposal = session.get_one(
            ProposalRow, __import__("uuid").UUID(data["proposal"]["proposal_id"])
        )
    proposal_id = data["proposal"]["proposal_id"]  # the button names the offer it answers
    assert row.body["buttons"][0] == [f"yes:{proposal_id}", "Yes, book it"]
    assert data["proposal"]["sessions"][0]["when"] in row.body["text"]
    assert proposal.shown_at is not None and proposal.answered_at is None
