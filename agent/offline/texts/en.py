"""English texts of the offline model (the default)."""

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAYS_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS_LONG = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
DAY_FORMAT = "{wd} {d} {mon} {y}"
"""A day as the customer reads it: 'Sat 7 Mar 2026'."""
DAY_LONG_FORMAT = "{weekday} {d} {month}"
OPTION_FORMAT = "{wd} {d} {mon} {hm}"

TEXTS: dict[str, str] = {
    "next.done": "{completed} of {total} {units} done",
    "next.until": " and {last}",
    "next.window": (
        "You're at {done}. {Unit} {number} can be booked between {first}{until}; "
        "I'd suggest {best}. Which day and time would suit you?"
    ),
    "next.more": (
        "You're at {done}, {booked} booked and {left} left to schedule. "
        "How many would you like to book now?"
    ),
    "next.attend": "Your next {unit} is {unit} {number}.",
    "next.attend_on": "Your next {unit} is {unit} {number} on {when}.",
    "next.after": "Once it's completed, I'll help you book {unit} {next}.",
    "next.expired": "Your {service} package has expired. Would you like to start a new one?",
    "next.when": "You're at {done}. When would you like your next {unit}?",
    "cancel_all.ask": (
        "Shall I cancel all of these?\n{items}\n"
        "Please reply yes or no (or name the one plan to cancel)."
    ),
    "cancel_all.none": "You have no upcoming appointments to cancel.",
    "describe.single": "{name}: {minutes} minutes.",
    "describe.includes": "The {name} includes {count}.",
    "describe.duration_each": "Each {unit}: {minutes} minutes.",
    "describe.session": "{number}. {label} ({minutes} min)",
    "describe.spacing_min": "Spacing: at least {low} days apart.",
    "describe.spacing_range": "Spacing: {low} to {high} days apart.",
    "price.per_session": "{price} per session ({total} for all {n})",
    "price.plan": "{price} for all {n} {units}",
    "price.on_request": "on request",
    "price.free": "free",
    "unit.session": "session",
    "unit.sessions": "sessions",
    "unit.lesson": "lesson",
    "unit.lessons": "lessons",
    "greeting.hello": "Hi!",
    "greeting.hello_name": "Hi {name}!",
    "greeting.intro": "{hello} I'm the booking assistant of {business}. I can book:",
    "greeting.ask": "What would you like to book?",
    "hesitant": "Of course, take your time. Just write to me whenever you're ready.",
    "hesitant.shown": (
        "Of course, take your time. Nothing is booked yet; just say yes when you want this one."
    ),
    "not_understood.short": "Sorry, I can't answer that here.",
    "not_understood": (
        "Sorry, I can't help with that here. I can book, move or cancel appointments and "
        "tell you about prices, opening hours and your plan. We offer: {names}."
    ),
    "which_service": "Which service would you like? We offer: {names}.",
    "unknown_service": (
        "Sorry, we don't offer {what}. We offer: {names}. Would you like one of these?"
    ),
    "unknown_service.that": "that",
    "ask_start.single": "When would you like to come?",
    "ask_start.immediate": (
        "We'll schedule all {n} {units} now. When would you like to start with {unit} 1?"
    ),
    "ask_start.sequential": (
        "We book one {unit} at a time, so you can plan flexibly. "
        "When would you like your first {unit}?"
    ),
    "ask_start.flexible": (
        "You can book as many or as few {units} at a time as you like. "
        "How many would you like to schedule now?"
    ),
    "ask_again.count": "Great! How many {units} would you like to schedule now?",
    "ask_again.start": "Great! Which day and time would suit you?",
    "proposal.many": "Here's your schedule:",
    "proposal.one": "Here's what I can book:",
    "proposal.line": "📅 {label}: {when}{name} ({minutes} min)",
    "proposal.price": "Price: {price}.",
    "proposal.ask": "Does this work for you?",
    "label.numbered": "{Unit} {number} of {of}",
    "booked.moved": "✅ Done! Your updated schedule:",
    "booked.all": "✅ All {n} {units} confirmed!",
    "booked.one": "✅ Confirmed!",
    "booked.line": "📅 {label}: {when}",
    "booked.next_sequential": "After you complete this {unit}, I'll help you book {Unit} {next}.",
    "booked.left": "You have {left} left to schedule. Book more anytime!",
    "booked.reminder": "You'll receive a reminder before each appointment.",
    "cancel_preview": "Shall I cancel:\n{items}\nPlease reply yes or no.",
    "cancelled": "✅ Cancelled:\n{items}",
    "session_item": "• {Unit} {number}: {when}",
    "reschedule.header": "Here's your new schedule:",
    "reschedule.only_marked": "Only the ones marked (moved) change; the others stay as they are.",
    "reschedule.ask": "Shall I make this change?",
    "tag.moved": " (moved)",
    "tag.done": " (done)",
    "either.both_free": "Both are free:\n{options}\nWhich one would you like?",
    "either.free": "These are free:\n{options}\nWhich one would you like?",
    "either.one_free": "Of those, only this one is free:\n{option}\nShall I take it?",
    "either.none_free": "Sorry, neither of those times is free.",
    "which_option": "Which one would you like? Reply with its number:\n{options}",
    "declined": "No problem. Which day and time would suit you better?",
    "nothing_pending": "Okay! Is there anything you'd like to book or change?",
    "thanks": "You're welcome! Anything else I can do for you?",
    "partly_read": (
        "I understood {understood}, but I'm not sure what {left} means there. "
        'Which date and time would you like? Please write the month too (for example "{example}").'
    ),
    "at_time": "at {hm}",
    "conflict.sorry": "Sorry, that doesn't work: {message}.",
    "conflict.closed": "Sorry, we're closed on {day}.",
    "conflict.past": "Sorry, that time has already passed.",
    "conflict.earliest": "The earliest possible day is {first}",
    "conflict.latest": ", the latest {last}",
    "conflict.suggest": "; I'd suggest {best}",
    "proposal.unchanged": (
        "I understood that you would like something other than this plan, but I could "
        "not read which days and time instead, so I have not changed or booked anything. "
        "Which days and time would suit you?"
    ),
    "conflict.offer": "I can offer:\n{options}\nWhich one would you like?",
    "conflict.another_day": "Would another day work for you?",
    "free.header": "Free times for {service}:",
    "free.day_line": "{day}: {times}",
    "free.earliest": "The earliest is {first}. Shall I take it, or which would you like?",
    "free.first_each_day": "The first free time of each day:\n{options}",
    "free.which": "Which would you like?",
    "free.none": "Sorry, nothing is free in those days. Would another week work?",
    "free.on_day": "On {day} I can start you at {times}. What time suits you?",
    "free.pick": "Reply with a number or another time:\n{options}",
    "free.nothing_that_day": "Sorry, nothing is free on {day}. Would another day work?",
    "free.closed_that_day": "Sorry, we're closed on {day}. Would another day work?",
    "free.every": " (every {step} min)",
    "free.or": " or ",
    "free.more": " and more",
    "fact.policy": (
        "Bookings need at least {notice}' notice. You can move or cancel an appointment "
        "here up to {reschedule} before it starts; after that, please contact us directly."
    ),
    "fact.hours": "{n} hours",
    "fact.hour": "{n} hour",
    "fact.valid": "{service}: valid for {days} days from the first session.",
    "fact.no_expiry": "Our packages do not expire.",
    "fact.no_expiry_one": "The {service} does not expire.",
    "fact.closed_on": "We're closed on {day}.",
    "fact.open_on": "On {day} we're open {hours}.",
    "fact.open_weekday": "On {weekdays} we're open {hours}.",
    "fact.closed_weekday": "We're closed on {weekdays}.",
    "fact.no_contact": (
        "I'm the booking assistant of {business} and have no contact details to give you "
        "here. I can book, move or cancel appointments and answer questions about prices, "
        "opening hours and your plan."
    ),
    "fact.contact": "You can reach {business}:",
    "fact.phone": "Phone",
    "fact.email": "Email",
    "fact.address": "Address",
    "fact.website": "Website",
    "fact.hours_note": "Hours",
    # --- moving and changing what is booked ---
    "ask_which_to_move": (
        "Your {service} is already booked. Which {unit} would you like to move to {when}? "
        "(for example: {unit} 2)"
    ),
    "ask_new_time": (
        "Sure, let's move your appointment on {when}. Which day and time would suit you instead?"
    ),
    "move.ask_when": "Sure. Which day and time would you like instead?",
    "moved.nothing_to_move": "You have no upcoming {unit} to move, so let's book it.",
    "change.none": "You have no upcoming appointments to change.",
    "change.none_to_move": "You have no upcoming session of that plan to move.",
    "change.none_on_day.cancel": "You have no appointment on {day} to cancel.",
    "change.none_on_day.reschedule": "You have no appointment on {day} to move.",
    "change.none_in_month.cancel": "You have no appointment in {month} to cancel.",
    "change.none_in_month.reschedule": "You have no appointment in {month} to move.",
    "change.which_on_weekday": "You have {count} {units} on {weekdays}: {listed}. Which one?",
    "change.option": "{unit} {number} on {when}",
    "weekday.plural": "{weekday}s",
    "which_plan.mean": "Which plan do you mean: {names}?",
    "which_plan.about": "Which plan is this about: {names}?",
    "outside_window": "Sorry, {day} is outside the window. {text}",
    "book_something": "{text} Would you like to book something?",
    # --- collecting the starts of several sessions ---
    "ask_day_for": "Which day would you like for {unit} {number}? Please tell me the date too.",
    "collect.next": "{Unit} {number}: when works for you?",
    "collect.first": (
        "Perfect! Let's find times for your {things}.\n{Unit} {number}: when works for you?"
    ),
    "collect.left": (
        "Great! You have {left} left to schedule in your package. "
        "Let's find times for {things}.\n{Unit} {number}: when works for you?"
    ),
    "capped.all_booked": "Every {unit} of your package is already booked or done.",
    "capped.only": "You have only {left} left, so let's book {remaining}.",
    # --- a shown plan ---
    "shown.session": "In this plan, {unit} {number} of {total} would be on {when}.",
    "shown.immediate": (
        " Each later {unit} follows from the one before by the required spacing, so "
        "to change it, tell me another start for {unit} 1."
    ),
    "book_as_shown": "Shall I book the plan as shown?",
    "book_as_shown.or_other": "Shall I book the plan as shown, or would you like another time?",
    "span.about": "From the first to the last {unit}: about {span}.",
    "span.range": "From the first to the last {unit}: {low} to {high}, ideally about {span}.",
    "span.day": "{n} day",
    "span.days": "{n} days",
    "span.week": "{n} week",
    "span.weeks": "{n} weeks",
    # --- progress and bookings ---
    "progress.none": "You have no plans with us yet. Would you like to book something?",
    "progress.plan": (
        "{service}: {completed} of {total} completed, {booked} booked, {left} still to schedule."
    ),
    "progress.session": "• {Unit} {number}: {when} ({status})",
    "progress.next": "Next: book {unit} {number} between {first} and {last} (ideally {best}).",
    "progress.next_open": (
        "Next: book {unit} {number} between {first} and any later day (ideally {best})."
    ),
    "status.confirmed": "confirmed",
    "status.completed": "completed",
    "status.no_show": "missed",
    "status.cancelled": "cancelled",
    "bookings.none": "You have no upcoming appointments.",
    "bookings.header": "Your upcoming appointments:",
    "bookings.appointment": "Appointment",
    "one_booking.numbered": "Your {service}: Session {number} of {of}{name} is on {when}.",
    "one_booking.single": "Your {service}: It is on {when}.",
    "one_booking.appointment": "appointment",
    # --- opening hours ---
    "hours.header": "Our opening hours:",
    "hours.line": "{day}: {hours}",
    "hours.closed": "closed",
    "hours.closed_on": "Closed on: {days}.",
    "hours.ask": "What would you like to book?",
    # --- what cannot be done ---
    "other_customer": (
        "Sorry, I can only help with your own appointments; I can't share anything "
        "about other customers."
    ),
    "invalid_date": "Hmm, {reason}. Which date did you mean?",
    "invalid.weekday_mismatch": "{d:02d}.{m:02d}. is a {weekday}, not a {said}",
    "past_date": "That date is in the past. Which upcoming day would suit you?",
    "error.no_plan": "You have no booked plan for {service}.",
    "error.no_upcoming": "You have no upcoming {service} appointment.",
    "error.stale": (
        "Sorry, that offer is no longer valid. Which day and time would you like for {service}?"
    ),
    "error.not_confirmed": "Sorry, I need your clear yes before I can do that. Shall I go ahead?",
    "error.service": (
        "Sorry, I couldn't do that for {service}. Could you tell me again what you would like?"
    ),
    "error.generic": "Sorry, I couldn't do that. Could you tell me again what you would like?",
    # --- why a time cannot be booked: the core's own wording is used in English;
    # these are the words where it gives none, and the table the translations follow
    "rule.past": "that time has already passed",
    "rule.closed_day": "we're closed that day",
    "rule.full": "that time is already taken",
    "rule.min_notice": "bookings need more notice",
    "rule.outside_hours": "that is outside our opening hours",
    "rule.off_grid": "appointments only start at set times",
    "rule.no_such_time": "that time does not exist on that day (the clocks change)",
    "rule.customer_busy": "you already have an appointment at that time",
    "rule.buffer_min": "it is too close to the previous session",
    "rule.buffer_pair": (
        "{first} and {second} are too close together: sessions {a} and {b} need at least "
        "{days} between them"
    ),
    "rule.buffer_max": "it is too far from the previous session",
    "rule.no_slot_in_window": "nothing is free in the allowed period",
    "rule.after_package_expiry": "that is after your package expires",
    "rule.package_expired": "your package has expired",
    "rule.reschedule_notice": "it is too close to the appointment to change it here",
    "rule.notice_hours": " ({hours} hours' notice needed)",
    "rule.no_sessions_left": "every session of your package is already booked",
    "rule.previous_not_completed": "the previous session has to be completed first",
    "rule.not_movable": "that session cannot be moved",
    "rule.other": "that time is not possible",
    "handoff.requested_open": (
        "I've asked our team to take over; someone will answer you here soon. "
        "Until then I'll keep your messages for them."
    ),
    "handoff.requested_later": (
        "I've asked our team to take over. They answer during opening hours, next on "
        "{when}; I'll keep your messages for them until then."
    ),
    "handoff.requested_none": (
        "I've asked our team to take over; they will answer you here as soon as they can. "
        "I'll keep your messages for them."
    ),
    "handoff.offer": "If you prefer, a person from our team can take over: just write “person”.",
    "handoff.answers_now": "(They are at work now.)",
    "handoff.answers_from": "(They answer during opening hours, next from {when}.)",
    "handoff.answers_later": "(They answer as soon as they can.)",
    "handoff.bot": "I'm the automatic booking assistant of {business}.",
}
