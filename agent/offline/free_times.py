"""Free times and opening hours, in the customer's words: runs of free start
times read as ranges, a day's times, a week's, and the weekly hours."""

from __future__ import annotations

from bookbot.agent.offline.catalogue import day_text, say, texts
from bookbot.agent.offline.options import numbered
from bookbot.agent.offline.replies import JSON
from bookbot.core.config import WEEKDAYS, Business, Service


def opening_hours(
    business: Business, weekdays: tuple[int, ...], closed: list[str], lang: str = "en"
) -> str:
    """The weekly opening hours (only `weekdays` when the question names some, 0 =
    Monday) and the next closure days."""
    lines = [_hours_line(business, day, lang) for day in range(len(WEEKDAYS))]
    chosen = [lines[d] for d in weekdays] if weekdays else lines
    text = say(lang, "hours.header") + "\n" + "\n".join(chosen)
    if closed:
        days = ", ".join(day_text(lang, d) for d in closed)
        text += "\n" + say(lang, "hours.closed_on", days=days)
    return text + "\n" + say(lang, "hours.ask")


def _hours_line(business: Business, weekday: int, lang: str) -> str:
    """'Monday: 08:00-12:00, 14:00-18:00' or 'Sunday: closed', in `lang`."""
    ranges = business.hours.get(WEEKDAYS[weekday], ())
    hours = ", ".join(str(r) for r in ranges) if ranges else say(lang, "hours.closed")
    day = texts(lang).WEEKDAYS_LONG[weekday]
    return say(lang, "hours.line", day=day[:1].upper() + day[1:], hours=hours)


def _minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:5])


def times_text(times: list[str], step: int, limit: int = 6, lang: str = "en") -> str:
    """Free start times as read aloud: a run of three or more slots one step apart
    as '08:00-11:45 (every 15 min)', the others one by one."""
    runs: list[list[str]] = []
    for t in times:
        if runs and _minutes(t) - _minutes(runs[-1][-1]) == step:
            runs[-1].append(t)
        else:
            runs.append([t])
    parts: list[str] = []
    for run in runs:
        parts.extend([f"{run[0]}-{run[-1]}"] if len(run) >= 3 else run)
    shown = parts[:limit]
    text = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + say(lang, "free.or") + shown[-1]
    if len(parts) > limit:
        text = ", ".join(shown) + say(lang, "free.more")
    if any("-" in part for part in shown):  # only a range shown is read "every N min"
        text += say(lang, "free.every", step=step)
    return text


def ask_time_for_day(day: str, times: list[str], step: int, lang: str = "en") -> str:
    return say(lang, "free.on_day", day=day, times=times_text(times, step, lang=lang))


def spread(day: str, times: list[str], most: int = 5) -> list[str]:
    """Up to `most` of a day's free times, spread over the day, as starts to offer."""
    if len(times) <= most:
        picked = times
    else:
        picked = [times[round(i * (len(times) - 1) / (most - 1))] for i in range(most)]
    return [f"{day}T{t}" for t in dict.fromkeys(picked)]


def offered_starts(days: list[JSON]) -> list[str]:
    """The starts a listing offers by number: the first free time of each day, or for
    a single day, its times spread over the day."""
    if len(days) == 1:
        return spread(days[0]["date"], days[0]["times"])
    return [f"{d['date']}T{d['times'][0]}" for d in days[:5]]


def with_options(text: str, starts: list[str], lang: str = "en") -> str:
    """A question for a time, with numbered options to pick from."""
    return f"{text}\n" + say(lang, "free.pick", options=numbered(starts, lang))


def nothing_that_day(day: str, *, closed: bool = False, lang: str = "en") -> str:
    key = "free.closed_that_day" if closed else "free.nothing_that_day"
    return say(lang, key, day=day)


def availability(
    service: Service, result: JSON, step: int, *, offer_first: bool, lang: str = "en"
) -> str:
    """The free times of each day; with `offer_first`, the earliest is offered for a yes."""
    days = result.get("days", [])
    if not days:
        return say(lang, "free.none")
    lines = [say(lang, "free.header", service=service.name)]
    for day in days[:5]:
        times = times_text(day["times"], step, lang=lang)
        lines.append(say(lang, "free.day_line", day=day_text(lang, day["date"]), times=times))
    if offer_first:
        first = f"{day_text(lang, days[0]['date'])}, {days[0]['times'][0]}"
        lines.append(say(lang, "free.earliest", first=first))
        starts = offered_starts(days)
        key = "free.pick" if len(days) == 1 else "free.first_each_day"
        lines.append(say(lang, key, options=numbered(starts, lang)))
    else:
        lines.append(say(lang, "free.which"))
    return "\n".join(lines)
