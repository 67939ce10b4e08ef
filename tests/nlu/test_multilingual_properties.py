"""Whatever a customer types, in any of the languages, the readers answer and stay
in range: no exception, a known language, a pick inside the list."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bookbot.agent.nlu import (
    classify_reply,
    detect_intents,
    detect_language,
    extract_count,
    languages,
    parse_when,
    pick_option,
    rank_services,
)
from bookbot.core.config import Service

NOW = datetime(2026, 4, 1, 10, 0, tzinfo=ZoneInfo("Europe/Zurich"))
SERVICES = [
    Service(id="peel", name="Chemical peel"),
    Service(id="laser", name="Laser Tattoo Removal"),
]
WORDS = st.sampled_from(
    "ja nein vale sí no ok halb viertel nach vor um uhr a las de la tarde mañana morgen "
    "el jueves Mittwoch den 18. 3.3. 16.30 12 5 y media menos cuarto next friday at 4 "
    "the second option nr # 2. cancel absagen anular todas alle all price kostet cuesta "
    "laser tattoo peel ¿ ? ! , 👍 ñ ß über".split()
)
MESSAGES = st.lists(WORDS, max_size=10).map(" ".join) | st.text(max_size=40)


@settings(max_examples=150, deadline=None)
@given(MESSAGES)
@example("\r0")  # found by CI: only a control character before a day number
@example("\t21st at 5")
def test_every_reader_answers_in_every_language(text: str) -> None:
    assert detect_language(text) in languages()
    for lang in languages():
        parse_when(text, NOW, NOW, lang=lang)
        classify_reply(text, lang)
        detect_intents(text, lang)
        extract_count(text, lang)
        rank_services(text, SERVICES, (), lang)


@settings(max_examples=150, deadline=None)
@given(MESSAGES, st.integers(min_value=1, max_value=5))
def test_a_pick_is_inside_the_list(text: str, size: int) -> None:
    options = [NOW + timedelta(days=k, hours=k) for k in range(1, size + 1)]
    picked = pick_option(text, options, NOW)
    assert picked is None or 0 <= picked < size
