"""German phrases for replies (yes / no / change) and intents, as regular expressions.

They run over normalised text: lower case, accents folded off ("nächste" is
"nachste", "gemäß" is "gemass"), typos fixed. Keys are the meanings `yesno.py`,
`intents.py` and the others look up (see `en_phrases.py`); a key left out here
never matches.
"""

from __future__ import annotations

import re

_TERMIN = r"(?:termin\w*|sitzung\w*|behandlung\w*|stunde\w*|buchung\w*|einheit\w*|besuch\w*)"

PHRASES: dict[str, tuple[str, ...]] = {
    # --- replies -----------------------------------------------------------
    "yes_override": (
        r"\bkein (?:problem|thema|ding)\b", r"\bnicht schlimm\b", r"\bwarum nicht\b",
        r"\bgar kein problem\b", r"\bohne problem\b", r"\bnaturlich\b(?! nicht\b)",
        r"\bselbstverstandlich\b(?! nicht\b)",
    ),
    "hesitation": (
        r"\bweiss (?:ich )?(?:noch )?nicht\b", r"\bkeine ahnung\b", r"\bvielleicht\b",
        r"\beventuell\b", r"\bmoglicherweise\b", r"\bmuss (?:ich )?(?:mal )?(?:noch )?"
        r"(?:uberlegen|schauen|nachschauen|sehen|fragen|checken|prufen)\b",
        r"\b(?:ich )?(?:uberlege|uberleg) (?:es )?(?:mir )?(?:noch)?\b",
        r"\bmal sehen\b", r"\bmal schauen\b", r"\bnicht (?:so |ganz )?sicher\b",
        r"\bunsicher\b", r"\bmoment\b", r"\bwarte\b", r"\bh+m+\b", r"\beh+m*\b",
        r"\bmelde mich\b", r"\bsag (?:ich )?(?:dir|ihnen|euch) (?:noch )?bescheid\b",
        r"\bjein\b", r"\bnoch nicht\b", r"\bwahrscheinlich\b", r"\bmelde (?:mi|uns)\b",
        r"\bmeld\w* (?:ich |i )?(?:mich|mi|uns) (?:\w+ )?(?:nochmal|noch mal|wieder|spater)\b",
        r"\buberleg\w*(?:'s)?", r"\bnachdenk\w*", r"\bdenk\w* (?:\w+ )?(?:druber|daruber) nach\b",
        r"\blass (?:mich|mi|uns) (?:mal |kurz |noch )*(?:uberlegen|nachdenken|schauen|sehen)\b",
        r"\bschlaf\w* (?:\w+ )?(?:noch )?(?:eine nacht )?druber\b",
    ),
    "reservation": (
        r"\b(?:frag|frage|fragt|fragen|nachfragen|nachschauen|nachsehen|abklaren|abzuklaren)\b",
        r"\b(?:ruckspr\w*|absprech\w*|abgesprochen|besprech\w*)\b",
        r"\bmuss (?:ich )?(?:erst|zuerst|vorher|noch)\b", r"\bnur wenn\b", r"\bfalls\b",
        r"\bwenn (?:mein|meine|ich|es|das)\b", r"\bbescheid\b", r"\bmelde mich\b",
    ),
    "referrer": (
        # "mein Physio meinte", "der Arzt in der Praxis sagt", "Physio vom Verein hat gesagt"
        r"(?:^|[.,!?;:]\s*|\b(?:mein|meine|meinem|meiner|unser|unsere|der|die)r? )(?P<who>\w+)"
        r"(?: (?:im|vom|beim|am|aus dem|aus der|in der|an der|von der|vom) \w+)? "
        r"(?:hat|meint\w*|sagt\w*|empf\w+|riet|rat|will|findet|schickt\w*)\b",
        r"\b(?:laut|von) (?:meinem|meiner|unserem|unserer) (?P<who>\w+) (?:empfohlen|"
        r"geschickt|verschrieben|aus)?",
    ),
    "reason": (
        r"\b(?:wegen|bezuglich|betreffend|zum thema) (?:meines|meiner|meinem|meinen|einem|einer|"
        r"eines|emne|eme|em|dem|der|des|den|die|das)? ?(?P<who>\w+)",
    ),
    # was vorher war, nicht der gewünschte Dienst: die Verletzung ("hab mir den
    # Oberschenkel gezerrt"), ein schon gehabter Termin ("den Test hab ich schon gemacht")
    "context": (
        r"\b(?:mir|mich) (?:\w+ )?(?:den|die|das|am|an der)? ?(?:linken |rechten )?(?P<who>\w+) "
        r"(?:\w+ )?(?:gezerrt|verletzt|verdreht|gebrochen|verstaucht|uberdehnt|geprellt)\b",
        r"\b(?:den|die|das) (?P<who>\w+(?: \w+)?) (?:hab|habe|hatte|hab ich|habe ich|hatte ich) "
        r"(?:\w+ )?(?:schon|bereits) (?:gemacht|gehabt)\b",
        r"\b(?:schon|bereits) (?:den|die|das|einen|eine) (?P<who>\w+(?: \w+)?) "
        r"(?:gemacht|gehabt)\b",
    ),
    "no": (
        r"\bnein\b", r"\bnee+\b", r"\bnicht\b",
        # Bavarian and Austrian "no" before "offen", "a", "mal" is "noch": "hab i no offen"
        r"\bno+\b(?!\s+(?:offen|ubrig|frei|was|a|an|mal|da|immer|einmal|oamoi|zwei|drei)\b)",
        r"\bkein\w*\b", r"\bleider\b",
        r"\bned\b", r"\bnet\b", r"\bnit\b",  # Bavarian, Austrian, Swabian "nicht"
        r"\blieber nicht\b", r"\bgeht nicht\b", r"\bpasst nicht\b", r"\bschlecht\b",
        r"\babsag\w*\b", r"\bstornier\w*\b", r"\bvergiss es\b", r"\bvergessen sie es\b",
        r"\bstopp?\b", r"\bfalsch\b", r"\bnie\b", r"\bnirgends\b",
        "\U0001f44e", "\u274c", "\U0001f6ab", "\U0001f645",
    ),
    "count_aside": (
        r"\b\d{1,2}(?:[:.]\d\d)?\s*(?:uhr)?\s+(?:ist|war|ware)\s+(?:mir\s+)?(?:\w+\s+)?zu\s+"
        r"(?:fruh|spat|knapp)\b",
        # ein Alter: "meine Tochter ist 16", "er wird 18", "16 Jahre alt"
        r"\b(?:ist|wird|war|sind)\s+(?:erst\s+|schon\s+|gerade\s+|jetzt\s+|bald\s+)?\d{1,2}\b"
        r"(?![.:]\d|\s*(?:uhr|termine?n?|sitzung\w*|stunden?|einheit\w*|mal|x)\b)",
        r"\b\d{1,2}\s*(?:jahre?n?\s+alt|jahrig\w*|j\.)",
    ),
    "yes": (
        r"\bja+\b", r"\bjawohl\b", r"\bjawoll\b", r"\bjep+\b", r"\bjap+\b", r"\bjup+\b",
        r"\bmach(?:en wir|en sie|t)? (?:es |das )?so\b", r"\b(?:bitte )?buchen(?: bitte)?\s*[.!]*$",
        r"\bbuch (?:es|das|sie|ihn)\b", r"\bgenau\b", r"\bpasst\b", r"\bpasst (?:gut|"
        r"super|perfekt|prima)\b", r"\bgerne?\b", r"\bgut\b", r"\bsehr gut\b", r"\bsuper\b",
        r"\bprima\b", r"\bperfekt\b", r"\btoll\b", r"\bklasse\b", r"\bklar\b",
        r"\bsicher\b", r"\bok(?:ay|e)?\b", r"\bin ordnung\b", r"\bgeht\b", r"\bgeht klar\b",
        r"\bmachen wir\b", r"\bmach(?:en sie|t)? das\b", r"\bbuch(?:en sie|e)? (?:es|das|ihn|"
        r"sie|mir das)\b", r"\bbestatig\w*\b", r"\beinverstanden\b", r"\babgemacht\b",
        r"\bstimmt\b", r"\brichtig\b", r"\bdoch\b", r"\bbin dabei\b", r"\bwunderbar\b",
        r"\bausgezeichnet\b", r"\bklingt gut\b", r"\bhort sich gut an\b", r"\bdas nehme ich\b",
        r"\bnehme ich\b", r"\bbis dann\b", r"\bsehr gerne\b", r"\blos\b", r"\bpasst mir\b",
        "\U0001f44d", "\U0001f44c", "\u2705", "\u2714", "\U0001f64c", "\U0001f4af",
    ),
    "plain_no": (r"^(?:nein|nee+|no+|leider nicht|lieber nicht|nein danke)$",),
    "contrast": (
        r"\baber\b", r"\bstattdessen\b", r"\blieber\b", r"\bjedoch\b", r"\bausser\b",
        r"\beigentlich\b", r"\bandere[nrs]?\b", r"\banders\b", r"\bverschieb\w*\b",
        r"\bfruher\b", r"\bspater\b", r"\bnur wenn\b",
    ),
    # a question written without its question mark: a question word opening a clause,
    # or a verb before its subject at the start ("wann genau", "stimmt das")
    "question": (
        r"(?:^|[,.;:!]\s*|\b(?:und|aber|also|ok|okay|ja|gut)\s+)"
        r"(?:was|wann|wo|wohin|woher|wie|welche\w*|warum(?! nicht\b)|wieso(?! nicht\b)|weshalb|"
        r"wer|wieviel\w*)\b"
        r"(?! (?:gesagt|besprochen|abgemacht|vereinbart|immer|auch immer)\b)",
        r"(?:^|[,.;:!]\s*|\b(?:und|aber|also|ok|okay)\s+)"
        r"(?:ist|sind|stimmt|passt|geht|klappt|kann|konnen|konnte|konnten|habt|haben|hast|bin|"
        r"gibt|muss|soll|wird|ware|darf|brauche|brauch)\s+(?:das|es|ich|ihr|sie|du|man|er|wir)\b",
    ),
    "ask": (
        r"\b(?:geht|ginge|ware|passt|klappt|konnen wir|konnten wir|konnen sie|konnten sie|"
        r"kann ich|konnte ich) (?:auch|es|das|vielleicht|eventuell)?\b.*\?",
        r"\bwie ware es\b", r"\bwie sieht es\b", r"\bwas ist mit\b", r"\bware (?:auch )?moglich\b",
    ),
    "change": (
        r"\banderen? (?:tag|termin|zeit|uhrzeit|datum|woche)\b",
        r"\bandere (?:tage|termine|zeiten|uhrzeit|woche)\b", r"\betwas (?:fruher|spater)\b",
        r"\b(?:fruher|spater)\b", r"\bstattdessen\b", r"\bverschieb\w*\b", r"\bverleg\w*\b",
        r"\bnicht (?:diesen|dieser|den|der) (?:tag|termin|zeit)\b",
    ),
    "exclude_after": (
        r"^\s*(?:(?:vormittags?|nachmittags?|abends?|morgens)\s+)?(?:leider\s+|eher\s+)?"
        r"nicht\b(?!\s+(?:vor|nach|vergessen))",
        r"^\s*(?:(?:vormittags?|nachmittags?|abends?|morgens)\s+)?(?:geht|gehen|passt|"
        r"passen|klappt|kann ich)\s+(?:bei mir\s+|mir\s+|leider\s+)*(?:nicht|schlecht|nie)\b",
        r"^\s*(?:ist|sind|bin ich)\s+(?:leider\s+)?(?:schlecht|ungunstig|nicht moglich|"
        r"voll|belegt|besetzt|verhindert)\b",
    ),
    # right after the day itself (not after its time or part of the day):
    "busy_after": (
        # "am Montag hab ich Dienst", "Dienstag muss ich arbeiten": busy with one's own
        r"^\s*(?:(?:vormittags?|nachmittags?|abends?|morgens)\s+)?(?:da\s+)?(?:hab|habe|hob|han|"
        r"hani|hab ich|habe ich|hob i|han i)\s+(?:ich\s+|i\s+)?(?:leider\s+|schon\s+)?"
        r"(?:dienst|schicht|spatschicht|fruhschicht|nachtschicht|arbeit|schule|uni|training|"
        r"einen termin|termin|keine zeit|ka zeit|koa zeit|schon was|was anderes|was vor|"
        r"besuch|urlaub)\b",
        r"^\s*(?:(?:vormittags?|nachmittags?|abends?|morgens)\s+)?(?:da\s+)?(?:muss ich|muss i|"
        r"mua i|arbeite ich|schaff ich|schaffe ich|bin ich (?:arbeiten|auf arbeit|im dienst|"
        r"unterwegs|weg|nicht da))\b",
    ),
    "exclude_before": (
        r"\b(?:nicht|nie|ausser|ausgenommen|aber nicht|kein(?:e|en)?|nur nicht|statt|anstatt|"
        r"anstelle(?: von)?)"
        r"(?:\s+(?:am|an|den|die|der|um|im))*\s*$",
    ),
    # ein Tag zu dem hinzu, über den gesprochen wird ("und den 11. auch", "plus Freitag")
    "adding": (r"^\W*(?:und|plus|ausserdem|dazu|und noch|noch)\b",
               r"\b(?:auch noch|noch dazu|zusatzlich|dazu|auch)\W*$"),
    # bei einer Änderung "von <Tag> auf <Tag>": der erste Tag ist der gebuchte Termin
    "move_from": (r"\b(?:von|vom|am)\s*(?:dem\s+|diesem\s+)?$",),
    "move_to": (r"\b(?:auf|zum|nach)\s*(?:den\s+|die\s+)?$",),
    "ref_after": (rf"^\s*{_TERMIN}\b",),
    "ref_before": (r"\b(?:mein|meine|meinen|meinem|den|der|die|diesen|dem)\s*$",),
    "ref_before_alone": (
        r"\b(?:mein|meine|meinen|meinem)\s*$",
        # "die am Montag", "den vom 12.": the one booked on that day
        r"(?:^|[,.;:]\s*|\b(?:nicht|sondern|also)\s+)(?:die|den|der|da) (?:am|vom)\s*$",
        rf"\b(?:die|den|der)(?: {_TERMIN})?,? (?:die|den) ich (?:am|fur)\s*$",
        # "meinen Laser-Termin am Montag": a service's word may be joined by a hyphen
        rf"\b(?:mein|meine|meinen|meinem|den|der|die) (?:\w+[ -])?{_TERMIN}\s+"
        r"(?:am|vom|von|im|fur)?"
        r"\s*$",
    ),
    "count_all": (
        r"\balle\s+(?:\d+|termine|sitzungen|stunden|restlichen|ubrigen)\b",
        r"\b(?:alle|alles)\s+(?:auf einmal|zusammen)\b", r"\bden rest\b",
        r"\bdie restlichen\b", r"\bdie ubrigen\b", r"^\W*alle\W*$", r"\bdas ganze paket\b",
    ),
    "count_after": (
        r"\s*(?:weitere\s+|neue\s+)?(?:termine?|sitzung(?:en)?|stunden?|behandlung(?:en)?|"
        r"einheiten?|mal)\b|\s*(?:zum (?:start|anfang)|fur den anfang|erstmal|erst einmal)\b",
    ),
    "count_before": (
        r"\b(?:buche|buchen|nehme|nehmen|mochte|hatte gern|will|brauche|erstmal|nur|"
        r"vielleicht|mit)\s+(?:gleich\s+|erstmal\s+|nur\s+)?$",
    ),
    "count_not": (r"\b(?:termin|sitzung|stunde|nummer|nr\.?|#)\s*$",),
    "hour_before": (
        r"\b(?:lieber|besser|wie ware es mit|was ist mit|um|@|dann)\s*$",
        r"^\W*(?:ok(?:ay)?|gut|na gut|also|ah|aha|hmm+|ja)\W*$",
    ),
    "hour_after": (r"\s*(?:[,.!?]+\s*)?(?:(?:stattdessen|dann|bitte|vielleicht|lieber|"
                   r"wenn moglich|ok|okay)\b[\s,.!?]*)*$",),
    # die Kundin nimmt einen eben geschriebenen Tag oder eine Uhrzeit zurück
    # ("mittwoch um 11, nee warte, donnerstag"): was folgt, ersetzt ihn
    "self_correction": (
        r"\b(?:nein|ne+|nö|noe|nei|na+)[\s,.!]+(?:sorry|sorri|warte|wart|moment|halt|"
        r"doch|quatsch|ich mein(?:e|te)?|i mein|pardon|entschuldigung|korrektur|stopp)\b",
        r"\b(?:sorry|sorri|pardon|quatsch|oops|upps|hoppla)[\s,.!]+(?:nein|nee|ne|nei|ich "
        r"mein(?:e|te)?|i mein|warte|doch)\b",
        r"\b(?:warte|wart|moment|halt)[\s,.!]+(?:nein|nee|ne|nei|doch)\b",
        r"\b(?:nein|nee|nei)[\s,.!]+(?:nein|nee|nei)\b",
        r"\b(?:ich meine|ich meinte|i mein|besser gesagt|korrektur|genauer gesagt|"
        r"vertippt|verschrieben)\b",
        # "Montag um 10... nee, lieber Dienstag": a no, then what is preferred
        r"\b(?:nein|ne+|nö|noe|nei|na+)[\s,.!]+(?:doch\s+)?(?:lieber|besser|eher)\b"
        r"(?!\s+(?:nicht|doch nicht)\b)",
        # "Dienstag um 16 Uhr - ach nee, da hat sie Volleyball, lieber Mittwoch": the no
        # alone is the marker when a short reason follows it before what is preferred
        r"(?<!\bwenn )\b(?:nein|nee+|nö|noe|ne(?=\s*[,.!]))\b(?=[\s,.!]+(?:[\w':]+[\s,.!]+)"
        r"{0,8}?(?:doch\s+)?(?:lieber|besser|eher)\b(?!\s+(?:nicht|doch nicht)\b))",
        # "Mittwoch in zwei Wochen um 10, also am 21.": the date said to make it plain
        r"[,;]\s*(?:also|sprich|das heisst|d\.\s?h\.|das ware|das ist)(?=\s+(?:am |den |der )?\d)",
        # "um 9 Uhr, Verzeihung, um 10 Uhr": an apology set off on its own
        r"[,;]\s*(?:verzeihung|entschuldigung|entschuldige|pardon|sorry|sorri)\s*[,.!]",
        # "Montag um 9, ach nee, ...": an interjection, then no
        r"\b(?:ach|ah|oh|och|mist|verdammt|oje)[\s,.!]+(?:nein|nee+|ne|nö|noe)\b"
        r"(?![\s,]+(?:danke|problem)\b)",
    ),
    "hour_instead": (r"\s+stattdessen\b", r"\s+(?:geht|passt|ware (?:gut|besser|ok))\b"),
    "offer_first": (r"\b(?:ersten?|ursprunglichen?) (?:vorschlag|termin|zeit|option)\b",
                    r"\bzuruck zu(?:m)? (?:ersten|ursprunglichen)\b"),
    "offer_previous": (r"\b(?:vorherigen?|vorigen?) (?:vorschlag|termin|zeit|option)\b",),
    "number_unit": (
        r"%|tage?n?|wochen?|monate?n?|jahre?n?|stunden?|std|minuten?|min|km|kg|cm|x|mal",
    ),
    "not_date_unit": (r"uhr|h|std|stunden?|min|minuten?|km|kg|cm|m|%|x|mal|chf|eur|euro",),
    "money_word": (r"chf|eur|euro|franken|fr\.?",),
    "out_of": (r"von",),
    "book_verb": (r"\bbuch(?:en|e|t)?\b(?!ung)", r"\breservier\w*"),
    "next_session": (rf"\b(?:mein\w* |die |den |das |der )?nachste[nrs]? {_TERMIN}",),
    "list_question": (r"\b(?:wann|was|welche\w*|zeig\w*|liste)\b", r"\bhabe ich\b"),
    "booking_words": (r"\b(?:buch\w*|termin\w*|sitzung\w*|reservier\w*|absag\w*|verschieb\w*)\b",),
    # --- intents -----------------------------------------------------------
    "intent_book": (
        r"\bbuch(?:en|e|t)?\b(?!ung)", r"\breservier\w*\b", r"\bvereinbar\w*\b",
        r"\bmochte (?:gern[e]? )?(?:einen |eine |ein )?(?:termin|sitzung|behandlung)",
        r"\b(?:hatte|brauche|will) (?:gern[e]? )?(?:einen |eine |ein )?(?:termin|sitzung|"
        r"behandlung)", r"\banmeld\w*\b", r"\bmochte\b(?! (?:absagen|stornieren|verschieben|"
        r"wissen))", r"\bhatte gern[e]?\b", r"\bbrauche\b",
    ),
    "intent_availability": (
        r"\b(?:frei|freie|freien|verfugbar\w*|lucke|platz|platze)\b",
        r"\bwann (?:geht|habt ihr|haben sie|ist|konnt|konnen)\b", r"\bfruheste\w*\b",
        r"\bnachste freie\w*\b", r"\b(?:habt ihr|haben sie) (?:offen|geoffnet|auf)\b",
        r"\boffnungszeiten\b", r"\bso bald wie moglich\b", r"\bmoglichst bald\b",
    ),
    "intent_plan_info": (
        rf"\bwie viele {_TERMIN}", r"\bwieviele\b", r"\bwie lange\b", r"\bwie oft\b",
        r"\bwas (?:ist|sind) (?:im|in dem|bei dem) (?:paket|preis)", r"\benthalten\b",
        r"\binbegriffen\b", r"\bwie funktioniert\b", r"\bablauf\b", r"\babstand\b",
        r"\binfos?\b", r"\binformation\w*\b", r"\berklar\w*\b",
    ),
    "intent_price": (
        r"\bpreis\w*\b", r"\bkost\w*\b", r"\bwas kostet\b", r"\bwie ?viel kostet\b",
        r"\bwie ?viel (?:zahl|muss ich|ist)\b", r"\bgebuhr\w*\b", r"\bteuer\b", r"\bgunstig\w*\b",
        r"\b(?:chf|eur|euro|franken)\b", "[\u20ac$\u00a3]", r"\brabatt\b", r"\btarif\w*\b",
        r"\bbezahl\w*\b", r"\bzahl(?:en|ung)\b",
    ),
    "intent_progress": (
        rf"\bwie viele {_TERMIN} (?:habe ich|hab ich|sind) (?:noch|ubrig)",
        r"\b(?:noch|no|ubrig) (?:offen|ubrig)\b", r"\bwie viele (?:noch|ubrig)\b",
        r"\bfortschritt\b", r"\bstand\b", r"\bwo stehe ich\b",
        r"\bwie ?viele (?:\w+ )?(?:habe|hab|hatte) ich (?:noch|no|schon|bereits)\b",
        r"\bwie ?viele (?:\w+ )?(?:bleiben|fehlen|sind|stehen) (?:mir |uns |ihm |ihr |noch )*"
        r"(?:noch|offen|aus)\b",
        # someone else or "we": "wie viele Stunden hat meine Tochter noch", "haben wir noch"
        r"\bwie ?viele (?:\w+ ){0,3}?(?:hat|haben|hatte|hatten) (?!ihr\b|sie\b|du\b)"
        r"(?:\w+ ){1,3}?(?:noch|ubrig)\b(?! (?:frei|verfugbar|platz))",
        r"\bwie ?viele (?:\w+ )?(?:habe|hab) ich (?:schon )?(?:gemacht|absolviert|hinter mir)\b",
        r"\bwie ?viele (?:\w+ )?(?:kann ich|darf ich) noch\b", r"\bwie weit bin ich\b",
        # "wie viele Behandlungen von meinem Rezept ich schon hatte"
        r"\bwie ?viele (?:\w+ ){1,5}?ich (?:schon|bereits) (?:hatte|gehabt|gemacht|absolviert|"
        r"hinter mir)\b",
        r"\bnoch (?:ubrig|offen|ausstehend)\b",
    ),
    "intent_reschedule": (
        r"\bverschieb\w*", r"\bschieb(?:en|e|st|t)\b", r"\bumbuch\w*",
        # "den Termin verlegen", not "den Terminzettel verlegt" (misplaced)
        r"\bverleg(?!t\b)\w*",
        r"\b(?:termin|termine|sitzung|behandlung|stunde)\b (?:\w+ ){0,3}?verlegt\b",
        r"\bandere[nr]? (?:tag|termin|zeit)\b",
        r"\b(?:tag|termin|zeit) (?:andern|tauschen|wechseln)\b", r"\bandern\b", r"\btauschen\b",
        r"\bkann (?:den|meinen|am) \w*\s?(?:termin )?nicht\b",
        r"\bverschob\w*", r"\bumleg\w*", r"\bumplan\w*", r"\bneu (?:planen|legen|ansetzen)\b",
        r"\b(?:spater|fruher|auf (?:einen )?anderen tag) (?:legen|setzen|machen)\b",
        r"\b(?:kann|konnte|schaffe|schaff) (?:ich )?(?:es )?(?:am |den |die |um |diese\w* )?"
        r"(?:[\w.]+ ){0,3}(?:leider )?nicht\b(?! (?:verstehen|finden|lesen))",
        r"\bgeht (?:bei mir )?(?:am |den |die |um )?(?:[\w.]+ ){0,3}(?:leider )?nicht\b",
        r"\b(?:termin|stunde|sitzung)\w* (?:andern|tauschen|wechseln|verlegen|verschieben)\b",
    ),
    "intent_cancel": (
        r"\babsag\w*", r"\bsag(?:e|en|t)? (?:[\w.]+ ){0,7}ab\b", r"\bstornier\w*", r"\bstorno\b",
        r"\bloschen\b", r"\bcancel\w*", r"\bkomme nicht\b", r"\bnicht kommen\b",
        r"\babbestell\w*", r"\bstreich\w* (?:sie |du )?(?:den|die|meinen|meine)\b",
        r"\bnicht (?:mehr )?(?:wahrnehmen|kommen konnen|teilnehmen)\b",
        r"\b(?:termin|stunde|sitzung|buchung)\w* (?:absagen|stornieren|loschen|streichen)\b",
        r"\bsage? (?:ich |sie )?(?:den|die|meinen|meine) \w+ ab\b",
        r"\bsag(?:e|en|t)? (?:bitte |sie )*(?:den|die|meinen|meine|unseren|unsere) [\w-]+ ab\b",
    ),
    "intent_list_bookings": (
        rf"\bmeine {_TERMIN}", r"\bwann (?:ist|sind|war) mein\w*\b",
        r"\bwas habe ich (?:gebucht|reserviert)\b", r"\b(?:habe|hab) ich (?:einen|eine|"
        r"termine?)\b", rf"\bnachste[nr]? {_TERMIN}\b",
        rf"\b(?:welche|was fur) {_TERMIN} (?:habe|hab|hatte) ich\b",
        rf"\b(?:welche|wie viele) {_TERMIN} (?:sind|stehen) (?:bei mir |fur mich )?"
        r"(?:gebucht|an)\b",
    ),
    "intent_greeting": (
        r"^\W*(?:hallo+|hi+|hey+|guten (?:morgen|tag|abend)|servus|moin|gruezi|gruss gott|"
        r"gruss dich|gruessech|tag)\b",
    ),
    "intent_thanks": (r"\bdanke\w*\b", r"\bvielen dank\b", r"\bmerci\b", "\U0001f64f"),
    "intent_help": (
        r"\bhilfe\b", r"\bwas kannst du\b", r"\bich habe eine frage\b", r"\bmenu\b",
        r"\bverstehe (?:ich )?nicht\b",
    ),
    "intent_services": (
        r"\bwelche (?:leistungen|behandlungen|pakete|angebote|dienstleistungen)\b",
        r"\bwas (?:bietet ihr|bieten sie|macht ihr|machen sie) an\b", r"\bangebot\w*\b",
        # "macht ihr Laser?" asks; "machen Sie das so" agrees (an imperative)
        r"\b(?:bietet ihr|bieten sie|macht ihr|machen sie)\b(?!\s+(?:das|des|es|dat)\s+so\b)",
        r"\bpreisliste\b",
    ),
    "intent_cancel_all": (
        r"\balle (?:meine |unsere )?(?:termine|buchungen|sitzungen|pakete)\b[\w\s]{0,30}"
        r"\b(?:absag\w*|stornier\w*|loschen|ab)\b",
        r"\b(?:absag\w*|stornier\w*|losch\w*)\b[\w\s]{0,20}\balle\b",
    ),
    "intent_policy": (
        r"\bstornobedingungen\b", r"\bstornogebuhr\w*\b", r"\babsagefrist\b",
        r"\bwas (?:passiert|ist), wenn ich (?:\w+ )?(?:absage|storniere|verschiebe|nicht komme)\b",
        r"\bwas (?:passiert|ist) wenn ich (?:\w+ )?(?:absage|storniere|verschiebe|nicht komme)\b",
        r"\bwie (?:kurzfristig|fruh|lange vorher)\b[^.?!]{0,40}\b(?:absag|stornier|verschieb)\w*",
        r"\bkostet (?:das|es)(?: etwas| was)?,? wenn ich(?: \w+){0,3} (?:absage|storniere|"
        r"verschiebe|nicht komme)\b", r"\bkostet (?:das|es)(?: etwas| was)?,? wenn ich\b",
        r"\bbis wann\b[^.?!]{0,30}\b(?:absag|stornier|verschieb|umbuch|abmeld)\w*",
        r"\bbis wann\b[^.?!]{0,30}\b(?:\w+ )?ab(?:sagen|melden)?\b",
        r"\bwie (?:kurzfristig|spat|lange vorher|fruh vorher|viele (?:stunden|tage) vorher)\b"
        r"[^.?!]{0,40}\b(?:absag|stornier|verschieb|abmeld|ab\b)\w*",
        r"\bkann man\b[^.?!]{0,30}\b(?:absag|stornier|verschieb|umbuch)\w*",
        r"\b(?:kostenlos|kostenfrei|gratis|umsonst)\b[^.?!]{0,20}\b(?:absag|stornier|verschieb)\w*",
        r"\b(?:absag|stornier|verschieb)\w*[^?!]{0,60}\b(?:bis wann|wie kurzfristig|kostenlos|"
        r"kostenfrei|umsonst)\b[^?!]*",
        r"\b(?:gebuhr|kosten)\b[^.?!]{0,30}\b(?:absag|stornier|verschieb|nicht komme)\w*",
    ),
    "intent_validity": (
        r"\bgultig\w*\b", r"\bverfallt\b", r"\bverfallen\b", r"\bablauf(?:datum|t)?\b",
        r"\bwie lange? (?:gilt|ist|kann ich|halt)\b",
        r"\bwie lange? (?:habe|hab) ich (?:zeit|noch zeit)\b",
        r"\bbis wann (?:muss|kann|gilt|ist)\b",
        r"\bwie viel zeit (?:habe|hab) ich\b", r"\b(?:einlose|einlosen|aufbrauchen)\b",
        r"\blauft (?:\w+ ){0,4}ab\b", r"\bfrist\b(?!\s+(?:fur|zum) (?:absag|stornier|verschieb))",
    ),
    "intent_opening": (
        r"\b(?:geoffnet|geschlossen)\b",
        r"\b(?:habt ihr|haben sie|seid ihr|sind sie) (?:\w+ ){0,3}(?:offen|geoffnet|auf|"
        r"geschlossen|zu)\b", r"\boffnungszeiten\b", r"\bfeiertag\w*\b(?=[^.!]*\?)",
        r"\b(?:offen|geoffnet|auf|arbeitet|arbeiten)\b[^.!?]*\bfeiertag\w*\b",
        r"\bwann (?:macht ihr|machen sie|habt ihr|haben sie) (?:auf|zu|offen)\b",
    ),
    "intent_contact": (
        # "welche U-Bahn ist in der Nähe?", "nächste Haltestelle?"
        r"\b(?:welche|nachste|nachstgelegene) (?:u-?bahn|s-?bahn|haltestelle|station|tram|"
        r"strassenbahn|bushaltestelle)\b",
        r"\b(?:eure|ihre|die) (?:telefonnummer|nummer|handynummer|e-?mail|adresse|"
        r"e-?mail-adresse)\b", r"\bwie erreiche ich\b", r"\bwie kann ich (?:euch|sie) "
        r"(?:erreichen|anrufen|kontaktieren)\b", r"\bwo (?:seid ihr|sind sie|finde ich euch)\b",
        r"\bkontakt\w*\b",
        r"\btelefon\w*\b", r"\bhandynummer\b", r"\brufnummer\b", r"\bwhatsapp-?nummer\b",
        r"\b(?:euch|sie) (?:anrufen|erreichen)\b", r"\badresse\b", r"\banschrift\b",
        r"\bwo (?:genau )?(?:seid ihr|sind sie|ist (?:die|eure|ihre) \w+)\b",
        # where the business is, as customers ask it ("wo befindet ihr euch", "wo seid's")
        r"\bwo (?:genau )?(?:befindet ihr euch|befinden sie sich|seids|seid's|finde ich sie|"
        r"seid ihr zu finden|sind sie zu finden|liegt (?:die|das|der|eure|euer|ihre|ihr) \w+)\b",
        r"\bwo (?:genau )?(?:ist|liegt) (?:das|es|ihr|euer)\b(?!\s+\w)",
        # "wo genau befindet sich Ihr Studio?", "mit der Stadtbahn gut erreichbar?"
        r"\bwo (?:genau )?(?:befindet|befinden) sich\b",
        r"\b(?:mit der|mit dem|per) (?:u-?bahn|s-?bahn|stadtbahn|tram|strassenbahn|bus|bahn|"
        r"auto|rad|fahrrad|opnv|offis) (?:\w+ )?(?:erreichbar|zu erreichen|hinkommen)\b",
        r"\bparkplatz\w*\b(?=[^.!]*\?)",
    ),
    "intent_human": (
        r"\b(?:mit )?(?:einem|einer) (?:menschen|mitarbeiter\w*|person)\b",
        r"\b(?:echten|richtigen) menschen\b", r"\bbist du ein (?:bot|roboter)\b",
        r"\brufen sie mich an\b", r"\bruckruf\b", r"\bmit jemandem (?:sprechen|reden)\b",
        r"\bverbinden sie mich\b",
        r"^\W*(?:ein(?:e|en)? )?(?:mensch(?:en)?|person|mitarbeiter\w*)(?: bitte)?\W*$",
    ),
    "upset": (
        r"\b(?:nutzlos|sinnlos|lacherlich|argerlich|nervig|frustriert\w*|frustrierend|"
        r"unverschamt|sauer|wutend|katastrophe|zeitverschwendung|unmoglich)\b",
        r"\breicht mir\b", r"\bdie nase voll\b",
    ),
    "bot_question": (
        r"\b(?:bist du|sind sie) (?:ein |eine )?(?:bot|roboter|maschine|ki|mensch)\b",
    ),
    "service_asked": (
        r"\b(?:bietet ihr|bieten sie|macht ihr|machen sie|habt ihr|haben sie) (?:auch )?",
        r"\b(?:ich )?(?:mochte|hatte gern[e]?|brauche|suche) (?=(?:ein|eine|einen)\b)",
    ),
    "book_remaining": (r"\b(?:buch\w*)\b(?:\s+[\w']+){0,3}?\s+(?:restlichen|ubrigen|rest)\b",),
    "progress_question": (r"\bwie viele\b", r"\bwo stehe ich\b", r"\bfortschritt\b"),
    # ein Ja, das nur zur Kenntnis nimmt: kein Ja zu einem Angebot ("ok, alles klar")
    "plain_acknowledgement": (r"^(?:ok(?:ay)?|gut|alles klar|klar|verstanden|aha|achso|ach so)$",),
    "acknowledgement": (
        r"^(?:ok(?:ay)?|gut|alles klar|klar|super|prima|perfekt|verstanden|ja)$",
    ),
}  # fmt: skip

VOCABULARY = frozenset(
    word
    for patterns in PHRASES.values()
    for pattern in patterns
    for word in re.findall(r"[a-z][a-z']+", re.sub(r"\\[a-zA-Z]", " ", pattern))
) | frozenset("ja nein nee jein bitte danke gerne gern passt".split())
"""Words the phrases spell, so the typo fixer leaves them alone."""
