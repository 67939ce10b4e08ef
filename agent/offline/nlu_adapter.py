"""Fold the answers of `bookbot.agent.nlu` into one `Understanding`.

The language understanding speaks in parser terms (`When`, `Reply`, `Intent`);
the dialogue policy wants plain fields: resolved start times, bare dates, a
time without a day, weekly habits, a yes or no. This module is the only place
that knows both vocabularies, and the business: its session names (masked before
intents are read, so a session called "Progress review" asks nothing about
progress), its plan sizes (a number no plan reaches is not a count) and its
opening hours (a bare "at 7" at a gym open 06:30-18:00 is 07:00) and its timezone's
way of writing dates ("4/10" is April 10 in Chicago, 4 October in Dublin).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from bookbot.agent import nlu
from bookbot.agent.nlu import Intent, ReplyKind, When
from bookbot.agent.offline import catalogue
from bookbot.agent.offline.catalogue import say
from bookbot.agent.offline.date_order import day_first
from bookbot.agent.offline.session_names import mask_session_names, named_session
from bookbot.agent.offline.understanding import Recurring, SessionRef, Shift, Understanding
from bookbot.core.config import WEEKDAYS, Business, TimeRange
from bookbot.core.memo import PerObject

_INTENT_NAMES: dict[Intent, str] = {
    Intent.LIST_BOOKINGS: "list",
    Intent.PLAN_INFO: "info",
}
"""Policy names that differ from the parser's; every other intent keeps its value."""

_CHANGES = frozenset({Intent.RESCHEDULE, Intent.CANCEL, Intent.LIST_BOOKINGS})
_REPLIES = {ReplyKind.YES: "yes", ReplyKind.NO: "no", ReplyKind.CHANGE: "change"}
_UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14}
_UNIT_MINUTES = {"hour": 60, "minute": 1}


_READ: PerObject[tuple[str, datetime, datetime | None, str | None], Understanding] = PerObject(256)


def read_message(
    text: str,
    now: datetime,
    business: Business,
    reference: datetime | None = None,
    previous_lang: str | None = None,
) -> Understanding:
    """Everything the offline model needs from one message, at the business clock `now`,
    in the message's language (`previous_lang`, the conversation's, when it is unclear).

    A turn reads its message again after a lookup (the decide phase runs twice): the
    reading, immutable, is kept for the same inputs and the same business object (an
    admin edit loads a new one)."""
    key = (text, now, reference, previous_lang)
    return _READ.get(
        business, key, lambda: _read(text, now, business, reference, previous_lang)
    )


