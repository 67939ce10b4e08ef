"""Error responses of the admin API, kept inside its own routes.

`AdminRoute` is the route class of every admin router: bookbot's own errors
become JSON answers with the message that names the problem (a router cannot
register app-wide exception handlers, and the admin API must not change how
the rest of the app answers):

    NotFoundError                       404
    InvalidTransitionError, SlotTaken   409
    ConfigError                         422
    InvalidInput (bad field values)     422, FastAPI's shape plus `field`

Text with a NUL character (`%00` in the URL, `\u0000` in JSON) is refused
with a 422 naming the parameter or field before the route runs: PostgreSQL
cannot store or compare it, and SQLite would keep it.

A 422 body looks like FastAPI's own validation errors, with a dotted `field`:
`{"detail": [{"loc": ["body", "session_buffer_config", "maximum_days"],
"field": "session_buffer_config.maximum_days", "msg": "...", "type": "value_error"}]}`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from bookbot.core.errors import (
    BookbotError,
    ConfigError,
    InvalidTransitionError,
    NotFoundError,
    SlotTakenError,
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One bad field: where it is (`loc`, as pydantic gives it) and why."""

    loc: tuple[str | int, ...]
    msg: str
    type: str = "value_error"

    @property
    def field(self) -> str:
        out = ""
        for part in self.loc:
            if isinstance(part, int):
                out += f"[{part}]"
            else:
                out += f".{part}" if out else part
        return out or "(body)"


class InvalidInput(BookbotError):
    """Request values the admin API refuses, each with its field and reason."""

    def __init__(self, problems: Sequence[Problem], *, source: str = "body") -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__("; ".join(f"{p.field}: {p.msg}" for p in self.problems))

    def detail(self) -> list[dict[str, Any]]:
        return [
            {"loc": [self.source, *p.loc], "field": p.field, "msg": p.msg, "type": p.type}
            for p in self.problems
        ]


def invalid(field: str, msg: str, *, source: str = "query") -> InvalidInput:
    """A single bad request value (a query parameter unless told)."""
    return InvalidInput([Problem((field,), msg)], source=source)


def error_response(exc: BookbotError) -> JSONResponse:
    if isinstance(exc, InvalidInput):
        return JSONResponse({"detail": exc.detail()}, status_code=422)
    if isinstance(exc, NotFoundError):
        code = 404
    elif isinstance(exc, InvalidTransitionError | SlotTakenError):
        code = 409
    elif isinstance(exc, ConfigError):
        code = 422
    else:
        code = 400
    return JSONResponse({"detail": str(exc)}, status_code=code)


NUL = "\x00"
NUL_MESSAGE = "must not contain a NUL character"


def _nul_paths(value: Any, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """Where a JSON value holds a string (or key) with a NUL character."""
    if isinstance(value, str):
        if NUL in value:
            yield loc
    elif isinstance(value, dict):
        for key, item in value.items():
            if NUL in str(key):
                yield (*loc, str(key))
            else:
                yield from _nul_paths(item, (*loc, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_paths(item, (*loc, index))


async def nul_problems(request: Request) -> InvalidInput | None:
    """The request's parameters and JSON fields that contain a NUL character, if any."""
    for source, values in (("path", request.path_params), ("query", request.query_params)):
        bad = [Problem((str(k),), NUL_MESSAGE) for k, v in values.items() if NUL in str(v)]
        if bad:
            return InvalidInput(bad, source=source)
    raw = await request.body()
    if b"\\u0000" not in raw.lower():
        return None
    try:
        body = json.loads(raw)
    except ValueError:
        return None  # FastAPI reports malformed JSON itself
    bad = [Problem(loc, NUL_MESSAGE) for loc in _nul_paths(body)]
    return InvalidInput(bad) if bad else None


class AdminRoute(APIRoute):
    """An APIRoute whose handler answers bookbot errors as JSON and refuses NUL
    characters (see the module doc)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            problems = await nul_problems(request)
            if problems is not None:
                return error_response(problems)
            try:
                return await handler(request)
            except BookbotError as exc:
                return error_response(exc)

        return handle
