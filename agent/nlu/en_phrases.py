"""English phrases for replies (yes / no / change) and intents, as regular expressions.

They run over normalised text: lower case, straight apostrophes, typos fixed,
number words left as words. Keys are the meanings `yesno.py` and `intents.py`
look up; another language supplies the same keys.
"""

from __future__ import annotations

import re

_NOT_GREETING = r"(?!\s+(?:morning|afternoon|evening|night|day)\b)"
_SESSIONS = r"(?:sessions?|lessons?|appointments?|visits?|classes|class|treatments?|ones)"
_OFFERED = (
    r"(?:times?|ones?|options?|slots?|dates?|days?|suggestions?|proposals?|plans?|offers?|"
    r"schedules?)"
)
_OFFER_VERBS = r"(?:offered|suggested|proposed|gave|had|mentioned|said|showed|sent)"
_RELATIVES = (
    r"(?:son|daughter|wife|husband|partner|spouse|boyfriend|girlfriend|fianc[eé]e?|mum|mom|"
    r"mother|dad|father|parents?|brother|sister|child|kids?|children|friend|colleague|boss|"
    r"flatmate|roommate|neighbou?r|grandma|grandpa|grandmother|grandfather|aunt|uncle|"
    r"cousin|nephew|niece|family)"
)
_PERSONAL = (
    r"(?:appointments?|bookings?|sessions?|lessons?|visits?|reservations?|classes|schedule|"
    r"treatments?|progress|details)"
)
_MODAL_NEG = (
    r"(?:doesn'?t|does not|don'?t|do not|won'?t|will not|wouldn'?t|would not|isn'?t|is not|"
    r"not|can'?t|cannot|can not|couldn'?t|could not|ain'?t|no longer)"
)

