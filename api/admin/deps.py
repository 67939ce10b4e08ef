"""What the admin routes depend on, beside `api/deps.py`'s `SessionDep`, `NowDep`,
`BusinessDep` and `RuntimeDep`: the admin's identity (`AdminDep`), checked from
the bearer token, the chat's tools acting for a customer (`ActingDep`), plans as
the guide's views (`PresenterDep`), and the stored business with a way to save a
change to it (`EditorDep`).

The token: requests carry `Authorization: Bearer <BOOKBOT_ADMIN_TOKEN>`. A
missing or wrong token is 401. With no token configured the admin API is off:
every call is 503 with a message saying to set BOOKBOT_ADMIN_TOKEN (an admin API
without a secret would let anyone mark sessions and read transcripts).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from bookbot.agent.runtime import Runtime
from bookbot.api.admin.acting import ADMIN_ACTOR, Acting
from bookbot.api.admin.views import PlanPresenter
from bookbot.api.deps import BusinessDep, NowDep, RuntimeDep, SessionDep, SettingsDep
from bookbot.core.config import Business
from bookbot.store.businesses import load_business
from bookbot.store.services_admin import save_business_settings, save_service

NOT_CONFIGURED = (
    "the admin API is disabled: set BOOKBOT_ADMIN_TOKEN to a secret and send it as "
    "'Authorization: Bearer <token>'"
)
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="bookbot admin"'}

bearer = HTTPBearer(auto_error=False, description="BOOKBOT_ADMIN_TOKEN")
CredentialsDep = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


@dataclass(frozen=True, slots=True)
class Admin:
    """Who is acting: the holder of the admin token."""

    actor: str


def get_admin(settings: SettingsDep, credentials: CredentialsDep) -> Admin:
    expected = settings.admin_token
    if not expected:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, NOT_CONFIGURED)
    if credentials is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing admin token: send 'Authorization: Bearer <BOOKBOT_ADMIN_TOKEN>'",
            headers=CHALLENGE,
        )
    if not hmac.compare_digest(credentials.credentials.encode(), expected.encode()):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong admin token", headers=CHALLENGE)
    return Admin(actor=ADMIN_ACTOR)


AdminDep = Annotated[Admin, Depends(get_admin)]


def get_acting(runtime: RuntimeDep, business: BusinessDep, now: NowDep) -> Acting:
    return Acting(runtime.session_factory, business, now)


ActingDep = Annotated[Acting, Depends(get_acting)]


def get_presenter(business: BusinessDep, now: NowDep) -> PlanPresenter:
    """Plans as the guide's multi-session (or package) view, at this request's now."""
    return PlanPresenter(business, now)


PresenterDep = Annotated[PlanPresenter, Depends(get_presenter)]


@dataclass(frozen=True, slots=True)
class BusinessEditor:
    """The business as stored, and saving a change to it: committed with the request's
    session, then used by the bot from the next message on (`runtime.reload_business`)."""

    session: Session
    runtime: Runtime
    now: datetime

    def current(self) -> Business:
        return load_business(self.session, self.runtime.business.name)

    def save_service(self, business: Business, service_id: str) -> Business:
        """Saves `business` with its service `service_id` as given."""
        saved = save_service(self.session, business=business, service_id=service_id, at=self.now)
        return self._use(saved)

    def save_settings(self, business: Business) -> Business:
        """Saves `business`'s opening hours and closures."""
        return self._use(save_business_settings(self.session, business=business, at=self.now))

    def _use(self, saved: Business) -> Business:
        self.session.commit()
        self.runtime.reload_business(saved)
        return saved


def get_editor(session: SessionDep, runtime: RuntimeDep, now: NowDep) -> BusinessEditor:
    return BusinessEditor(session, runtime, now)


EditorDep = Annotated[BusinessEditor, Depends(get_editor)]
