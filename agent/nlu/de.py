"""German words for the parsers: calendar, numbers, parts of the day, typos.

Words are written without accents ("nachste", "ubermorgen"): the lexicon folds
them off before matching (`fold_accents`), so "nächste" and "nachste" read the same
and "naechste" is a listed spelling. Reply and intent phrases live in
`de_phrases.py`. Importing this module registers the lexicon under "de".
"""

from __future__ import annotations

from datetime import time

from bookbot.agent.nlu import de_phrases
from bookbot.agent.nlu.en import ordinal
from bookbot.agent.nlu.lexicon import DayPart, Lexicon, register

MONTH_NAMES = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip
WEEKDAY_NAMES = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")

_MONTHS = {
    "januar": 1, "jan": 1, "janner": 1, "februar": 2, "feb": 2, "marz": 3, "maerz": 3,
    "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "dezember": 12, "dez": 12,
}  # fmt: skip
_WEEKDAYS = {
    "montag": 0, "mo": 0, "dienstag": 1, "di": 1, "mittwoch": 2, "mi": 2, "donnerstag": 3,
    "do": 3, "freitag": 4, "fr": 4, "samstag": 5, "sa": 5, "sonnabend": 5, "sonntag": 6,
}  # fmt: skip
# two-letter short forms count only next to a day number or a date word ("Mi 18");
# "so" (Sonntag) is left out: it is an everyday word ("so um 4")
_RISKY = frozenset({"mo", "di", "mi", "do", "fr", "sa"})
_PLURALS = {
    "montags": 0, "dienstags": 1, "mittwochs": 2, "donnerstags": 3, "freitags": 4,
    "samstags": 5, "sonntags": 6,
}  # fmt: skip

_CARDINALS = {
    "null": 0, "eins": 1, "zwei": 2, "zwo": 2, "drei": 3,
    "vier": 4, "funf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10,
    "elf": 11, "zwolf": 12, "dreizehn": 13, "vierzehn": 14, "funfzehn": 15, "sechzehn": 16,
    "siebzehn": 17, "achtzehn": 18, "neunzehn": 19, "zwanzig": 20, "einundzwanzig": 21,
    "zweiundzwanzig": 22, "dreiundzwanzig": 23, "vierundzwanzig": 24, "dreissig": 30,
}  # fmt: skip
_TENS = {"vierzig": 40, "funfzig": 50}
_ORDINAL_STEMS = {
    "erst": 1, "zweit": 2, "dritt": 3, "viert": 4, "funft": 5, "sechst": 6, "siebt": 7,
    "acht": 8, "neunt": 9, "zehnt": 10, "elft": 11, "zwolft": 12,
}  # fmt: skip
_ORDINALS = {
    stem + ending: n
    for stem, n in _ORDINAL_STEMS.items()
    for ending in ("e", "en", "er", "es")
    if stem + ending not in _CARDINALS
}

_IHR_FORMS = {
    "habts": "habt", "hobts": "habt", "hebts": "habt", "seids": "seid", "sads": "seid",
    "kennts": "konnt", "konnts": "konnt", "kunnts": "konnt", "wissts": "wisst",
    "machts": "macht", "nehmts": "nehmt", "gebts": "gebt", "sagts": "sagt", "wollts": "wollt",
    "offe": "offen", "ofe": "offen",
}  # fmt: skip
"""The plural you of Austria and Bavaria ("habts ihr samstags offen?", "wo seids ihr?")
and the Swiss "offe": read as standard German."""

_TYPOS = {
    "naechste": "nachste", "naechsten": "nachsten", "naechster": "nachster",
    "naechstes": "nachstes", "uebermorgen": "ubermorgen", "fuer": "fur", "frueh": "fruh",
    "spaeter": "spater", "ungefaehr": "ungefahr", "moechte": "mochte", "koennen": "konnen",
    "koennte": "konnte", "waere": "ware", "geht's": "geht es", "gehts": "geht es",
    "passt's": "passt es", "morgn": "morgen", "termn": "termin", "bitteschon": "bitte",
    "jo": "ja", "jap": "ja", "jup": "ja", "jepp": "ja", "nö": "no", "ne": "nee",
    "nachmitag": "nachmittag", "mitwoch": "mittwoch", "donerstag": "donnerstag",
    "dienstg": "dienstag", "samstg": "samstag", "wochenede": "wochenende", "uhrzeit": "uhrzeit",
    **_IHR_FORMS,
    "vllt": "vielleicht", "viell": "vielleicht", "evtl": "eventuell", "bzw": "beziehungsweise",
}  # fmt: skip

