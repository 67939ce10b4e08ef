"""Editing what the business sells and when it opens (checked as the YAML is), the
customer page, and the bookings as CSV."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bookbot.agent.runtime import Runtime
from bookbot.api.admin.demo_seed import DEMO_NOW, DemoSeed, seed_demo_conversations
from bookbot.service.conversations import Conversations
from tests.api.admin.admin_testkit import AUTH, fields, open_admin_runtime


def test_price_description_and_trigger_words_are_edited_and_used_at_once(
    client: TestClient, runtime: Runtime
) -> None:
    change = {
        "price": 130,
        "description": "Eight sessions, 2 to 7 days apart.",
        "trigger_words": ["physio", "back pain", "rehab"],
    }
    saved = client.patch("/admin/api/services/physiotherapy", json=change, headers=AUTH)
    assert saved.status_code == 200, saved.text
    assert saved.json()["config"]["trigger_words"] == ["physio", "back pain", "rehab"]
    physio = runtime.business.service("physiotherapy")
    assert (physio.price, physio.description) == (130, change["description"])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"price": -5}, "price"),
        ({"price": "cheap"}, "price"),
        ({"trigger_words": "physio"}, "trigger_words"),
    ],
)
def test_a_bad_price_or_trigger_list_is_refused_naming_the_field(
    reader: TestClient, change: dict[str, Any], field: str
) -> None:
    problems = fields(reader.patch("/admin/api/services/physiotherapy", json=change, headers=AUTH))
    assert field in problems


def test_opening_hours_and_closures_are_changed_and_survive_a_restart(
    client: TestClient, runtime: Runtime, admin_db_url: str
) -> None:
    before = client.get("/admin/api/business", headers=AUTH).json()
    assert before["hours"]["sun"] == [] and before["closed_labels"][0] == "Fri 3 Apr 2026"
    change = {"hours": {"sun": ["10:00-14:00"], "sat": []}, "closed": ["2026-03-30"]}
    saved = client.patch("/admin/api/business", json=change, headers=AUTH)
    assert saved.status_code == 200, saved.text
    assert saved.json()["hours"]["sun"] == ["10:00-14:00"]
    assert saved.json()["hours"]["mon"] == ["08:00-12:00", "13:00-19:00"]  # untouched
    assert saved.json()["closed_labels"] == ["Mon 30 Mar 2026"]
    assert runtime.business.is_open(date(2026, 3, 29)) and not runtime.business.is_open(
        date(2026, 3, 30)
    )
    week = client.get("/admin/api/calendar", params={"date": "2026-03-28", "days": 3}, headers=AUTH)
    assert [d["hours"] for d in week.json()["days"]] == [[], ["10:00-14:00"], []]
    with open_admin_runtime(admin_db_url) as restarted:  # the business file is unchanged
        assert restarted.business.is_open(date(2026, 3, 29))


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"hours": {"mon": ["19:00-08:00"]}}, "hours", "ends before it starts"),
        ({"hours": {"mon": ["08:00-12:00", "11:00-13:00"]}}, "hours", "overlap"),
        ({"hours": {"funday": ["08:00-12:00"]}}, "hours", "is not a weekday"),
        ({"closed": ["2026-02-30"]}, "closed", "is not a date"),
        ({"timezone": "Mars/Olympus"}, "timezone", "Extra inputs"),
    ],
)
def test_bad_hours_or_closures_are_refused_naming_the_field(
    reader: TestClient, change: dict[str, Any], field: str, reason: str
) -> None:
    response = reader.patch("/admin/api/business", json=change, headers=AUTH)
    assert response.status_code == 422, response.text
    details = {
        d["loc"][1] if d.get("field") is None else d["field"]: d["msg"]
        for d in response.json()["detail"]
    }
    assert field in details, details
    assert reason in details[field]
    assert reader.get("/admin/api/business", headers=AUTH).json()["hours"]["mon"] == [
        "08:00-12:00",
        "13:00-19:00",
    ]


def test_the_customer_page_has_contact_plans_no_shows_and_conversations(
    client: TestClient, runtime: Runtime, seed: DemoSeed
) -> None:
    seed_demo_conversations(Conversations.of(runtime), now=DEMO_NOW)
    lukas = client.get(f"/admin/api/customers/{seed.customers['Lukas Meier']}", headers=AUTH)
    data = lukas.json()
    assert data["customer"] == {
        "id": seed.customers["Lukas Meier"],
        "phone": "+41791000004",
        "name": "Lukas Meier",
    }
    assert (data["completed"], data["no_shows"], len(data["plans"])) == (1, 1, 1)
    marie = client.get(f"/admin/api/customers/{seed.customers['Marie Schmidt']}", headers=AUTH)
    (conversation,) = marie.json()["conversations"]
    assert conversation["messages"] == 2 and conversation["turns"] == 1


def test_bookings_export_as_csv_with_local_times_and_the_filters(reader: TestClient) -> None:
    response = reader.get(
        "/admin/api/bookings.csv", params={"service": "dental-implant"}, headers=AUTH
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "bookings-2026-03-24.csv" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    marie = [r for r in rows if r["customer"] == "Marie Schmidt"]
    assert [(r["weekday"], r["date"], r["start"], r["status"]) for r in marie] == [
        ("Tue", "2026-03-10", "14:00", "completed"),
        ("Tue", "2026-03-24", "14:00", "confirmed"),
        ("Thu", "2026-04-23", "14:00", "confirmed"),
    ]
    assert len(rows) == 6
    bad = reader.get("/admin/api/bookings.csv", params={"phone": "call me"}, headers=AUTH)
    assert "phone" in fields(bad)
    assert reader.get("/admin/api/bookings.csv").status_code == 401


def test_a_formula_in_a_name_is_not_run_by_a_spreadsheet(
    client: TestClient, runtime: Runtime
) -> None:
    preview = client.post(
        "/admin/api/act/book/preview",
        json={
            "phone": "+41791000070",
            "name": '=HYPERLINK("x")',
            "service_id": "consultation",
            "starts": ["2026-03-26T10:00"],
        },
        headers=AUTH,
    ).json()
    client.post("/admin/api/act/apply", json={"proposal_id": preview["proposal_id"]}, headers=AUTH)
    text = client.get(
        "/admin/api/bookings.csv", params={"phone": "+41791000070"}, headers=AUTH
    ).text
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["customer"] == '\'=HYPERLINK("x")'
