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
    "describe.spacing_min": "Spacing: at least {low} days apart.",
    "describe.spacing_range": "Spacing: {low} to {high} days apart.",
    "price.per_session": "{price} per session ({total} for all {n})",
    "price.plan": "{price} for all {n} {units}",
    "unit.session": "session",
    "unit.sessions": "sessions",
    "unit.lesson": "lesson",
    "unit.lessons": "lessons",
    "greeting.hello": "Hi!",
    "greeting.hello_name": "Hi {name}!",
    "greeting.intro": "{hello} I'm the booking assistant of {business}. I can book:",
    "greeting.ask": "What would you like to book?",
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
    "fact.no_contact": (
        "I'm the booking assistant of {business} and have no contact details to give you "
        "here. I can book, move or cancel appointments and answer questions about prices, "
        "opening hours and your plan."
    ),
    "fact.contact": "You can reach {business}:",
    "fact.human": "I'm an automatic booking assistant, so I can't put you through to a person.",
    "fact.phone": "Phone",
    "fact.email": "Email",
    "fact.address": "Address",
    "fact.website": "Website",
    "fact.hours_note": "Hours",
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