_SWISS = {
    # weekdays and their plurals
    "mantig": "montag", "zischtig": "dienstag", "ziischtig": "dienstag", "mittwuch": "mittwoch",
    "donnschtig": "donnerstag", "dunschtig": "donnerstag", "donschtig": "donnerstag",
    "fritig": "freitag", "friitig": "freitag", "samschtig": "samstag", "sunntig": "sonntag",
    "mantigs": "montags", "zischtigs": "dienstags", "mittwuchs": "mittwochs",
    "donnschtigs": "donnerstags", "fritigs": "freitags", "samschtigs": "samstags",
    "sunntigs": "sonntags",
    # days, parts of the day, the week
    "morn": "morgen", "ubermorn": "ubermorgen", "morge": "morgen", "hut": "heute",
    "wuche": "woche", "wuchenand": "wochenende", "nami": "nachmittag", "namittag": "nachmittag",
    "abig": "abend", "zmittag": "mittag", "znuni": "vormittag",
    "nachscht": "nachste", "nachschti": "nachste", "nachschte": "nachste",
    "nachschtem": "nachsten", "nachschter": "nachster",
    # hours: "am 8i" is at 8 o'clock, "halbi 2" half past one
    **{f"{h}i": f"{h} uhr" for h in range(1, 13)}, "halbi": "halb", "vieri": "4 uhr",
    "drü": "drei", "dru": "drei", "zwoi": "zwei", "zwo": "zwei",
    # the hours spelt out: "am zähni" is at 10, "am halbi nüni" half past eight
    "foifi": "5 uhr", "fufi": "5 uhr", "feufi": "5 uhr", "sachsi": "6 uhr", "sibni": "7 uhr",
    "sebni": "7 uhr", "achti": "8 uhr", "nuni": "9 uhr", "zahni": "10 uhr", "zehni": "10 uhr",
    "elfi": "11 uhr", "olfi": "11 uhr", "zwolfi": "12 uhr",
    # everyday words of booking
    "isch": "ist", "gaht": "geht", "gohts": "geht es", "chan": "kann", "cha": "kann",
    "chasch": "kannst", "chonnt": "konnte", "chonnte": "konnte", "chonnted": "konnten",
    "chonntet": "konntet", "hetted": "hattet", "hettet": "hattet", "hend": "habt",
    "han": "habe", "hani": "habe ich", "nod": "nicht", "nid": "nicht", "nei": "nein",
    "guet": "gut", "tont": "klingt", "zerscht": "zuerst", "spoter": "spater",
    "schnall": "schnell", "frog": "frage", "vill": "viele", "choschtet": "kostet",
    "choscht": "kostet", "beratig": "beratung", "abzsage": "absagen",
    "cho": "kommen", "iitrage": "eintragen", "machet": "machen", "lond": "lassen",
    "au": "auch", "wuchetag": "wochentag", "gsi": "gewesen", "gern": "gerne", "i": "ich",
    "zweiti": "zweite", "dritti": "dritte", "erschti": "erste", "vierti": "vierte",
    "letschti": "letzte", "letscht": "letzte", "wag": "wegen", "gratis": "kostenlos",
    "wart": "warte", "mini": "meine", "chunnt": "kommt", "si": "sie", "mald": "melde",
    "zrugg": "zuruck", "lueg": "schaue", "luege": "schauen",
}  # fmt: skip
"""Swiss German as customers of a Zurich or Bern business write it, read as standard
German (accents folded: "Mäntig" is looked up as "mantig")."""
_TYPOS |= _SWISS

