"""General rules of the readings in test_nlu_classes, as properties over any date,
hour and word of the per-language lists (hypothesis)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bookbot.agent.nlu import lexicon, named_services, parse_when, rank_services
from bookbot.agent.nlu.concepts import GROUPS
from bookbot.core.config import Service

NOW = datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Europe/Zurich"))
days = st.integers(1, 300).map(lambda n: NOW.date() + timedelta(days=n))

_DAY = {
    "en": lambda d: f"{d.day} {lexicon('en').month_names[d.month - 1]}",
    "de": lambda d: f"{d.day}.{d.month}.",
    "es": lambda d: f"el {d.day} de {lexicon('es').month_names[d.month - 1].lower()}",
}
_AT = {"en": "at {h}", "de": "um {h}", "es": "a las {h}"}
_PART = {
    "en": {"in the morning": "am", "in the evening": "pm", "in the afternoon": "pm"},
    "de": {"am Vormittag": "am", "am Nachmittag": "pm", "abends": "pm", "morgens": "am"},
    "es": {"de la mañana": "am", "de la tarde": "pm", "por la tarde": "pm", "por la mañana": "am"},
}


@settings(max_examples=60, deadline=None)
@given(day=days, hour=st.integers(1, 11), lang=st.sampled_from(["en", "de", "es"]), data=st.data())
def test_a_part_of_the_day_settles_any_hour_on_any_day(
    day: date, hour: int, lang: str, data: st.DataObject
) -> None:
    part = data.draw(st.sampled_from(sorted(_PART[lang])))
    meridiem = _PART[lang][part]
    if meridiem == "pm" and hour < 12 and part.endswith(("evening", "abends")) and hour < 5:
        return  # "at 2 in the evening" is no way to speak
    text = f"{_DAY[lang](day)} {_AT[lang].format(h=hour)} {part}"
    found = parse_when(text, NOW, lang=lang)
    assert len(found) == 1, (text, found)
    expected = time(hour + 12 if meridiem == "pm" else hour)
    assert (found[0].date, found[0].time) == (day, expected), text
    assert "meridiem" not in found[0].missing


@settings(max_examples=60, deadline=None)
@given(day=days, hour=st.integers(8, 20), lang=st.sampled_from(["en", "de", "es"]), data=st.data())
def test_a_clock_time_after_any_also_word_belongs_to_the_day_before(
    day: date, hour: int, lang: str, data: st.DataObject
) -> None:
    also = data.draw(st.sampled_from(lexicon(lang).word_list("also")))
    text = f"{_DAY[lang](day)} {also} {hour}:15"
    found = parse_when(text, NOW, lang=lang)
    assert [(w.date, w.time) for w in found] == [(day, time(hour, 15))], text


@settings(max_examples=60, deadline=None)
@given(day=days, lang=st.sampled_from(["en", "de", "es"]), data=st.data())
def test_any_from_word_before_any_day_starts_a_series_there(
    day: date, lang: str, data: st.DataObject
) -> None:
    # the "from" words of each language that take a bare date after them
    bare = {"en": ("from", "starting", "as of"), "de": ("ab",), "es": ("a partir del", "desde el")}
    word = data.draw(st.sampled_from(bare[lang]))
    said = _DAY[lang](day).removeprefix("el ")
    found = parse_when(f"{word} {said}", NOW, lang=lang)
    assert [(w.date, w.onward) for w in found] == [(day, True)], (word, said)


_GROUPS = [sorted(g) for g in GROUPS if len(g) > 1]


@settings(max_examples=80, deadline=None)
@given(group=st.sampled_from(_GROUPS), data=st.data())
def test_any_two_words_of_a_concept_name_the_same_service(
    group: list[str], data: st.DataObject
) -> None:
    configured, said = data.draw(st.permutations(group))[:2]
    service = Service(id="svc", name=configured.capitalize())
    other = Service(id="other", name="Zzyzx")
    named = named_services(rank_services(f"{said} please", [service, other], lang="en"))
    assert [r.service.id for r in named] == ["svc"], (configured, said)
