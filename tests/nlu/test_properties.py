"""Properties of the language understanding, checked with hypothesis.

- any real date written in common forms reads back as that date;
- any clock time written 24-hour or 12-hour reads back as that time;
- number words up to ninety-nine read as their value;
- no function raises on arbitrary text, and every span points into the text.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookbot.agent.nlu import (
    classify_reply,
    detect_intents,
    extract_count,
    match_services,
    parse_number,
    parse_when,
)
from bookbot.agent.nlu.en import MONTH_NAMES, WEEKDAY_NAMES, ordinal
from bookbot.core.config import Service

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
ZONES = [ZoneInfo(z) for z in ("Europe/Zurich", "America/New_York", "Asia/Tokyo", "UTC")]
SERVICES = [
    Service(id="dental-implant", name="Dental Implant", trigger_words=("implant",)),
    Service(id="physio", name="Physiotherapy Treatment Plan"),
]

nows = st.builds(
    lambda day, minutes, zone: (
        datetime.combine(day, time(0), tzinfo=zone) + timedelta(minutes=minutes)
    ),
    st.dates(date(2020, 1, 1), date(2035, 12, 31)),
    st.integers(0, 24 * 60 - 1),
    st.sampled_from(ZONES),
)

UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def in_words(n: int) -> str:
    if n < 20:
        return UNITS[n]
    tens, unit = divmod(n, 10)
    return TENS[tens] + (f"-{UNITS[unit]}" if unit else "")


def no_year_forms(day: date) -> list[str]:
    month = MONTH_NAMES[day.month - 1]
    weekday = WEEKDAY_NAMES[day.weekday()]
    return [
        f"{month} {ordinal(day.day)}",
        f"{month} {day.day}",
        f"{day.day} {month}",
        f"the {ordinal(day.day)} of {month}",
        f"{month[:3]} {day.day}",
        f"{day.day:02d}.{day.month:02d}.",
        f"{day.day}/{day.month}",
        f"{weekday}, {month} {day.day}",
        f"{weekday} {ordinal(day.day)} {month}",
        f"How about {month.lower()} {ordinal(day.day)}?",
    ]


@SETTINGS
@given(now=nows, ahead=st.integers(0, 364), form=st.integers(0, 9))
def test_dates_without_a_year_read_back(now: datetime, ahead: int, form: int) -> None:
    day = now.date() + timedelta(days=ahead)
    text = no_year_forms(day)[form]
    found = parse_when(text, now)
    assert len(found) == 1, (text, found)
    assert found[0].valid, (text, found[0].invalid_reason)
    assert found[0].date == day, text


@SETTINGS
@given(now=nows, day=st.dates(date(2000, 1, 1), date(2099, 12, 31)), form=st.integers(0, 3))
def test_dates_with_a_year_read_back(now: datetime, day: date, form: int) -> None:
    month = MONTH_NAMES[day.month - 1]
    text = [
        day.isoformat(),
        f"{day.day:02d}.{day.month:02d}.{day.year}",
        f"{month} {day.day}, {day.year}",
        f"{ordinal(day.day)} of {month} {day.year}",
    ][form]
    found = parse_when(text, now)
    assert [(w.date, w.valid) for w in found] == [(day, True)], text


@SETTINGS
@given(now=nows, hour=st.integers(0, 23), minute=st.integers(0, 59), day=st.booleans())
def test_clock_times_read_back(now: datetime, hour: int, minute: int, day: bool) -> None:
    h12 = hour % 12 or 12
    half = "am" if hour < 12 else "pm"
    texts = [
        f"{hour:02d}:{minute:02d}",
        f"at {h12}:{minute:02d} {half}",
        f"{h12}.{minute:02d}{half}",
    ]
    if minute == 0:
        texts.append(f"{h12}{half}")
    for text in texts:
        full = f"tomorrow {text}" if day else text
        found = parse_when(full, now)
        assert len(found) == 1, (full, found)
        assert found[0].time == time(hour, minute), full
        assert found[0].date == (now.date() + timedelta(days=1) if day else None)


@SETTINGS
@given(st.integers(1, 99))
def test_number_words_read_back(n: int) -> None:
    assert parse_number(in_words(n)) == n
    assert parse_number(str(n)) == n
    count = extract_count(f"let's do {in_words(n)}")
    assert count is not None and count.value == n


@SETTINGS
@given(text=st.text(max_size=200), now=nows)
def test_nothing_raises_and_spans_point_into_the_text(text: str, now: datetime) -> None:
    for when in parse_when(text, now, reference=now):
        start, end = when.span
        assert 0 <= start <= end <= len(text)
        assert text[start:end] == when.text
    classify_reply(text)
    detect_intents(text)
    count = extract_count(text)
    if count is not None:
        assert text[count.span[0] : count.span[1]] == count.text
    match_services(text, SERVICES)


words = st.sampled_from(
    "at on the next this 3 14:00 2pm tomorrow friday march 10th 31/04 and or morning "
    "yes no but 2 more all of them 10.03. half past twenty-one book cancel john's "
    "+41 79 123 45 67 in weeks a couple mondays , ? ! ish between - to 12".split()
)


@SETTINGS
@given(st.lists(words, max_size=14), nows)
def test_date_like_word_salad_never_raises(parts: list[str], now: datetime) -> None:
    text = " ".join(parts)
    for when in parse_when(text, now):
        assert text[when.span[0] : when.span[1]] == when.text
        assert when.valid or when.invalid_reason
    classify_reply(text)
    detect_intents(text)
    extract_count(text)