_SWABIAN = {
    # weekdays as Swabians and Franconians write them ("Dienschdag", "Samschdag")
    "mendig": "montag", "mondich": "montag", "dienschdag": "dienstag", "dienschtag": "dienstag",
    "diensdag": "dienstag", "mickwoch": "mittwoch", "dunnerschdag": "donnerstag",
    "donnerschdag": "donnerstag", "donnerschtag": "donnerstag", "freidag": "freitag",
    "freidig": "freitag", "samschdag": "samstag", "samschtag": "samstag", "sonndag": "sonntag",
    "sonndig": "sonntag",
    # everyday words of booking
    "ond": "und", "goht": "geht", "gohts": "geht es", "ausmache": "ausmachen",
    "scho": "schon", "machet": "machen", "se": "sie", "hatt": "hatte", "hett": "hatte",
    "koi": "kein", "koin": "keinen",
    # days and parts of the day ("morga", "iebermorga", "heit mittag", "nächschte Woch")
    "morga": "morgen", "morgae": "morgen", "ubermorga": "ubermorgen", "iebermorga": "ubermorgen",
    "heit": "heute", "obends": "abends", "obend": "abend", "nammittag": "nachmittag",
    "woch": "woche", "nachschte": "nachste", "nachschter": "nachster",
}  # fmt: skip
"""Swabian as customers of a Stuttgart or Hamburg business write it ("i hätt gern ... am
Dienschdag, goht des?"), read as standard German."""
_TYPOS |= _SWABIAN
_TYPOS |= {
    "oans": "eins", "oana": "eine", "zwoa": "zwei", "zwoate": "zweite", "zwoaten": "zweiten",
    "wia": "wie", "vui": "viel", "jetz": "jetzt", "enk": "euch", "buam": "bub",
    "mecht": "mochte", "mechat": "mochte", "kriagt": "gekriegt", "friah": "fruh", "is": "ist",
}  # fmt: skip
"""Bavarian and Austrian forms ("in zwoa Wochen", "wia vui", "in da Friah")."""

_WEST = {
    # Hessian, Palatine and Cologne forms of booking words ("wege dem", "liewer", "wejen")
    "liewer": "lieber", "liebber": "lieber", "wege": "wegen", "weje": "wegen",
    "wejen": "wegen", "un": "und", "ming": "meine", "minge": "meine", "mei": "mein",
    "fraa": "frau", "buche": "buchen", "gude": "hallo", "moije": "morgen",
}  # fmt: skip
"""Hessian ("Gude, ich möcht für mei Fraa ..."), Palatine and Cologne German ("wejen
Laser", "ming Mamm"), read as standard German."""
_TYPOS |= _WEST

_BERLIN = {
    "ick": "ich", "icke": "ich", "ooch": "auch", "nich": "nicht", "nüscht": "nichts",
    "nuscht": "nichts", "jut": "gut", "janz": "ganz", "jerne": "gerne", "jerade": "gerade",
    "wat": "was", "det": "das", "dit": "das", "sach": "sag", "ma": "mal", "kieke": "schaue",
    "keene": "keine", "eene": "eine", "eenen": "einen", "zwee": "zwei", "wees": "weiss",
    "jeht": "geht", "jehts": "geht es", "morjen": "morgen", "übermorjen": "ubermorgen",
    "ubermorjen": "ubermorgen", "jebucht": "gebucht", "jemacht": "gemacht",
}  # fmt: skip
"""Berlin German as customers write it ("sach ma, wie weit bin ick?", "jut, det passt"),
read as standard German."""
_TYPOS |= _BERLIN

_FUZZY = (
    *(m.lower().replace("ä", "a") for m in MONTH_NAMES),
    *(w.lower() for w in WEEKDAY_NAMES),
    "morgen", "ubermorgen", "heute", "vormittag", "nachmittag", "abend", "wochenende",
    "termin", "nachste", "nachsten",
)  # fmt: skip

