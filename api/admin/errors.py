"""Error responses of the admin API, kept inside its own routes.

`AdminRoute` is the route class of every admin router: bookbot's own errors
become JSON answers with the message that names the problem (a router cannot
register app-wide exception handlers, and the admin API must not change how
the rest of the app answers):

    NotFoundError                       404
    InvalidTransitionError, SlotTaken   409
    ConfigError                         422
    InvalidInput (bad field values)     422, FastAPI's shape plus `field`

A 422 body looks like FastAPI's own validation errors, with a dotted `field`:
`{"detail": [{"loc": ["body", "session_buffer_config", "maximum_days"],
"field": "session_buffer_config.maximum_days", "msg": "...", "type": "value_error"}]}`.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
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


class AdminRoute(APIRoute):
    """An APIRoute whose handler answers bookbot errors as JSON (see the module doc)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except BookbotError as exc:
                return error_response(exc)

        return handle
