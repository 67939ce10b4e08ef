"""One registry of typed tools: schemas for the model, and their execution.

A tool is a function `(ctx, args) -> result` whose `args` is a pydantic model
(`extra="forbid"`) and whose docstring is the description the model reads. The
context (database, clock, business, customer) is never part of the schema, so
the model cannot name a customer.

Three outcomes are kept apart (DESIGN.md, "Three outcomes"):
- a result, including a business "no" such as a conflict, is returned as is;
- a mistake of the model (an unknown tool, arguments that are not JSON or do not
  validate, a `ToolRetry` raised by the tool) comes back as a structured error it
  can retry from, as long as that tool's retry budget for the turn lasts
  (`RetryBudget`; past it, `ToolRetriesExhaustedError`);
- anything else is a bug and raises: the turn logs it and apologises.
"""

from __future__ import annotations

import copy
import inspect
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, get_type_hints

from pydantic import BaseModel, ValidationError

from bookbot.core.errors import ToolRetriesExhaustedError

Ctx = TypeVar("Ctx")
JSON = dict[str, Any]


class ToolRetry(Exception):
    """Raised by a tool when the model's arguments cannot be used as given."""

    def __init__(self, message: str, *, code: str = "invalid_arguments", hint: str = ""):
        super().__init__(message)
        self.code = code
        self.hint = hint


@dataclass(frozen=True, slots=True)
class ToolOutcome:
    name: str
    ok: bool
    payload: JSON

    def as_text(self) -> str:
        return json.dumps(self.payload, ensure_ascii=False, separators=(",", ":"))


class RetryBudget:
    """The retries each tool has in one turn: `per_tool` errors of the model per tool
    come back to it; one more raises `ToolRetriesExhaustedError`."""

    def __init__(self, per_tool: int) -> None:
        self.per_tool = per_tool
        self.spent: Counter[str] = Counter()

    def spend(self, outcome: ToolOutcome) -> ToolOutcome:
        """Count the model's mistake `outcome`; it goes back to the model while the
        tool's budget lasts."""
        self.spent[outcome.name] += 1
        if self.spent[outcome.name] > self.per_tool:
            error = outcome.payload.get("error", {})
            raise ToolRetriesExhaustedError(
                f"tool {outcome.name!r} failed {self.spent[outcome.name]} times in one turn "
                f"(retry budget {self.per_tool}); last: {error.get('code')}: {error.get('message')}"
            )
        return outcome


def error_payload(code: str, message: str, hint: str = "") -> JSON:
    error: JSON = {"code": code, "message": message}
    if hint:
        error["hint"] = hint
    return {"error": error}


def strict_schema(model: type[BaseModel]) -> JSON:
    """The model's JSON schema in the shape OpenAI's strict mode accepts:
    every property required (optional ones are nullable), no extra keys."""
    schema = copy.deepcopy(model.model_json_schema())

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            node.pop("title", None)
            node.pop("default", None)
            _merge_nullable(node)
            if node.get("type") == "object" and "properties" in node:
                node["required"] = list(node["properties"])
                node["additionalProperties"] = False
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(schema)
    return schema


def _merge_nullable(node: JSON) -> None:
    """`anyOf: [{type: T, ...}, {type: null}]` as `type: [T, "null"]`: the same schema
    in strict mode, in fewer tokens on every call."""
    options = node.get("anyOf")
    if not (isinstance(options, list) and len(options) == 2 and {"type": "null"} in options):
        return
    (other,) = [o for o in options if o != {"type": "null"}]
    if not isinstance(other.get("type"), str) or other["type"] in ("object", "array"):
        return
    del node["anyOf"]
    node.update({**other, "type": [other["type"], "null"]})


@dataclass(frozen=True, slots=True)
class Tool(Generic[Ctx]):
    name: str
    description: str
    args_model: type[BaseModel]
    func: Callable[[Ctx, Any], BaseModel]

    def schema(self) -> JSON:
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": strict_schema(self.args_model),
                "strict": True,
            },
        }


class ToolRegistry(Generic[Ctx]):
    def __init__(self) -> None:
        self._tools: dict[str, Tool[Ctx]] = {}
        self._schemas: list[JSON] | None = None

    def tool(self, func: Callable[[Ctx, Any], BaseModel]) -> Callable[[Ctx, Any], BaseModel]:
        """Register `func`; its second parameter's annotation is the args model."""
        hints = get_type_hints(func)
        params = list(inspect.signature(func).parameters)
        args_model = hints[params[1]]
        if not (isinstance(args_model, type) and issubclass(args_model, BaseModel)):
            raise TypeError(f"tool {func.__name__}: second parameter must be a pydantic model")
        description = inspect.cleandoc(func.__doc__ or "")
        self._tools[func.__name__] = Tool(func.__name__, description, args_model, func)
        self._schemas = None
        return func

    @property
    def names(self) -> list[str]:
        return list(self._tools)

    def schemas(self) -> list[JSON]:
        """The tool schemas, built once (every turn sends them); callers must not mutate them."""
        if self._schemas is None:
            self._schemas = [tool.schema() for tool in self._tools.values()]
        return self._schemas

    def run(
        self, ctx: Ctx, name: str, arguments: str, budget: RetryBudget | None = None
    ) -> ToolOutcome:
        """Call tool `name` with the model's JSON `arguments`. The model's mistakes come
        back as error outcomes, counted against `budget` (None: no limit); a result
        comes back ok; any other exception propagates."""
        outcome = self._call(ctx, name, arguments)
        if outcome.ok or budget is None:
            return outcome
        return budget.spend(outcome)

    def _call(self, ctx: Ctx, name: str, arguments: str) -> ToolOutcome:
        tool = self._tools.get(name)
        if tool is None:
            hint = f"use one of {self.names}"
            return _mistake(name, "unknown_tool", f"there is no tool {name!r}", hint)
        try:
            args = tool.args_model.model_validate(json.loads(arguments or "{}"))
        except json.JSONDecodeError as exc:
            return _mistake(name, "invalid_json", f"arguments are not JSON: {exc}")
        except ValidationError as exc:
            return _mistake(name, "invalid_arguments", _problems(exc))
        try:
            result = tool.func(ctx, args)
        except ToolRetry as exc:
            return _mistake(name, exc.code, str(exc), exc.hint)
        return ToolOutcome(name, True, result.model_dump(mode="json", exclude_none=True))


def _mistake(name: str, code: str, message: str, hint: str = "") -> ToolOutcome:
    return ToolOutcome(name, False, error_payload(code, message, hint))


def _problems(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in err['loc']) or 'arguments'}: {err['msg']}"
        for err in exc.errors()
    )
