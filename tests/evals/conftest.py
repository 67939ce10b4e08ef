"""Eval tests never reach the network: any real HTTP connection outside loopback fails loudly
(a test may run its own scripted endpoint on 127.0.0.1)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    send = httpx.HTTPTransport.handle_request

    def refuse(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        if request.url.host in LOOPBACK:
            return send(self, request)
        raise AssertionError(f"a test tried to reach the network: {request.method} {request.url}")

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", refuse)
    yield
