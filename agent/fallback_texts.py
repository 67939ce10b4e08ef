"""The few sentences a turn says when it cannot answer itself (the model failed, the
tool rounds ran out, the message was no text), in the customer's language: the one
their message is written in, else the conversation's, else English."""

from __future__ import annotations

from collections.abc import Mapping

from bookbot.agent.nlu import detect_language

TEXTS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "apology": (
            "Sorry, something went wrong on my side. Please try again in a moment, "
            "or contact us directly."
        ),
        "cap_reached": "Sorry, I could not finish that. Could you say it again in other words?",
        "unsupported": (
            "Sorry, I can only read text messages. Please write what you would like to book, "
            "for example: “I need a dental implant, next Tuesday at 2pm”."
        ),
    },
    "de": {
        "apology": (
            "Entschuldigung, bei mir ist etwas schiefgelaufen. Bitte versuchen Sie es gleich "
            "noch einmal, oder wenden Sie sich direkt an uns."
        ),
        "cap_reached": (
            "Entschuldigung, das konnte ich nicht abschließen. Können Sie es mit anderen "
            "Worten noch einmal sagen?"
        ),
        "unsupported": (
            "Entschuldigung, ich kann nur Textnachrichten lesen. Bitte schreiben Sie, was Sie "
            "buchen möchten, zum Beispiel: „Ein Termin nächsten Dienstag um 14 Uhr“."
        ),
    },
    "es": {
        "apology": (
            "Lo siento, algo ha fallado por mi parte. Inténtelo de nuevo en un momento "
            "o contacte directamente con nosotros."
        ),
        "cap_reached": "Lo siento, no he podido terminar. ¿Puede decirlo con otras palabras?",
        "unsupported": (
            "Lo siento, solo puedo leer mensajes de texto. Escriba qué le gustaría reservar, "
            "por ejemplo: «Una cita el martes que viene a las 14:00»."
        ),
    },
}
DEFAULT = "en"


def fallback(key: str, text: str = "", previous: str | None = None) -> str:
    """The sentence `key` in the language of `text` (else `previous`, else English)."""
    lang = detect_language(text, previous=previous) if text else (previous or DEFAULT)
    return TEXTS.get(lang, TEXTS[DEFAULT])[key]
