"""What the admin routes depend on: the runtime, the clock, a database session
and the admin's identity, checked from the bearer token.

`build_admin_router` makes one `AdminContext`; each route module turns its
methods into `Annotated` aliases (`SessionDep`, `AdminDep`, as in
full-stack-fastapi-template), so the routes never reach for globals and a test
builds a router over its own runtime and frozen clock.

The token: requests carry `Authorization: Bearer <BOOKBOT_ADMIN_TOKEN>`. A
missing or wrong token is 401. With no token configured the admin API is off:
every call is 503 with a message saying to set BOOKBOT_ADMIN_TOKEN (an admin API
without a secret would let anyone mark sessions and read transcripts).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from bookbot.agent.runtime import Runtime
from bookbot.core.config import Business

ADMIN_ACTOR = "admin"
"""The audit trail's actor for changes made through the admin API (one shared token)."""

NOT_CONFIGURED = (
    "the admin API is disabled: set BOOKBOT_ADMIN_TOKEN to a secret and send it as "
    "'Authorization: Bearer <token>'"
)

bearer = HTTPBearer(auto_error=False, description="BOOKBOT_ADMIN_TOKEN")
CredentialsDep = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


@dataclass(frozen=True, slots=True)
class Admin:
    """Who is acting: the holder of the admin token."""

    actor: str


@dataclass(frozen=True)
class AdminContext:
    runtime: Runtime
    clock: Callable[[], datetime]

    @property
    def business(self) -> Business:
        return self.runtime.business

    def now(self) -> datetime:
        now = self.clock()
        if now.tzinfo is None or now.utcoffset() is None:
            raise ValueError(f"the admin clock must return aware datetimes, got {now!r}")
        return now

    def session(self) -> Iterator[Session]:
        """A session per request; routes that write commit it themselves."""
        with self.runtime.session_factory() as session:
            yield session

    def admin(self, credentials: CredentialsDep) -> Admin:
        expected = self.runtime.settings.admin_token
        if not expected:
            raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, NOT_CONFIGURED)
        challenge = {"WWW-Authenticate": 'Bearer realm="bookbot admin"'}
        if credentials is None:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "missing admin token: send 'Authorization: Bearer <BOOKBOT_ADMIN_TOKEN>'",
                headers=challenge,
            )
        given = credentials.credentials.encode()
        if not hmac.compare_digest(given, expected.encode()):
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED, "wrong admin token", headers=challenge
            )
        return Admin(actor=ADMIN_ACTOR)
