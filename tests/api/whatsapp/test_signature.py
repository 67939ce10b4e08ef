"""Webhook signatures (X-Hub-Signature-256) and the GET verification handshake."""

from __future__ import annotations

import hashlib
import hmac

from hypothesis import given
from hypothesis import strategies as st

from bookbot.api.whatsapp import sign, verify_handshake, verify_signature

SECRET = "app-secret"
BODY = b'{"object":"whatsapp_business_account","entry":[]}'


def test_sign_is_hmac_sha256_hex_of_the_raw_body() -> None:
    digest = hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()
    assert sign(BODY, SECRET) == f"sha256={digest}"


def test_valid_signature_verifies() -> None:
    assert verify_signature(BODY, sign(BODY, SECRET), SECRET)


def test_uppercase_hex_and_surrounding_space_verify() -> None:
    header = sign(BODY, SECRET)
    assert verify_signature(BODY, "sha256=" + header[7:].upper(), SECRET)
    assert verify_signature(BODY, f"  {header} ", SECRET)


def test_wrong_secret_fails() -> None:
    assert not verify_signature(BODY, sign(BODY, "other-secret"), SECRET)


def test_missing_or_empty_header_fails() -> None:
    assert not verify_signature(BODY, None, SECRET)
    assert not verify_signature(BODY, "", SECRET)


def test_wrong_prefix_fails() -> None:
    digest = sign(BODY, SECRET).removeprefix("sha256=")
    assert not verify_signature(BODY, f"sha1={digest}", SECRET)
    assert not verify_signature(BODY, digest, SECRET)
    assert not verify_signature(BODY, f"SHA256={digest}", SECRET)


def test_malformed_digest_fails() -> None:
    digest = sign(BODY, SECRET).removeprefix("sha256=")
    assert not verify_signature(BODY, f"sha256={digest[:-2]}", SECRET)
    assert not verify_signature(BODY, f"sha256={digest}00", SECRET)
    assert not verify_signature(BODY, "sha256=" + "é" * 64, SECRET)
    assert not verify_signature(BODY, "sha256=", SECRET)


def test_empty_app_secret_never_verifies() -> None:
    assert not verify_signature(BODY, sign(BODY, ""), "")


@given(body=st.binary(max_size=2048), secret=st.text(min_size=1, max_size=64))
def test_any_body_round_trips(body: bytes, secret: str) -> None:
    assert verify_signature(body, sign(body, secret), secret)


@given(
    body=st.binary(min_size=1, max_size=512),
    data=st.data(),
    secret=st.text(min_size=1, max_size=32),
)
def test_any_single_byte_change_fails(body: bytes, data: st.DataObject, secret: str) -> None:
    header = sign(body, secret)
    index = data.draw(st.integers(min_value=0, max_value=len(body) - 1), label="index")
    flip = data.draw(st.integers(min_value=1, max_value=255), label="xor")
    tampered = bytearray(body)
    tampered[index] ^= flip
    assert not verify_signature(bytes(tampered), header, secret)


@given(body=st.binary(max_size=256), extra=st.binary(min_size=1, max_size=8))
def test_appended_bytes_fail(body: bytes, extra: bytes) -> None:
    assert not verify_signature(body + extra, sign(body, SECRET), SECRET)


def test_handshake_echoes_the_challenge_when_the_token_matches() -> None:
    assert verify_handshake("subscribe", "verify-me", "1158201444", "verify-me") == "1158201444"


def test_handshake_refuses_wrong_mode_token_or_missing_parts() -> None:
    assert verify_handshake("unsubscribe", "verify-me", "1", "verify-me") is None
    assert verify_handshake(None, "verify-me", "1", "verify-me") is None
    assert verify_handshake("subscribe", "wrong", "1", "verify-me") is None
    assert verify_handshake("subscribe", None, "1", "verify-me") is None
    assert verify_handshake("subscribe", "verify-me", None, "verify-me") is None


def test_handshake_refuses_everything_without_a_configured_token() -> None:
    assert verify_handshake("subscribe", "", "1", "") is None
    assert verify_handshake("subscribe", "anything", "1", None) is None
