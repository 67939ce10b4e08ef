"""Session 11's dialogue classes (read from heldout21), in phrasings of our own on the
demo business (consultation: one 30-minute visit; personal training: 12 sessions at
one's own pace, at least a day apart):

- two times joined by "or" are looked up and the free ones offered to pick from; "the
  later one" then picks, and nothing is booked before the yes;
- a day of a refused wish said again without a time ("keep wednesday") keeps its time
  beside the new starts;
- a hesitation ("let me think about it") is answered as one, and a proposal shown
  keeps waiting for its yes;
- days asked about in any order are looked up from the first to the last;
- German and Spanish prices group thousands with a point.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bookbot.prompts.facts import money
from tests.offline.dialogue_testkit import dialogue
from tests.offline.test_guide import complete

NOW = "2026-03-02T09:00"  # a Monday


@pytest.mark.parametrize(
    ("ask", "later", "yes"),
    [
        ("consultation on thursday the 5th at 10 or at 11:30?", "the later one", "yes"),
        ("Initial Consultation am Do 5.3. um 10 oder um halb 12?", "lieber die spätere", "ja"),
        ("consulta inicial el jueves 5 a las 10 o a las 11 y media?", "la más tarde", "sí"),
    ],
)
def test_two_times_or_are_offered_and_the_later_one_picked(
    tmp_path: Path, ask: str, later: str, yes: str
) -> None:
    with dialogue(tmp_path, NOW) as d:
        shown = d.say(ask)
        assert d.tools == ["check_availability"], shown
        assert [c.id for c in d.choices] == ["2026-03-05T10:00", "2026-03-05T11:30"]
        d.say(later)
        assert d.tools == ["propose_schedule"] and d.booked() == []
        d.say(yes)
        assert d.booked() == [("consultation", 1, "2026-03-05 11:30")]


def test_of_two_times_only_the_free_one_is_offered(tmp_path: Path) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("consultation thursday 5th at 10am")
        d.say("yes")
        d.phone = "+41790000078"  # another customer
        answer = d.say("consultation on thursday the 5th at 10 or at 11?")
        assert [c.id for c in d.choices] == ["2026-03-05T11:00"], answer
        d.say("yes")
        assert d.tools == ["propose_schedule"]
        d.say("yes")
        assert ("consultation", 1, "2026-03-05 11:00") in d.booked()


def test_an_own_pace_package_takes_one_of_two_times_not_both(tmp_path: Path) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("personal training friday 6th at 9 or at 2pm")
        assert [c.id for c in d.choices] == ["2026-03-06T09:00", "2026-03-06T14:00"]
        d.say("2")
        d.say("yes")
        assert [start for _, _, start in d.booked()] == ["2026-03-06 14:00"]


def test_a_day_of_the_refused_wish_said_again_keeps_its_time(tmp_path: Path) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("personal training wed 4th at 10am and fri 6th at 9pm")  # 21:00: closed
        answer = d.say("ok keep wednesday and make the other one fri 6th, 5pm")
        assert d.tools == ["propose_schedule"] and "4 Mar" in answer, answer
        d.say("yes")
        assert [start for _, _, start in d.booked()] == ["2026-03-04 10:00", "2026-03-06 17:00"]


@pytest.mark.parametrize(
    ("question", "hesitation", "lang_word"),
    [
        ("how much is the consultation?", "hmm ok let me think about it, I'll let you know",
         "take your time"),
        ("was kostet die Initial Consultation?", "ich überlege es mir noch und melde mich",
         "Zeit"),
        ("cuánto cuesta la consulta inicial?", "mmm ta, lo voy a pensar y te aviso", "tiempo"),
    ],
)  # fmt: skip
def test_a_hesitation_is_answered_as_one(
    tmp_path: Path, question: str, hesitation: str, lang_word: str
) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say(question)
        answer = d.say(hesitation)
        assert lang_word in answer and d.tools == [] and d.booked() == []


def test_a_hesitation_keeps_the_proposal_waiting(tmp_path: Path) -> None:
    with dialogue(tmp_path, NOW) as d:
        d.say("consultation thursday 5th at 10am")
        answer = d.say("hmm let me think about it")
        assert "take your time" in answer.lower() and d.booked() == []
        d.say("ok yes")
        assert d.booked() == [("consultation", 1, "2026-03-05 10:00")]


def test_days_asked_in_any_order_are_looked_up_from_first_to_last(tmp_path: Path) -> None:
    with dialogue(tmp_path, NOW) as d:
        answer = d.say("anything free for a consultation on friday the 6th or today?")
        assert d.tools == ["check_availability"] and "6 Mar" in answer, answer


@pytest.mark.parametrize(
    ("amount", "currency", "lang", "said"),
    [
        (3200, "UYU", "es", "UYU 3.200"),
        (19200.5, "EUR", "de", "EUR 19.200,50"),
        (3200, "MXN", "es", "MXN 3,200"),
        (3200, "UYU", "en", "UYU 3,200"),
    ],
)
def test_prices_are_written_the_way_the_language_writes_them(
    amount: float, currency: str, lang: str, said: str
) -> None:
    assert money(amount, currency, lang) == said



SCHOOL = """
name: Fahrschule Test
timezone: Europe/Zurich
hours: {mon: ["08:00-18:00"], tue: ["08:00-18:00"], wed: ["08:00-18:00"],
        thu: ["08:00-18:00"], fri: ["08:00-18:00"]}
