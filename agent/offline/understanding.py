"""What the offline model needs to know about one customer message.

`nlu_adapter.understand` runs the language understanding of `bookbot.agent.nlu`
once and folds its answers into one `Understanding` (defined here), so the
dialogue policy reads plain fields instead of parser details.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time


@dataclass(frozen=True, slots=True)
class Recurring:
    """'Mondays and Wednesdays at 6pm': weekdays (0 = Monday) and a time."""

    weekdays: tuple[int, ...]
    at: time | None


@dataclass(frozen=True, slots=True)
class Shift:
    """A move by an amount: 'a week later' (+7 days), '2 days earlier' (-2 days),
    'a month later' (+1 month), '2 hours later' (+120 minutes)."""

    days: int = 0
    months: int = 0
    minutes: int = 0


@dataclass(frozen=True, slots=True)
class SessionRef:
    """A booked session named by its day ('my Thursday session', 'the one on the
    14th': `day`, a bare weekday resolved to the next one) or by its month ('the
    March one', 'my appointment in May': `month`)."""

    day: date | None = None
    month: int | None = None


@dataclass(frozen=True)
class Understanding:
    text: str
    lang: str = "en"
    """The message's language ('en', 'de', 'es'): the replies are written in it."""
    reply: str | None = None
    """'yes', 'no', 'change' (yes, but with a new wish) or None."""
    hesitant: bool = False
    """Neither yes nor no but a hesitation or reservation ('let me think about it',
    'lo voy a pensar y te aviso', 'ich muss erst meinen Mann fragen')."""
    intents: frozenset[str] = frozenset()
    services: tuple[str, ...] = ()
    """Matched service ids, best first."""
    service_by_unit: bool = False
    """The best service was heard only in a word for one appointment of a plan ("can I
    book lesson 2"): it may be the plan the customer already has."""
    service_loose: bool = False
    """The best service was read from a partial or misspelt word ("starting" for a
    "Starter Package"), not from a whole trigger phrase or name."""
    datetimes: tuple[datetime, ...] = ()
    """Dates with a time, resolved in the business timezone."""
    dates: tuple[date, ...] = ()
    """Dates without a time."""
    time_only: time | None = None
    period: tuple[date, date] | None = None
    """A span of days named as one ('next week'); its ends are in `dates` too."""
    recurring: tuple[Recurring, ...] = ()
    onward: date | None = None
    """The first day of a series ('ab 10.3.', 'starting March 10'): weekly dates start
    there; it is in `dates` too."""
    invalid: tuple[str, ...] = ()
    invalid_time: time | None = None
    """The time said with the first day that does not exist ("31/09 a las 11"): the
    "same time" of the day the customer names next."""
    count: int | None = None
    session_number: int | None = None
    choice: int | None = None
    """'the second one', 'option 2': a 1-based pick among offered alternatives."""
    choice_earliest: bool = False
    """The `choice` is 'the earliest one' / 'first available': the first offered
    option, never a session number."""
    window: tuple[time, time] | None = None
    """The span a vague time allows ('afternoon' is 12:00-17:00, 'after 3pm')."""
    count_all: bool = False
    """'all of them', 'the remaining sessions', 'all 4 remaining': every session left
    (`count` holds the number when one was said)."""
    hour_reading: time | None = None
    """A lone number said the way a time is changed ('make it 11', 'can we do 3
    instead'), read as a time of day. `count` keeps the number too unless no plan of
    the business has that many sessions (then `time_only` holds this time)."""
    excluded_weekdays: tuple[int, ...] = ()
    """Weekdays ruled out ('Saturdays are bad for me'; 0 = Monday); not in `recurring`."""
    excluded_dates: tuple[date, ...] = ()
    """Days ruled out ('Friday doesn't work', 'I'm away next week'); not in `dates`."""
    source: SessionRef | None = None
    """The booked session the message names by its day or month ('move my Thursday
    session to next week': Thursday). A single day stays in `dates` / `datetimes` too;
    in a move, cancel or listing a month or range does not ('I can't make my review in
    May' names no new day)."""
    shift: Shift | None = None
    """'a week earlier', '2 days later': a move by an amount. 'later' also puts the
    date (from the reference, else today) in `dates`; 'earlier' gives no date."""
    floating: tuple[date, ...] = ()
    """Days in `dates` / `datetimes` read from a bare weekday ('to thursday at 5') as
    the next one from today; a move may put them after the session it moves instead."""
    unknown_service: str | None = None
    """What the message asks for that no service of the business is ('do you do
    piercings?': 'piercings'); None when it names a service or no thing at all."""
    earlier_offer: str | None = None
    """'first' ('the first time you offered was better') or 'previous' ('the previous
    one'): a return to an offer shown before, not a new wish."""
    adds: bool = False
    """'and the 11th same time', 'y el jueves también': the days are added to what is
    discussed, not put in its place."""
    either: bool = False
    """'thurs at 5 or at 6:30': the `datetimes` are alternatives for one visit, the
    customer takes one of them."""
    unread: tuple[str, ...] = ()
    """Numbers beside a day that the reading of dates left out ('wed 18 at 4' read
    as this Wednesday): the day was only partly read, so nothing is proposed from it."""
    notes: tuple[str, ...] = field(default=())

    @property
    def has_when(self) -> bool:
        return bool(self.datetimes or self.dates or self.time_only or self.recurring)
