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
_HEX_DIGITS = frozenset("0123456789abcdef")


def sign(raw_body: bytes, app_secret: str) -> str:
    """The header value Meta would send for `raw_body`: `sha256=<lowercase hex>`."""
    digest = hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return _PREFIX + digest


def well_formed(header: str | None) -> bool:
    """Whether `header` looks like a signature (`sha256=` and 64 hex digits): checked before
    the body is read, so a request that cannot be genuine costs no reading."""
    text = (header or "").strip()
    if not text.startswith(_PREFIX):
        return False
    digits = text[len(_PREFIX) :].lower()
    return len(digits) == _HEX_LENGTH and set(digits) <= _HEX_DIGITS


def verify_signature(raw_body: bytes, header: str | None, app_secret: str) -> bool:
    """True when `header` is a valid signature of `raw_body`; False when missing or malformed.

    An empty app secret never verifies: it would accept anyone who knows it is empty.
    """
    if header is None or not well_formed(header) or not app_secret:
        return False
    received = header.strip()[len(_PREFIX) :].lower()
    expected = sign(raw_body, app_secret)[len(_PREFIX) :]
    return hmac.compare_digest(received.encode("ascii", "replace"), expected.encode("ascii"))