_DAYPARTS = {
    "fruh": DayPart(time(8), time(7), time(10), "am"),
    "morgens": DayPart(time(9), time(8), time(12), "am"),
    "morgen": DayPart(time(9), time(8), time(12), "am"),
    "vormittag": DayPart(time(10), time(8), time(12), "am"),
    "vormittags": DayPart(time(10), time(8), time(12), "am"),
    "mittag": DayPart(time(12), time(11, 30), time(14), "pm"),
    "mittags": DayPart(time(12), time(11, 30), time(14), "pm"),
    "mittagszeit": DayPart(time(12), time(11, 30), time(14), "pm"),
    "nachmittag": DayPart(time(14), time(12), time(17), "pm"),
    "nachmittags": DayPart(time(14), time(12), time(17), "pm"),
    "abend": DayPart(time(18), time(17), time(21), "pm"),
    "abends": DayPart(time(18), time(17), time(21), "pm"),
    "nachts": DayPart(time(20), time(19), time(22), "pm"),
    "nach der arbeit": DayPart(time(18), time(17), time(21), "pm"),
    "nach feierabend": DayPart(time(18), time(17), time(21), "pm"),
    "fruher nachmittag": DayPart(time(13), time(12), time(14, 30), "pm"),
    "spater nachmittag": DayPart(time(16), time(15), time(17), "pm"),
}  # fmt: skip

