"""The regular expressions behind the date handlers, built from a lexicon's words.

Order matters: the first pattern to claim a piece of text keeps it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bookbot.agent.nlu.lexicon import Lexicon, alternation


def build(lex: Lexicon) -> list[tuple[str, str]]:
    w = lex.words
    b = r"(?<![\w])"  # a word starts here
    # "griaß di", "pfiat di": a greeting's "you", not the short name of a day
    not_wd = "".join(f"(?<!{re.escape(p)} )" for p in w.get("not_weekday_after", ()))
    wd = rf"{not_wd}(?P<wd>(?:{alternation(lex.weekdays)})\b\.?)"
    mon = rf"(?P<mon>(?:{alternation(lex.months)})\b\.?)"
    suf = r"(?P<suf>st|nd|rd|th)"
    nxt = alternation(w["next"])
    this = alternation(w["this"])
    rel = rf"(?P<rel>{nxt}|{this})"
    week, weekend, month = (alternation(w[k]) for k in ("week", "weekend", "month"))
    after_next = alternation(w["after_next"])
    units = alternation(lex.units)
    qty = alternation([*lex.quantities, *w["a"]])
    the = rf"(?:(?:{alternation(w['the'])})\s+)"
    # the articles a day number takes: "el jueves el 4", never "el jueves las 4" (an hour)
    day_the = rf"(?:(?:{alternation(w.get('day_the') or w['the'])})\s+)"
    next_after = alternation(w.get("next_after", ()))
    # "el jueves que viene, 18/1": a weekday with its "next" after it, then its date
    wd_dated = rf"{wd}(?:\s+(?:{next_after}))?" if next_after else wd
    lead = rf"(?:(?:{nxt}|{this})\s+)?(?:{the}?{wd_dated},?\s+)?"
    year = r"(?:,?\s+(?P<y>\d{4})\b)?"
    clock = alternation(w["oclock"])
    no_time = rf"(?![\d:]|\.\d|\s*(?:am\b|pm\b|h\b|(?:{clock})(?!\w)|ish\b|-\s*\d|:))"
    pre_day = alternation(w["pre_day"])
    base = alternation([*w["today"], *w["tomorrow"], *w["now"], *lex.weekdays])
    days = alternation([*w["today"], *w["tomorrow"]])
    # "for a week on Monday" is how long, not when
    not_for = "".join(f"(?<!{p} )" for p in w["duration"])
    amount = rf"{not_for}(?:(?P<n>\d{{1,3}})|(?P<q>{qty}))\s+(?P<unit>{units})"
    # "a week after the 14th" counts from that day, not from the reference
    anchors = alternation([*w["anchors"], *lex.weekdays, *lex.months])
    not_base = rf"(?!\s+(?:(?:{anchors})\b|\d))"
    part = rf"(?P<part>{alternation(w['month_part'])})\s+{the}?"
    of = alternation(w["of"])
    tomorrow = "".join(f"(?<!{p} )" for p in w.get("tomorrow_not_after", ()))
    within = alternation(w.get("within", ()))
    into = alternation(w["in"])
    on_day = alternation(w["on_day"])
    every_on = alternation([*w["every"], *w["on_day"]])
    owns = alternation(w["possessive"])
    # "day after evening 6", "el día siguiente por la tarde": a part of the day may follow
    after_ok = alternation([*w["after_ok"], *lex.dayparts])
    patterns = [
        ("iso", r"(?<![\d/.-])(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
        (
            "named",
            rf"{b}{lead}{the}?(?P<d>\d{{1,2}}){suf}?(?:\s+(?:{of})\s+|\s*[-./]\s*|\s+|)"
            rf"{mon}{year}",
        ),
        ("named", rf"{b}{lead}{mon}\s*{the}?(?P<d>\d{{1,2}}){suf}?\b{no_time}{year}"),
        (
            "of_month",
            rf"{b}{the}?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:{of})\s+"
            rf"(?P<rel>{nxt}|{this})\s+(?:{month})\b",
        ),
        (
            "numeric",
            rf"{b}{the}?{wd_dated},?\s+"
            r"(?<![\d/.:,+$\u20ac\u00a3-])(?P<a>\d{1,2})(?P<s>[./])(?P<b>\d{1,2})"
            r"(?:(?P=s)(?P<y>\d{4}|\d{2})(?!\d))?(?P<dot>\.(?!\d))?(?![\d/]|[.:]\d)",
        ),
        (
            "numeric",
            r"(?<![\d/.:,+$\u20ac\u00a3-])(?P<a>\d{1,2})(?P<s>[./])(?P<b>\d{1,2})"
            r"(?:(?P=s)(?P<y>\d{4}|\d{2})(?!\d))?(?P<dot>\.(?!\d))?(?![\d/]|[.:]\d)",
        ),
        (
            "numeric",
            r"(?<![\d/.:,+$\u20ac\u00a3-])(?P<a>\d{1,2})-(?P<b>\d{1,2})(?:-(?P<y>\d{4}))?"
            r"(?![\d-]|[.:]\d)",
        ),
        (
            "week_of",
            rf"{b}{the}?(?P<n>1st|2nd|3rd|4th|{alternation(w['last'])})\s+(?:{week})\s+"
            rf"(?:{alternation([*w['of'], *w['in']])})\s+{mon}",
        ),
        ("week_today", rf"{b}(?:{alternation(w['week_today'])})\b"),  # "this day next week"
        ("day_after_tomorrow", rf"{b}(?:{alternation(w['day_after_tomorrow'])})\b"),
        ("day_before_yesterday", rf"{b}(?:{alternation(w['day_before_yesterday'])})\b"),
        ("yesterday", rf"{b}(?:{alternation(w['yesterday'])})\b"),
        # "last monday" (not "the last monday of May", not "my last monday session")
        (
            "previous",
            rf"(?<!the )(?<!my ){b}(?:{alternation(w['previous'])})\s+{wd}"
            r"(?!\s+(?:of|in)\b)",
        ),
        (
            "from_base",
            rf"{b}{amount}\s+(?:{alternation(w['base_sep'])})\s+(?P<base>{base})\b\.?",
        ),
        ("from_base", rf"{b}{amount}\s+(?P<base>{days})\b"),  # "a week today"
        ("later", rf"{b}{amount}\s+(?:{alternation(w['later'])})\b{not_base}"),
        ("earlier", rf"{b}{amount}\s+(?:{alternation(w['earlier'])})\b{not_base}"),
        # "Mittwoch in zwei Wochen", "thursday in 3 weeks": that weekday of that week
        (
            "weekday_in_weeks",
            rf"{b}{wd},?\s+(?:{into})\s+(?:(?P<n>\d{{1,2}})|(?P<q>{qty}))\s+(?P<unit>{units})\b",
        ),
        (
            "relative",
            rf"{b}(?:(?P<n>\d{{1,3}})|(?P<q>{qty}))\s+(?P<unit>{units})\s+"
            rf"(?:{alternation(w['from_now'])})\b",
        ),
        (
            "relative",
            rf"{b}(?:(?P<range>{within})|(?:{into}))\s+(?:(?P<n>\d{{1,3}})|"
            rf"(?P<q>{qty}))?\s*(?P<unit>{units})\b",
        ),
        ("in_week", rf"{b}{wd},?\s+(?:(?:{of})\s+)?{the}?{rel}\s+(?:{week})\b"),
        # "el martes que viene 18": the date names the day (before "el martes que viene")
        *(
            [("weekday_day", rf"{b}{wd}\s+(?:{next_after}),?\s+(?P<the>{day_the})?(?P<d>\d{{1,2}})"
              rf"(?:{suf}\b|(?P<dot>\.)(?![\d\w])|\b){no_time}")]
            if next_after
            else []
        ),
        # "el martes que viene": the word for next after the weekday
        ("in_week", rf"{b}{wd}\s+(?P<rel>{next_after})\b"),
        # "übernächsten Dienstag", "übernächste Woche Dienstag": after next, before the day
        ("in_week", rf"{b}{the}?(?P<after_next>{after_next})\s+{wd}"),
        (
            "in_week",
            rf"{b}{the}?(?P<after_next>{after_next})\s+(?:{week})(?:{owns})?,?\s+"
            rf"(?:(?:{on_day})\s+)?{wd}",
        ),
        ("in_week", rf"{b}{rel}\s+(?:{week})(?:{owns})?,?\s+(?:(?:{on_day})\s+)?{wd}"),
        ("in_week", rf"{b}{wd},?\s+{the}?(?:{week})\s+(?P<after_next>{after_next})\b"),
        ("in_week", rf"{b}{the}?{wd}\s+(?P<after_next>{after_next})\b(?!\s+(?:{week}))"),
        (
            "weekday_after",
            rf"{b}{the}?{wd}\s+(?:{alternation(w['weekday_after'])})"
            rf"(?=\s*(?:$|[,.!?;]|(?:{after_ok})\b))",
        ),
        (
            "day_after",
            rf"{b}(?:{alternation(w['day_after'])})(?:\s+(?:that|this|it))?"
            rf"(?=\s*(?:$|[,.!?;]|(?:{after_ok})\b))",
        ),
        ("same_day", rf"{b}{the}?(?:{alternation(w['same_day'])})\b"),
        ("weekday_week", rf"{b}{wd}\s+(?:{week})\b(?!\s*(?:of\b|'s\b|\d))"),  # "Tuesday week"
        (
            "weekday_day",
            rf"{b}(?:(?:{nxt}|{this})\s+)?{wd_dated},?\s+(?P<the>{day_the})?(?P<d>\d{{1,2}})"
            rf"(?:{suf}\b|(?P<dot>\.)(?![\d\w])|\b){no_time}",
        ),
        ("in_week", rf"{b}{rel}\s+{wd}"),
        # "mediados de la semana que viene": the word for next after the week
        ("week_part", rf"{b}{part}(?:{week})\s+(?P<rel>{next_after})\b"),
        (
            "week_part",
            rf"{b}{part}(?:(?P<rel>{nxt}|{this})\s+)?(?:{week})\b"
            rf"(?:\s+(?P<after_next>{after_next})\b)?",
        ),
        ("month_part", rf"{b}{part}(?:(?P<rel>{nxt}|{this})\s+)?(?:{month})\b"),
        ("week_range", rf"{b}{the}?(?:{week})\s+(?P<after_next>{after_next})\b"),
        ("week_range", rf"{b}{the}?(?P<after_next>{after_next})\s+(?:{week})\b"),
        ("week_range", rf"{b}{rel}\s+(?:{week})\b"),
        ("week_range", rf"{b}{the}?(?:{week})\s+(?P<rel>{next_after})\b"),  # "semana que viene"
        ("weekend", rf"{b}(?:(?:{rel})\s+|{the})?(?:{weekend})\b(?!s)"),
        ("month_rel", rf"{b}{rel}\s+(?:{month})\b"),
        # "new year's eve", "Silvester", "nochevieja": a holiday on a fixed day
        ("holiday", rf"{b}(?P<h>{alternation(_holiday_names(w))})\b"),
        ("today", rf"{b}(?:{alternation(w['today'])})\b"),
        ("tomorrow", rf"{b}{tomorrow}(?:{alternation(w['tomorrow'])})\b"),
        (
            "plural",
            rf"{b}(?:(?:{alternation([*w['every'], *w['on_day']])})\s+)?"
            rf"(?P<pl>{alternation(lex.weekday_plurals)})\b",
        ),
        ("plural", rf"{b}(?:{alternation(w['every'])})\s+(?P<pl>{wd})"),
        ("weekday_set", rf"{b}(?:(?:{every_on})\s+)?(?:{alternation(w['weekday_set'])})\b"),
        ("weekend_set", rf"{b}(?:(?:{every_on})\s+)?(?:{alternation(w['weekend_set'])})\b"),
        ("weekday", rf"{b}{wd}"),
        (
            "ordinal_day",
            rf"{b}(?P<pre>(?:(?:{pre_day})\s+)?{day_the}?)(?P<d>\d{{1,2}})(?:{suf}|(?P<dot>\.)(?!\d))?"
            r"(?![\w:])(?!\.\d)",
        ),
        (
            "month_only",
            rf"{b}(?:(?P<pre>{alternation(w['month_pre'])})\s+){mon}"
            rf"(?:\s+(?P<y>\d{{4}})\b)?",
        ),
        ("month_only", rf"{b}{rel}\s+{mon}"),
    ]
    # a language without a word for "next" after the noun ("que viene") skips its patterns
    unused = f"(?P<rel>{next_after})" if not w.get("next_after") else None
    return [(name, regex) for name, regex in patterns if unused is None or unused not in regex]


def _holiday_names(words: Mapping[str, tuple[str, ...]]) -> list[str]:
    """The names of the holidays a language knows ("boxing day", "karfreitag")."""
    fixed = [p[6:] for p in words.get("fixed_holidays", ())]
    moving = [p.split(" ", 1)[1] for p in words.get("moving_holidays", ())]
    return fixed + moving
