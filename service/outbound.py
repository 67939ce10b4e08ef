"""What an outbox row asks to send, and the Graph API body it becomes.

An outbox `body` (see `bookbot.store.outbox.enqueue`) is JSON:

    {"text": "...",                              required, the message as the customer reads it
     "buttons": ["Yes, book it", ...]            optional, reply buttons: titles or [id, title]
     "template": {"name": ..., "language": ...,  optional, the approved template to use outside
                  "params": [...]},              the 24-hour window (default: DEFAULT_TEMPLATE
                                                 with the text as its one parameter)
     "message_id": 17}                           optional, the stored outbound message it delivers

Inside WhatsApp's customer service window the text goes out as is: with up to
three buttons as reply buttons, with four to ten as an interactive list (a menu
of rows behind one button), when the text fits that message; outside the window
only an approved template may be sent. Pure functions: no database, no network.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bookbot.api.whatsapp import MessageValidationError
from bookbot.api.whatsapp import messages as wa

DEFAULT_TEMPLATE = "bookbot_update"
"""The template sent outside the 24-hour window when a row names none and the
transport has no other default (`BOOKBOT_WHATSAPP_TEMPLATE`): a Utility template
whose body is only `{{1}}`, approved in WhatsApp Manager beforehand."""
DEFAULT_TEMPLATE_LANGUAGE = "en"
MAX_TEMPLATE_PARAM = 1000
"""Meta caps a template body at 1024 characters; a longer text is shortened."""
_BREAKS = re.compile(r"\s*[\r\n\t]+\s*")
_SPACES = re.compile(r" {4,}")


@dataclass(frozen=True, slots=True)
class Template:
    name: str
    language: str = DEFAULT_TEMPLATE_LANGUAGE
    params: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OutboundMessage:
    text: str
    buttons: tuple[tuple[str, str], ...] = ()
    template: Template | None = None
    message_id: int | None = None

    @classmethod
    def from_body(cls, body: Mapping[str, Any]) -> OutboundMessage:
        """Read an outbox body; MessageValidationError naming the field that is wrong."""
        text = body.get("text")
        if not isinstance(text, str) or not text.strip():
            raise MessageValidationError("outbox body: 'text' must be a non-empty string")
        message_id = body.get("message_id")
        if message_id is not None and (type(message_id) is not int):
            raise MessageValidationError("outbox body: 'message_id' must be an integer")
        return cls(text, _buttons(body.get("buttons")), _template(body.get("template")), message_id)

    def to_body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"text": self.text}
        if self.buttons:
            body["buttons"] = [list(b) for b in self.buttons]
        if self.template is not None:
            t = self.template
            body["template"] = {"name": t.name, "language": t.language, "params": list(t.params)}
        if self.message_id is not None:
            body["message_id"] = self.message_id
        return body


def graph_payload(
    message: OutboundMessage,
    to: str,
    *,
    within_window: bool,
    default_template: Template | None = None,
) -> dict[str, Any]:
    """The `/messages` request body for `message` to `to`."""
    if not within_window:
        return template_payload(message, to, default_template)
    count = len(message.buttons)
    if 0 < count <= wa.MAX_BUTTONS and len(message.text) <= wa.MAX_BUTTON_BODY:
        return wa.buttons_message(to, message.text, message.buttons)
    if wa.MAX_BUTTONS < count <= wa.MAX_LIST_ROWS and len(message.text) <= wa.MAX_LIST_BODY:
        return wa.list_message(to, message.text, list_button(count), message.buttons)
    return wa.text_message(to, message.text)


def list_button(count: int) -> str:
    """The label of the button that opens a list of `count` rows: the rows' numbers,
    which read the same in every language the text may be in ("🗓️ 1–5")."""
    return f"🗓️ 1–{count}"


def template_payload(
    message: OutboundMessage, to: str, default_template: Template | None = None
) -> dict[str, Any]:
    template = message.template
    if template is None:
        fallback = default_template or Template(DEFAULT_TEMPLATE)
        template = Template(fallback.name, fallback.language, (template_param(message.text),))
    return wa.template_message(to, template.name, template.language, template.params)


def template_param(text: str) -> str:
    """`text` as one template parameter: Meta refuses newlines, tabs and 4+ spaces in one."""
    flat = _SPACES.sub("   ", _BREAKS.sub(" · ", text.strip()))
    return wa.shorten(flat, MAX_TEMPLATE_PARAM)


def _buttons(value: object) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise MessageValidationError("outbox body: 'buttons' must be a list")
    buttons: list[tuple[str, str]] = []
    for n, button in enumerate(value):
        if isinstance(button, str):
            buttons.append((f"b{n + 1}", button))
        elif (
            isinstance(button, list | tuple)
            and len(button) == 2
            and all(isinstance(part, str) for part in button)
        ):
            buttons.append((button[0], button[1]))
        else:
            raise MessageValidationError(
                f"outbox body: buttons[{n}] must be a title or an [id, title] pair"
            )
    return tuple(buttons)


def _template(value: object) -> Template | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise MessageValidationError("outbox body: 'template' must be an object")
    name, language = value.get("name"), value.get("language", DEFAULT_TEMPLATE_LANGUAGE)
    params = value.get("params", [])
    if not isinstance(name, str) or not isinstance(language, str):
        raise MessageValidationError("outbox body: template 'name' and 'language' must be strings")
    if not isinstance(params, list) or not all(isinstance(p, str) for p in params):
        raise MessageValidationError("outbox body: template 'params' must be a list of strings")
    return Template(name, language, tuple(template_param(p) for p in params))