_WORDS: dict[str, tuple[str, ...]] = {
    "today": ("heute",),
    "tonight": ("heute abend", "heute nacht"),
    "this_daypart": ("heute", "diesen", "diese"),
    "this_only": ("diesen", "diese", "dieser", "dieses", "kommenden", "kommende"),
    "personal_things": ("termin", "termine", "buchung", "buchungen", "sitzung", "daten"),
    "not_people": ("es", "das", "was", "wer", "heute", "morgen", "woche", "monat"),
    "session_nouns": ("termin", "sitzung", "behandlung", "stunde", "lektion", "besuch",
                      "kurs", "einheit"),
    "choice_nouns": ("option", "moglichkeit", "termin", "zeit", "vorschlag", "variante",
                     "datum", "slot"),
    "choice_marks": ("option", "nummer", "nr", "nr.", "no", "#", "variante", "vorschlag"),
    "last": ("letzte", "letzten", "letzter", "letztes"),
    "fixed_holidays": ("12-24 heiligabend", "12-24 heiliger abend", "12-25 weihnachten",
                       "12-25 erster weihnachtstag", "12-26 stephanstag",
                       "12-26 zweiter weihnachtstag", "12-31 silvester", "01-01 neujahr",
                       "01-01 neujahrstag", "05-01 tag der arbeit", "08-01 bundesfeiertag",
                       "10-03 tag der deutschen einheit", "01-06 heilige drei konige",
                       "01-06 dreikonig", "01-06 dreikonigstag", "12-08 maria empfangnis",
                       "11-01 allerheiligen", "08-15 maria himmelfahrt", "10-26 nationalfeiertag",
                       "02-14 valentinstag", "01-02 berchtoldstag", "12-26 stefanitag"),
    "moving_holidays": ("easter-2 karfreitag", "easter+0 ostersonntag",
                        "easter+1 ostermontag", "easter+39 christi himmelfahrt",
                        "easter+39 himmelfahrt", "easter+50 pfingstmontag",
                        "easter+49 pfingstsonntag",
                        "easter+60 fronleichnam", "easter-48 rosenmontag"),
    "ordinal_marks": ("st", "nd", "rd", "th", "."),
    # "den 17ten", "am 1sten", "zum 3ten": an ordinal written the way it is said
    "glued_ordinal": ("ten", "ter", "tem", "te", "sten", "ster", "stem", "ste"),
    "own_session": ("meine", "meinen", "meiner", "mein", "unsere", "unseren"),
    # with the colloquial forms that drop the ending ("nehm die erste", "hätt gern die 2")
    "choice_verbs": ("nehme", "nehmen", "nimm", "nehm", "wahle", "wahl", "mochte", "mocht",
                     "hatte gern", "hatt gern", "hatte gerne", "will", "gib mir", "geb mir",
                     "gebt mir", "buch mir", "buche mir"),
    "yes_particles": ("eh",),
    "politeness": ("bitte", "danke", "dann", "danke schon", "dankeschon", "bitte schon",
                   "bitteschon", "vielen dank"),
    "one_pronoun_after": ("der", "die", "das", "den", "dem"),
    "earlier_pick": ("fruhere", "fruheren", "fruherer", "fruheres", "erstere", "ersteren"),
    "later_pick": ("spatere", "spateren", "spaterer", "spateres", "spateste", "spatesten",
                   "letztere", "letzteren"),
    "first_pick": ("fruheste", "fruhesten", "fruhester", "fruhestmogliche",
                   "fruhestmoglichen", "nachstmogliche", "nachstmoglichen", "nachste freie",
                   "nachsten freien", "erste freie", "ersten freien", "schnellste",
                   "schnellstmogliche", "baldmoglichst"),
    "pick_tail": ("termin", "bitte", "option", "danke", "dann", "passt", "ist gut",
                  "geht", "nehme ich", "danke schon", "dankeschon", "bitte schon", "bitteschon",
                  "vielen dank", "die sie haben", "die ihr habt", "die es gibt", "moglich",
                  "verfugbar", "frei"),
    "not_around_after": ("was", "wie"),
    "not_daypart_after": ("guten", "gute", "heute", "bis"),
    "exact_quantities": ("beide", "beiden"),
    "tomorrow": ("morgen",),
    "tomorrow_not_after": ("am", "den", "jeden", "guten", "heute", "diesen", "gestern"),
    "day_after_tomorrow": ("ubermorgen",),
    "week_today": ("heute in einer woche", "heute in 1 woche", "heute in 8 tagen",
                   "am selben tag nachste woche", "selber tag nachste woche",
                   "gleicher tag nachste woche", "am gleichen tag nachste woche"),
    "yesterday": ("gestern",),
    "day_before_yesterday": ("vorgestern",),
    "not_services": ("parkplatz", "parkplatze", "wlan", "toilette", "rabatt", "gutschein",
                     "gutscheine", "karte", "bargeld", "zeit", "termine", "platz", "etwas",
                     "was", "es", "das"),
    "asked_stops": ("an", "auch", "am", "um", "fur", "diese", "nachste", "morgen", "heute",
                    "bitte", "in", "mit", "und", "oder", "danke", "dann", "jetzt", "bald"),
    "previous": ("letzten", "letzte", "letzter", "vergangenen", "vorigen"),
    "next": ("nachsten", "nachste", "nachster", "nachstes", "folgenden", "folgende"),
    "next_after": (),
    "this": ("diese", "diesen", "dieser", "dieses", "kommende", "kommenden"),
    "week": ("woche",),
    "weekend": ("wochenende",),
    "month": ("monat", "monats"),
    "after_next": ("ubernachste", "ubernachsten"),
    "every": ("jeden", "jede", "jeder", "immer", "alle"),
    "weekday_set": ("werktags", "wochentags", "unter der woche", "werktage", "wochentage"),
    "weekend_set": ("wochenenden", "am wochenende immer"),
    "in": ("in", "innerhalb von", "innerhalb"),
    "within": ("innerhalb von", "innerhalb der nachsten", "in den nachsten"),
    "from": ("ab", "nach"),
    "from_now": ("ab heute", "ab jetzt", "von heute an"),
    "later": ("spater", "danach", "darauf"),
    "earlier": ("fruher", "davor", "vorher"),
    "same_day": ("gleichen tag", "selben tag", "gleicher tag", "selber tag"),
    "day_after": ("tag danach", "tag darauf", "am tag danach", "am tag darauf"),
    "weekday_after": ("danach", "darauf"),
    "after_ok": ("um", "gegen", "bitte", "dann", "stattdessen", "und", "oder", "geht", "passt"),
    "base_sep": ("ab", "nach"),
    "duration": ("fur",),
    "a": ("ein", "eine", "einen", "einer"),
    "after_date": ("nach",),
    "about_service": ("fur", "wegen", "zur", "zum", "uber", "bezuglich", "vor"),
    "reason_opening": ("weil", "denn", "wegen"),
    "of": ("des", "im"),
    "the": ("der", "die", "das", "den", "dem", "des", "am", "dieser",
            "de"),  # Swiss and spoken "de 22." for "den 22."
    "on": ("am", "an", "den", "fur", "zum", "fur den", "bis", "bis zum", "ab dem"),
    "week_of": ("ersten", "zweiten", "dritten", "vierten", "letzten"),
    "part_early": ("anfang",),
    "part_mid": ("mitte",),
    "part_late": ("ende",),
    "on_day": ("am", "an"),
    "possessive": (),
    "ref_nouns": ("buchung",),
    "loose_pre": ("fur",),
    "part_before_hour": ("abends", "abend", "vormittags", "nachmittags", "morgens", "fruh"),
    "question_words": ("wann", "was", "welche", "welcher", "wie", "gibt es", "habt ihr",
                       "haben sie"),
    "stem_suffixes": ("en", "n", "e", "s"),
    # the generic nouns a service word is joined to ("Boxkurs", "Massagetermin"), longest first
    "compound_tails": ("behandlungen", "behandlung", "sitzungen", "einheiten", "trainings",
                       "sitzung", "einheit", "training", "stunden", "termine", "stunde",
                       "termin", "kurse", "paket", "block", "kurs"),
    "keep": ("behalten", "lassen", "doch nicht", "lieber nicht"),
    "negation": ("nicht", "kein", "keine", "keinen", "nie", "ausser"),
    "month_part": ("anfang", "mitte", "ende"),
    "month_pre": ("im", "in", "ab", "bis", "anfang", "mitte", "ende"),
    "noon": ("mittag", "12 uhr mittags", "mittags"),
    "midnight": ("mitternacht",),
    "oclock": ("uhr",),
    "clock_literal": ("uhr",),
    "half_past": (),
    "half_hour": (),
    "half_to": ("halb",),
    "half_after_hour": (),
    "quarter_after_hour": (),
    "quarter_before_hour": (),
    "not_clock_after": ("eur", "euro", "chf", "franken", "fr", "fr.", "\u20ac", "$", "pro",
                        "je", "personen", "termine", "sitzungen", "mal", "wochen", "tage",
                        "stunden", "minuten", "monate"),
    "quarter_past": ("viertel nach",),
    "quarter_to": ("viertel vor", "dreiviertel"),
    # "viertel acht" (Austria, Saxony, Swabia): a quarter into the hour before 8, 7:15
    "quarter_into": ("viertel",),
    "not_weekday_after": ("gruss", "griass", "griass enk", "pfiat", "servus", "baba"),
    "past": ("nach",),
    "same_time": ("gleiche zeit", "selbe zeit", "gleichen zeit", "selben zeit",
                  "gleichen uhrzeit", "selben uhrzeit", "gleiche uhrzeit", "selbe uhrzeit"),
    "at": ("um", "@", "so um", "fur"),
    "around": ("gegen", "so gegen", "ca", "ca.", "circa", "etwa", "ungefahr", "rund"),
    "after": ("ab", "nach", "fruhestens", "nicht vor", "spater als",
              # das Ende des eigenen Tages: frei erst danach ("ich arbeite bis 17 Uhr")
              "arbeite bis", "arbeiten bis", "schaffe bis", "schaff bis", "dienst bis",
              "schicht bis", "feierabend um", "feierabend ab", "bin erst um", "bin erst ab"),
    "before": ("vor", "bis", "spatestens", "nicht nach", "fruher als"),
    "between": ("zwischen", "von"),
    "range_sep": ("und", "bis", "-", "\u2013"),
    "ish": ("ish",),
    "good": ("gut",),
    "either_sep": ("oder", "oda", "oder vielleicht", "sonst", "ansonsten", "bzw",
                   "beziehungsweise", "/"),
    "session_units": ("stunde", "stunden", "fahrstunde", "fahrstunden", "termin", "termine",
                      "sitzung", "sitzungen", "einheit", "einheiten", "behandlung",
                      "behandlungen", "lektion", "lektionen"),
    "list_sep": ("und", "oder", "&", "dann", "sowie", "/", "bzw", "beziehungsweise"),
    "onward_before": ("ab", "ab dem", "ab den", "ab kommendem", "ab nachstem", "beginnend",
                      "beginnend am", "beginnend mit", "startend am", "ab am"),
    "onward_not_before": ("bis", "-", "\u2013"),
    "onward_after": ("an", "beginnend", "und danach", "und folgende", "fortlaufend"),
    "no_such_day": ("Den {n}. {month} gibt es nicht",),
    "no_such_day_year": ("Den {n}. {month} {year} gibt es nicht ({year} ist kein Schaltjahr)",),
    "no_such_month": ("Einen Monat {month} gibt es nicht",),
    "no_day_of_month": ("{day} ist kein Tag des Monats",),
    "weekday_mismatch": ("Der {n}. {month} ist ein {weekday}, kein {said}",),
    "no_such_time": ("{time} ist keine Uhrzeit",),
    "indefinite_articles": ("ein", "eine", "einen", "einem", "einer"),
    "asked_articles": ("der", "die", "das", "den", "dem", "auch", "etwas"),
    "list_fillers": ("vielleicht", "eventuell", "auch", "ebenfalls"),
    "also": ("auch", "ebenfalls", "geht auch", "passt auch", "ginge auch", "ware auch",
             "auch gut", "auch moglich", "oder auch", "genauso"),
    "tight": ("um", "@", "am", "an", "fur", "ab", "gegen", "den", "der", "die", "so",
              "vielleicht", "bitte", "jeweils", "beide",
              # Abschwächungen vor einer Uhrzeit: "freitag nachmittag? so etwa um halb 4"
              "etwa", "ungefahr", "circa", "ca", "zirka",
              # "Dienstag 10.4. wieder um 15 Uhr": die Uhrzeit von vorhin, noch einmal
              "wieder", "nochmal", "nochmals", "erneut",
              # "Montag lieber 18 Uhr, Donnerstag bleibt 17 Uhr": der Tag mit seiner Zeit
              "lieber", "eher", "besser", "bleibt", "bleibt bei", "bleibt um",
              "bleibt wie gehabt um", "weiterhin"),
    "daypart_glue": ("am", "um", "in der", "im", "den", "des", "nachts", "abends", "uhr"),
    "not_date_nouns": ("termin", "termine", "sitzung", "sitzungen", "mal", "personen",
                       "stunden", "uhr"),
    "date_followers": ("um", "gegen", "ab", "bis", "vor", "nach", "und", "oder", "aber",
                       "bitte", "dann", "geht", "passt", "ist", "ware", "morgens",
                       "vormittags", "nachmittags", "abends", "mittags", "fruh", "vormittag",
                       "nachmittag", "abend", "mittag", "danke", "vielleicht", "moglich",
                       "okay", "ok", "gut", "den", "der", "zwischen", "so"),
    "risky_before": ("am", "an", "bis", "ab", "jeden", "nachsten", "nachste", "diesen",
                     "kommenden", "oder", "und", "vom", "zum"),
    "owners": ("mein", "meinen", "meine", "meinem", "der", "die", "den", "dem", "unser"),
    "pre_day": ("am", "an", "fur", "bis", "ab", "vor", "nach", "zum", "den", "de"),
    "now": ("jetzt", "heute"),
    "anchors": ("dem", "den", "meinem", "meinen", "nachsten", "diesem"),
    "count_nouns": ("termine", "sitzungen", "personen", "stunden", "minuten", "tage",
                    "wochen", "monate", "mal",
                    # "die 3 ersten", "die 2 restlichen": which sessions, not an hour
                    "ersten", "letzten", "nachsten", "restlichen", "ubrigen"),
    "day_dot": (".",),
    "day_article": (),
    # a day of the month is masculine ("der/den/am erste(n)"): "die erste" is an option
    "not_day_article": ("die",),
    "meridiem_before_nothing": ("am",),
}  # fmt: skip