def _read(
    text: str,
    now: datetime,
    business: Business,
    reference: datetime | None,
    previous_lang: str | None,
) -> Understanding:
    lang = nlu.detect_language(text, previous=previous_lang)
    local_now = now.astimezone(business.zone)
    plain = mask_session_names(text, business.services)  # "my progress review": a session
    order = day_first(business.timezone)  # "4/10" is April 10 in Chicago, 4 October in Dublin
    whens_read = nlu.parse_when(plain, local_now, reference, day_first=order, lang=lang)
    found = _one_per_day(whens_read, lang, plain)
    whens = [_in_hours(w, business) for w in found]
    valid = [w for w in whens if w.valid]
    wished = [w for w in valid if not w.excluded]
    matches = _service_matches(text, business, lang)
    intents = nlu.detect_intents(_without_service_phrase(plain, matches), lang)
    if Intent.LIST_BOOKINGS in intents and _next_session_wished(plain, wished, lang):
        intents = (intents - {Intent.LIST_BOOKINGS}) | {Intent.BOOK}
    # in a change, a month or a week that names the booked session is no new day
    changing = bool(intents & _CHANGES)
    targets = [w for w in wished if not (changing and w.session_ref and w.is_range)]
    source = _source(plain, wished, lang)
    if source is None and changing:
        source, targets = _moved_from(plain, targets, lang)
    moving = Intent.RESCHEDULE in intents and Intent.CANCEL not in intents
    if source is not None and moving and any(not w.session_ref for w in targets):
        # "meinen Termin am Montag um halb eins verschieben … stattdessen Donnerstag um
        # 18 Uhr": the booking named is moved from, the other day is moved to
        targets = [w for w in targets if not w.session_ref]
    if source is not None and source.day is not None and changing:
        # "bump my thursday 11 o'clock to friday ... I drive my mum to the airport
        # thursday": the day moved from, said again, is no day to move to
        targets = [w for w in targets if w.session_ref or not (w.day_only and w.date == source.day)]
    services = tuple(m.service.id for m in matches)
    session_number = nlu.extract_session_number(plain, lang)
    if session_number is None:
        named = named_session(text, business.services, services)
        if named is not None and (not services or named[0] in services):
            services, session_number = services or (named[0],), named[1]
    count, count_all, hour = _count_or_hour(plain, business, targets, whens_read, lang)
    sized = count is not None and _names_the_package(plain, count, matches, targets, lang)
    if sized and not count_all:
        count = None  # "the 10 class card: thu 28th and sat 30th" books two, not ten
    time_only = _time_only(targets)
    if hour is not None and count is None and time_only is None:
        time_only = hour  # "make it 11" where no plan has 11 sessions
    return Understanding(
        text=text,
        lang=lang,
        reply=_reply(plain, intents, lang),
        hesitant=_hesitant(plain, lang),
        intents=frozenset(_INTENT_NAMES.get(i, i.value) for i in intents),
        services=services,
        service_loose=bool(matches) and _loose(matches[0]),
        service_by_unit=bool(matches) and nlu.heard_as_unit(matches[0], lang),
        datetimes=_datetimes(targets, business),
        dates=_dates(targets),
        time_only=time_only,
        period=next(
            ((w.date, w.end_date) for w in targets if w.date and w.end_date and not w.recurring),
            None,
        ),
        recurring=tuple(
            Recurring(weekdays=tuple(sorted(w.weekdays)), at=w.time)
            for w in wished
            if w.recurring and w.weekdays
        ),
        onward=next((w.date for w in targets if w.onward and w.date), None),
        invalid=tuple(str(w.invalid_reason) for w in whens if not w.valid),
        invalid_time=next((w.time for w in whens if not w.valid and w.time), None),
        count=count,
        session_number=session_number,
        choice=nlu.extract_choice(plain, lang),
        choice_earliest=nlu.picks_earliest(plain, lang),
        earlier_offer=nlu.earlier_offer(plain, lang),
        window=next((w.window for w in targets if w.approximate and w.window), None),
        count_all=count_all,
        hour_reading=hour,
        excluded_weekdays=_excluded_weekdays(valid),
        excluded_dates=_excluded_dates(valid),
        source=source,
        shift=next((_shift(w.shift) for w in valid if w.shift is not None), None),
        unknown_service=_unknown_service(plain, business, intents, bool(services), lang),
        floating=tuple(
            dict.fromkeys(w.date for w in targets if w.floating and w.date and not w.session_ref)
        ),
        unread=nlu.unread_numbers(plain, found),
        either=nlu.offers_either(plain, targets, lang),
        adds=bool(targets) and nlu.adds(plain, lang),
    )


def _next_session_wished(text: str, wished: list[When], lang: str) -> bool:
    """ "nächste Einheit gern Montag in einer Woche, so halb 5": the next session with a
    day of its own is a wish to book it, not a question about the bookings."""
    return any(w.date is not None for w in wished) and nlu.names_next_session(text, lang)


def _reply(text: str, intents: set[Intent], lang: str) -> str | None:
    """Yes, no or change; a yes the intents dropped ("ok. what do I have booked?"
    only acknowledges before a question) is none."""
    kind = nlu.classify_reply(text, lang).kind
    if kind is ReplyKind.YES and Intent.YES not in intents:
        return None
    return _REPLIES.get(kind)


def _hesitant(text: str, lang: str) -> bool:
    reading = nlu.classify_reply(text, lang)
    return reading.kind is ReplyKind.UNKNOWN and bool(reading.cues)


_ASKING = frozenset(
    {Intent.BOOK, Intent.SERVICES, Intent.AVAILABILITY, Intent.GREETING, Intent.HELP}
    | {Intent.PRICE, Intent.PLAN_INFO}
)
"""Intents a question for a service may come with ('hi, do you do botox? how much?')."""


