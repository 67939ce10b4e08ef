"""Estimated cost of a run: tokens times the model's price.

Prices are US dollars per million tokens (prompt, completion). The defaults are
list prices of common OpenAI models at the time of writing; `--prices FILE`
(YAML: `gpt-4o-mini: {prompt: 0.15, completion: 0.60}`) adds or overrides
models, for other providers or new prices. A dated model name
(`gpt-4o-mini-2024-07-18`) takes the price of its longest known prefix. The
offline model costs nothing; a model with no known price has no estimate
(None), never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True, slots=True)
class Price:
    prompt: float
    """USD per million prompt tokens."""
    completion: float
    """USD per million completion tokens."""

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return (prompt_tokens * self.prompt + completion_tokens * self.completion) / 1_000_000


DEFAULT_PRICES: dict[str, Price] = {
    "gpt-4o": Price(2.50, 10.00),
    "gpt-4o-mini": Price(0.15, 0.60),
    "gpt-4.1": Price(2.00, 8.00),
    "gpt-4.1-mini": Price(0.40, 1.60),
    "gpt-4.1-nano": Price(0.10, 0.40),
    "gpt-5": Price(1.25, 10.00),
    "gpt-5-mini": Price(0.25, 2.00),
    "gpt-5-nano": Price(0.05, 0.40),
    "o3": Price(2.00, 8.00),
    "o4-mini": Price(1.10, 4.40),
}

FREE_MODELS = frozenset({"offline", "scripted"})


class PriceError(ValueError):
    pass


def load_prices(path: Path | None) -> dict[str, Price]:
    """The default prices, with the ones in `path` added or replacing them."""
    prices = dict(DEFAULT_PRICES)
    if path is None:
        return prices
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PriceError(f"prices file {path}: {exc}") from None
    if not isinstance(data, dict):
        raise PriceError(f"prices file {path}: expected 'model: {{prompt: X, completion: Y}}'")
    for model, entry in data.items():
        if not isinstance(entry, dict) or set(entry) != {"prompt", "completion"}:
            raise PriceError(
                f"prices file {path}: {model}: expected {{prompt: X, completion: Y}} "
                "in USD per million tokens"
            )
        try:
            prices[str(model)] = Price(float(entry["prompt"]), float(entry["completion"]))
        except (TypeError, ValueError):
            raise PriceError(f"prices file {path}: {model}: prices must be numbers") from None
    return prices


def price_for(model: str, prices: dict[str, Price]) -> Price | None:
    """The price of `model` ("openai:gpt-4o-mini" or "gpt-4o-mini"); None when unknown."""
    name = model.split(":", 1)[1] if model.startswith("openai:") else model
    if name in FREE_MODELS:
        return Price(0.0, 0.0)
    known = [k for k in prices if name == k or name.startswith(k + "-")]
    return prices[max(known, key=len)] if known else None