_QUANTITIES = {"ein paar": 3, "paar": 3, "einige": 3, "mehrere": 3, "beide": 2, "beiden": 2,
               "ein dutzend": 12}  # fmt: skip

_UNIT_WORDS = {
    "tag": "day", "tage": "day", "tagen": "day", "woche": "week", "wochen": "week",
    "monat": "month", "monate": "month", "monaten": "month", "stunde": "hour",
    "stunden": "hour", "minute": "minute", "minuten": "minute",
}  # fmt: skip

_STOPWORDS = frozenset(
    "ein eine einen einem einer der die das den dem des und oder fur zu zum zur im in an am "
    "um mit von vom bei ich wir sie du mein meine meinen mir mich uns ist sind bin bitte "
    "mochte mochten hatte gern gerne will wollen kann konnen konnte noch auch mal etwas "
    "termin termine buchen buchung reservieren vereinbaren nachste nachsten erste ersten "
    "zwei drei vier funf sechs sieben acht neun zehn bis ab nach vor je pro als wie was "
    "wann wo ob dass das es er man sich nicht kein keine aber so dann da auf aus uber "
    "unter durch ohne gegen seit wahrend beim vorherigen nachsten jeder jede jedes "
    # pronouns and words of any sentence
    "ihr ihm ihn ihnen euch dich dein deine sein seine ihre unser unsere dieser diese "
    "dieses alle alles andere anderen denn weil besser lieber".split()
)
_GENERIC = frozenset(
    "behandlung behandlungen paket pakete termin termine sitzung sitzungen kurs kurse "
    "stunde stunden tag tage woche wochen monat monate besuch besuche kunde kundin neu neue "
    "neuen".split()
)