def _unknown_service(
    text: str, business: Business, intents: set[Intent], named: bool, lang: str
) -> str | None:
    """The thing asked for ("do you do piercings?") when no service of the business is it."""
    asked = nlu.asked_for(text, lang)
    if asked is None or named or intents - _ASKING:
        return None
    offered = business.services
    if nlu.match_services(text, offered, lang) or nlu.match_services(asked, offered, lang):
        return None
    return asked


_SPARED = re.compile(
    r"\b(?:keep|leave|not|except|apart from|other than|but not)\b[^,.;!?]*", re.IGNORECASE
)
"""A clause that spares a service: "just the massages, keep the rehab"."""


def _loose(match: nlu.ServiceMatch) -> bool:
    """A service read from a partial or misspelt word, or only from its description
    (a word of any sentence there: "die zweite", "entre ellas"), not from its name or
    a trigger phrase: it never replaces the service the conversation is about."""
    return not match.exact or match.matched == (match.service.description or None)


def _service_matches(text: str, business: Business, lang: str) -> list[nlu.ServiceMatch]:
    """The services the text names clearly enough to act on, best first; when it names
    two, the one it does not spare ("cancel the massages, not the rehab")."""
    matches = nlu.match_services(text, business.services, lang)
    if nlu.is_clear(matches):
        return matches
    visit = _visit_about(text, matches, lang)
    if visit is not None:
        return [visit]
    rest = _SPARED.sub(" ", text)
    if rest == text:
        return []
    matches = nlu.match_services(rest, business.services, lang)
    return matches if nlu.is_clear(matches) else []


def _visit_about(text: str, matches: list[nlu.ServiceMatch], lang: str) -> nlu.ServiceMatch | None:
    """ "una valoración pa lo del láser", "a consultation about the implant plan": a
    one-off visit named first, for or about another service named after it, is the
    visit asked for; so is one asked for in a sentence of its own after a statement
    naming the plan ("necesita frenillos. ¿Hay hora para una evaluación?")."""
    if len(matches) != 2 or not all(m.exact for m in matches):
        return None
    t = nlu.normalize(text, lang).text
    heard = [nlu.normalize(m.heard, lang).text for m in matches]
    (i, said, first), (j, _, second) = sorted(
        ((t.find(h), h, m) for h, m in zip(heard, matches, strict=True)), key=_first
    )
    between = t[i + len(said) : j]
    if i >= 0 and first.service.requires_multiple_sessions and _asked_after(between, second):
        # "necesita frenillos. ¿Hay hora para una evaluación?": the need, then the visit
        return second
    if i < 0 or first.service.requires_multiple_sessions:
        return None
    if not second.service.requires_multiple_sessions:
        return None
    words = re.findall(r"\w+", between)
    about = set(nlu.lexicon(lang).word_list("about_service"))
    return first if len(words) <= 10 and about & set(words) else None


def _asked_after(between: str, second: nlu.ServiceMatch) -> bool:
    """A one-off visit named in a sentence of its own after a statement naming a plan's
    service."""
    # a statement of the need first ("necesita frenillos."), not a question about it too
    # ("¿cuánto cuesta el bono de 8? y la primera visita?")
    own_sentence = re.search(r"[.!]", between) is not None and "?" not in between
    return own_sentence and not second.service.requires_multiple_sessions


def _first(spot: tuple[int, str, nlu.ServiceMatch]) -> int:
    return spot[0]


# --- what the reading left out ------------------------------------------------


def _one_per_day(whens: list[When], lang: str, text: str) -> list[When]:
    """A weekday written before its date ("sa 20.3. um 10", "Fri, 12/3", "Freitag, den
    16.1.") names one day:
    the date. The weekday alone would be read as the next such day, another one; when
    the two disagree, the date is kept and marked invalid (the customer is asked)."""
    kept: list[When] = []
    for i, w in enumerate(whens):
        after = whens[i + 1] if i + 1 < len(whens) else None
        if after is None or not _weekday_before(w, after, lang, text):
            kept.append(w)
            continue
        assert after.date is not None
        if after.date.weekday() not in w.weekdays and after.valid:
            reason = _mismatch(after.date, w.weekdays, lang)
            whens[i + 1] = replace(after, invalid_reason=reason)
    return kept


