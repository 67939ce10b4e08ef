"""Webhook authentication: Meta signs every POST with the app secret.

The `X-Hub-Signature-256` header holds `sha256=<hex>`, the HMAC-SHA256 of the raw
request body keyed with the app secret. Verify the bytes as received, before any
JSON parsing: re-serialising changes them.
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Hub-Signature-256"
_PREFIX = "sha256="
_HEX_LENGTH = 64


def sign(raw_body: bytes, app_secret: str) -> str:
    """The header value Meta would send for `raw_body`: `sha256=<lowercase hex>`."""
    digest = hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return _PREFIX + digest


def verify_signature(raw_body: bytes, header: str | None, app_secret: str) -> bool:
    """True when `header` is a valid signature of `raw_body`; False when missing or malformed.

    An empty app secret never verifies: it would accept anyone who knows it is empty.
    """
    if not header or not app_secret:
        return False
    header = header.strip()
    if not header.startswith(_PREFIX):
        return False
    received = header[len(_PREFIX) :].lower()
    if len(received) != _HEX_LENGTH:
        return False
    expected = sign(raw_body, app_secret)[len(_PREFIX) :]
    return hmac.compare_digest(received.encode("ascii", "replace"), expected.encode("ascii"))
