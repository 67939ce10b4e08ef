"""`contact:` on the business YAML: how customers reach the business besides the
bot (all optional free text; unknown keys are refused like everywhere else).

    contact:
      phone: "+41 44 123 45 67"
      email: hello@praxis-demo.ch
      address: Bahnhofstrasse 1, 8001 Zürich
      website: https://praxis-demo.ch
      hours_note: Reception answers the phone Mon-Fri 08:00-12:00.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

_TEXT = Field(default=None, min_length=1, max_length=500)


class Contact(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    phone: str | None = _TEXT
    email: str | None = _TEXT
    address: str | None = _TEXT
    website: str | None = _TEXT
    hours_note: str | None = _TEXT
