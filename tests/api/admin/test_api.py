"""The admin REST API over the demo business and the demo plans (api/admin/demo_seed.py).

Every test runs on SQLite, and on PostgreSQL too when BOOKBOT_TEST_POSTGRES_URL
is set. The clock is frozen at DEMO_NOW (Tue 24 March 2026, 16:00 in Zurich).
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bookbot.agent.runtime import Runtime
from bookbot.api.admin.demo_seed import DEMO_NOW, DemoSeed, seed_demo_conversations
from bookbot.api.admin.page import STATIC_DIR
from bookbot.service.conversations import Conversations
from bookbot.store.businesses import load_business
from bookbot.store.models import BookingEventRow, ServiceRow
from tests.api.admin.admin_testkit import (
    AUTH,
    MARIE,
    THOMAS,
    TOKEN,
    admin_client,
    fields,
    open_admin_runtime,
)

# -- the token -------------------------------------------------------------------

ENDPOINTS = [
    ("GET", "/admin/api/me"),
    ("GET", "/admin/api/overview"),
    ("GET", "/admin/api/services"),
    ("GET", "/admin/api/services/physiotherapy"),
    ("POST", "/admin/api/services"),
    ("PUT", "/admin/api/services/physiotherapy"),
    ("PATCH", "/admin/api/services/physiotherapy"),
    ("GET", "/admin/api/bookings"),
    ("GET", "/admin/api/groups"),
    ("GET", f"/admin/api/groups/{uuid.UUID(int=1)}"),
    ("POST", f"/admin/api/groups/{uuid.UUID(int=1)}/sessions/1/complete"),
    ("POST", f"/admin/api/groups/{uuid.UUID(int=1)}/cancel"),
    ("GET", "/admin/api/customers"),
    ("GET", "/admin/api/customers/1"),
    ("GET", "/admin/api/conversations"),
    ("GET", "/admin/api/conversations/1"),
    ("GET", "/admin/api/analytics"),
    ("GET", "/admin/api/calendar"),
    ("GET", "/admin/api/analytics/weeks"),
    ("GET", "/admin/api/business"),
    ("PATCH", "/admin/api/business"),
    ("GET", "/admin/api/bookings.csv"),
    ("POST", "/admin/api/act/book/preview"),
    ("POST", "/admin/api/act/move/preview"),
    ("POST", "/admin/api/act/cancel/preview"),
    ("POST", "/admin/api/act/apply"),
    ("POST", f"/admin/api/groups/{uuid.UUID(int=1)}/next-action/outreach"),
    ("POST", f"/admin/api/groups/{uuid.UUID(int=1)}/next-action/propose"),
    ("GET", "/admin/api/handoff/inbox"),
    ("GET", "/admin/api/handoff/threads/1"),
    ("POST", "/admin/api/handoff/threads/1/take-over"),
    ("POST", "/admin/api/handoff/threads/1/reply"),
    ("POST", "/admin/api/handoff/threads/1/hand-back"),
]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_every_endpoint_refuses_a_missing_or_wrong_token(
    reader: TestClient, method: str, path: str
) -> None:
    missing = reader.request(method, path, json={})
    assert missing.status_code == 401
    assert "BOOKBOT_ADMIN_TOKEN" in missing.json()["detail"]
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = reader.request(method, path, json={}, headers={"Authorization": "Bearer nope"})
    assert (wrong.status_code, wrong.json()["detail"]) == (401, "wrong admin token")
    basic = reader.request(method, path, json={}, headers={"Authorization": f"Basic {TOKEN}"})
    assert basic.status_code == 401


def test_the_openapi_schema_marks_every_admin_endpoint_as_bearer_protected(
    reader: TestClient,
) -> None:
    spec = reader.get("/openapi.json").json()
    admin = {path: item for path, item in spec["paths"].items() if path.startswith("/admin")}
    assert set(admin) == {
        "/admin/api/me",
        "/admin/api/overview",
        "/admin/api/services",
        "/admin/api/services/{service_id}",
        "/admin/api/bookings",
        "/admin/api/groups",
        "/admin/api/groups/{group_id}",
        "/admin/api/groups/{group_id}/sessions/{number}/{action}",
        "/admin/api/groups/{group_id}/cancel",
        "/admin/api/customers",
        "/admin/api/customers/{customer_id}",
        "/admin/api/conversations",
        "/admin/api/conversations/{conversation_id}",
        "/admin/api/analytics",
        "/admin/api/calendar",
        "/admin/api/analytics/weeks",
        "/admin/api/business",
        "/admin/api/bookings.csv",
        "/admin/api/act/book/preview",
        "/admin/api/act/move/preview",
        "/admin/api/act/cancel/preview",
        "/admin/api/act/apply",
        "/admin/api/groups/{group_id}/next-action/outreach",
        "/admin/api/groups/{group_id}/next-action/propose",
        "/admin/api/handoff/inbox",
        "/admin/api/handoff/threads/{conversation_id}",
        "/admin/api/handoff/threads/{conversation_id}/take-over",
        "/admin/api/handoff/threads/{conversation_id}/reply",
        "/admin/api/handoff/threads/{conversation_id}/hand-back",
    }
    operations = [op for item in admin.values() for op in item.values()]
    assert len(operations) == len(ENDPOINTS)
    assert all(op["security"] == [{"HTTPBearer": []}] for op in operations)


def test_without_a_configured_token_the_api_is_off_and_says_how_to_turn_it_on(
    admin_db_url: str,
) -> None:
    with open_admin_runtime(admin_db_url, token=None) as runtime:
        response = admin_client(runtime).get("/admin/api/me", headers=AUTH)
    assert response.status_code == 503
    assert "set BOOKBOT_ADMIN_TOKEN" in response.json()["detail"]


def test_me_names_the_actor_business_and_clock(reader: TestClient) -> None:
    assert reader.get("/admin/api/me", headers=AUTH).json() == {
        "actor": "admin",
        "business": "Praxis Demo",
        "timezone": "Europe/Zurich",
        "now": "2026-03-24T16:00:00+01:00",
    }


# -- the dashboard page ------------------------------------------------------------


def test_the_dashboard_page_and_its_files_are_served_without_a_token(reader: TestClient) -> None:
    page = reader.get("/admin")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'id="login-form"' in page.text
    script = reader.get("/admin/assets/admin.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert reader.get("/admin/assets/missing.js").status_code == 404
    assert reader.get("/admin/assets/..%2Fadmin%2Fcontext.py").status_code == 404


def test_the_dashboard_loads_nothing_from_elsewhere() -> None:
    for path in STATIC_DIR.iterdir():
        content = path.read_text(encoding="utf-8")
        assert "http://" not in content.replace("http://www.w3.org/2000/svg", ""), path
        assert "https://" not in content, path


# -- services ----------------------------------------------------------------------


def test_services_are_listed_in_their_yaml_form_with_derived_gaps(reader: TestClient) -> None:
    services = reader.get("/admin/api/services", headers=AUTH).json()
    assert [s["id"] for s in services][:2] == ["dental-implant", "laser-hair-removal"]
    implant = reader.get("/admin/api/services/dental-implant", headers=AUTH).json()
    assert implant["strategy"] == "immediate"
    assert implant["durations"] == [90, 30, 60]
    assert [(g["after_session"], g["minimum"]) for g in implant["gaps"]] == [(1, 14), (2, 30)]
    assert implant["config"]["session_buffer_config"] == {
        "session_1_to_2_days": 14,
        "session_2_to_3_days": 30,
    }
    missing = reader.get("/admin/api/services/tattoo", headers=AUTH)
    assert missing.status_code == 404 and "unknown service 'tattoo'" in missing.json()["detail"]


NEW_SERVICE = {
    "id": "massage",
    "name": "Massage Package (5 sessions)",
    "requires_multiple_sessions": True,
    "total_sessions_required": 5,
    "multi_session_strategy": "flexible",
    "session_buffer_config": {"minimum_days": 1, "suggested_frequency": "weekly"},
    "duration_minutes": 50,
    "package_expiry_days": 90,
}


def test_a_created_service_is_stored_and_the_bot_uses_it_at_once(
    client: TestClient, runtime: Runtime
) -> None:
    created = client.post("/admin/api/services", json=NEW_SERVICE, headers=AUTH)
    assert created.status_code == 201, created.text
    assert created.json()["total_sessions"] == 5
    assert runtime.business.service("massage").package_expiry_days == 90
    assert Conversations.of(runtime).business.service("massage").name == NEW_SERVICE["name"]
    with runtime.session_factory() as session:
        stored = load_business(session)
    assert stored.services[-1].id == "massage"
    again = client.post("/admin/api/services", json=NEW_SERVICE, headers=AUTH)
    assert again.status_code == 409 and "PUT or PATCH" in again.json()["detail"]


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"name": None}, "name", "Field required"),
        ({"colour": "blue"}, "colour", "unknown field"),
        ({"multi_session_strategy": "random"}, "multi_session_strategy", "'immediate'"),
        ({"requires_multiple_sessions": False}, "total_sessions_required", "is false"),
        ({"total_sessions_required": 0}, "total_sessions_required", "greater than or equal to 1"),
        (
            {"session_buffer_config": {"session_5_to_6_days": 3}},
            "session_buffer_config.session_5_to_6_days",
            "does not fit a 5-session plan",
        ),
        (
            {"session_buffer_config": {"minimum_days": -2}},
            "session_buffer_config.minimum_days",
            "greater than or equal to 0",
        ),
        (
            {"session_buffer_config": {"minimum_days": 9, "maximum_days": 7}},
            "session_buffer_config.minimum_days",
            "above maximum_days",
        ),
        (
            {"session_buffer_config": {"session_2_to_4_days": 3}},
            "session_buffer_config.session_2_to_4_days",
            "consecutive sessions",
        ),
        ({"sessions": [{"duration_minutes": 0}]}, "sessions[0].duration_minutes", "greater than 0"),
        ({"package_expiry_days": "soon"}, "package_expiry_days", "valid integer"),
    ],
)
def test_a_bad_service_is_refused_naming_the_field_and_the_reason(
    reader: TestClient, change: dict[str, Any], field: str, reason: str
) -> None:
    body = {k: v for k, v in {**NEW_SERVICE, **change}.items() if v is not None}
    problems = fields(reader.post("/admin/api/services", json=body, headers=AUTH))
    assert field in problems, problems
    assert reason in problems[field]
    assert reader.get("/admin/api/services/massage", headers=AUTH).status_code == 404


def test_patch_changes_the_multi_session_configuration_and_it_survives_a_restart(
    client: TestClient, runtime: Runtime, admin_db_url: str
) -> None:
    change = {
        "total_sessions_required": 6,
        "session_buffer_config": {"minimum_days": 3, "maximum_days": 10, "recommended_days": 4},
        "sessions": [{"name": "Assessment", "duration_minutes": 60}, {}, {}, {}, {}, {}],
    }
    response = client.patch("/admin/api/services/physiotherapy", json=change, headers=AUTH)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["durations"] == [60, 45, 45, 45, 45, 45]
    assert body["gaps"][0] == {"after_session": 1, "minimum": 3, "maximum": 10, "target": 4}
    assert runtime.business.service("physiotherapy").gap(1).maximum == 10
    anna = client.get("/admin/api/groups", params={"phone": "+41791000003"}, headers=AUTH)
    assert anna.json()[0]["total"] == 8  # a plan keeps the session count it was sold with
    with open_admin_runtime(admin_db_url) as restarted:  # the business file is unchanged
        assert restarted.business.service("physiotherapy").total_sessions == 6
    reset = client.patch(
        "/admin/api/services/driving-lessons", json={"package_expiry_days": None}, headers=AUTH
    )
    assert reset.json()["package_expiry_days"] is None


def test_patch_and_put_keep_the_service_id_and_put_replaces_everything(
    client: TestClient, runtime: Runtime
) -> None:
    renamed = client.patch("/admin/api/services/physiotherapy", json={"id": "physio"}, headers=AUTH)
    assert "a service keeps its id" in fields(renamed)["id"]
    put = client.put(
        "/admin/api/services/consultation",
        json={"name": "Consultation", "duration_minutes": 45},
        headers=AUTH,
    )
    assert put.status_code == 200
    assert "price" not in put.json()["config"]
    assert runtime.business.service("consultation").price is None
    assert runtime.business.service("consultation").duration_minutes == 45
    assert client.put("/admin/api/services/tattoo", json={}, headers=AUTH).status_code == 404


# -- bookings and groups ----------------------------------------------------------


def _bookings(client: TestClient, **query: Any) -> Any:
    return client.get("/admin/api/bookings", params=query, headers=AUTH)


def test_bookings_filter_by_phone_service_status_and_local_dates(reader: TestClient) -> None:
    marie = _bookings(reader, phone="0041 79 100 00 01").json()
    assert [(b["session_number"], b["status"]) for b in marie] == [
        (1, "completed"),
        (2, "confirmed"),
        (3, "confirmed"),
    ]
    assert marie[0]["customer"]["name"] == "Marie Schmidt"
    assert len(_bookings(reader, service="driving-lessons").json()) == 7
    done = _bookings(reader, service="driving-lessons", status="completed").json()
    assert [b["session_number"] for b in done] == [1, 2, 3, 4]
    both = _bookings(reader, status=["no_show", "cancelled"]).json()
    assert sorted(b["status"] for b in both) == ["cancelled", "cancelled", "no_show"]
    today = _bookings(reader, date_from="2026-03-24", date_to="2026-03-24").json()
    assert [b["customer"]["name"] for b in today] == ["Sofia Rossi", "Marie Schmidt"]
    assert _bookings(reader, date_from="2026-03-25", limit=2).json()[0]["start"] == (
        "2026-03-25T16:00:00Z"
    )


def test_bad_booking_filters_are_refused_naming_them(reader: TestClient) -> None:
    backwards = _bookings(reader, date_from="2026-03-24", date_to="2026-03-01")
    assert "before date_from" in fields(backwards)["date_to"]
    assert "E.164" in fields(_bookings(reader, phone="call me"))["phone"]
    assert _bookings(reader, status="lost").status_code == 422
    assert _bookings(reader, service="tattoo").status_code == 404


def test_groups_filter_by_status_strategy_phone_and_dates(reader: TestClient) -> None:
    def names(**query: Any) -> list[str]:
        found = reader.get("/admin/api/groups", params=query, headers=AUTH).json()
        return sorted(g["customer"]["name"] for g in found)

    assert len(names()) == 6
    assert names(status="active") == ["Anna Keller", "Marie Schmidt", "Thomas Weber"]
    assert names(status=["completed", "cancelled"]) == ["Jonas Huber", "Lukas Meier", "Sofia Rossi"]
    assert names(strategy="flexible") == ["Sofia Rossi", "Thomas Weber"]
    assert names(phone=THOMAS) == ["Thomas Weber"]
    assert names(date_from="2026-04-23", date_to="2026-04-23") == ["Marie Schmidt"]
    assert names(service="dental-implant") == ["Jonas Huber", "Marie Schmidt"]


GUIDE_PLAN_VIEW = [
    "Customer: Marie Schmidt",
    "Service: Dental Implant - Complete Treatment",
    "Strategy: Immediate",
    "",
    "Progress: 2 of 3 complete",
    "✅ Session 1: Tue 10 Mar 2026, 14:00 - Completed",
    "✅ Session 2: Tue 24 Mar 2026, 14:00 - Completed",
    "📅 Session 3: Thu 23 Apr 2026, 14:00 - Confirmed",
    "",
    "Next Action: Send Session 3 reminder on Wed 22 Apr 2026, 14:00",
]

GUIDE_PACKAGE_VIEW = [
    "Customer: Thomas Weber",
    "Service: Driving Lessons - Starter Package (10 Lessons)",
    "Strategy: Flexible",
    "",
    "Progress: 7 of 10 booked, 4 completed",
    "",
    "Booked Sessions:",
    "✅ Lesson 1: Mon 16 Mar 2026, 17:00 - Completed",
    "✅ Lesson 2: Wed 18 Mar 2026, 17:00 - Completed",
    "✅ Lesson 3: Fri 20 Mar 2026, 17:00 - Completed",
    "✅ Lesson 4: Mon 23 Mar 2026, 17:00 - Completed",
    "📅 Lesson 5: Wed 25 Mar 2026, 17:00 - Confirmed",
    "📅 Lesson 6: Fri 27 Mar 2026, 17:00 - Confirmed",
    "📅 Lesson 7: Wed 1 Apr 2026, 17:00 - Confirmed",
    "",
    "Remaining: 3 unscheduled lessons",
    "Expires: Wed 9 Sep 2026 (in 169 days)",
    "Next Action: Send Lesson 5 reminder today at 17:00",
]


def test_marking_a_session_completed_gives_the_guides_multi_session_view(
    client: TestClient, runtime: Runtime, seed: DemoSeed
) -> None:
    group = seed.groups["Marie Schmidt"]
    before = client.get(f"/admin/api/groups/{group}", headers=AUTH).json()
    assert (before["completed"], before["next_action"]["kind"]) == (1, "attend")
    marked = client.post(
        f"/admin/api/groups/{group}/sessions/2/complete", json={"note": "healed well"}, headers=AUTH
    )
    assert marked.status_code == 200, marked.text
    assert marked.json()["summary"] == GUIDE_PLAN_VIEW
    assert marked.json()["percent_complete"] == 67
    with runtime.session_factory() as session:
        event = session.scalars(select(BookingEventRow).order_by(BookingEventRow.id.desc())).first()
    assert event is not None
    assert (event.to_status, event.actor, event.note) == ("completed", "admin", "healed well")


def test_the_package_view_of_the_guide(client: TestClient, seed: DemoSeed) -> None:
    customer = client.get(f"/admin/api/customers/{seed.customers['Thomas Weber']}", headers=AUTH)
    (plan,) = customer.json()["plans"]
    assert plan["view"] == "package"
    assert (plan["scheduled"], plan["completed"], plan["remaining_unscheduled"]) == (7, 4, 3)
    assert plan["summary"] == GUIDE_PACKAGE_VIEW


def test_no_show_and_cancel_change_the_counts(client: TestClient, seed: DemoSeed) -> None:
    marie, thomas = seed.groups["Marie Schmidt"], seed.groups["Thomas Weber"]
    missed = client.post(f"/admin/api/groups/{marie}/sessions/2/no-show", headers=AUTH).json()
    assert (missed["no_shows"], missed["remaining_unscheduled"]) == (1, 1)
    assert missed["next_action"]["text"] == "Send Session 3 reminder on Wed 22 Apr 2026, 14:00"
    cancelled = client.post(f"/admin/api/groups/{thomas}/sessions/7/cancel", headers=AUTH).json()
    assert (cancelled["scheduled"], cancelled["remaining_unscheduled"]) == (6, 4)
    assert "Remaining: 4 unscheduled lessons" in cancelled["summary"]


def test_refused_actions_say_why(client: TestClient, seed: DemoSeed) -> None:
    marie = seed.groups["Marie Schmidt"]
    early = client.post(f"/admin/api/groups/{marie}/sessions/3/complete", headers=AUTH)
    assert early.status_code == 409
    assert "starts Thu 23 Apr 2026 14:00" in early.json()["detail"]
    done = client.post(f"/admin/api/groups/{marie}/sessions/1/cancel", headers=AUTH)
    assert done.status_code == 409 and "is completed" in done.json()["detail"]
    sessions = f"/admin/api/groups/{marie}/sessions"
    assert client.post(f"{sessions}/9/cancel", headers=AUTH).status_code == 404
    assert client.post(f"{sessions}/2/finish", headers=AUTH).status_code == 422
    unknown = client.get(f"/admin/api/groups/{uuid.uuid4()}", headers=AUTH)
    assert unknown.status_code == 404
    extra = client.post(
        f"/admin/api/groups/{marie}/sessions/2/complete", json={"actor": "x"}, headers=AUTH
    )
    assert extra.status_code == 422


def test_cancelling_a_plan_cancels_its_confirmed_sessions(
    client: TestClient, seed: DemoSeed
) -> None:
    plan = client.post(f"/admin/api/groups/{seed.groups['Marie Schmidt']}/cancel", headers=AUTH)
    assert plan.json()["status"] == "cancelled"
    assert [s["status"] for s in plan.json()["sessions"]] == ["completed", "cancelled", "cancelled"]
    again = client.post(f"/admin/api/groups/{seed.groups['Marie Schmidt']}/cancel", headers=AUTH)
    assert again.status_code == 409


# -- overview, customers, transcripts, analytics ---------------------------------


def test_overview_lists_today_upcoming_and_plans_in_progress(reader: TestClient) -> None:
    data = reader.get("/admin/api/overview", headers=AUTH).json()
    assert data["today"] == "2026-03-24"
    assert [(b["customer"]["name"], b["status"]) for b in data["today_sessions"]] == [
        ("Sofia Rossi", "completed"),
        ("Marie Schmidt", "confirmed"),
    ]
    assert [b["session_number"] for b in data["upcoming"]] == [5, 6]  # April 1 is 8 days out
    assert sorted(p["customer"]["name"] for p in data["in_progress"]) == [
        "Anna Keller",
        "Marie Schmidt",
        "Thomas Weber",
    ]
    anna = next(p for p in data["in_progress"] if p["customer"]["name"] == "Anna Keller")
    assert anna["next_action"]["text"] == (
        "Overdue: Book Session 4, suggested Fri 20 Mar 2026 (Thu 19 Mar 2026 to Tue 24 Mar 2026)"
    )


def test_finished_plans_say_there_is_nothing_left_to_do(reader: TestClient) -> None:
    plans = reader.get("/admin/api/groups", headers=AUTH).json()
    actions = {p["customer"]["name"]: p["next_action"] for p in plans}
    assert actions["Jonas Huber"]["text"] == "None - all 3 sessions completed"
    assert actions["Lukas Meier"] == {
        "kind": "cancelled",
        "session": None,
        "at": None,
        "earliest": None,
        "latest": None,
        "suggested": None,
        "text": "None - the plan was cancelled",
    }
    sofia = next(p for p in plans if p["customer"]["name"] == "Sofia Rossi")
    assert sofia["view"] == "plan"  # one session: not a package, whatever the strategy
    assert sofia["summary"][4] == "Progress: 1 of 1 complete"


def test_a_plan_of_a_retired_service_is_still_shown(client: TestClient, runtime: Runtime) -> None:
    with runtime.session_factory.begin() as session:
        row = session.scalars(
            select(ServiceRow).where(ServiceRow.slug == "laser-hair-removal")
        ).one()
        row.active = False
    with runtime.session_factory() as session:
        runtime.reload_business(load_business(session))
    plans = client.get("/admin/api/groups", params={"phone": "+41791000004"}, headers=AUTH).json()
    assert plans[0]["service_name"] == "laser-hair-removal (retired)"
    assert plans[0]["summary"][4] == "Progress: 1 of 4 complete, plus 1 no-show (not counted)"
    analytics = client.get("/admin/api/analytics", headers=AUTH).json()
    assert analytics["overall"]["plans"] == 5  # analytics cover the configured services


def test_customers_are_found_by_name_or_phone(reader: TestClient) -> None:
    found = reader.get("/admin/api/customers", params={"q": "SCHMIDT"}, headers=AUTH).json()
    assert [c["customer"]["phone"] for c in found] == [MARIE]
    assert found[0]["plans"] == found[0]["active_plans"] == 1
    by_phone = reader.get("/admin/api/customers", params={"q": "1000002"}, headers=AUTH).json()
    assert [c["customer"]["name"] for c in by_phone] == ["Thomas Weber"]
    assert reader.get("/admin/api/customers/999", headers=AUTH).status_code == 404


def test_transcripts_show_each_turns_tool_calls_tokens_and_latency(
    client: TestClient, runtime: Runtime
) -> None:
    seed_demo_conversations(Conversations.of(runtime), now=DEMO_NOW)
    listed = client.get("/admin/api/conversations", params={"phone": MARIE}, headers=AUTH).json()
    assert [(c["customer"]["name"], c["messages"], c["turns"]) for c in listed] == [
        ("Marie Schmidt", 2, 1)
    ]
    transcript = client.get(f"/admin/api/conversations/{listed[0]['id']}", headers=AUTH).json()
    question, reply = transcript["messages"]
    assert (question["direction"], question["text"], question["turn"]) == (
        "inbound",
        "How many sessions do I have left?",
        None,
    )
    assert reply["kind"] == "reply" and "1 of 3 completed" in reply["text"]
    turn = reply["turn"]
    assert turn["model"] == "offline" and turn["latency_ms"] >= 0
    assert (turn["prompt_tokens"], turn["completion_tokens"]) == (0, 0)
    (call,) = turn["tool_calls"]
    assert (call["name"], call["arguments"], call["is_error"]) == ("get_progress", {}, False)
    assert call["result"]["plans"][0]["completed"] == 1
    assert transcript["unmatched_turns"] == []
    bad = client.get("/admin/api/conversations", params={"phone": "x"}, headers=AUTH)
    assert "phone" in fields(bad)
    assert client.get("/admin/api/conversations/999", headers=AUTH).status_code == 404


def test_analytics_of_the_demo_plans(reader: TestClient) -> None:
    data = reader.get("/admin/api/analytics", headers=AUTH).json()
    # Ended plans: Jonas and Sofia completed, Lukas cancelled.
    assert data["overall"] == {
        "plans": 6,
        "active": 3,
        "completed": 2,
        "cancelled": 1,
        "expired": 0,
        "completion_rate": pytest.approx(2 / 3),
    }
    # Completed sessions: Marie 1, Thomas 4, Anna 3, Lukas 1, Jonas 3, Sofia 1; Lukas missed one.
    assert data["attendance"] == {"completed": 13, "no_shows": 1, "no_show_rate": 1 / 14}
    strategies = {s["strategy"]: s["plans"]["completion_rate"] for s in data["strategies"]}
    assert strategies == {"immediate": 0.5, "sequential": None, "flexible": 1.0}
    laser = next(s for s in data["services"] if s["service_id"] == "laser-hair-removal")
    assert laser["drop_off"][1] == {
        "session": 2,
        "eligible": 1,
        "reached": 0,
        "dropped": 1,
        "drop_rate": 1.0,
    }
    implant = next(s for s in data["services"] if s["service_id"] == "dental-implant")
    assert [(g["count"], g["average_days"]) for g in implant["gaps"]] == [(1, 14.0), (1, 30.0)]