services:
  - id: pack
    name: 10 Lesson Pack
    trigger_words: [lesson pack, lessons]
    duration_minutes: 60
    total_sessions_required: 10
    requires_multiple_sessions: true
    multi_session_strategy: flexible
    session_buffer_config: {minimum_days: 0}
  - id: confidence
    name: Confidence Course (5 lessons)
    trigger_words: [confidence, nervous driver]
    duration_minutes: 60
    total_sessions_required: 5
    requires_multiple_sessions: true
    multi_session_strategy: sequential
    session_buffer_config: {minimum_days: 3, maximum_days: 14, recommended_days: 7}
"""


def test_a_numbered_lesson_is_a_session_of_the_plan_one_has(tmp_path: Path) -> None:
    """(heldout23) "can I book lesson 2" from a customer on the confidence course: the
    word "lesson" (a trigger of the lesson pack too) names a session of the course,
    no lesson pack is booked."""
    business = tmp_path / "school.yaml"
    business.write_text(SCHOOL)
    with dialogue(tmp_path, NOW, business) as d:
        d.say("confidence course tomorrow at 10am")
        d.say("yes")
        complete(d.runtime.session_factory, 1, "2026-03-03T11:00")
        answer = d.say("hi! can I book lesson 2 for monday 9th at 3pm?")
        assert "2 of 5" in answer, answer
        d.say("yes")
        assert [(s, n) for s, n, _ in d.booked()] == [("confidence", 2)]



def test_an_option_picked_by_its_time_beside_a_time_given_as_reason(tmp_path: Path) -> None:
    """(heldout23) "my bus gets in at 8:15 so the 10:30 one": the option at 10:30, not 8:15."""
    with dialogue(tmp_path, NOW) as d:
        d.say("what times do you have for a consultation on thursday the 5th?")
        assert "2026-03-05T10:30" in [c.id for c in d.choices]
        answer = d.say("my bus gets in at 8:15 so the 10:30 one thanks")
        assert d.tools == ["propose_schedule"] and "10:30" in answer, answer


def test_only_the_start_that_fitted_drops_the_refused_one(tmp_path: Path) -> None:
    """(heldout23) "then only the wednesday at 10" after a pair refused as too close."""
    with dialogue(tmp_path, NOW) as d:
        d.say("personal training wed 4th at 10am and wed 4th at 5pm")
        answer = d.say("ah ok, then only wednesday the 4th at 10am")
        assert d.tools == ["propose_schedule"] and "4 Mar" in answer, answer
        d.say("yes")
        assert [start for _, _, start in d.booked()] == ["2026-03-04 10:00"]