MARKERS = frozenset(
    "gruezi gruessech hoi sali isch gaht chan chonnt nid nod guet merci vielmal wuche "
    "ich und nicht ja nein bitte danke gerne gern passt geht ist das der die den dem mit "
    "fur uhr um am termin termine nachste nachsten woche morgen heute ubermorgen halb "
    "viertel mochte hatte konnen konnte wir sie gut genau klar prima super doch lieber "
    "stimmt machen machen wir vielleicht weiss noch ob kostet wie viel wieviel was wann "
    "absagen stornieren verschieben buchen montag dienstag mittwoch donnerstag freitag "
    "samstag sonntag vormittag nachmittag abend abends morgens mittags wochenende guten "
    "tag hallo servus moin gruss grusse leider nee jein einverstanden ok okay alles "
    "auch aber oder noch mal kein keine keinen nichts schon habt ihr euch eure euer seid sind "
    "offen geoffnet wird wurde kann muss sprechen bist du dich dir stunde stunden sitzung "
    "sitzungen zeit schaffe fehlen bleiben leider ab bis "
    # Bavarian and Austrian everyday words ("wia vui sitzungen hob i no"): German
    "wia vui hob hobts mei dei nix ned oiso hoid bissl gscheit griass pfiat mog kannt glei "
    "macha zwoate zwoa oans schreib bittschon gehts passts".split()
) - {"ok", "okay", "super"}


