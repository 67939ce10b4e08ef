"""The business's `contact:` details reach the LLM's system prompt (and nothing
is said about contact details a business does not give)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bookbot.core.config import parse_business
from bookbot.prompts import facts
from bookbot.prompts.render import render_prompt, render_system_prompt
from bookbot.store import load_business_file

DEMO = Path(__file__).resolve().parents[2] / "evals" / "businesses" / "demo.yaml"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Zurich"))


def test_the_demo_s_contact_details_are_in_the_system_prompt() -> None:
    legacy = render_system_prompt(load_business_file(DEMO), NOW, version="system_v1")
    assert "## Contacting the business" in legacy
    assert "- Phone: +41 44 555 01 23" in legacy
    assert "- Hours note: The reception answers the phone Mon-Fri 08:00-12:00." in legacy
    static = render_prompt(load_business_file(DEMO), NOW).static  # cacheable, so it is here
    assert "Contact: Phone: +41 44 555 01 23; Email: empfang@praxis-demo.ch" in static
    assert "Hours note: The reception answers the phone Mon-Fri 08:00-12:00." in static


def test_only_the_given_details_are_listed() -> None:
    base = {"name": "X", "services": [{"id": "a", "name": "A"}]}
    assert facts.contact_lines(parse_business(base)) == []
    assert "Contacting the business" not in render_system_prompt(parse_business(base), NOW)
    assert "Contact:" not in render_system_prompt(parse_business(base), NOW)
    some = parse_business({**base, "contact": {"website": "https://x.example"}})
    assert facts.contact_lines(some) == ["Website: https://x.example"]
