"""An eval run sends through the real delivery: a turn sees the reply buttons
WhatsApp would show, and the quiet-hours rule of the sender (a reply to a
customer who writes at night goes out at once; a reminder due in the quiet hours
waits for the morning)."""

from __future__ import annotations

from pathlib import Path

from bookbot.evals.case_loader import load_case
from bookbot.evals.cases_model import Case
from bookbot.evals.runner import RunConfig, run_case
from bookbot.evals.transport import ModelTransport
from bookbot.settings import Settings

CASE = """id: delivery-buttons-and-quiet-hours
tags: [delivery]
business:
  name: Praxis Nacht
  timezone: Europe/Zurich
  currency: CHF
  hours:
    mon: ["08:00-17:00"]
    tue: ["08:00-17:00"]
    wed: ["08:00-17:00"]
    thu: ["08:00-17:00"]
    fri: ["08:00-17:00"]
  notifications:
    reminder_hours: 12
    quiet_hours: "21:00-08:00"
  services:
    - id: checkup
      name: Check-up
      trigger_words: [check-up, checkup]
      price: 90
      duration_minutes: 30
    - id: cleaning
      name: Cleaning
      trigger_words: [cleaning]
      price: 120
      duration_minutes: 45
now: 2026-03-09T22:00
customer: {phone: "+41790000037", name: Nora}
setup:
  bookings:
    - {service: checkup, session: 1, start: 2026-03-10T09:00}
steps:
  - user: I'd like a cleaning on Thursday at 10am
    expect: {tools: [propose_schedule]}
  - worker: true
    expect: {outbound_count: 0}
  - advance_to: 2026-03-10T08:00
  - worker: true
    expect: {outbound_count: 1, outbound_matches: ['(?i)reminder']}
"""


def case(tmp_path: Path) -> Case:
    path = tmp_path / "case.yaml"
    path.write_text(CASE, encoding="utf-8")
    loaded = load_case(path)
    assert isinstance(loaded, Case), loaded
    return loaded


def test_a_run_sees_the_reply_buttons_and_the_quiet_hours(tmp_path: Path) -> None:
    run = run_case(case(tmp_path), RunConfig("offline", Settings(), ModelTransport()), 1)
    assert run.passed, [str(f) for f in run.failures]
    (turn,) = run.turns
    assert turn.sent  # at 22:00, inside the quiet hours: a reply is not held back
    assert turn.buttons == ("Yes, book it", "Another time")
    assert [step for step, _text in run.outbound] == [4]  # the reminder waited for 08:00


def test_more_than_three_options_reach_whatsapp_as_list_rows_and_a_tapped_row_picks(
    tmp_path: Path,
) -> None:
    steps = """steps:
  - user: I'd like a cleaning on Thursday
    expect: {reply_matches: ['(?m)^5\\. ']}
  - user: Thu 12 Mar 14:00
    expect: {tools: [propose_schedule], reply_matches: ['14:00']}
"""
    path = tmp_path / "case.yaml"
    path.write_text(CASE.split("steps:")[0] + steps, encoding="utf-8")
    loaded = load_case(path)
    assert isinstance(loaded, Case), loaded
    run = run_case(loaded, RunConfig("offline", Settings(), ModelTransport()), 1)
    assert run.passed, [str(f) for f in run.failures]
    offer = run.turns[0]
    assert len(offer.buttons) == 5  # a list message: WhatsApp shows up to 3 buttons
    assert offer.buttons[3] == "Thu 12 Mar 14:00"


HANDED_OFF = """id: handed-off-then-written-to
tags: [handoff]
business:
  name: Praxis Nacht
  timezone: Europe/Zurich
  currency: CHF
  hours:
    mon: ["08:00-17:00"]
  services:
    - id: checkup
      name: Check-up
      trigger_words: [check-up]
      price: 90
      duration_minutes: 30
now: 2026-03-09T10:00
customer: {phone: "+41790000038", name: Nora}
steps:
  - user: can I talk to a person please
    expect: {tools: [request_human]}
  - user: a check-up on monday at 10
final: {partial: false, bookings: []}
"""


def test_a_message_held_for_staff_fails_the_step_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "handed.yaml"
    path.write_text(HANDED_OFF, encoding="utf-8")
    loaded = load_case(path)
    assert isinstance(loaded, Case), loaded
    run = run_case(loaded, RunConfig("offline", Settings(), ModelTransport()), 1)
    assert [f.step for f in run.failures] == [2], [str(f) for f in run.failures]
    assert "handed to staff" in run.failures[0].message
