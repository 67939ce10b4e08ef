"""What both phases of the offline model share: the dialogue state, the business
clock, and the two ways to answer (a reply, or tool calls)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bookbot.agent.model import ModelRequest, ModelResponse, ToolCall
from bookbot.agent.offline.state import Stage
from bookbot.core.config import Business, Service

JSON = dict[str, Any]
LANG = "lang"
"""State key of the conversation's language ('en', 'de', 'es')."""
ANOTHER_DAY = "another_day"
EITHER = "either"
"""State key: the day a reply said is not possible, asking "would another day work?"."""
SOONEST = "soonest"
"""State key: the free times being looked up answer "the soonest you have"."""
RULED_OUT = ("excluded_days", "excluded_weekdays")
"""State keys of the days the customer ruled out (see exclusions.py)."""


def reply(text: str, state: JSON) -> ModelResponse:
    return ModelResponse(content=text, state=state)


def calls(request: ModelRequest, state: JSON, *wanted: tuple[str, JSON]) -> ModelResponse:
    base = len(request.messages)
    tool_calls = tuple(
        ToolCall(id=f"call_{base}_{i}", name=name, arguments=json.dumps(args))
        for i, (name, args) in enumerate(wanted)
    )
    return ModelResponse(tool_calls=tool_calls, state=state)


def iso(moment: datetime) -> str:
    return f"{moment:%Y-%m-%dT%H:%M}"


class Phase:
    def __init__(self, request: ModelRequest, state: JSON) -> None:
        self.request = request
        self.state = state
        self.business: Business = request.business
        self.zone = request.business.zone
        self.now = request.now.astimezone(self.zone)

    def service(self, service_id: str | None) -> Service | None:
        if not service_id:
            return None
        for service in self.business.services:
            if service.id == service_id:
                return service
        return None

    def local(self, value: str) -> datetime:
        """A stored local time ('2026-03-12T17:00') as an aware time in the business zone."""
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            return moment.replace(tzinfo=self.zone)
        return moment.astimezone(self.zone)

    @property
    def lang(self) -> str:
        """The conversation's language: the replies are written in it."""
        return str(self.state.get(LANG) or "en")

    @property
    def stage(self) -> Stage | None:
        """What the dialogue's last reply asked for."""
        value = self.state.get("stage")
        return Stage(value) if value else None

    def focus(self) -> Service | None:
        return self.service(self.state.get("service"))

    def reset(self, keep_service: bool = True) -> None:
        """Forget what was asked; keep the service in focus, the "same time" reference,
        the days ruled out and the offers shown."""
        service, ref = self.state.get("service"), self.state.get("ref")
        # also the answer a reply starts with, and the offer of a person it ends with
        kept = (*RULED_OUT, "offers", LANG, "preface", "offer_human")
        ruled_out = {k: self.state[k] for k in kept if k in self.state}
        self.state.clear()
        self.state.update(ruled_out)  # days ruled out stay ruled out; offers stay recallable
        if keep_service and service:
            self.state["service"] = service
        if ref:
            self.state["ref"] = ref
