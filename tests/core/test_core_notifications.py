"""The notification policy, walked through each strategy of the guide with a frozen
clock (the demo business: Zurich, quiet hours 21:00-08:00, reminders 24 h ahead,
check-ins after 14 idle days, expiry warnings 14 days ahead)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bookbot.core.config import parse_business
from bookbot.core.notifications import COMPLETION_LOOKBACK, Kind, due_messages
from tests.core.core_testkit import business_data, demo_business, service_data
from tests.core.notify_testkit import DONE, MISSED, OK, due, event, group, of_kind, t

# --- immediate: reminders -------------------------------------------------------

IMPLANT = (("2026-03-10 14:00", OK), ("2026-03-24 14:00", OK), ("2026-04-23 14:00", OK))


def test_the_24_hour_reminder_comes_once_and_names_the_session() -> None:
    plan = group("dental-implant", *IMPLANT)
    assert due([plan], now="2026-03-09 13:59") == []
    [reminder] = due([plan], now="2026-03-09 14:00")
    assert reminder.kind is Kind.REMINDER
    assert reminder.key == "reminder:booking:1:20260310T1300Z"
    assert reminder.text == (
        "⏰ Reminder: Session 1 of 3 (Implant placement) of your Dental Implant - Complete "
        "Treatment is tomorrow, Tue 10 Mar 2026 at 14:00. Reply here if you need to change it."
    )
    assert reminder.send_after == t("2026-03-09 14:00") == reminder.due_at
    assert reminder.customer.phone == "+41790000001"
    assert (reminder.template, reminder.language) == ("bookbot_reminder", "en")
    assert reminder.params == (
        "Session 1 of 3 (Implant placement)",
        "Dental Implant - Complete Treatment",
        "tomorrow, Tue 10 Mar 2026",
        "14:00",
    )
    # still due an hour later, but the outbox has it: it comes once
    assert due([plan], now="2026-03-09 15:00", sent=frozenset({reminder.key})) == []
    # due until the start, not after
    assert len(due([plan], now="2026-03-10 13:59")) == 1
    assert due([plan], now="2026-03-10 14:00") == []
    # session 2 is reminded on its own day, as session 2
    [second] = due([plan], now="2026-03-23 14:00")
    assert "Session 2 of 3 (Healing check)" in second.text
    assert "tomorrow, Tue 24 Mar 2026 at 14:00" in second.text


def test_a_moved_session_gets_a_new_reminder() -> None:
    before = due([group("dental-implant", *IMPLANT)], now="2026-03-23 14:00")
    moved = (IMPLANT[0], ("2026-03-24 16:00", OK), IMPLANT[2])
    after = due([group("dental-implant", *moved)], now="2026-03-23 16:00")
    assert [m.key for m in before] == ["reminder:booking:2:20260324T1300Z"]
    assert [m.key for m in after] == ["reminder:booking:2:20260324T1500Z"]


def test_only_confirmed_sessions_are_reminded() -> None:
    cancelled_group = group("dental-implant", *IMPLANT, active=False)
    assert len(due([cancelled_group], now="2026-03-09 14:00")) == 1
    done = group("dental-implant", ("2026-03-10 14:00", DONE), *IMPLANT[1:])
    assert due([done], now="2026-03-09 14:00") == []


def test_a_single_appointment_is_reminded_without_a_session_count() -> None:
    [reminder] = due([group("consultation", ("2026-03-10 09:00", OK))], now="2026-03-09 10:00")
    assert reminder.text.startswith("⏰ Reminder: your Initial Consultation is tomorrow")
    assert "1 of 1" not in reminder.text
    assert reminder.template == "bookbot_reminder_single"


def test_lessons_are_called_lessons() -> None:
    lessons = group("driving-lessons", ("2026-03-02 17:00", DONE), ("2026-03-04 17:00", OK))
    [reminder] = due([lessons], now="2026-03-04 09:00")
    assert "Lesson 2 of 10 of your Driving Lessons" in reminder.text
    assert "today, Wed 4 Mar 2026 at 17:00" in reminder.text


# --- quiet hours ------------------------------------------------------------------


def test_quiet_hours_delay_to_the_morning() -> None:
    b = parse_business(
        business_data(
            service_data(), notifications={"reminder_hours": 12, "quiet_hours": "21:00-08:00"}
        )
    )
    single = group("svc", ("2026-03-10 10:00", OK), business=b)
    # due at 22:00 (12 h before), sent at 08:00 the same morning: "today"
    [reminder] = due([single], now="2026-03-09 22:00", business=b)
    assert reminder.due_at == t("2026-03-09 22:00")
    assert reminder.send_after == t("2026-03-10 08:00")
    assert "today, Tue 10 Mar 2026 at 10:00" in reminder.text
    # a session at 08:00 would be reminded after it began: not at all
    early = group("svc", ("2026-03-10 08:00", OK), business=b)
    assert due([early], now="2026-03-09 23:00", business=b) == []


def test_a_completion_in_the_evening_is_announced_in_the_morning() -> None:
    laser = group("laser-hair-removal", ("2026-03-10 18:00", DONE), ("2026-04-07 18:00", OK))
    [milestone] = due([laser], [event(laser, 1, "2026-03-10 22:30")], now="2026-03-10 22:30")
    assert milestone.send_after == t("2026-03-11 08:00")
    # after midnight, still the same morning
    [again] = due([laser], [event(laser, 1, "2026-03-10 22:30")], now="2026-03-11 01:00")
    assert again.key == milestone.key and again.send_after == t("2026-03-11 08:00")


# --- sequential: outreach, overdue, no-show -------------------------------------------


def test_sequential_outreach_follows_completion_with_the_recommended_date() -> None:
    plan = group("physiotherapy", ("2026-03-03 10:00", DONE))
    done = event(plan, 1, "2026-03-03 11:00")
    messages = due([plan], [done], now="2026-03-03 11:00")
    assert [m.kind for m in messages] == [Kind.PROGRESS, Kind.OUTREACH]
    progress, outreach = messages
    assert outreach.text == (
        "📅 Ready to book Session 2 of 8? We recommend Fri 6 Mar 2026 "
        "(any open day from Thu 5 Mar 2026 to Tue 10 Mar 2026 works)."
    )
    assert outreach.params == (
        "Session 2 of 8",
        "We recommend Fri 6 Mar 2026 (any open day from Thu 5 Mar 2026 to Tue 10 Mar 2026 works).",
    )
    assert outreach.key == f"outreach:group:g1:{done.booking_id}"
    assert progress.text == "✅ Session 1 of 8 complete – 1 of 8 done, 7 sessions to go."
    # nothing is repeated once the outbox has it
    keys = frozenset(m.key for m in messages)
    assert due([plan], [done], now="2026-03-03 12:00", sent=keys) == []


def test_no_outreach_once_the_next_session_is_booked() -> None:
    plan = group("physiotherapy", ("2026-03-03 10:00", DONE), ("2026-03-06 10:00", OK))
    messages = due([plan], [event(plan, 1, "2026-03-03 11:00")], now="2026-03-03 11:00")
    assert [m.kind for m in messages] == [Kind.PROGRESS]


def test_history_and_old_completions_are_not_announced() -> None:
    plan = group("physiotherapy", ("2026-03-03 10:00", DONE))
    setup = event(plan, 1, "2026-03-03 11:00", announce=False)
    assert due([plan], [setup], now="2026-03-03 11:00") == []
    old = event(plan, 1, "2026-03-03 11:00")
    later = t("2026-03-03 11:00") + COMPLETION_LOOKBACK
    found = due_messages(demo_business(), [plan], [old], now=later)
    assert [m.kind for m in found] == [Kind.OVERDUE]  # time-based kinds still follow the state


def test_overdue_comes_once_the_recommended_gap_has_passed_with_nothing_booked() -> None:
    plan = group("physiotherapy", ("2026-03-03 10:00", DONE))
    done = event(plan, 1, "2026-03-03 11:00")
    assert of_kind(due([plan], [done], now="2026-03-06 23:59"), Kind.OVERDUE) == []
    [overdue] = of_kind(due([plan], [done], now="2026-03-07 09:00"), Kind.OVERDUE)
    assert overdue.text == (
        "It's been 4 days since Session 1 of 8. Book Session 2 of 8 soon for best results! "
        "Any open day until Tue 10 Mar 2026 still works."
    )
    assert overdue.key == "overdue:group:g1:2"
    assert overdue.due_at == t("2026-03-07 00:00")
    # at 00:30 it is due but waits for the morning
    [night] = of_kind(due([plan], [done], now="2026-03-07 00:30"), Kind.OVERDUE)
    assert night.send_after == t("2026-03-07 08:00")
    # once: the same key however late
    [late] = of_kind(due([plan], now="2026-03-12 09:00"), Kind.OVERDUE)
    assert late.key == overdue.key
    assert "window ended on Tue 10 Mar 2026" in late.text
    assert due([plan], now="2026-03-12 09:00", sent=frozenset({late.key})) == []
    # nothing booked is the condition
    booked = group("physiotherapy", ("2026-03-03 10:00", DONE), ("2026-03-13 10:00", OK))
    assert of_kind(due([booked], now="2026-03-12 09:00"), Kind.OVERDUE) == []


def test_overdue_waits_a_day_after_a_late_completion() -> None:
    plan = group("physiotherapy", ("2026-03-03 10:00", DONE))
    late = event(plan, 1, "2026-03-08 10:00")
    assert [m.kind for m in due([plan], [late], now="2026-03-08 10:00")] == [
        Kind.PROGRESS,
        Kind.OUTREACH,
    ]
    [overdue] = of_kind(due([plan], [late], now="2026-03-09 10:00"), Kind.OVERDUE)
    assert overdue.due_at == t("2026-03-09 10:00")


def test_after_a_no_show_the_same_session_is_offered_again() -> None:
    plan = group("physiotherapy", ("2026-03-03 10:00", DONE), ("2026-03-06 10:00", MISSED))
    missed = event(plan, 2, "2026-03-06 11:00")
    [outreach] = due([plan], [missed], now="2026-03-06 11:00")
    assert outreach.kind is Kind.OUTREACH
    assert outreach.text == (
        "We missed you at Session 2 of 8 on Fri 6 Mar 2026. Would you like to book it again? "
        "We recommend Fri 6 Mar 2026 (any open day from Fri 6 Mar 2026 to Tue 10 Mar 2026 works)."
    )
    assert outreach.template == "bookbot_outreach_no_show"


def test_the_last_sequential_session_gets_no_outreach() -> None:
    items = [(f"2026-03-{2 + 3 * k:02d} 10:00", DONE) for k in range(8)]
    plan = group("physiotherapy", *items, active=False)
    messages = due([plan], [event(plan, 8, "2026-03-23 11:00")], now="2026-03-23 11:00")
    assert [m.kind for m in messages] == [Kind.ALL_DONE]


# --- flexible: check-ins ---------------------------------------------------------

LESSONS = (("2026-03-02 17:00", DONE), ("2026-03-04 17:00", DONE), ("2026-03-06 17:00", DONE))


def test_an_idle_flexible_package_gets_a_check_in_with_the_remaining_count() -> None:
    plan = group("driving-lessons", *LESSONS)
    assert due([plan], now="2026-03-19 23:59") == []
    [check_in] = due([plan], now="2026-03-20 09:00")
    assert check_in.kind is Kind.CHECK_IN
    assert check_in.text == (
        "👋 You have 7 lessons remaining in your Driving Lessons - Starter Package (10 Lessons). "
        "Would you like to schedule more?"
    )  # the name says "Package": not "... (10 Lessons) package"
    assert check_in.due_at == t("2026-03-20 00:00")
    assert check_in.key == "check_in:group:g1:3"
    # a booked lesson is not idle
    booked = group("driving-lessons", *LESSONS, ("2026-03-25 17:00", OK))
    assert of_kind(due([booked], now="2026-03-20 09:00"), Kind.CHECK_IN) == []
    # a finished package is not checked in on
    finished = group("driving-lessons", *[(f"2026-03-{k + 2:02d} 17:00", DONE) for k in range(10)])
    assert due([finished], now="2026-04-30 09:00") == []


# --- expiry ---------------------------------------------------------------------


def test_expiry_is_warned_ahead() -> None:
    plan = group("driving-lessons", *LESSONS, expires_at=t("2026-08-28 09:00"))
    sent = frozenset({"check_in:group:g1:3"})
    assert due([plan], now="2026-08-14 08:59", sent=sent) == []
    [warning] = due([plan], now="2026-08-14 09:00", sent=sent)
    assert warning.kind is Kind.EXPIRY
    assert warning.text == (
        "⏳ Your Driving Lessons - Starter Package (10 Lessons) expires in 14 days "
        "(Fri 28 Aug 2026). 7 lessons still available! Would you like to book them?"
    )
    assert warning.key == "expiry:group:g1:20260828"
    assert due([plan], now="2026-08-28 09:00", sent=sent) == []
    # every remaining lesson booked: nothing to warn about
    booked = [(f"2026-08-{17 + k:02d} 17:00", OK) for k in range(7)]
    full = group("driving-lessons", *LESSONS, *booked, expires_at=t("2026-08-28 09:00"))
    assert of_kind(due([full], now="2026-08-14 09:00"), Kind.EXPIRY) == []


# --- milestones -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "package"),
    [
        (
            "Laser Skin Rejuvenation (6-session package)",
            "Laser Skin Rejuvenation (6-session package)",
        ),
        ("Physiotherapy Treatment Plan", "Physiotherapy Treatment Plan"),
        ("Beginner Pottery Course", "Beginner Pottery Course"),
        ("Personal Training Program (12 Sessions)", "Personal Training Program (12 Sessions)"),
        ("Yoga 10-Class Packages", "Yoga 10-Class Packages"),
        ("Deep Tissue Massage", "Deep Tissue Massage package"),
        ("Planetarium Visits", "Planetarium Visits package"),  # "plan" only as a word
        ("Laser Hair Removal (4 sessions)", "Laser Hair Removal (4 sessions) package"),
    ],
)
def test_check_in_and_expiry_name_the_package_once(name: str, package: str) -> None:
    data = business_data(
        service_data(
            id="flex",
            name=name,
            requires_multiple_sessions=True,
            total_sessions_required=6,
            multi_session_strategy="flexible",
            package_expiry_days=365,
        )
    )
    business = parse_business(data)
    sessions = (("2026-03-02 17:00", DONE),)
    plan = group("flex", *sessions, business=business)
    [check_in] = due([plan], now="2026-03-20 09:00", business=business)
    assert f"remaining in your {package}. " in check_in.text
    assert check_in.params == ("5 sessions", package)
    expiring = group("flex", *sessions, expires_at=t("2026-08-28 09:00"), business=business)
    sent = frozenset({check_in.key})
    [warning] = due([expiring], now="2026-08-14 09:00", sent=sent, business=business)
    assert warning.text.startswith(f"⏳ Your {package} expires in 14 days")
    for text in (check_in.text, warning.text):
        assert text.lower().count("package") == package.lower().count("package")


@pytest.mark.parametrize(
    ("completed", "kind", "text"),
    [
        (1, Kind.PROGRESS, "✅ Session 1 of 4 complete – 1 of 4 done, 3 sessions to go."),
        (
            2,
            Kind.HALFWAY,
            "🎉 Milestone! You're halfway through – 2 of 4 sessions complete, 2 sessions to go.",
        ),
        (3, Kind.ONE_TO_GO, "Almost there! 3 of 4 sessions complete. Just 1 more to go!"),
    ],
)
def test_milestone_texts_match_the_completed_count(completed: int, kind: Kind, text: str) -> None:
    starts = ["2026-03-02 10:00", "2026-03-30 10:00", "2026-04-27 10:00", "2026-05-25 10:00"]
    items = [(s, DONE if k < completed else OK) for k, s in enumerate(starts)]
    plan = group("laser-hair-removal", *items)
    at = f"{starts[completed - 1][:10]} 11:00"
    [milestone] = due([plan], [event(plan, completed, at)], now=at)
    assert (milestone.kind, milestone.text) == (kind, text)
    assert milestone.key == f"milestone:group:g1:{completed}"


def test_all_done_offers_follow_ups() -> None:
    items = [(f"2026-0{3 + k}-02 10:00", DONE) for k in range(4)]
    plan = group("laser-hair-removal", *items, active=False)
    [done] = due([plan], [event(plan, 4, "2026-06-02 11:00")], now="2026-06-02 11:00")
    assert done.kind is Kind.ALL_DONE
    assert done.text.startswith(
        "🏆 Congratulations! You've completed all 4 sessions of your Laser Hair Removal"
    )
    assert "- Book a follow-up evaluation?" in done.text
    assert done.params == ("4", "sessions", "Laser Hair Removal (4 sessions)")


def test_completions_recorded_together_count_one_by_one() -> None:
    plan = group("driving-lessons", *LESSONS)
    events = [event(plan, k, f"2026-03-06 18:0{k}") for k in (1, 2, 3)]
    found = due([plan], events, now="2026-03-06 18:05")
    assert [m.key for m in found] == [f"milestone:group:g1:{k}" for k in (1, 2, 3)]
    assert ["Lesson 1 of 10" in found[0].text, "2 of 10 done" in found[1].text] == [True, True]
    # a setup completion counts without being announced
    history = [event(plan, 1, "2026-03-06 18:01", announce=False), *events[1:]]
    found = due([plan], history, now="2026-03-06 18:05")
    assert [m.key for m in found] == ["milestone:group:g1:2", "milestone:group:g1:3"]


def test_halfway_and_one_to_go_of_ten() -> None:
    items = [(f"2026-03-{2 + k:02d} 17:00", DONE) for k in range(9)]
    plan = group("driving-lessons", *items)
    five = due(
        [plan],
        [
            event(plan, 5, "2026-03-06 18:00", event_id=5),
            *[event(plan, k, f"2026-03-{2 + k - 1:02d} 18:00", event_id=k) for k in range(6, 10)],
        ],
        now="2026-03-10 18:00",
    )
    kinds = {m.key: m.kind for m in five}
    assert kinds["milestone:group:g1:5"] is Kind.HALFWAY
    assert kinds["milestone:group:g1:9"] is Kind.ONE_TO_GO
    assert kinds["milestone:group:g1:6"] is Kind.PROGRESS


# --- input checks ------------------------------------------------------------------


def test_bad_input_is_named() -> None:
    plan = group("dental-implant", *IMPLANT)
    with pytest.raises(ValueError, match="timezone-aware"):
        due_messages(demo_business(), [plan], now=datetime(2026, 3, 9, 14))  # noqa: DTZ001
    with pytest.raises(ValueError, match="language 'xx'"):
        due_messages(
            demo_business(), [plan], now=datetime(2026, 3, 9, 14, tzinfo=UTC), language="xx"
        )


def test_a_retired_service_is_skipped() -> None:
    plan = group("dental-implant", *IMPLANT)
    gone = replace(plan, service_id="gone")
    assert due([gone], now="2026-03-09 14:00") == []