PHRASES: dict[str, tuple[str, ...]] = {
    # --- replies -----------------------------------------------------------
    "yes_override": (
        r"\bno (?:problem|problemo|prob|probs|worries|worry|doubt|objections?)\b",
        r"\bnot a problem\b", r"\bwhy not\b", r"\bcan'?t wait\b", r"\bcannot wait\b",
        r"\bdon'?t mind\b", r"\bno issues?\b", r"\bof course\b(?! not\b)",
    ),
    "hesitation": (
        r"\bnot (?:so |too |really )?sure\b", r"\b(?:don'?t|do not) know\b", r"\bdunno\b",
        r"\bmaybe\b", r"\bperhaps\b", r"\bno idea\b", r"\blet me (?:think|check|see|ask)\b",
        r"\bi'?ll (?:think|check|get back|let you know)\b", r"\bhold on\b",
        r"(?<!no )(?<!no, )\bwait\b",
        r"\bh+m+\b", r"\bu+h+m*\b", r"\bwell\b", r"\bpossibly\b", r"\bnot yet\b",
        r"\bi guess\b", r"\bthink (?:about it|it over|on it)\b", r"\bsleep on it\b",
        r"\bmull (?:it )?over\b", r"\b(?:need|have|want) (?:to |a )?(?:think|minute|moment)\b",
    ),
    "reservation": (
        r"\b(?:have|need|got|must) to (?:\w+ )?"
        r"(?:check|ask|see|confirm|talk|speak|clear|find out)\b",
        r"\bcheck with\b", r"\bask (?:my|the|him|her|them|first)\b", r"\bfind out\b",
        r"\b(?:talk|speak) (?:to|with) (?:my|the|him|her|them)\b", r"\bonly if\b",
        r"\bunless\b", r"\bif (?:my|i can|i get|i'?m|that'?s ok with)\b",
        r"\bget back to you\b", r"\blet you know\b",
    ),
    # the person who sent the customer, not the service asked for: "my physio said I need
    # the shockwave course" ("who" is left out when the services are read)
    "referrer": (
        # "my physio said", "the doctor at the clinic told me", "physio at the gym said"
        r"(?:^|[.,!?;:]\s*|\b(?:my|our|the|his|her|their) (?:\w+ )?)(?P<who>\w+)"
        r"(?: (?:at|from|in|of) (?:the |my |our )?\w+)? (?:(?:has |had |just |also )?(?:said|says|"
        r"told|tells|recommended|recommends|suggested|suggests|advised|advises|referred|"
        r"prescribed|thinks|reckons)|wants me)\b",
        r"\b(?:according to|referred by|sent by) (?:my|our) (?P<who>\w+)\b",
    ),
    # what the visit is about, not the service booked: "a consultation about an implant"
    # (left out when the rest of the message names a service)
    "reason": (
        r"\b(?:about|regarding|re|because of|due to|concerning) (?:my |an? |the |some )?"
        r"(?P<who>\w+)",
    ),
    # what happened before, not the service asked for: the injury ("did my hamstring",
    # "hurt my back"), a service already had ("I already had the patch test")
    "context": (
        r"\b(?:did|done|hurt|hurted|pulled|tore|torn|strained|injured|twisted|sprained|"
        r"broke|tweaked|wrecked) (?:my |me |his |her |the |a )?(?:left |right |lower |upper )?"
        r"(?P<who>\w+)",
        r"\b(?:already|previously) (?:had|did|got|done|have had|had done) (?:the |a |an |my )?"
        r"(?P<who>\w+(?: \w+)?)",
        r"\b(?:had|did) (?:the |a |an |my )?(?P<who>\w+(?: \w+)?) (?:already|before|last "
        r"(?:week|month|year|time)|\w+ (?:days?|weeks?|months?) ago)\b",
    ),
    "no": (
        rf"\b{_MODAL_NEG}\s+(?:really\s+|quite\s+)?(?:work|suit|fit|good|great|ok|"
        r"okay|fine|possible|convenient|ideal|right|correct|make it|do it|want|like|need)\w*",
        r"\b(?:definitely|absolutely|certainly|of course|sadly|unfortunately|afraid|"
        r"probably|surely) not\b", r"\bnot (?:going to|gonna) (?:work|happen|be possible)\b",
        r"\bi'?ll (?:have to |need to |probably )?pass\b(?! by\b)", r"\bno (?:good|use)\b",
        r"\bno+\b", r"\bnope\b", r"\bna+h+\b", r"\bnay\b", r"\bnegative\b",
        r"\bnot really\b", r"\bnot for me\b", r"\bnot interested\b", r"\brather not\b",
        r"\b(?:don'?t|do not)\b", r"\bcan'?t\b", r"\bcannot\b", r"\bcan not\b",
        r"\bcouldn'?t\b", r"\bwon'?t\b", r"\bunable\b", r"\bcancel\w*\b",
        r"\bnever ?mind\b", r"\bforget (?:it|that|about it)\b", r"\bstop\b", r"\bwrong\b",
        r"\bincorrect\b", r"\bnot (?:available|possible|convenient|now)\b",
        r"\bunavailable\b", r"\bi'?m (?:busy|away)\b", r"\bbusy\b",
        r"\bthat'?s (?:bad|too (?:early|late|soon))\b", "\U0001f44e", "\u274c", "\U0001f6ab",
        "\U0001f645",
    ),
    "yes": (
        r"\bbook (?:em|them|'em|those|these|it|that)\b", r"\block (?:it|them|em) in\b",
        r"\by+e+s+\b", r"\byeah?\b", r"\byep\b", r"\byup\b", r"\bsure\b", r"\bok(?:ay)?\b",
        r"\balright\b", r"\ball right\b", r"\bfine\b", r"\blush\b", rf"\bgood\b{_NOT_GREETING}",
        r"\bgreat\b", r"\bperfect\w*\b", r"\bexcellent\b", r"\bawesome\b", r"\bamazing\b",
        r"\bwonderful\b", r"\bbrilliant\b", r"\bcool\b", r"\bnice\b", r"\blovely\b",
        r"\bsuper\b", r"\bgo ahead\b",
        # a one-word slang yes ("bet", "say less"): only as the whole reply
        r"^\W*(?:bet|say less|aight|ight|kk)\W*$",
        r"^\W*go on(?: then)?\b", r"\bgo for it\b", r"\bplease do\b", r"\bdo it\b",
        r"\bbook (?:it|them|that|this|those|these|all|me|us|both)\b", r"\bconfirm\w*\b",
        r"\bagreed?\b", r"\bdeal\b", r"\bcorrect\b", r"\bthat'?s right\b", r"\bright\b",
        r"\bexactly\b", r"\babsolutely\b", r"\bdefinitely\b", r"\bcertainly\b",
        r"\bindeed\b", r"\blet'?s (?:do|go|book)\b", r"\bi'?m in\b", r"\bcount me in\b",
        r"\bworks\b", r"\bwork(?:s)? (?:for (?:me|us)|fine|great|perfect|well)\b",
        r"\b(?:would|will|should|could|that'?ll) (?:work|suit|do)\b", r"\bsuits\b",
        r"\bhappy with\b", r"\bwill do\b", r"\baccept\w*\b",
        r"\bsounds? like a plan\b", r"\bsee you\b", r"\bthat'?s it\b",
        r"\bfab(?:ulous)?\b", r"\bbrill\b", r"\bsweet\b", r"(?<!a )\bgrand\b(?! total)", r"\baye\b",
        r"\bi'?ll (?:take|have) (?:it|that|this|them|those|these|both)\b",
        "\U0001f44d", "\U0001f44c", "\u2705", "\u2714", "\U0001f64c", "\U0001f4af", "\U0001f197",
    ),
    "plain_no": (
        r"^(?:no+|nope|na+h+|nay|negative|not really|(?:sadly|unfortunately|afraid) not)$",
    ),
    "contrast": (
        r"\bbut\b", r"\binstead\b", r"\brather\b", r"\bhowever\b", r"\balthough\b",
        r"\bthough\b", r"\bexcept\b", r"\bactually\b", r"\bprefer\w*\b", r"\bdifferent\b",
        r"\banother\b", r"\bother\b", r"\bchange\b", r"\bmove\b", r"\bearlier\b",
        r"\blater\b", r"\bsooner\b", r"\bonly if\b", r"\bunless\b",
    ),
    # a question written without its question mark: a question word opening a clause,
    # or a verb before its subject at the start ("what time exactly", "is that right")
    "question": (
        r"(?:^|[,.;:!]\s*|\b(?:and|but|so|ok|okay|right|also|then|yes|yeah)\s+)"
        r"(?:what|which|when|where|how|why(?! not\b)|who|whose)\b(?! (?:ever|you like|suits)\b)",
        r"(?:^|[,.;:!]\s*|\b(?:and|but|so|ok|okay|right|also|then)\s+)"
        r"(?:(?:is|are|does|will|would|can|could|should|shall|am|was|were)\s+"
        r"(?:it|that|this|there|i|you|we|he|she|they|the|my)|(?:do|did)\s+(?:i|you|we|he|she|"
        r"they))\b",
    ),
    "ask": (
        r"\bcan (?:we|you|i|it)\b", r"\bcould (?:we|you|i|it)\b", r"\bhow about\b",
        r"\bwhat about\b", r"\bis it possible\b", r"\bwould it be possible\b",
        r"\bany chance\b", r"\bwhat if\b", r"\bwould\b.*\bwork\b",
    ),
    "change": (
        r"\banother (?:day|time|date|week|slot|one|month)\b",
        r"\b(?:a )?different (?:day|time|date|slot|week)\b",
        r"\bother (?:days?|times?|dates?|slots?|options?)\b",
        r"\bsomething (?:else|earlier|later|sooner)\b",
        r"(?<!see you )(?<!talk )(?<!speak )(?<!chat )\b(?:earlier|later|sooner)\b",
        r"\binstead\b", r"\breschedul\w*\b", r"\bmove (?:it|that|this|them)\b",
        r"\bchange (?:it|that|this|the)\b", r"\bnot (?:that|this) (?:day|time|date|one)\b",
    ),
    # --- days ruled out, days that name a booked session ---------------------
    # matched right after a day ("Saturdays are bad for me", "Friday doesn't work")
    "exclude_after": (
        r"^\s*(?:(?:mornings?|afternoons?|evenings?|nights?)\s+)?(?:are|is|'s|'re|will be)\s+"
        r"(?:(?:really|just|always|usually|generally|a bit|kind of|pretty|totally|completely)"
        r"\s+)?(?:bad|no good|not good|not great|not ideal|not possible|not an option|out|"
        r"difficult|hard|tricky|impossible|a no|a no-go|no go|off|a problem|awkward|tough|"
        r"terrible|horrible|a nightmare|busy|full|fully booked|booked up|taken)\b",
        rf"^\s*(?:(?:mornings?|afternoons?|evenings?|nights?)\s+)?(?:(?:just|really|never)\s+)?"
        rf"{_MODAL_NEG}\s+(?:really\s+|quite\s+|ever\s+)?(?:work|suit|good|ok|okay|fit|"
        r"possible|an option|great|ideal|convenient)",
        r"^\s*(?:i'?m|i am|we'?re|we are) (?:busy|away|working|out|not free|not available|"
        r"unavailable|booked)\b",
    ),
    # right after the day itself (not after its time or part of the day):
    "busy_after": (
        # "monday i have work", "tuesday i've got a shift": busy with one's own
        r"^\s*(?:(?:mornings?|afternoons?|evenings?)\s+)?(?:i|we|she|he|they)\s*(?:'ve|'s|have|"
        r"has|ve)?\s*(?:got|have|has)"
        r"\s+(?:work|a shift|shifts|class|classes|school|uni|training|practice|an appointment|"
        r"another appointment|plans|something on|stuff on|a meeting|meetings)\b",
        r"^\s*(?:(?:mornings?|afternoons?|evenings?)\s+)?(?:i|we) (?:work|'?m at work|am at work|"
        r"'?m on shift|am on shift)\b",
    ),
    # matched right before a day ("not on Saturdays", "I can't do Fridays", "except Monday")
    "exclude_before": (
        r"\b(?:(?<!why )not|never|except|excluding|apart from|other than|anything but|but not|"
        r"instead of|in place of|"
        r"avoid|avoiding|(?:any ?(?:day|time|thing)|anything|whenever) but|"
        r"(?:can'?t|cannot|can not|couldn'?t|won'?t|unable to) (?:do|come(?: in)?)|"
        r"(?:i'?m|i am|we'?re|we are) (?:busy|away|working|out|not free|not available|"
        r"unavailable)|(?:busy|away|working|not free|not available|unavailable))"
        r"(?:\s+(?:on|the|any|all|at|for|in))*\s*$",
    ),
    "exclude_before_habit": (r"\bno(?:\s+(?:more|on))?\s*$",),
    # "my Thursday session", "the one on the 14th", "my appointment in May"
    # a day added to what is being discussed ("and the 11th same time", "thursday too")
    "adding": (r"^\W*(?:and|also|plus|oh and|and also|\+)\b", r"\b(?:as well|too)\W*$"),
    # in a change, "from <day> ... to <day>": the first day is the booking moved
    "move_from": (
        r"\b(?:from|on)\s*(?:the\s+|my\s+)?$",
        # "can't make fri arvo, ... shift it to thurs": the day that does not work
        r"\b(?:can'?t|cannot|can not|won'?t|not able to|unable to) (?:make|do)(?: it)?"
        r"(?: on)?\s*(?:the\s+|my\s+)?$",
    ),
    "move_to": (r"\b(?:to|till|until|for)\s*(?:the\s+)?$",),
    "ref_after": (
        r"^\s*(?:sessions?|lessons?|appointments?|visits?|class(?:es)?|treatments?|bookings?|"
        r"ones?)\b",
    ),
    "ref_before": (
        r"\b(?:my|our|the|this|that)\s*$",
    ),
    "ref_before_alone": (
        r"\b(?:my|our)\s*$",
        r"\b(?:my|our|the|this|that) (?:\w+ )?(?:sessions?|lessons?|appointments?|visits?|"
        r"class(?:es)?|treatments?|bookings?|one)\s+(?:on|in|from)?\s*(?:the\s+)?$",
    ),
    # --- counts ------------------------------------------------------------
    "count_all": (
        r"\ball\s+(?:\d+|of (?:them|it|those|these|the \w+)|at once|(?:the )?remaining|"
        r"the (?:rest|sessions|lessons|appointments|classes|visits)|sessions|lessons|"
        r"appointments|classes|visits|together|in one go)\b",
        r"\b(?:book|do|schedule|take|plan|reserve|want|get)\s+(?:them\s+|it\s+|those\s+)?all\b",
        r"\bthe (?:whole )?lot\b",
        r"\bthe (?:rest|remaining(?: \w+)?)\b", r"\bthe whole (?:package|plan|course|thing|"
        r"series|set|treatment|program|programme)\b", r"\beverything\b", r"^\W*all\W*$",
        r"\bevery (?:session|lesson|one)\b",
    ),
    "count_after": (
        r"\s*(?:more\b|(?:new |more |further |extra |additional )?(?:sessions?|lessons?|"
        r"appointments?|classes|class|visits?|treatments?|slots?|dates?|ones?)\b|of them\b|"
        r"at once\b|now\b|to (?:start|begin)\b|for now\b|first\b|at a time\b|"
        r"this (?:week|month)\b|per week\b|a week\b)",
    ),
    "count_before": (
        r"\b(?:do|book|schedule|take|want|need|like|get|start(?:ing)? with|make it|go for|"
        r"try|reserve|just|only|maybe|plan|first|begin with|with)\s+(?:the\s+|about\s+|"
        r"another\s+|maybe\s+|just\s+)?$",
    ),
    # a lone number that may be an hour: "make it 11", "can we do 3 instead"
    "hour_before": (
        r"\b(?:make it|do|how about|what about|say|try|go for|rather|maybe|at|@)\s*$",
        # "ok 9 then", "fine, 10 then": an acknowledgement, then the hour
        r"^\W*(?:ok(?:ay)?|fine|alright|all right|right|sure|well|hmm+|ah|oh)\W*$",
    ),
    "hour_after": (
        r"\s*(?:[,.!?]+\s*)?(?:(?:instead|then|please|pls|maybe|rather|if possible|"
        r"if (?:that'?s|it'?s) (?:ok|okay|possible|free)|ok|okay)\b[\s,.!?]*)*$",
    ),
    # the customer takes back a day or time just written and names another
    # ("wednesday at 11, no sorry wait, thursday"): what follows replaces it
    "self_correction": (
        r"\b(?:no+|nah|nope|naw)[\s,.!]+(?:sorry|soz|sry|wait|hang on|hold on|i mean|i meant|"
        r"my bad|oops|actually|make (?:it|that))\b",
        # "thurs at 3, actually nah make it 3:30": actually, perhaps a no, then the change
        r"\bactually[\s,.!]+(?:(?:no+|nah|nope|naw)[\s,.!]+)?(?:make (?:it|that)|let'?s say)\b",
        r"\b(?:sorry|soz|sry|oops|whoops|my bad)[\s,.!]+(?:i mean|i meant|wait|no+|"
        r"make (?:it|that))\b",
        r"\b(?:wait|hang on|hold on)[\s,.!]+no+\b", r"\bno+[\s,.!]+no+\b",
        r"\b(?:i mean|i meant|scratch that|correction|or rather|strike that|typo)\b",
        r"\bmake that\b",
        # "monday at 10... no, better tuesday": a no, then what is preferred
        r"\bno+[\s,.!]+(?:better|rather|instead)\b",
        # "... oh no, she has gym then, better friday": the no alone is the marker when
        # a short reason follows it before what is preferred
        r"(?<!\bif )(?<!\bor )\bno+\b(?=[\s,.!]+(?:[\w':]+[\s,.!]+){0,8}?"
        r"(?:better|rather|preferably)\b)",
        # "wednesday in two weeks at 10, i.e. the 21st": the date said to make it plain
        r"[,;(]\s*(?:i\.?e\.?|that is|that's|thats|which is|so)(?=\s+(?:on )?(?:the )?\d)",
        # "at 9, sorry, 10": an apology set off on its own
        r"[,;]\s*(?:sorry|soz|sry|pardon|my bad|oops|whoops)\s*[,.!]",
        # "thursday at 2, oh no, ...": an interjection, then no
        r"\b(?:oh|ah|ahh|ugh|argh|damn|dang|shoot)[\s,.!]+no+\b"
        r"(?![\s,]+(?:problem|worries|rush|way|need|thanks)\b)",
    ),
    "hour_instead": (
        r"\s+instead\b",
        r"\s*(?:is|'s|would be|should be|will be|'d be)\s+(?:fine|good|ok|okay|great|perfect"
        r"|best|ideal|better)\b",
        r"\s+(?:works|suits)\b",
    ),
    # --- going back to an offer shown earlier ("the first time you offered was better")
    "offer_first": (
        rf"\b(?:first|original|initial|1st) {_OFFERED}\b(?=[^.?!]{{0,30}}\b(?:you|u) "
        rf"{_OFFER_VERBS})",
        rf"\b(?:first|1st) {_OFFERED} (?:was|were|is|sounded|seemed|looked|worked) "
        r"(?:\w+ )?(?:better|best|fine|good|great|nicer|easier)\b",
        rf"\boriginal {_OFFERED}\b", r"\b(?:go|going|get|switch|change it) back to (?:the )?"
        r"(?:first|original|initial|1st)\b",
        rf"\bwhat (?:you|u) {_OFFER_VERBS} (?:at )?(?:first|originally|initially)\b",
    ),
    "offer_previous": (
        rf"\b(?:previous|prior) {_OFFERED}\b", r"\bthe one before\b",
        rf"\bwhat (?:you|u) {_OFFER_VERBS} before\b",
        r"\b(?:go|going|switch|change it) back to (?:the )?(?:previous|prior|last|other) "
        r"(?:one|option|time|plan|suggestion|proposal)\b",
    ),
    "count_not": (
        r"\b(?:session|lesson|appointment|class|visit|number|no\.?|#)\s*$",
    ),
    # numbers that are not counts: units after a number, money, "2 of 10", asides
    "number_unit": (
        r"%|st|nd|rd|th|days?|weeks?|months?|years?|hours?|hrs?|minutes?|mins?|km|kg|cm|x|times",
    ),
    "not_date_unit": (r"am|pm|h|hours?|hrs?|mins?|minutes?|km|kg|cm|m|%|x|times|chf|eur|usd",),
    "money_word": (r"chf|eur|usd|gbp|euros?|dollars?|francs?|pounds?|fr\.?",),
    "out_of": (r"of|out of",),
    "count_aside": (
        r"\b1 (?:more |last |other |quick |small )*(?:thing|question|query|detail|point|"
        r"favou?r)s?\b",
        # "8 is too early for me": an hour the customer turns down, not a count
        r"\b\d{1,2}(?::\d\d)?\s*(?:am|pm|o'?clock)?\s+(?:is|'s|was|would be)\s+(?:\w+\s+)?"
        r"(?:too|a bit|rather|way|bit)\s+(?:\w+\s+)?(?:early|late|soon)\b",
        # a person's age: "she's 15", "my son is 17", "aged 16", "he turns 18"
        r"\b(?:she|he|they|who|son|daughter|kid|child|boy|girl|nephew|niece|brother|sister"
        r"|(?:son|daughter|kid|boy|girl|nephew|niece|brother|sister) [a-z]+)"
        r"(?:'s|'re| is| are| was)\s+(?:only |just |nearly |almost |now )?\d{1,2}\b"
        r"(?!\s*(?:am|pm|o'?clock|:|sessions?|lessons?|classes|appointments?|visits?)\b)",
        r"\b(?:aged?|turns?|turning|turned)\s+\d{1,2}\b",
        r"\b\d{1,2}\s*(?:yo|y/o|yrs? old|years? old)\b",
    ),
    # the customer's own contact, a booking verb, a question about bookings
    "own_contact": (
        r"\b(?:my|our)\s+(?:phone|mobile|cell|whatsapp|number|e-?mail|address|contact)"
        r"(?:\s+number)?(?:\s+is)?\s*:?\s*$",
        r"\b(?:call|text|reach|contact)\s+(?:me|us)\s+(?:on|at)\s*$", r"\b(?:i'?m|this is)\s*$",
    ),
    "book_verb": (r"\b(?:book|schedule|reserve|arrange)\b(?!\s*(?:ed|ings?)\b)",),
    "next_session": (r"\b(?:my |the )?next (?:appointment|session|lesson|visit|booking|class)\b",),
    "list_question": (
        r"\b(?:when|what|which|where|show|list|remind|tell|check|confirm)\b", r"\bam i\b",
        r"\bdo i have\b",
    ),
    "booking_words": (
        r"\b(?:book\w*|appointments?|sessions?|lessons?|schedul\w*|reserv\w*|visits?|"
        r"progress|plan|show|tell|when|what|who|details?|data|history|cancel\w*|move)\b",
    ),
    # --- intents -----------------------------------------------------------
    "intent_book": (
        r"\bbook(?!ings?\b|ed\b)", r"\bschedul(?:e|ing)\b", r"\breserv\w*",
        r"\bmake (?:an? |the )?(?:appointment|booking|reservation)",
        rf"\b(?:get|need|want|like|have|fix) (?:an? |my |the )?(?:first )?{_SESSIONS}\b",
        r"\bsign (?:me |us )?up\b", r"\bi(?:'d| would)? (?:want|need|like|love)\b"
        r"(?! to (?:cancel|reschedule|move|change|know|ask|check|see|find))",
        r"\bcan i (?:come|get|have|start)\b", r"\bcome in\b", r"\bset (?:it |me |one )?up\b",
        r"\barrange\b", r"\bstart(?:ing)?\b", r"\blearn(?:ing)? to\b", r"\binterested in\b",
        r"\blet'?s (?:do|start|go)\b",
        r"\b(?:\d+|one|two|three|four|five|a few|some) more\b"
        r"(?! (?:thing|question|query|detail|point|favou?r)s?\b)",
        r"\bsign up\b",
    ),
    "intent_availability": (
        r"\b(?:free|available|availability|availabilities|openings?|slots?|spots?|space|"
        r"vacanc\w*)\b(?<!feel free)",
        r"\bwhen (?:can|could|are you|is (?:the|your)|do you)\b",
        r"\bwhat (?:times?|days?|dates?|hours)\b", r"\bearliest\b", r"\bsoonest\b",
        r"\bnext (?:available|free|opening)\b",
        r"(?<!services )(?<!treatments )(?<!packages )\b(?:do you have|have you got)\b",
        r"\b(?:are|is) (?:you|it|the \w+) open\b", r"\bopening hours\b", r"\bany time\b",
        r"\basap\b", r"\bas soon as possible\b",
    ),
    "intent_plan_info": (
        rf"\bhow many {_SESSIONS}\b(?!.*\b(?:left|remaining|done|completed|have i|did i|"
        r"i have|i've|to go|more)\b)",
        r"\bhow long\b", r"\bhow (?:does|do|will|would) (?:it|this|that|the \w+) (?:work|go)",
        r"\bwhat(?:'s| is| does| do)? (?:it |that |this )?(?:involve|included?|consists?)",
        r"\bwhat (?:does|do|is) (?:the|a|an) [\w ]{0,30}(?:involve|include|consist|like)",
        r"\b(?:treatment|lesson|session|care) plan\b", r"\bhow often\b", r"\bhow far apart\b",
        r"\bhow (?:much time|many weeks|many months)\b", r"\bduration\b", r"\bsteps\b",
        r"\bprocess\b", r"\btell me (?:more )?about\b", r"\binfo(?:rmation)?\b",
        r"\bdetails\b", r"\bwhat is (?:a|an|the)\b", r"\bgap between\b", r"\bexplain\b",
    ),
    "intent_price": (
        r"\bprices?\b", r"\bpricing\b", r"\bpriced\b", r"\bcosts?\b", r"\bcosting\b",
        r"\bhow much\b(?! time| longer| later)", r"\bfees?\b", r"\bcharges?\b",
        r"\bpay(?:ment|ing)?\b", r"\bexpensive\b", r"\bcheap\w*\b", r"\baffordable\b",
        r"\bquote\b", r"\b(?:chf|eur|euros?|usd|gbp|dollars?|francs?|pounds?)\b",
        "[\u20ac$\u00a3]", r"\bdiscount\w*\b", r"\btariffs?\b", r"\brates?\b",
        r"\b(?:is (?:it|that|this)|charged?|paid|priced) per (?:session|lesson|visit|"
        r"appointment|treatment|class)\b",
    ),
    "intent_progress": (
        rf"\b(?:{_SESSIONS}|many|much)\b[\w\s']{{0,25}}\b(?:left|remaining|remain|to go)\b",
        r"\b(?:left|remaining)\s*(?:\?|$|in my|on my|for me|of my|in the)",
        r"\bremaining (?:sessions|lessons|appointments|visits|classes)\b",
        r"\bhow many (?:\w+ )?(?:have i|did i|i(?:'ve)? (?:have|had|did|done|completed))",
        r"\bwhere am i\b", r"\bmy progress\b", r"\bprogress\b",
        r"\bhow far (?:along|through|into|am i|in am i)\b",
        r"\bhow many more\b", r"\bdone so far\b", r"\bstatus\b", r"\bhalfway\b",
        r"\bhow am i doing\b", r"\bhow many (?:\w+ )?(?:are )?(?:done|completed)\b",
    ),
    "intent_reschedule": (
        r"\breschedul\w*", r"\bre-?book\w*", r"\bmove\b", r"\bmoving\b", r"\bpostpon\w*",
        # Indian English: "prepone" is to move earlier
        r"\bprepon\w*", r"\bpre-pon\w*", r"\badvance (?:my|the|it)\b",
        r"\bpush (?:\w+ )?(?:back|forward|out|later)\b", r"\bbring (?:\w+ )?forward\b",
        r"\bpush (?:\w+ ){1,3}(?:back|forward|out|later)\b", r"\bbring (?:\w+ ){1,3}forward\b",
        r"\b(?:push|put off|shift|bring|bump|slide|flip)\b(?=[\w\s']{0,40}\b(?:to|until|till)\b)",
        r"\bswap(?:ping)?\b",
        r"\bchange (?:my|the|it|that|this|our|to)\b", r"\bchanging\b",
        # "shift it", not "after my shift" (a work shift)
        r"(?<!\bmy )(?<!\bthe )(?<!\ba )(?<!\bnight )(?<!\bday )(?<!\bwork )(?<!\bearly )"
        r"(?<!\blate )(?<!\bher )(?<!\bhis )\bshift\b(?!\s+(?:work|ends?|starts?|finish\w*)\b)",
        r"\bswitch\b", r"\bdifferent (?:day|time|date)\b", r"\banother (?:day|time|date)\b",
        r"\b(?:can'?t|cannot|can not|won'?t|couldn'?t) make it\b", r"\bdelay\b",
        # "I can't make my review", "won't be able to attend the fitting"
        r"\b(?:can'?t|cannot|can not|couldn'?t|won'?t(?: be able to)?|unable to|not able to) "
        r"(?:make|attend|come to|get to|be at|go to) (?:my|our|it\b|this|that|the next|"
        rf"the (?:\w+ ){{0,2}}?(?:{_SESSIONS}|booking|one)\b)",
    ),
    "intent_cancel": (
        r"\bcancel\w*", r"\bcall (?:it |them |that )?off\b", r"\bnot (?:be )?coming\b",
        r"\bwon'?t (?:be )?(?:coming|attending|able to (?:come|attend))\b",
        r"\bdrop (?:out|it)\b",
        # "drop my thursday session", not "I drop the kids at school"
        r"\bdrop (?:my|the|that|this)\s+(?:[\w']+\s+)?(?:appointment|booking|session|class|"
        r"lesson|slot|visit|treatment|plan|one)s?\b",
        r"\b(?:delete|remove) (?:my|the|that|this|it|all)\b",
        r"\bunbook\b", r"\bwithdraw\b",
        r"\bstop (?:the|my) (?:treatment|plan|package|lessons|sessions)\b",
    ),
    "intent_list_bookings": (
        r"\bmy (?:appointments?|bookings?|sessions?|lessons?|schedule|reservations?|visits?|"
        r"dates|classes|plan|calendar)\b",
        r"\bwhen (?:is|are|was) my\b", r"\bwhat (?:did|have) i (?:book|booked|schedule)",
        r"\bwhat(?:'s| is| have i got) (?:booked|scheduled|coming up)\b", r"\bupcoming\b",
        r"\bwhen am i (?:coming|booked|scheduled|seeing|due)\b", r"\bshow (?:me )?my\b",
        r"\blist (?:of )?my\b", r"\bam i booked\b",
        r"\bdo i have (?:an?|any) (?:appointment|booking|session|lesson|visit)",
        r"\bnext (?:appointment|session|lesson|visit|booking|class)\b",
        r"\bwhat(?:'s|s| is| comes)? next\b(?! (?:week|month|day|year|time|monday|tuesday|"
        r"wednesday|thursday|friday|saturday|sunday|step)\b)",
        # "what appointments do I have?", "what do I have booked?", "what am I booked for?"
        r"\b(?:what|which) (?:\w+ )?(?:appointments?|bookings?|sessions?|lessons?|visits?|"
        r"classes|reservations?|days?|dates?) (?:do|have|did|am) i\b(?! need)",
        r"\bwhat (?:do|have|did) i (?:got |have )?(?:booked|scheduled|reserved|coming up)\b",
        r"\bwhat am i (?:booked|scheduled) (?:for|in)\b",
        r"\b(?:do|have) i (?:got |have )?any(?:thing| \w+)? (?:booked|scheduled|coming up)\b",
    ),
    # a part of the day that opens the message as a greeting ("Morning, how much is..."):
    # no time asked for
    "greeting_daypart": (
        r"^\W*(?:good\s+)?(?:morning|mornin|afternoon|evening)(?=\s*[,!.]\s*\S)",
    ),
    "intent_greeting": (
        r"^\W*(?:hi+|hello+|hey+|heya|hiya|howdy|yo|greetings|good (?:morning|afternoon|"
        r"evening|day)|morning|evening|hallo|hola|bonjour|gr[uü]e?zi|salut|ciao|servus|moin)\b",
    ),
    "intent_thanks": (
        r"\bthanks?\b", r"\bthank (?:you|u)\b", r"\bthankyou\b", r"\bcheers\b",
        r"\bappreciat\w*", r"\bmerci\b", r"\bdanke\b", r"\bgrazie\b", "\U0001f64f",
    ),
    "intent_help": (
        r"\bhelp\b", r"\bwhat can you do\b", r"\bmenu\b", r"\boptions\b",
        r"\bi have a question\b", r"\b(?:speak|talk|chat) (?:to|with)\b",
        r"\b(?:a )?(?:human|real person|receptionist|manager|staff)\b", r"\bconfused\b",
        r"\b(?:don'?t|do not) understand\b", r"^\W*\?+\W*$", r"\bhow does this work\b",
    ),
    "intent_services": (
        r"\bwhat (?:services|treatments|packages|do you (?:offer|do|provide))\b",
        r"\bwhich (?:services|treatments|packages)\b",
        r"\b(?:services|treatments|packages) (?:do )?you (?:offer|have|provide)\b",
        r"\bwhat can i book\b", r"\bdo you (?:offer|do|provide)\b", r"\bprice list\b",
    ),
    "intent_other_customer": (
        r"\b(?:other|another|different) (?:customers?|clients?|patients?|people|persons?|"
        r"students?|users?|members?)\b",
        r"\b(?:someone|somebody|anyone|anybody) else'?s?\b", r"\b(?:everyone|everybody)'?s\b",
        r"\bwho (?:else )?(?:is|has|are|was|'s|were) (?:booked|coming|scheduled|booking|in)\b",
        r"\bwho else\b", r"\bwho (?:booked|has booked|is booked)\b",
        r"\ball (?:the |your )?(?:customers|clients|patients|bookings|appointments|"
        r"reservations|students)\b",
        # "the patient list", not "patient name is Ravi Kumar" (a name given)
        r"\b(?:customer|client|patient|student) (?:list|data|records?|details|names?)\b"
        r"(?!\s*(?::|-|=|is\b|will be\b))",
        r"\bwhat (?:did|has|have) (?!i\b|you\b|we\b)[a-z]+ (?:book|booked|schedule)",
        r"\bwhen (?:is|does|did) (?!my\b|it\b|the\b|that\b|this\b|your\b|i\b)[a-z]+(?:'s)? "
        r"(?:appointment|booking|session|lesson|next)",
        # "my son Leo also has an appointment with you", "when is her next session?"
        rf"\bmy {_RELATIVES}\b(?: [a-z]+){{0,3}} (?:has|had|have|is|was|'s)\b[^.?!]{{0,40}}?"
        rf"\b(?:{_PERSONAL}|booked|scheduled)\b",
        rf"\b(?:when|what time|what day|which day|tell me|show me|check)\b[^.?!]{{0,30}}"
        rf"\b(?:his|her) (?:next |upcoming |last |first )?{_PERSONAL}\b",
    ),
    "intent_cancel_all": (
        r"\b(?:cancel\w*|call off|delete|remove|drop)\b[\w\s']{0,20}?\b(?:all|every|each|both)"
        r"(?: of)?(?: (?:my|our|the))? (?:appointments|bookings|sessions|lessons|visits|plans|"
        r"packages|classes|treatments|reservations|of them|them)\b",
        r"\b(?:cancel|delete)\w* everything\b",
        r"\b(?:cancel\w*|delete|remove)\b[\w\s']{0,20}?\b(?:every|each) (?:single )?(?:appointment|"
        r"booking|session|lesson|visit|plan|package|class|reservation)\b",
        r"\b(?:all|every) (?:my |our )?(?:appointments|bookings|sessions|plans|packages)\b"
        r"[\w\s']{0,20}\bcancel\w*",
    ),
    "intent_policy": (
        r"\bcancell?ation (?:policy|fee|fees|charge|rules?|terms|period)\b",
        r"\breschedul\w* (?:policy|fee|fees|rules?)\b",
        r"\bwhat (?:happens|if) (?:if |when )?i (?:need to |have to |want to )?(?:cancel|"
        r"reschedule|move|miss|don'?t (?:show|come))\w*",
        r"\b(?:can|could|may) i (?:still )?(?:cancel|reschedule|move)\w*\b[^.?!]{0,40}"
        r"\b(?:later|free|for free|without|last minute|short notice|if)\b",
        r"\bhow (?:much|many (?:hours|days)|long|far in advance) (?:notice|before|in advance|"
        r"ahead)\b[^.?!]{0,40}",
        r"\b(?:notice|hours?) (?:do i need|in advance|before)\b[^.?!]{0,30}"
        r"\b(?:cancel|reschedul|mov)\w*",
        r"\b(?:charged?|fee|pay|lose)\b[^.?!]{0,30}\b(?:if|when) i (?:cancel|reschedule|miss|"
        r"move)\w*", r"\blate cancell?ation\b", r"\bno[- ]show\b",
        r"\bhow far in advance\b[^.?!]{0,40}",
        # "until when can I cancel?", "how late can we move it?": a question about the
        # limit, not a request to cancel
        r"\b(?:until when|till when|by when|up to when|how late|how last[- ]minute|how close "
        r"to (?:the|my) \w+) (?:can|could|may|do|should|must) (?:i|we|you|one)\b[^.?!]{0,30}"
        r"\b(?:cancel|reschedul|move|chang)\w*",
        r"\b(?:is there|do you (?:charge|have)) (?:a |any )?(?:fee|charge|penalty)\b",
        r"\b(?:cancel|reschedul|mov)\w* (?:for free|free of charge|without (?:a )?(?:fee|charge|"
        r"paying))\b",
    ),
    "intent_validity": (
        r"\b(?:expire|expires|expiry|expiration|expiring|valid|validity)\b",
        r"\bhow long (?:is|does|do|will) (?:the |my |a |this |that )?(?:package|plan|pass|"
        r"course|voucher|card|bundle)\w* (?:valid|last|good for)\b",
        r"\buse (?:it|them|the sessions) (?:up )?(?:by|before|within)\b",
        r"\bhow (?:long|much time) do i have to (?:use|finish|complete|book)\b",
        r"\buntil when (?:can|do|is|are)\b", r"\bdeadline (?:to|for) (?:use|using|book)\w*\b",
        r"\bhow long (?:is|are) (?:the |my )?(?:sessions?|lessons?|credits?) (?:valid|good)\b",
    ),
    "intent_opening": (
        r"\b(?:are|is) (?:you|the (?:studio|clinic|salon|shop|practice|gym|office)) "
        r"(?:open|closed)\b", r"\bopen(?:ing)? (?:hours|times|days)\b",
        r"\b(?:open|closed) (?:on|at|during|over|for|this|next|tomorrow|today)\b",
        r"\bwhen (?:are|do) you (?:open|close)\b", r"\bwhat time do you (?:open|close)\b",
        # a holiday asked about, not one mentioned ("oh it's a public holiday, thurs then")
        r"\b(?:bank |public )?holidays?\b(?=[^.!]*\?)",
        r"\b(?:open|work|working)\b[^.!?]*\b(?:bank |public )?holidays?\b",
    ),
    "intent_contact": (
        r"\b(?:your|the) (?:phone|telephone|mobile|contact|whatsapp)(?: number)?\b",
        # "and clinic is where exactly, near which metro?": where it is, by what is near it
        r"\b(?:clinic|studio|practice|place|shop|office|salon|gym|centre|center|surgery)\s+"
        r"(?:is\s+)?(?:located\s+)?(?:where|at where)\b",
        r"\bnear (?:which|what|wat) (?:metro|station|stop|bus stop|landmark|mrt|tube|subway|"
        r"train station|signal|road)\b",
        r"\b(?:nearest|closest) (?:metro|station|stop|bus stop|landmark|mrt|tube|subway|"
        r"train station|parking)\b",
        r"\b(?:your|the) (?:e-?mail|address|website|location)\b",
        r"\bhow (?:can|do|could) i (?:contact|reach|call|email|e-mail|get hold of) (?:you|"
        r"the|someone|somebody)\b", r"\bwhere are you(?: located| based)?\b",
        # where the business is, as customers ask it ("whereabouts are ye", "where r u based")
        r"\bwhere ?abouts? (?:are|r|is) (?:you|u|ye|ya|youse|the (?:studio|clinic|practice|"
        r"gym|salon|shop|office))\b", r"\bwhere (?:r|are) (?:u|ya|ye) (?:located|based)\b",
        r"\bwhere (?:can|do) i find (?:you|u)\b",
        # "your clinic where?", "the studio is at where ah" (Singapore, Malaysia, India)
        r"\b(?:your|ur|the) (?:clinic|studio|practice|place|shop|office|salon|gym|centre|center)"
        r"\s+(?:is\s+)?(?:at\s+)?(?:where|located where)\b",
        r"\bwhere (?:are |r )?(?:y'?all|you guys|youse|yous) (?:at|located|based)\b",
        r"\bwhere (?:you|u|ya|ye) at\b", r"\bwhere(?:'s| is) (?:your|the) (?:place|"
        r"studio|clinic|practice|gym|salon|shop|office)\b",
        r"\b(?:contact|reach) (?:details|info|information)\b", r"\bnumber to call\b",
        r"\b(?:number|phone|line) (?:to|i (?:can|should)|can i|should i) (?:call|ring|phone|"
        r"text|reach|whatsapp)\b", r"\b(?:call|ring|phone) (?:you|u) (?:on|at)\b",
        r"\bwhat(?:'s| is) (?:your|the best|the) (?:\w+ )?(?:phone )?number\b(?! of)",
        r"\b(?:your|the) (?:postcode|post code|zip code|directions|parking)\b",
        r"\bwhere(?:'s| is)(?: (?:the|your))? (?:clinic|practice|office|studio|shop|school|salon|"
        r"surgery|centre|center|place|premises|gym)\b",
        r"\bhow (?:do|can|would) i (?:get|find) (?:to )?(?:you|the (?:clinic|practice|studio|"
        r"school|salon|centre|center|gym))\b",
    ),
    "intent_human": (
        # a person at the business ("talk to the wife first" is no such request)
        r"\b(?:speak|talk|chat) (?:to|with) (?:someone|somebody|some one|(?:a |an |the )?"
        r"(?:real |actual )?(?:human|person|people|staff|receptionist|manager|owner))",
        r"\b(?:a |an )?(?:real|actual|live) (?:human|person)\b", r"\bhuman being\b",
        r"\bare you a (?:bot|robot|machine|computer)\b", r"\bcall me back\b",
        r"\b(?:someone|somebody) (?:to )?call me\b", r"\bput me through\b",
        r"\b(?:get|connect|transfer) me (?:to|with) (?:a |an |the )?(?:human|person|someone|"
        r"somebody|staff|receptionist|manager)\b",
        r"^\W*(?:a |an )?(?:person|real person|human|staff member)(?: please| pls)?\W*$",
    ),
    # the customer is angry or fed up: the bot offers a person (agent/nlu/mood.py)
    "upset": (
        r"\b(?:useless|ridiculous|stupid|terrible|awful|annoying|frustrat\w*|angry|furious|"
        r"unacceptable|pathetic|hopeless|wtf)\b", r"\bfed up\b", r"\bsick of\b",
        r"\bwaste of (?:my )?time\b", r"\bnot helpful\b", r"\bthis is a joke\b",
    ),
    "bot_question": (
        r"\bare you (?:a |an )?(?:bot|robot|machine|computer|ai|real)\b",
        r"\bam i (?:talking|speaking|chatting) (?:to|with) a (?:bot|robot|machine|computer)\b",
    ),
    # "do you do piercings?", "I'd like a massage": the thing asked for follows (see asked.py)
    "service_asked": (
        r"\bdo you (?:guys |also |still |even )?(?:do|offer|provide|have|sell|perform)\s+",
        r"\b(?:i|we)(?:'d| would)? (?:really )?(?:want|need|like|love)\s+(?=(?:an?|some)\b)",
        r"\bcan (?:i|we) (?:get|have|book)\s+(?=(?:an?|some)\b)",
    ),
    "book_remaining": (
        # "book the remaining sessions", "can I book all 4 remaining": what to book
        r"\b(?:book|schedule|reserve|arrange|plan)\b(?:\s+(?!how\b)[\w']+){0,3}?\s+"
        r"(?:remaining|rest|left)\b",
    ),
    "progress_question": (
        r"\bhow (?:many|much)\b", r"\bwhere am i\b", r"\bstatus\b", r"\bmy progress\b",
    ),
    # a yes that only acknowledges what was said: no yes to an offer ("right ok")
    "plain_acknowledgement": (
        r"^(?:ok(?:ay)?|k|kk|alright|all right|right|cool|fine|got it|understood|i see|"
        r"fair enough|ah|oh|ah ok|oh ok)$",
    ),
    "acknowledgement": (
        r"^(?:ok(?:ay)?|alright|all right|right|cool|great|perfect|fine|good|nice|sure|"
        r"got it|understood)$",
    ),
}  # fmt: skip

VOCABULARY = frozenset(
    word
    for patterns in PHRASES.values()
    for pattern in patterns
    for word in re.findall(r"[a-z][a-z']+", re.sub(r"\\[a-zA-Z]", " ", pattern))
) | frozenset("yes no yeah yep yup nope nah ok okay sure hi hey hello thanks".split())
"""Words the phrases spell, so the typo fixer leaves them alone."""
