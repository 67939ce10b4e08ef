"""The conversations the load generator's customers walk: a booking in English, German
or Spanish (an opening, a day and time, a yes, a progress question), the phrasings,
day and time drawn per walk."""

from __future__ import annotations

import random

_OPENINGS = {
    "en": (
        "Hi, I need a dental implant",
        "hello, I'd like to book the implant treatment",
        "Hi there, can I get a dental implant please",
        "I want to start the implant plan",
        "good morning, implants please",
        "hey, looking to book a dental implant",
    ),
    "de": (
        "Hallo, ich brauche ein Zahnimplantat",
        "Guten Tag, ich möchte die Implantat-Behandlung buchen",
        "Hi, ein Implantat bitte",
    ),
    "es": (
        "Hola, necesito un implante dental",
        "Buenas, quería reservar el tratamiento de implante",
        "hola, un implante por favor",
    ),
}
_WHEN = {
    "en": ("How about next {day} at {time}?", "next {day} at {time} works for me",
           "{day} next week, {time} please"),
    "de": ("Wie wäre es nächsten {day} um {time}?", "nächsten {day} um {time} bitte"),
    "es": ("¿Qué tal el {day} que viene a las {time}?", "el {day} que viene a las {time}, porfa"),
}  # fmt: skip
_DAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"),
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes"),
}
_TIMES = {
    "en": ("9am", "10:30", "8:30am", "2pm", "3:30pm", "4pm"),
    "de": ("9 Uhr", "10:30", "8:30", "14 Uhr", "15:30", "16 Uhr"),
    "es": ("9:00", "10:30", "8:30", "14:00", "15:30", "16:00"),
}
_YES = {
    "en": ("yes", "yes please", "ok, book it", "sounds good", "perfect, go ahead"),
    "de": ("ja", "ja bitte", "passt, bitte buchen"),
    "es": ("sí", "sí, por favor", "vale, resérvalo"),
}
_PROGRESS = {
    "en": ("how far am I with my plan?", "how many sessions do I have left?",
           "where am I with the treatment?"),
    "de": ("wie viele Termine habe ich noch?", "wo stehe ich mit meinem Plan?"),
    "es": ("¿cuántas sesiones me quedan?", "¿cómo voy con mi plan?"),
}  # fmt: skip


def conversation(n: int) -> tuple[str, str, str, str]:
    """The `n`th walk: a booking conversation in English, German or Spanish, its
    phrasings, day and time drawn by `n` (so the texts vary across customers as real
    ones do, and no cache of the bot's readings sees only four texts)."""
    lang = ("en", "en", "de", "es")[n % 4]
    pick = random.Random(n)
    when = pick.choice(_WHEN[lang]).format(
        day=pick.choice(_DAYS[lang]), time=pick.choice(_TIMES[lang])
    )
    return (
        pick.choice(_OPENINGS[lang]),
        when,
        pick.choice(_YES[lang]),
        pick.choice(_PROGRESS[lang]),
    )