def _weekday_before(weekday: When, dated: When, lang: str, text: str) -> bool:
    """`weekday` is a bare weekday written right before the date `dated` (nothing but
    punctuation and an article between), which names no weekday of its own ("statt
    Freitag den Samstag 16.1.": Friday is the day replaced)."""
    w = weekday
    bare = bool(w.weekdays) and w.floating and not w.recurring and not w.is_range
    if not bare or dated.date is None or dated.floating or dated.span[0] < w.span[1]:
        return False
    lex = nlu.lexicon(lang)
    between = re.findall(r"\w+", nlu.normalize(text[w.span[1] : dated.span[0]], lang).text)
    if len(between) > 1 or any(word not in lex.word_list("the") for word in between):
        return False
    named = re.findall(r"\w+", nlu.normalize(dated.text, lang).text)
    return not any(word in lex.weekdays for word in named)


def _mismatch(day: date, weekdays: frozenset[int], lang: str = "en") -> str:
    """Why the date is asked about, in the customer's language (the reply says it)."""
    names = catalogue.texts(lang).WEEKDAYS_LONG
    said = "/".join(names[d] for d in sorted(weekdays))
    weekday = names[day.weekday()]
    return say(lang, "invalid.weekday_mismatch", d=day.day, m=day.month, weekday=weekday, said=said)


# --- counts and bare hours ----------------------------------------------------


def _names_the_package(
    text: str, count: int, matches: list[nlu.ServiceMatch], targets: list[When], lang: str
) -> bool:
    """The number is the size in the package's name ("10 class card", "10er-Karte",
    "bono de 8", "me anotás en el pack de 8?"): no count of sessions to book now. Beside
    two or more days of its own, those days are the wish; with none, how many to book
    is asked ("all 10 lessons" still counts: `count_all`)."""
    days = [w for w in targets if w.date is not None and not (w.recurring or w.onward)]
    if not matches or len(days) == 1 or len(days) >= count:
        return False
    service = matches[0].service
    if service.total_sessions != count:
        return False
    phrases = (service.name, *service.trigger_words)
    named = {w for phrase in phrases for w in nlu.service_words(phrase)}
    t = nlu.normalize(text, lang).text
    for found in re.finditer(rf"(?<!\d){count}(?!\d)(?:er)?", t):
        near = nlu.service_words(t[max(0, found.start() - 20) : found.end() + 20])
        if set(near) & named:
            return True
    return False


def _without_service_phrase(text: str, matches: list[nlu.ServiceMatch]) -> str:
    """The text without the words of a service's own phrase of several words: "quitar
    un tatuaje" (a "Quitar tatuaje" service) asks for no cancellation, "move on
    programme" no move."""
    best = matches[0] if matches else None
    if best is None or not best.exact or len(best.heard.split()) < 2:
        return text  # only a phrase of several words heard as it is written
    out = text
    for word in best.heard.split():
        out = re.sub(rf"(?i)\b{re.escape(word)}\b", " " * len(word), out)
    return out


def _count_or_hour(
    text: str, business: Business, targets: list[When], read: list[When], lang: str
) -> tuple[int | None, bool, time | None]:
    """(count, all remaining, the hour a lone number may be). A number no plan of the
    business reaches ("make it 11" at a gym with 8-session plans) is only an hour, and
    a number inside a day read at today's date ("del jueves 5 al lunes 9/4") none."""
    count = nlu.extract_count(text, lang)
    inside = count is not None and any(w.date and _inside(count.span, w.span) for w in read)
    if count is not None and not count.all and inside:
        count = None
    value = count.value if count is not None else None
    every = count is not None and count.all
    bare = nlu.extract_bare_hour(text, lang)
    if bare is None or count is None or every or count.span != bare.span:
        return value, every, None
    days = {w.date for w in targets if w.date is not None}
    hour = _prefer_open(bare.time, bare.alt, _ranges(business, days, set()))
    most = max(s.total_sessions for s in business.services)
    return (None if bare.value > most else value), False, hour


