"""Language understanding for the offline model: pure functions over one message.

Nothing here does I/O or reads the clock: the current local time `now` (aware, in
the business's timezone) is always an argument. Imports: the standard library and
`bookbot.core.config` (for `Service`) only.

    parse_when(text, now, reference=None) -> list[When]     dates and times (when.py)
    expand_recurring(whens, start, count) -> list[When]     "Mondays at 6pm" as dates
    offers_either(text, whens, lang) -> bool                "at 5 or at 6:30": times joined by
                                                            "or" are alternatives for one visit
    unread_numbers(text, whens) -> tuple[str, ...]          day numbers no read date used
                                                            ("next sat 21 at 10" if the 21 was
                                                            left over): partly read, ask
    When.onward                                             "ab 10.3.", "a partir del 10 de
                                                            marzo", "starting March 10": a
                                                            series starts there
    When.exact_time / .ambiguous_hour / .missing / .complete
                                                            what was read exactly and what is
                                                            missing ("date", "time", "meridiem",
                                                            "valid"): ask, never guess
    within_hours(when, hours) -> When                       "at 4" settled by opening hours
                                                            when one reading fits
    detect_language(text, previous=None) -> "en"|"de"|"es"  the message's language; on a
                                                            tie (ok, 3, emoji) `previous`, else "en"
    languages() -> tuple[str, ...]                          codes that can be understood
    classify_reply(text, lang=None) -> Reply                yes / no / change / unknown; `lang`
                                                            None detects it. SAFE: hesitation or an
                                                            open question with a yes is UNKNOWN
    classify_yes_no(text, lang=None) -> "yes" | "no" | None
    pick_option(text, options, now=None, lang=None) -> int | None
                                                            0-based index of the offered start
                                                            picked by "2", "#2", "the second",
                                                            "die zweite", "10:30", "Friday",
                                                            "the soonest"; None if none/ambiguous
    extract_count(text) -> Count | None                     "3 to start", "all 10"
    extract_bare_hour(text) -> BareHour | None              "make it 11": perhaps a time
    parse_number(text) -> int | None                        "twenty-one" -> 21
    extract_session_number(text) -> int | None              "session 3", "my 2nd lesson"
    extract_choice(text) -> int | None                      "option 2", "the second one"
    picks_earliest(text) -> bool                            "the earliest one", "first available"
    earlier_offer(text) -> "first" | "previous" | None      "the first time you offered"
    session_months(text) -> tuple[int, ...]                 "the March one" names a session
    When.invalid_reason                                     also set for a weekday and day that
                                                            disagree ("wed 9" when the 9th is a
                                                            Thursday), the nearest date as hint
    detect_intents(text, lang) -> set[Intent]               book, price, cancel, ...; every intent
                                                            shown (question + action together).
                                                            New: CANCEL_ALL (with CANCEL), POLICY
                                                            (cancel/move rules: a question about
                                                            cancelling cancels nothing), VALIDITY,
                                                            OPENING, CONTACT, HUMAN (with HELP)
    mood.is_upset(text, lang) -> bool                       "this is useless", "estoy harto": a
                                                            person is offered (human handoff)
    mood.asks_if_bot(text, lang) -> bool                    "are you a bot?"
    names_next_session(text, lang) -> bool                  "nächste Einheit gern Montag": a list
                                                            reading only from "next session"
    primary_intent(intents) -> Intent | None
    match_services(text, services) -> list[ServiceMatch]    from each service's own fields
    asked_for(text) -> str | None                           "do you do piercings?": "piercings"
    heard_as_unit(match, lang) -> bool                      heard only in "lesson", "Stunde",
                                                            "sesión": maybe the plan one has
    best_service(text, services) -> Service | None
    is_clear(matches) -> bool                               the best one stands out clearly
    rank_services(text, services, booked=(), lang) -> list[ServiceReading]
                                                            booked plans' session names first
                                                            (BOOKED_SESSION), booked plans, exact
                                                            trigger / name, then PARTIAL; each
                                                            with quality exact|fuzzy, heard,
                                                            matched, coverage; nothing through one
                                                            shared word ("laser hair removal" is
                                                            no "Laser Tattoo Removal")
    named_services(readings) -> list[ServiceReading]        the ones to act on: all heard whole
                                                            (two services -> both), else one clear
                                                            partial, else none
    service_quality(readings) -> Quality                    exact | fuzzy | none

Modules: `normalize` (lower case, typos, number words, with a map back to the
original text), `times`, `dates` / `dates_grammar` / `dates_patterns` /
`date_hits` / `cal` (date arithmetic), `dates_parts` (early / mid / late of a week or
month), `dates_relative` (days counted from the time last discussed), `when` /
`when_pairing`, `marks` (days ruled out or naming a booked session), `numbers`,
`picks`, `choice` (pick_option), `yesno`, `intents`, `services`, `service_rank`
(rank_services), `concepts` (translations of service words, data), `unread`
(unread_numbers), `either` (offers_either), `words` (word similarity, typo edits),
`language` (detect_language). Every word the parsers look for comes from a `Lexicon`
(`lexicon.py`); English is `en.py` + `en_phrases.py`,
German is `de.py` + `de_phrases.py`, Spanish `es.py` + `es_phrases.py` (their words
written without accents: the lexicon folds accents off before matching). Every
public function takes `lang` ("en" by default; classify_reply / pick_option detect
it when None), so another language is a new lexicon, not new code. The dialogue
should read a message with `lang=detect_language(text, previous=conversation_lang)`.

Readings that differ by language: German "halb 5" is 4:30 (English "half 5" is
5:30), "Viertel nach/vor", "16.30 Uhr", "am 3.3."; Spanish "mañana" alone is
tomorrow, "por la mañana" the morning, "a las 5 de la tarde" 17:00, "y media",
"menos cuarto", "la semana que viene", "el martes que viene"; dates are day first.

A weekday with a bare day number ("thu 16 at 3", "Do 23 um 5", "vie 17") is a date:
the next day that is both (looking two such days of the month ahead), else the
nearest with `invalid_reason` naming the mismatch; never a count of sessions.
"""

