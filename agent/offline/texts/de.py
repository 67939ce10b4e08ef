"""German texts of the offline model (Sie-Form, as a practice writes)."""

WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
WEEKDAYS_LONG = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
MONTHS = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")
MONTHS_LONG = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip
DAY_FORMAT = "{wd}, {d}.{m}.{y}"
DAY_LONG_FORMAT = "{weekday}, {d}. {month}"
OPTION_FORMAT = "{wd}, {d}.{m}. {hm}"

TEXTS: dict[str, str] = {
    "next.done": "{completed} von {total} {units} erledigt",
    "next.until": " und {last}",
    "next.window": (
        "Stand: {done}. {Unit} {number} kann zwischen {first}{until} gebucht werden; "
        "ich empfehle {best}. Welcher Tag und welche Uhrzeit passen Ihnen?"
    ),
    "next.more": (
        "Stand: {done}, {booked} gebucht und {left} noch offen. Wie viele möchten Sie jetzt buchen?"
    ),
    "next.attend": "Ihr nächster Termin ist {Unit} {number}.",
    "next.attend_on": "Ihr nächster Termin ist {Unit} {number} am {when}.",
    "next.after": "Danach helfe ich Ihnen, {Unit} {next} zu buchen.",
    "next.expired": "Ihr Paket {service} ist abgelaufen. Möchten Sie ein neues beginnen?",
    "next.when": "Stand: {done}. Wann möchten Sie den nächsten Termin?",
    "cancel_all.ask": (
        "Soll ich all diese Termine absagen?\n{items}\n"
        "Bitte antworten Sie mit ja oder nein (oder nennen Sie das eine Angebot zum Absagen)."
    ),
    "cancel_all.none": "Sie haben keine anstehenden Termine zum Absagen.",
    "describe.single": "{name}: {minutes} Minuten.",
    "describe.includes": "{name} umfasst {count}.",
    "describe.duration_each": "Dauer pro {unit}: {minutes} Minuten.",
    "describe.session": "{number}. {label} ({minutes} Min.)",
    "describe.spacing_min": "Abstand: mindestens {low} Tage.",
    "describe.spacing_range": "Abstand: {low} bis {high} Tage.",
    "price.per_session": "{price} pro Termin ({total} für alle {n})",
    "price.plan": "{price} für alle {n} {units}",
    "price.on_request": "auf Anfrage",
    "price.free": "kostenlos",
    "unit.session": "Termin",
    "unit.sessions": "Termine",
    "unit.lesson": "Stunde",
    "unit.lessons": "Stunden",
    "greeting.hello": "Hallo!",
    "greeting.hello_name": "Hallo {name}!",
    "greeting.intro": "{hello} Ich bin der Buchungsassistent von {business}. Ich kann buchen:",
    "greeting.ask": "Was möchten Sie buchen?",
    "hesitant": (
        "Natürlich, lassen Sie sich Zeit. Schreiben Sie mir einfach, wenn Sie so weit sind."
    ),
    "hesitant.shown": (
        "Natürlich, lassen Sie sich Zeit. Noch ist nichts gebucht; sagen Sie einfach ja, "
        "wenn Sie diesen Termin möchten."
    ),
    "not_understood.short": "Das kann ich hier leider nicht beantworten.",
    "not_understood": (
        "Entschuldigung, dabei kann ich hier nicht helfen. Ich kann Termine buchen, "
        "verschieben oder absagen und Auskunft zu Preisen, Öffnungszeiten und Ihrem Plan "
        "geben. Unser Angebot: {names}."
    ),
    "which_service": "Welches Angebot möchten Sie? Wir bieten: {names}.",
    "unknown_service": (
        "Entschuldigung, {what} bieten wir nicht an. Unser Angebot: {names}. "
        "Möchten Sie eines davon?"
    ),
    "unknown_service.that": "das",
    "ask_start.single": "Wann möchten Sie kommen?",
    "ask_start.immediate": (
        "Wir planen alle {n} {units} jetzt ein. Wann möchten Sie mit {Unit} 1 beginnen?"
    ),
    "ask_start.sequential": (
        "Wir buchen immer einen Termin nach dem anderen, so bleiben Sie flexibel. "
        "Wann möchten Sie mit {Unit} 1 beginnen?"
    ),
    "ask_start.flexible": (
        "Sie können so viele {units} auf einmal buchen, wie Sie möchten. "
        "Wie viele möchten Sie jetzt einplanen?"
    ),
    "ask_again.count": "Gerne! Wie viele {units} möchten Sie jetzt einplanen?",
    "ask_again.start": "Gerne! Welcher Tag und welche Uhrzeit passen Ihnen?",
    "proposal.many": "Ihr Terminplan:",
    "proposal.one": "Diesen Termin kann ich buchen:",
    "proposal.line": "📅 {label}: {when}{name} ({minutes} Min.)",
    "proposal.price": "Preis: {price}.",
    "proposal.ask": "Passt das für Sie?",
    "label.numbered": "{Unit} {number} von {of}",
    "booked.moved": "✅ Erledigt! Ihr aktualisierter Plan:",
    "booked.all": "✅ Alle {n} {units} bestätigt!",
    "booked.one": "✅ Bestätigt!",
    "booked.line": "📅 {label}: {when}",
    "booked.next_sequential": ("Nach diesem Termin helfe ich Ihnen, {Unit} {next} zu buchen."),
    "booked.left": "Sie haben noch {left} offen. Buchen Sie jederzeit weitere!",
    "booked.reminder": "Sie erhalten vor jedem Termin eine Erinnerung.",
    "cancel_preview": "Soll ich absagen:\n{items}\nBitte antworten Sie mit ja oder nein.",
    "cancelled": "✅ Abgesagt:\n{items}",
    "session_item": "• {Unit} {number}: {when}",
    "reschedule.header": "Ihr neuer Plan:",
    "reschedule.only_marked": (
        "Nur die mit (verschoben) markierten ändern sich; die anderen bleiben, wie sie sind."
    ),
    "reschedule.ask": "Soll ich das so ändern?",
    "tag.moved": " (verschoben)",
    "tag.done": " (erledigt)",
    "either.both_free": "Beide sind frei:\n{options}\nWelcher Termin ist Ihnen lieber?",
    "either.free": "Frei sind:\n{options}\nWelcher Termin ist Ihnen lieber?",
    "either.one_free": "Davon ist nur dieser frei:\n{option}\nSoll ich ihn nehmen?",
    "either.none_free": "Leider ist keine der beiden Zeiten frei.",
    "which_option": "Welchen möchten Sie? Antworten Sie mit der Nummer:\n{options}",
    "declined": "Kein Problem. Welcher Tag und welche Uhrzeit passen Ihnen besser?",
    "nothing_pending": "Alles klar! Möchten Sie etwas buchen oder ändern?",
    "thanks": "Gern geschehen! Kann ich sonst noch etwas für Sie tun?",
    "partly_read": (
        "Ich habe {understood} verstanden, bin aber nicht sicher, was {left} bedeutet. "
        'Welches Datum und welche Uhrzeit möchten Sie? Bitte mit Monat (z. B. "{example}").'
    ),
    "at_time": "um {hm}",
    "conflict.sorry": "Das geht leider nicht: {message}.",
    "conflict.closed": "Leider haben wir am {day} geschlossen.",
    "conflict.past": "Dieser Zeitpunkt ist leider schon vorbei.",
    "conflict.earliest": "Der früheste mögliche Tag ist {first}",
    "conflict.latest": ", der späteste {last}",
    "conflict.suggest": "; ich empfehle {best}",
    "proposal.unchanged": (
        "Ich habe verstanden, dass Sie etwas anderes möchten, konnte aber nicht lesen, "
        "welche Tage und welche Uhrzeit stattdessen; ich habe nichts geändert oder gebucht. "
        "Welche Tage und Uhrzeit passen Ihnen?"
    ),
    "conflict.offer": "Ich kann anbieten:\n{options}\nWelcher Termin passt Ihnen?",
    "conflict.another_day": "Würde ein anderer Tag passen?",
    "rule.full": "dieser Termin ist schon ausgebucht",
    "rule.min_notice": "für Buchungen brauchen wir mehr Vorlauf",
    "rule.outside_hours": "das liegt außerhalb der Öffnungszeiten",
    "rule.off_grid": "Termine beginnen nur zu festen Zeiten",
    "rule.customer_busy": "Sie haben zu dieser Zeit schon einen Termin",
    "rule.buffer_min": "der Abstand zum vorigen Termin ist zu kurz",
    "rule.buffer_pair": (
        "{first} und {second} liegen zu nah beieinander: zwischen Termin {a} und {b} braucht "
        "es mindestens {days} Abstand"
    ),
    "rule.buffer_max": "der Abstand zum vorigen Termin ist zu lang",
    "rule.no_slot_in_window": "im erlaubten Zeitraum ist nichts frei",
    "rule.after_package_expiry": "das ist nach dem Ablauf Ihres Pakets",
    "rule.reschedule_notice": "so kurzfristig lässt sich der Termin hier nicht mehr ändern",
    "rule.notice_hours": " (nötig sind {hours} Stunden Vorlauf)",
    "rule.no_sessions_left": "alle Termine Ihres Pakets sind schon gebucht",
    "rule.previous_not_completed": "der vorige Termin muss erst abgeschlossen sein",
    "rule.not_movable": "dieser Termin lässt sich nicht verschieben",
    "rule.past": "dieser Zeitpunkt ist schon vorbei",
    "rule.closed_day": "an diesem Tag haben wir geschlossen",
    "rule.no_such_time": "diese Uhrzeit gibt es an dem Tag nicht (Zeitumstellung)",
    "rule.package_expired": "Ihr Paket ist abgelaufen",
    "rule.other": "dieser Zeitpunkt ist nicht möglich",
    "free.header": "Freie Zeiten für {service}:",
    "free.day_line": "{day}: {times}",
    "free.earliest": "Am frühesten: {first}. Soll ich den nehmen, oder welcher passt Ihnen?",
    "free.first_each_day": "Die erste freie Zeit je Tag:\n{options}",
    "free.which": "Welcher passt Ihnen?",
    "free.none": "Leider ist an diesen Tagen nichts frei. Ginge eine andere Woche?",
    "free.on_day": "Am {day} kann ich Ihnen {times} anbieten. Welche Uhrzeit passt?",
    "free.pick": "Antworten Sie mit einer Nummer oder einer anderen Uhrzeit:\n{options}",
    "free.nothing_that_day": "Leider ist am {day} nichts frei. Ginge ein anderer Tag?",
    "free.closed_that_day": "Leider haben wir am {day} geschlossen. Ginge ein anderer Tag?",
    "free.every": " (alle {step} Min.)",
    "free.or": " oder ",
    "free.more": " und mehr",
    "fact.policy": (
        "Buchungen brauchen mindestens {notice} Vorlauf. Sie können einen Termin hier bis "
        "{reschedule} vorher verschieben oder absagen; danach melden Sie sich bitte direkt "
        "bei uns."
    ),
    "fact.hours": "{n} Stunden",
    "fact.hour": "{n} Stunde",
    "fact.valid": "{service}: gültig {days} Tage ab dem ersten Termin.",
    "fact.no_expiry": "Unsere Pakete verfallen nicht.",
    "fact.no_expiry_one": "{service} verfällt nicht.",
    "fact.closed_on": "Am {day} haben wir geschlossen.",
    "fact.open_on": "Am {day} haben wir {hours} geöffnet.",
    "fact.open_weekday": "{weekdays} haben wir {hours} geöffnet.",
    "fact.closed_weekday": "{weekdays} haben wir geschlossen.",
    "fact.no_contact": (
        "Ich bin der Buchungsassistent von {business} und habe hier keine Kontaktdaten. "
        "Ich kann Termine buchen, verschieben oder absagen und Fragen zu Preisen, "
        "Öffnungszeiten und Ihrem Plan beantworten."
    ),
    "fact.contact": "So erreichen Sie {business}:",
    "fact.phone": "Telefon",
    "fact.email": "E-Mail",
    "fact.address": "Adresse",
    "fact.website": "Website",
    "handoff.requested_open": (
        "Ich habe unser Team gebeten, zu übernehmen; jemand antwortet Ihnen hier bald. "
        "Bis dahin bewahre ich Ihre Nachrichten für das Team auf."
    ),
    "handoff.requested_later": (
        "Ich habe unser Team gebeten, zu übernehmen. Es antwortet während der Öffnungszeiten, "
        "das nächste Mal am {when}; bis dahin bewahre ich Ihre Nachrichten auf."
    ),
    "handoff.requested_none": (
        "Ich habe unser Team gebeten, zu übernehmen; es antwortet Ihnen hier so bald wie "
        "möglich. Ich bewahre Ihre Nachrichten für das Team auf."
    ),
    "handoff.offer": (
        "Wenn Sie möchten, übernimmt eine Person aus unserem Team: schreiben Sie einfach "
        "„Mitarbeiter“."
    ),
    "handoff.answers_now": "(Es ist gerade erreichbar.)",
    "handoff.answers_from": "(Es antwortet während der Öffnungszeiten, das nächste Mal ab {when}.)",
    "handoff.answers_later": "(Es antwortet so bald wie möglich.)",
    "handoff.bot": "Ich bin der automatische Buchungsassistent von {business}.",
    "fact.hours_note": "Zeiten",
    # --- moving and changing what is booked ---
    "ask_which_to_move": (
        "Ihr Paket {service} ist bereits gebucht. Welchen Termin möchten Sie auf {when} "
        "verschieben? (zum Beispiel: {Unit} 2)"
    ),
    "ask_new_time": (
        "Gerne, wir verschieben Ihren Termin am {when}. Welcher Tag und welche Uhrzeit "
        "passen Ihnen stattdessen?"
    ),
    "move.ask_when": "Gerne. Welcher Tag und welche Uhrzeit passen Ihnen stattdessen?",
    "moved.nothing_to_move": (
        "Sie haben keinen anstehenden Termin zum Verschieben, daher buchen wir ihn neu."
    ),
    "change.none": "Sie haben keine anstehenden Termine, die sich ändern ließen.",
    "change.none_to_move": "In diesem Paket haben Sie keinen anstehenden Termin zum Verschieben.",
    "change.none_on_day.cancel": "Am {day} haben Sie keinen Termin, den ich absagen könnte.",
    "change.none_on_day.reschedule": (
        "Am {day} haben Sie keinen Termin, den ich verschieben könnte."
    ),
    "change.none_in_month.cancel": "Im {month} haben Sie keinen Termin, den ich absagen könnte.",
    "change.none_in_month.reschedule": (
        "Im {month} haben Sie keinen Termin, den ich verschieben könnte."
    ),
    "change.which_on_weekday": (
        "Sie haben {count} {units} an {weekdays}: {listed}. Welchen Termin meinen Sie?"
    ),
    "change.option": "{Unit} {number} am {when}",
    "weekday.plural": "{weekday}en",
    "which_plan.mean": "Welches Paket meinen Sie: {names}?",
    "which_plan.about": "Um welches Paket geht es: {names}?",
    "outside_window": "Ein Termin am {day} liegt leider außerhalb des möglichen Zeitraums. {text}",
    "book_something": "{text} Möchten Sie etwas buchen?",
    # --- collecting the starts of several sessions ---
    "ask_day_for": "An welchem Tag möchten Sie {Unit} {number}? Bitte nennen Sie auch das Datum.",
    "collect.next": "{Unit} {number}: Wann passt es Ihnen?",
    "collect.first": (
        "Sehr gern! Wir suchen Zeiten für Ihre {things}.\n{Unit} {number}: Wann passt es Ihnen?"
    ),
    "collect.left": (
        "Gerne! In Ihrem Paket sind noch {left} einzuplanen. Wir suchen Zeiten für "
        "{things}.\n{Unit} {number}: Wann passt es Ihnen?"
    ),
    "capped.all_booked": "Alle {units} Ihres Pakets sind bereits gebucht oder erledigt.",
    "capped.only": "Sie haben nur noch {left} offen, also buchen wir {remaining}.",
    # --- a shown plan ---
    "shown.session": "In diesem Plan wäre {Unit} {number} von {total} am {when}.",
    "shown.immediate": (
        " Jeder weitere Termin folgt im vorgeschriebenen Abstand auf den vorigen; um ihn "
        "zu ändern, nennen Sie mir einfach einen anderen Beginn für {Unit} 1."
    ),
    "book_as_shown": "Soll ich den Plan so buchen?",
    "book_as_shown.or_other": "Soll ich den Plan so buchen, oder möchten Sie eine andere Zeit?",
    "span.about": "Vom ersten bis zum letzten Termin: etwa {span}.",
    "span.range": "Vom ersten bis zum letzten Termin: {low} bis {high}, am besten etwa {span}.",
    "span.day": "{n} Tag",
    "span.days": "{n} Tage",
    "span.week": "{n} Woche",
    "span.weeks": "{n} Wochen",
    # --- progress and bookings ---
    "progress.none": "Sie haben noch kein Paket bei uns. Möchten Sie etwas buchen?",
    "progress.plan": (
        "{service}: {completed} von {total} erledigt, {booked} gebucht, {left} noch einzuplanen."
    ),
    "progress.session": "• {Unit} {number}: {when} ({status})",
    "progress.next": (
        "Als Nächstes: {Unit} {number} zwischen {first} und {last} buchen (am besten {best})."
    ),
    "progress.next_open": "Als Nächstes: {Unit} {number} ab {first} buchen (am besten {best}).",
    "status.confirmed": "bestätigt",
    "status.completed": "erledigt",
    "status.no_show": "nicht wahrgenommen",
    "status.cancelled": "abgesagt",
    "bookings.none": "Sie haben keine anstehenden Termine.",
    "bookings.header": "Ihre anstehenden Termine:",
    "bookings.appointment": "Termin",
    "one_booking.numbered": "{service}: {Unit} {number} von {of}{name} ist am {when}.",
    "one_booking.single": "{service}: Ihr Termin ist am {when}.",
    "one_booking.appointment": "Ihr Termin",
    # --- opening hours ---
    "hours.header": "Unsere Öffnungszeiten:",
    "hours.line": "{day}: {hours}",
    "hours.closed": "geschlossen",
    "hours.closed_on": "Geschlossen am: {days}.",
    "hours.ask": "Was möchten Sie buchen?",
    # --- what cannot be done ---
    "other_customer": (
        "Ich kann Ihnen leider nur bei Ihren eigenen Terminen helfen und keine Auskunft "
        "über andere Kundinnen und Kunden geben."
    ),
    "invalid_date": "{reason}. Welches Datum meinen Sie?",
    "invalid.weekday_mismatch": "Der {d}.{m}. ist ein {weekday}, kein {said}",
    "past_date": "Dieses Datum liegt in der Vergangenheit. Welcher kommende Tag passt Ihnen?",
    "error.no_plan": "Sie haben für {service} noch keinen gebuchten Plan.",
    "error.no_upcoming": "Sie haben für {service} keinen anstehenden Termin.",
    "error.stale": (
        "Dieses Angebot gilt leider nicht mehr. Welcher Tag und welche Uhrzeit passen Ihnen "
        "für {service}?"
    ),
    "error.not_confirmed": ("Dafür brauche ich zuerst Ihr klares Ja. Soll ich das so machen?"),
    "error.service": (
        "Das konnte ich für {service} leider nicht erledigen. Sagen Sie mir bitte noch einmal, "
        "was Sie möchten."
    ),
    "error.generic": (
        "Das konnte ich leider nicht erledigen. Sagen Sie mir bitte noch einmal, was Sie möchten."
    ),
}
