"""Free times and opening hours, in the customer's words: runs of free start
times read as ranges, a day's times, a week's, and the weekly hours."""

from __future__ import annotations

from bookbot.agent.offline.options import numbered
from bookbot.agent.offline.replies import JSON, day_text
from bookbot.core.config import Business, Service
from bookbot.prompts import facts


def opening_hours(business: Business, weekdays: tuple[int, ...], closed: list[str]) -> str:
    """The weekly opening hours (only `weekdays` when the question names some, 0 =
    Monday) and the next closure days."""
    lines = facts.hours_lines(business)
    chosen = [lines[d] for d in weekdays] if weekdays else lines
    text = "Our opening hours:\n" + "\n".join(chosen)
    if closed:
        text += "\nClosed on: " + ", ".join(day_text(d) for d in closed) + "."
    return text + "\nWhat would you like to book?"


def _minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:5])


def times_text(times: list[str], step: int, limit: int = 6) -> str:
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
    text = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + f" or {shown[-1]}"
    if len(parts) > limit:
        text = ", ".join(shown) + " and more"
    if any("-" in part for part in shown):  # only a range shown is read "every N min"
        text += f" (every {step} min)"
    return text


def ask_time_for_day(day_text: str, times: list[str], step: int) -> str:
    return f"On {day_text} I can start you at {times_text(times, step)}. What time suits you?"


def spread(day: str, times: list[str], most: int = 5) -> list[str]:
    """Up to `most` of a day's free times, spread over the day, as starts to offer."""
    if len(times) <= most:
        picked = times
    else:
        picked = [times[round(i * (len(times) - 1) / (most - 1))] for i in range(most)]
    return [f"{day}T{t}" for t in dict.fromkeys(picked)]


def with_options(text: str, starts: list[str]) -> str:
    """A question for a time, with numbered options to pick from."""
    return f"{text}\nReply with a number or another time:\n{numbered(starts)}"


def nothing_that_day(day_text: str, *, closed: bool = False) -> str:
    if closed:
        return f"Sorry, we're closed on {day_text}. Would another day work?"
    return f"Sorry, nothing is free on {day_text}. Would another day work?"


def availability(service: Service, result: JSON, step: int, *, offer_first: bool) -> str:
    """The free times of each day; with `offer_first`, the earliest is offered for a yes."""
    days = result.get("days", [])
    if not days:
        return "Sorry, nothing is free in those days. Would another week work?"
    lines = [f"Free times for {service.name}:"]
    for day in days[:5]:
        lines.append(f"{day_text(day['date'])}: {times_text(day['times'], step)}")
    if offer_first:
        first = f"{day_text(days[0]['date'])}, {days[0]['times'][0]}"
        lines.append(f"The earliest is {first}. Shall I take it, or which would you like?")
        starts = [f"{d['date']}T{d['times'][0]}" for d in days[:5]]
        lines.append(f"The first free time of each day:\n{numbered(starts)}")
    else:
        lines.append("Which would you like?")
    return "\n".join(lines)