def build() -> Lexicon:
    cardinals = dict(_CARDINALS)
    dayparts = dict(_DAYPARTS)
    vocabulary = frozenset(
        {*_MONTHS, *_WEEKDAYS, *_PLURALS, *cardinals, *_TENS, *_ORDINALS, *_TYPOS.values()}
        | {w for key in dayparts for w in key.split()}
        | {w for phrases in _WORDS.values() for p in phrases for w in p.split()}
        | set(_UNIT_WORDS)
        | de_phrases.VOCABULARY
        | _STOPWORDS
        | MARKERS
    )
    return Lexicon(
        code="de",
        months=_MONTHS,
        month_names=MONTH_NAMES,
        weekdays=_WEEKDAYS,
        weekday_plurals=_PLURALS,
        weekday_names=WEEKDAY_NAMES,
        risky=_RISKY,
        cardinals=cardinals,
        tens=_TENS,
        ordinals=_ORDINALS,
        ordinal=ordinal,
        typos=_TYPOS,
        fuzzy_targets=_FUZZY,
        vocabulary=vocabulary,
        dayparts=dayparts,
        words=_WORDS,
        quantities=_QUANTITIES,
        units=_UNIT_WORDS,
        phrases=de_phrases.PHRASES,
        stopwords=_STOPWORDS,
        generic_service_words=_GENERIC | set(_WEEKDAYS) | set(_MONTHS),
        fold_accents=True,
        markers=MARKERS,
    )


register("de", build)
