"""No test reaches the network: a socket may connect to loopback (a test's own
server, PostgreSQL on 127.0.0.1) or a Unix path, nothing else.

A pytest plugin (the root conftest loads it). For the whole run
`socket.socket.connect`/`connect_ex` refuse any other address with
`NetworkRefused` before a packet leaves, and remember it; the test that tried
then fails (its call, or the autouse fixture `no_network` for its fixtures),
even when the code under test swallowed the error (an HTTP client reporting
"connection failed", a retry loop).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})
PATCHED = ("connect", "connect_ex")


class NetworkRefused(OSError):
    """A test tried to open a connection outside loopback."""


def is_loopback(address: Any) -> bool:
    """True for a Unix socket path and for a (host, port, ...) tuple whose host is loopback."""
    if not isinstance(address, tuple):
        return True  # AF_UNIX paths and abstract names never leave the machine
    host = address[0].decode() if isinstance(address[0], bytes) else address[0]
    if not isinstance(host, str):
        return False
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False  # another host name: resolving it would already reach the network


@contextmanager
def refusing_network() -> Iterator[list[str]]:
    """While open, connections outside loopback fail; yields the refused addresses."""
    refused: list[str] = []
    saved = {name: socket.socket.__dict__.get(name) for name in PATCHED}

    def guard(name: str) -> Any:
        original = getattr(socket.socket, name)

        def guarded(self: socket.socket, address: Any) -> Any:
            if not is_loopback(address):
                refused.append(repr(address))
                raise NetworkRefused(f"a test tried to reach the network: {address!r}")
            return original(self, address)

        return guarded

    for name in PATCHED:
        setattr(socket.socket, name, guard(name))
    try:
        yield refused
    finally:
        for name, method in saved.items():
            if method is None:
                delattr(socket.socket, name)
            else:
                setattr(socket.socket, name, method)


@pytest.fixture(scope="session", autouse=True)
def network_refused() -> Iterator[list[str]]:
    """The addresses refused during the run (the session-wide guard, module fixtures included)."""
    with refusing_network() as refused:
        yield refused


@pytest.fixture(autouse=True)
def no_network(network_refused: list[str]) -> Iterator[None]:
    """Fails the test if a fixture it used tried to connect outside loopback."""
    network_refused.clear()
    yield
    _fail_if_refused(network_refused)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Fails the test itself (not only its teardown) when its body tried."""
    result = yield
    refused = getattr(item, "funcargs", {}).get("network_refused")
    if refused:
        _fail_if_refused(refused)
    return result


def _fail_if_refused(refused: list[str]) -> None:
    if refused:
        addresses = ", ".join(refused)
        refused.clear()
        pytest.fail(f"the test tried to reach the network: {addresses}", pytrace=False)
