"""The offline model's dialogue policy: a deterministic, rule-based model.

It answers through the same interface and the same tools as an LLM. Each call
is one of two phases:
- *decide*: the last message is the customer's; read it (`understand`) and
  either call tools or reply directly;
- *compose*: the last messages are results of its own tool calls; turn them
  into a reply (or, for a multi-step intent, into the next tool call).
Between calls it keeps a small dialogue state (which service, what it asked,
the proposal awaiting a yes) in `ModelResponse.state`.
"""

from __future__ import annotations

from dataclasses import replace

from bookbot.agent.model import ModelRequest, ModelResponse
from bookbot.agent.nlu.mood import is_upset
from bookbot.agent.offline import handoff
from bookbot.agent.offline.composer import Composer
from bookbot.agent.offline.decider import Decider
from bookbot.agent.offline.phase import JSON, LANG
from bookbot.agent.offline.state import DialogueState


class OfflineModel:
    name = "offline"

    def complete(self, request: ModelRequest) -> ModelResponse:
        state = DialogueState.load(request.state).dump()  # a working copy, validated
        last = request.messages[-1] if request.messages else {"role": "user", "content": ""}
        if last.get("role") == "tool":
            response = Composer(request, state, decide=_decide).run()
        else:
            response = _decide_message(request, state, str(last.get("content") or ""))
        lang = str(state.get(LANG) or "en")
        response = handoff.with_offer(_with_preface(response), lang, request)
        if response.state is None:
            return response
        return replace(response, state=DialogueState.checked(response.state))


def _decide_message(request: ModelRequest, state: JSON, text: str) -> ModelResponse:
    """The decide phase over the customer's message, counting the replies in a row
    that could not help and noting an upset customer (both offer a person)."""
    unhelped = int(state.pop(handoff.UNHELPED, None) or 0)
    decider = Decider(request, state, text)
    decider.unhelped = unhelped
    if is_upset(text, decider.lang):
        state[handoff.OFFER] = True
    return decider.run()


def _decide(
    request: ModelRequest, state: JSON, text: str, *, progress_told: bool = False
) -> ModelResponse:
    """The decide phase over `text` (the composer asks for it after a lookup)."""
    decider = Decider(request, state, text)
    decider.progress_told = progress_told
    return decider.run()


def _with_preface(response: ModelResponse) -> ModelResponse:
    """A two-part message ("how much is it and when's the earliest?"): the answer kept
    for the first part (`state["preface"]`) goes before the reply to the second."""
    state = response.state
    if response.content is None or not state or "preface" not in state:
        return response
    preface = str(state.pop("preface"))
    return replace(response, content=f"{preface}\n\n{response.content}", state=state)
