"""English words for the parsers: calendar, numbers, parts of the day, typos.

Reply and intent phrases live in `en_phrases.py`. Importing this module
registers the lexicon under "en".
"""

from __future__ import annotations

from datetime import time

from bookbot.agent.nlu import en_phrases
from bookbot.agent.nlu.lexicon import DayPart, Lexicon, register

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_MONTH_SHORT = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAY_SHORT = {
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "weds": 2, "thu": 3, "thur": 3,
    "thurs": 3, "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90}  # fmt: skip
_ORDINALS = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
    "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()


_SUFFIX = {1: "st", 2: "nd", 3: "rd"}


def ordinal(n: int) -> str:
    """24 -> "24th", 1 -> "1st", 11 -> "11th"."""
    suffix = "th" if 10 <= n % 100 <= 20 else _SUFFIX.get(n % 10, "th")
    return f"{n}{suffix}"


def _ordinal_words() -> dict[str, int]:
    out = {word: n for n, word in enumerate(_ORDINALS) if n}
    out["twentieth"] = 20
    out["thirtieth"] = 30
    for n in range(1, 10):
        out[f"twenty-{_ORDINALS[n]}"] = 20 + n
    out["thirty-first"] = 31
    return out


_YOU = ("ye", "youse", "yous", "yiz", "yez", "yall", "y'all", "ya'll")
"""You as Irish, Scottish, Northern English and American customers write it ("are ye
open saturdays", "can youse move it"): read as "you" (`_YOUR`: "yer number")."""
_YOUR = ("yer", "yur", "yor")

_TYPOS = {
    "tommorow": "tomorrow", "tommorrow": "tomorrow", "tomorow": "tomorrow",
    "tomorrw": "tomorrow", "tmrw": "tomorrow", "tmr": "tomorrow", "tmrrw": "tomorrow",
    "tmw": "tomorrow", "tomoz": "tomorrow", "2moro": "tomorrow", "2morrow": "tomorrow",
    "2mrw": "tomorrow", "tdy": "today", "2day": "today", "2nite": "tonight",
    "tonite": "tonight", "nite": "night", "wensday": "wednesday", "wendsday": "wednesday",
    "febuary": "february", "feburary": "february", "nxt": "next", "wk": "week",
    "wks": "weeks", "hr": "hour", "hrs": "hours", "min": "minute", "mins": "minutes",
    "pls": "please", "plz": "please", "thx": "thanks", "thnx": "thanks", "tnx": "thanks",
    "ty": "thanks", "u": "you", "ur": "your", "r": "are", "im": "i'm", "ive": "i've",
    "id": "i'd", "dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "cant": "can't",
    "wont": "won't", "isnt": "isn't", "aint": "ain't", "thats": "that's",
    "whats": "what's", "lets": "let's", "oclock": "o'clock", "k": "ok", "kk": "ok",
    "okey": "ok", "okie": "ok", "oki": "ok", "okk": "ok", "okok": "ok",
    "ya": "yeah", "yah": "yeah", "yea": "yeah", "yup": "yep",
    "apt": "appointment", "appt": "appointment", "appts": "appointments",
    "resched": "reschedule", "avail": "available", "wanna": "want to", "gonna": "going to",
    "gotta": "have to", "abt": "about", "tho": "though", "coz": "because", "cuz": "because",
    "arvo": "afternoon", "sesh": "session", "seshs": "sessions",
    "yh": "yeah", "yeh": "yeah", "yas": "yes", "ofc": "of course",
    "hows": "how", "wheres": "where's", "whens": "when's",
    # two words typed as one
    "howmuch": "how much", "howmany": "how many", "howlong": "how long",
    "whattime": "what time", "wattime": "what time", "nextweek": "next week",
    "thisweek": "this week", "thankyou": "thank you", "thanku": "thank you",
    "aswell": "as well",
    **{said: "you" for said in _YOU}, **{said: "your" for said in _YOUR},
}  # fmt: skip

_FUZZY = (
    *(m.lower() for m in MONTH_NAMES),
    *(w.lower() for w in WEEKDAY_NAMES),
    "tomorrow", "today", "tonight", "morning", "afternoon", "evening", "midday",
    "weekend", "fortnight", "o'clock", "appointment", "reschedule", "available",
)  # fmt: skip

_DAYPARTS = {
    "morning": DayPart(time(9), time(8), time(12), "am"),
    "afternoon": DayPart(time(14), time(12), time(17), "pm"),
    "evening": DayPart(time(18), time(17), time(21), "pm"),
    "night": DayPart(time(19), time(18), time(22), "pm"),
    "lunchtime": DayPart(time(12), time(11, 30), time(14), "pm"),
    "lunch time": DayPart(time(12), time(11, 30), time(14), "pm"),
    "lunch": DayPart(time(12), time(11, 30), time(14), "pm"),
    "early morning": DayPart(time(8), time(7), time(9), "am"),
    "mid morning": DayPart(time(10), time(9, 30), time(11, 30), "am"),
    "mid-morning": DayPart(time(10), time(9, 30), time(11, 30), "am"),
    "late morning": DayPart(time(11), time(10), time(12), "am"),
    "early afternoon": DayPart(time(13), time(12), time(14, 30), "pm"),
    "mid afternoon": DayPart(time(15), time(14), time(16), "pm"),
    "mid-afternoon": DayPart(time(15), time(14), time(16), "pm"),
    "late afternoon": DayPart(time(16), time(15), time(17), "pm"),
    "early evening": DayPart(time(17), time(17), time(19), "pm"),
    "late evening": DayPart(time(20), time(19), time(22), "pm"),
    "after lunch": DayPart(time(14), time(13), time(17), "pm"),
    "before lunch": DayPart(time(11), time(9), time(12), "am"),
    "after work": DayPart(time(18), time(17), time(21), "pm"),
    "after school": DayPart(time(16), time(15), time(18), "pm"),
    "eve": DayPart(time(18), time(17), time(21), "pm"),
    # "first" is written "1st" before the parsers see it
    "1st thing": DayPart(time(8), time(7), time(10), "am"),
    "1st thing in the morning": DayPart(time(8), time(7), time(10), "am"),
}  # fmt: skip

_WORDS: dict[str, tuple[str, ...]] = {
    "today": ("today",),
    "tonight": ("tonight",),
    "this_daypart": ("this",),
    "this_only": ("this",),
    "personal_things": ("appointment", "appointments", "booking", "bookings", "session",
                        "sessions", "lesson", "lessons", "schedule", "plan", "progress",
                        "reservation", "reservations", "visit", "visits", "treatment",
                        "details", "data", "number", "phone", "time", "times", "date", "dates",
                        "slot", "slots", "calendar", "history", "account", "record", "records"),
    "not_people": ("it", "that", "what", "who", "there", "here", "where", "how", "let", "today",
                   "tomorrow", "tonight", "yesterday", "week", "month", "year", "day", "next",
                   "this", "one", "he", "she", "monday", "tuesday", "wednesday", "thursday",
                   "friday", "saturday", "sunday", "everything", "nothing", "name", "doctor",
                   "dentist", "clinic", "practice", "school", "business", "studio", "office",
                   "instructor", "therapist", "physio", "teacher", "trainer", "coach", "team"),
    "session_nouns": ("session", "lesson", "appointment", "visit", "class", "treatment",
                      "sitting", "meeting"),
    "choice_nouns": ("option", "choice", "one", "slot", "time", "date", "proposal", "suggestion"),
    "choice_marks": ("option", "choice", "number", "no.", "no", "#", "nr", "nr."),
    "last": ("last", "final"),
    "fixed_holidays": ("12-24 christmas eve", "12-25 christmas day", "12-25 christmas",
                       "12-25 xmas", "12-26 boxing day", "12-31 new year's eve",
                       "12-31 new years eve", "12-31 nye", "01-01 new year's day",
                       "01-01 new years day", "12-24 xmas eve", "12-31 hogmanay",
                       "02-06 waitangi day", "01-26 australia day", "04-25 anzac day",
                       "07-01 canada day", "07-04 independence day", "07-04 fourth of july",
                       "07-04 4th of july", "03-17 st patrick's day", "03-17 st patricks day",
                       "03-17 paddy's day", "12-16 day of reconciliation", "11-11 remembrance day",
                       "11-11 veterans day", "02-14 valentine's day", "02-14 valentines day",
                       "10-31 halloween", "12-26 st stephen's day", "12-26 st stephens day"),
    # holidays whose day moves: Easter's offset, or month/nth/weekday (-1: the last)
    "moving_holidays": ("easter-2 good friday", "easter+0 easter sunday",
                        "easter+1 easter monday", "01/3/0 martin luther king day",
                        "01/3/0 martin luther king jr day", "01/3/0 mlk day", "01/3/0 mlk",
                        "02/3/0 presidents day", "02/3/0 presidents' day", "02/3/0 family day",
                        "05/-1/0 memorial day", "09/1/0 labor day", "09/1/0 labour day",
                        "10/2/0 columbus day", "11/4/3 thanksgiving", "11/4/3 thanksgiving day",
                        "10/2/0 canadian thanksgiving", "08/1/0 civic holiday"),
    "ordinal_marks": ("st", "nd", "rd", "th"),
    "own_session": ("my", "our"),
    "choice_verbs": ("take", "pick", "choose", "go with", "go for", "prefer", "want", "like",
                     "gimme", "give me", "book me", "put me down for", "grab"),
    "politeness": ("please", "thanks", "thank you", "then", "cheers"),
    "one_pronoun_after": ("the", "that", "this", "which", "other", "last", "next", "each",
                          "every", "any", "no", "some", "another", "a", "earlier", "later", "final",
                          "first", "early", "late", "same", "new", "right", "best", "only",
                          "earliest", "soonest", "latest", "available", "and", "or", "then"),
    # of the options shown, the earlier or the later one ("the later one is fine")
    "earlier_pick": ("the earlier", "earlier one", "earlier slot", "earlier time",
                     "earlier option", "earlier of the two", "first of the two"),
    "later_pick": ("the later", "later one", "later slot", "later time", "later option",
                   "later of the two", "second of the two", "the latest", "latest one"),
    "first_pick": ("earliest", "soonest", "first available", "earliest available",
                   "next available", "first free", "earliest possible", "next free",
                   "first possible", "1st available", "1st free", "1st possible"),
    "pick_tail": ("one", "option", "slot", "time", "date", "appointment", "session", "day",
                  "available", "possible", "please", "then", "is fine", "works", "thanks",
                  "for me", "is good", "sounds good", "is perfect", "pls", "thank you",
                  "cheers", "you have", "you've got", "you got", "there is", "going"),
    "not_around_after": ("what", "how"),
    "not_daypart_after": ("good", "christmas", "year's", "years"),
    "exact_quantities": ("both", "a pair of", "a dozen", "dozen"),
    "tomorrow": ("tomorrow",),
    "day_after_tomorrow": ("the day after tomorrow", "day after tomorrow", "overmorrow"),
    # the same weekday a week from today (UK, Irish: "this day next week", "today week")
    "week_today": ("this day next week", "the same day next week", "same day next week",
                   "today next week", "this day week", "today week"),
    "yesterday": ("yesterday", "yday"),
    "day_before_yesterday": ("the day before yesterday", "day before yesterday"),
    # what a "do you do ..." asks about that is not a service to book
    "not_services": ("parking", "wifi", "wi-fi", "toilet", "toilets", "bathroom", "access",
                     "discount", "discounts", "voucher", "vouchers", "gift", "card", "cards",
                     "cash", "payment", "payments", "plan", "plans", "question", "questions",
                     "website", "email", "address", "number", "availability", "space", "room",
                     "openings", "opening", "anything", "something", "any", "it", "that", "this",
                     "them", "those", "these", "more", "other", "else", "to", "what", "which",
                     "free", "spaces", "spots", "spot", "evening", "weekend", "weekends",
                     "online", "insurance", "reviews", "offers", "deals", "deal", "sale", "well",
                     "good", "great", "fine", "so", "not", "too", "also", "quote", "word", "chat",
                     "call", "callback", "refund", "receipt", "invoice", "cancellation",
                     "change", "reminder", "confirmation", "break", "minute", "moment"),
    "asked_stops": ("on", "at", "for", "this", "next", "tomorrow", "today", "tonight", "please",
                    "in", "with", "and", "or", "as", "there", "here", "by", "from", "if", "too",
                    "pls", "thanks", "then", "now", "soon", "at all", "by any chance"),
    "previous": ("this past", "this last", "last", "past", "previous"),
    "next": ("next", "the following", "following"),
    "this": ("this coming", "the coming", "this", "coming", "upcoming"),
    "week": ("week",),
    "weekend": ("weekend",),
    "month": ("month",),
    "after_next": ("after next",),
    "every": ("every", "each", "any", "all"),
    "weekday_set": ("weekdays", "weekday", "working days", "workdays"),
    "weekend_set": ("weekends",),
    "in": ("in", "within"),
    "from": ("from", "after"),
    "from_now": ("from now", "from today"),
    "later": ("later", "after that", "after this", "after then", "after it", "after",
              "afterwards", "on from that", "on from then", "later than that"),
    "earlier": ("earlier", "before that", "before this", "before then", "before it", "before",
                "sooner", "earlier than that", "back"),
    "same_day": ("same day", "same date"),
    "day_after": ("the day after", "day after"),
    "weekday_after": ("after", "after that", "after this"),
    "after_ok": ("at", "@", "around", "about", "in the", "then", "please", "instead", "same",
                 "and", "or", "would", "works", "work", "is", "could", "maybe", "if", "for",
                 "too", "ok", "okay", "itself"),
    "base_sep": ("from", "after", "on"),
    "duration": ("for",),
    "a": ("a", "an", "one"),
    "after_date": ("after",),
    "about_service": ("for", "about", "regarding", "re", "before"),
    "day_lead": ("ok", "okay", "then", "so", "and", "or", "yes", "yeah", "yep", "maybe",
                 "perhaps", "instead", "try"),
    "reason_opening": ("because", "cause", "'cause", "cuz", "coz", "cos", "bc"),
    "of": ("of",),
    "the": ("the",),
    "on": ("on", "for", "the", "on the", "for the", "by the", "until the", "from the"),
    "week_of": ("first", "1st", "second", "2nd", "third", "3rd", "fourth", "4th", "last"),
    "part_early": ("early", "beginning of", "start of"),
    "part_mid": ("mid", "middle of"),
    "part_late": ("late", "end of"),
    "on_day": ("on",),
    "possessive": ("'s",),
    "ref_nouns": ("one", "booking"),
    # prepositions that make a time only with a clock shape after them ("for 3 people")
    "loose_pre": ("for", "say", "by"),
    "part_before_hour": ("morning", "afternoon", "evening", "night", "eve"),
    "question_words": ("when", "what", "which", "how", "is there", "do you", "can you"),
    "keep": ("keep", "leave", "rather not", "never mind", "nevermind"),
    "negation": ("not", "no", "don't", "never", "except", "but"),
    "month_part": ("early", "beginning of", "start of", "mid", "middle of", "late", "end of"),
    "month_pre": ("in", "of", "during", "until", "till", "by", "from", "for", "early", "mid",
                  "late", "beginning of", "start of", "middle of", "end of", "sometime in"),
    "noon": ("noon", "midday", "12 noon"),
    "midnight": ("midnight",),
    "oclock": ("o'clock", "o clock"),
    "half_past": ("half past",),
    "half_hour": ("half",),
    "not_clock_after": ("chf", "eur", "euro", "euros", "usd", "gbp", "dollars", "dollar",
                        "francs", "franc", "pounds", "pound", "quid", "fr", "fr.", "$",
                        "\u20ac", "\u00a3", "per", "each", "a session", "a month", "total"),
    "quarter_past": ("quarter past", "quarter after", "a quarter past", "a quarter after"),
    "quarter_to": ("quarter to", "quarter till", "quarter of", "a quarter to"),
    "quarter_into": (),
    "past": ("past", "after"),
    "same_time": ("same time", "the same time", "usual time", "same hour"),
    "at": ("at", "@", "for", "say"),
    "around": ("around", "about", "approx", "approximately", "roughly", "circa", "ca"),
    "after": ("after", "from", "not before", "later than", "no earlier than", "starting",
              # the end of the customer's own day: free only after it ("I knock off at 5")
              "finish at", "finish work at", "knock off at", "get off at", "get off work at",
              "off work at", "clock off at", "work until", "work till", "working until",
              "working till", "at work until", "at work till", "busy until", "busy till"),
    "before": ("before", "until", "till", "til", "by", "no later than", "not after",
               "earlier than"),
    "between": ("between", "from"),
    "range_sep": ("and", "to", "until", "till", "-", "–"),
    "ish": ("ish", "-ish"),
    "good": ("good",),
    "either_sep": ("or", "or maybe", "or else", "otherwise", "/"),
    "session_units": ("lesson", "lessons", "session", "sessions", "class", "classes",
                      "appointment", "appointments", "visit", "visits", "treatment",
                      "treatments", "sitting", "sittings"),
    "list_sep": ("and", "or", "&", "then", "plus", "and also", "and maybe", "or maybe",
                 "as well as", "and on", "or on", "/"),
    "onward_before": ("from", "starting", "starting from", "starting on", "beginning",
                      "beginning on", "as of", "as from", "from the", "starting the",
                      "starting on the", "from on", "commencing"),
    "onward_not_before": ("to", "until", "till", "through", "thru", "-", "\u2013"),
    "onward_after": ("onwards", "onward", "on", "and after", "and later", "and after that"),
    # reasons a date or time does not exist, as the customer reads them
    "no_such_day": ("{month} has no {nth}",),
    "no_such_day_year": ("{month} {year} has no {nth} ({year} is not a leap year)",),
    "no_such_month": ("there is no month {month}",),
    "no_day_of_month": ("{day} is not a day of the month",),
    "weekday_mismatch": ("{month} {n} is a {weekday}, not a {said}",),
    "no_such_time": ("{time} is not a time of day",),
    "indefinite_articles": ("a", "an"),
    "asked_articles": ("some", "any", "the"),
    "list_fillers": ("maybe", "perhaps", "also", "too"),
    "also": ("also", "too", "as well", "also works", "works too", "would also work",
             "is also fine", "also fine", "also possible", "or also"),
    "tight": ("at", "@", "on", "for", "from", "around", "about", "in the", "the", "by",
              "this", "maybe", "say", "starting", "ideally", "preferably", "all", "each",
              "both", "one", "another", "another one", "the other", "the other one",
              # hedges before a time: "friday after work? like half 6"
              "like", "ish", "roughly", "round", "approx", "approximately", "something like",
              # "tuesday the 10th again at 3": the time said before, said again
              "again", "once more",
              # "thursday stays 5pm", "friday is still at 10": a day kept with its time
              "stays", "stays at", "remains", "remains at", "still", "is still", "still at",
              "is still at"),
    "not_date_nouns": ("session", "sessions", "lesson", "lessons", "appointment",
                       "appointments", "visit", "visits", "one", "ones", "time", "times",
                       "slot", "slots", "option", "options", "week", "class", "booking",
                       "treatment", "person", "people", "floor", "place", "try"),
    # words the grammar once spelled itself
    "tomorrow_not_after": (),
    "next_after": (),
    "within": ("within", "in the next"),
    "pre_day": ("on", "for", "by", "until", "till", "from", "before", "after"),
    "now": ("now",),
    "anchors": ("the", "my", "our", "your", "next", "this"),
    "risky_before": ("on", "this", "next", "every", "each", "coming", "until", "till", "by",
                     "or", "and", "from", "following", "before", "after"),
    "owners": ("my", "our", "your", "the", "his", "her"),
    "daypart_glue": ("at", "@", "around", "about", "in", "on", "the", "from", "of"),
    "count_nouns": ("days", "day", "weeks", "week", "months", "month", "years", "year",
                    "hours", "hour", "minutes", "minute", "mins", "min", "people", "persons",
                    "person", "sessions", "session", "lessons", "lesson", "appointments",
                    "appointment", "more", "of", "x", "times"),
    "half_to": (),
    "day_dot": (),
    "day_article": (),
    "half_after_hour": (),
    "quarter_after_hour": (),
    "quarter_before_hour": (),
    "date_followers": ("at", "also", "around", "about", "in", "and", "or", "but", "please", "then",
                       "would", "will", "works", "work", "is", "if", "instead", "possible",
                       "ok", "okay", "fine", "maybe", "perhaps", "from", "after", "before",
                       "between", "by", "too", "as", "for", "with", "same", "morning",
                       "afternoon", "evening", "noon", "midday", "lunch", "lunchtime",
                       "night", "early", "late", "any", "anytime", "sounds", "good",
                       "that", "this", "next", "again", "thanks", "thank", "to", "till", "until",
                       "could", "can", "should", "ideally", "preferably", "earliest",
                       # Irish and British "so" (then), "grand", "cheers": "the 14th so"
                       "so", "grand", "cheers", "yeah", "yes"),
}  # fmt: skip

_QUANTITIES = {
    "a couple of": 2, "a couple": 2, "couple of": 2, "couple": 2, "a pair of": 2,
    "both": 2, "a few": 3, "few": 3, "several": 3, "a dozen": 12, "dozen": 12,
}  # fmt: skip

_UNIT_WORDS = {
    "day": "day", "days": "day", "week": "week", "weeks": "week", "fortnight": "fortnight",
    "fortnights": "fortnight", "month": "month", "months": "month", "hour": "hour",
    "hours": "hour", "minute": "minute", "minutes": "minute",
}  # fmt: skip

_STOPWORDS = frozenset(
    "a an the and or of for to in on at by with my me i we you our your it is are am be "
    "do does did can could would should will want need like please get have has some "
    "this that these those from as per about "
    # numbers, booking verbs and time words say nothing about which service is meant
    "one two three four five six seven eight nine ten eleven twelve once twice "
    "next last first time times each every own pace apart "
    "book books booked booking bookings schedule scheduled reserve "
    # pronouns and words of any sentence
    "she he they them their her his him its us but because better rather".split()
)
_GENERIC = frozenset(
    "treatment treatments complete completed full total package packages plan plans "
    "session sessions appointment appointments service services program programme "
    "course standard basic start "
    # who comes, and calendar words: "a patient of yours", "four weeks apart"
    "new patient patients client clients customer customers member members "
    "visit visits time times date dates slot slots "
    "day days week weeks weekend weekends fortnight month months year years hour hours "
    "minute minutes morning mornings afternoon afternoons evening evenings".split()
)


MARKERS = frozenset(
    "the yes yeah yep please thanks thank you i i'm i'd you your my me we is are can could "
    "would will want need like book appointment session next this that it what when how "
    "much does do at on in for with and or but not don't can't works fine good great sure "
    "sounds tomorrow today morning afternoon evening week cancel move change price cost "
    "hello hi hey okay let think maybe perfect cheers go ahead grand just get got have there "
    "so was ago".split()
)
"""Everyday English words, for `detect_language`. The last ones ("so", "was", "ago") are
German or Spanish words too ("so", "was", "ago" for agosto): listed here, they count for
no language, so "grand so, go ahead" is not read as German."""


def build() -> Lexicon:
    months = {m.lower(): i + 1 for i, m in enumerate(MONTH_NAMES)} | _MONTH_SHORT
    weekdays = {w.lower(): i for i, w in enumerate(WEEKDAY_NAMES)} | _WEEKDAY_SHORT
    plurals = {f"{w.lower()}s": i for i, w in enumerate(WEEKDAY_NAMES)}
    cardinals = {word: n for n, word in enumerate(_UNITS)}
    ordinals = _ordinal_words()
    dayparts = dict(_DAYPARTS)
    vocabulary = frozenset(
        {*months, *weekdays, *plurals, *cardinals, *_TENS, *ordinals, *_TYPOS.values()}
        | {w for key in dayparts for w in key.split()}
        | {f"{key}s" for key in dayparts}
        | {w for phrases in _WORDS.values() for p in phrases for w in p.split()}
        | set(_UNIT_WORDS)
        | en_phrases.VOCABULARY
        | _STOPWORDS
    )
    return Lexicon(
        code="en",
        months=months,
        month_names=MONTH_NAMES,
        weekdays=weekdays,
        weekday_plurals=plurals,
        weekday_names=WEEKDAY_NAMES,
        risky=frozenset({"may", "sat", "sun", "wed", "mar", "mon", "second"}),
        cardinals=cardinals,
        tens=_TENS,
        ordinals=ordinals,
        ordinal=ordinal,
        typos=_TYPOS,
        fuzzy_targets=_FUZZY,
        vocabulary=vocabulary,
        dayparts=dayparts,
        words=_WORDS,
        quantities=_QUANTITIES,
        units=_UNIT_WORDS,
        phrases=en_phrases.PHRASES,
        stopwords=_STOPWORDS,
        markers=MARKERS,
        generic_service_words=_GENERIC
        | {w.lower() for w in (*MONTH_NAMES, *WEEKDAY_NAMES)}
        | set(plurals),
    )


register("en", build)