from __future__ import annotations

from bookbot.agent.nlu import de, en, es  # noqa: F401 - each registers its lexicon
from bookbot.agent.nlu.asked import asked_for
from bookbot.agent.nlu.choice import pick_option
from bookbot.agent.nlu.either import offers_either
from bookbot.agent.nlu.intents import (
    PRIORITY,
    Intent,
    detect_intents,
    names_next_session,
    primary_intent,
)
from bookbot.agent.nlu.language import detect_language
from bookbot.agent.nlu.lexicon import Lexicon, languages, lexicon, register
from bookbot.agent.nlu.marks import adds, moved_from, names_month, session_months
from bookbot.agent.nlu.normalize import Normalized, normalize
from bookbot.agent.nlu.numbers import (
    BareHour,
    Count,
    extract_bare_hour,
    extract_count,
    parse_number,
)
from bookbot.agent.nlu.picks import (
    earlier_offer,
    extract_choice,
    extract_session_number,
    picks_earliest,
)
from bookbot.agent.nlu.service_rank import (
    BookedPlan,
    Quality,
    ServiceReading,
    Source,
    named_services,
    rank_services,
)
from bookbot.agent.nlu.service_rank import quality as service_quality
from bookbot.agent.nlu.services import (
    ServiceMatch,
    best_service,
    heard_as_unit,
    is_clear,
    match_services,
    service_words,
)
from bookbot.agent.nlu.unread import unread_numbers
from bookbot.agent.nlu.when import When, expand_recurring, parse_when, within_hours
from bookbot.agent.nlu.yesno import (
    Reply,
    ReplyKind,
    agrees_in_words,
    classify_reply,
    classify_yes_no,
    concedes,
    negates,
    only_acknowledges,
)

__all__ = [
    "adds",
    "PRIORITY",
    "BareHour",
    "BookedPlan",
    "Count",
    "Intent",
    "Lexicon",
    "Normalized",
    "Quality",
    "Reply",
    "ReplyKind",
    "ServiceMatch",
    "ServiceReading",
    "Source",
    "When",
    "asked_for",
    "best_service",
    "classify_reply",
    "only_acknowledges",
    "classify_yes_no",
    "agrees_in_words",
    "concedes",
    "negates",
    "detect_language",
    "detect_intents",
    "names_next_session",
    "earlier_offer",
    "expand_recurring",
    "extract_bare_hour",
    "extract_choice",
    "extract_count",
    "extract_session_number",
    "is_clear",
    "languages",
    "lexicon",
    "heard_as_unit",
    "match_services",
    "service_words",
    "named_services",
    "normalize",
    "parse_number",
    "parse_when",
    "pick_option",
    "picks_earliest",
    "primary_intent",
    "rank_services",
    "register",
    "service_quality",
    "session_months",
    "moved_from",
    "names_month",
    "offers_either",
    "unread_numbers",
    "within_hours",
]