def _inside(span: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= span[0] and span[1] <= outer[1]


# --- opening hours --------------------------------------------------------------


def _in_hours(when: When, business: Business) -> When:
    """A bare hour read inside the opening hours when only its other reading is."""
    if when.time is None or when.alt_time is None:
        return when
    days = {when.date} if when.date is not None else set()
    weekdays = set(when.weekdays) if when.date is None else set()
    at = _prefer_open(when.time, when.alt_time, _ranges(business, days, weekdays))
    return when if at == when.time else replace(when, time=at, alt_time=when.time)


def _ranges(business: Business, days: set[date], weekdays: set[int]) -> list[TimeRange]:
    """The opening ranges of `days`, else of `weekdays`, else of the whole week."""
    if days:
        return [r for d in days for r in business.opening(d)]
    keys = [WEEKDAYS[d] for d in sorted(weekdays)] if weekdays else list(WEEKDAYS)
    return [r for k in keys for r in business.hours.get(k, ())]


def _prefer_open(at: time, alt: time | None, ranges: list[TimeRange]) -> time:
    def inside(t: time) -> bool:
        return any(r.start <= t < r.end for r in ranges)

    if alt is not None and not inside(at) and inside(alt):
        return alt
    return at


# --- days ruled out, the session named, shifts ------------------------------------


def _excluded_weekdays(whens: list[When]) -> tuple[int, ...]:
    found = {d for w in whens if w.excluded and w.recurring for d in w.weekdays}
    return tuple(sorted(found))


def _excluded_dates(whens: list[When]) -> tuple[date, ...]:
    found: list[date] = []
    for w in whens:
        if not w.excluded or w.recurring or w.date is None:
            continue
        last = w.end_date if w.end_date is not None and w.end_date > w.date else w.date
        day = w.date
        while day <= last and len(found) < 62:
            if day not in found:
                found.append(day)
            day += timedelta(days=1)
    return tuple(found)


def _source(text: str, whens: list[When], lang: str) -> SessionRef | None:
    for w in whens:
        if not w.session_ref or w.date is None:
            continue
        if not w.is_range:
            return SessionRef(day=w.date)
        assert w.end_date is not None
        if w.date.month == w.end_date.month and w.end_date.day >= 28:
            return SessionRef(month=w.date.month)
    months = nlu.session_months(text, lang)
    return SessionRef(month=months[0]) if months else None


def _moved_from(
    text: str, targets: list[When], lang: str
) -> tuple[SessionRef | None, list[When]]:
    """ "del jueves al viernes", "from thursday to friday": the first day is the booking
    moved, no day to move to."""
    days = [w for w in targets if w.date is not None and not w.is_range]
    found = nlu.moved_from(text, [w.span for w in days], lang)
    if found is None:
        return None, targets
    day = days[found]
    assert day.date is not None
    return SessionRef(day=day.date), [w for w in targets if w is not day]


def _shift(shift: tuple[int, str]) -> Shift:
    amount, unit = shift
    if unit == "month":
        return Shift(months=amount)
    if unit in _UNIT_MINUTES:
        return Shift(minutes=amount * _UNIT_MINUTES[unit])
    return Shift(days=amount * _UNIT_DAYS.get(unit, 1))


# --- dates and times ------------------------------------------------------------


def _datetimes(whens: list[When], business: Business) -> tuple[datetime, ...]:
    found: list[datetime] = []
    for when in whens:
        if when.recurring:
            continue
        moment = when.at(business.zone)
        if moment is not None and moment not in found:
            found.append(moment)
    return tuple(found)


def _dates(whens: list[When]) -> tuple[date, ...]:
    found: list[date] = []
    for when in whens:
        if when.recurring or when.date is None or when.time is not None:
            continue
        for day in (when.date, when.end_date):
            if day is not None and day not in found:
                found.append(day)
    return tuple(found)


def _time_only(whens: list[When]) -> time | None:
    for when in whens:
        if when.date is None and when.time is not None and not when.recurring:
            return when.time
    return None
