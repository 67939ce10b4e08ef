"""The network guard (tests/network_guard.py): a test that opens a socket outside
loopback fails, even when the code under test swallows the error; loopback and
Unix sockets stay open to tests."""

from __future__ import annotations

import socket
import threading

import pytest

from tests.network_guard import NetworkRefused, is_loopback, refusing_network

OUTSIDE = ("192.0.2.1", 443)  # TEST-NET-1 (RFC 5737): never routed
GUARDED_RUN = """
import socket

import httpx
import pytest


def test_swallows_a_refused_connection():
    try:
        socket.create_connection({outside!r}, timeout=1)
    except OSError:
        pass


def test_an_http_client_that_reports_a_connection_error():
    with pytest.raises(httpx.ConnectError):
        httpx.get("http://192.0.2.1/", timeout=1)


def test_stays_on_loopback():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        socket.create_connection(server.getsockname(), timeout=1).close()
"""


def test_a_test_reaching_outside_loopback_fails_even_when_it_swallows_the_error(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeconftest('pytest_plugins = ["tests.network_guard"]')
    pytester.makepyfile(GUARDED_RUN.format(outside=OUTSIDE))
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(["*the test tried to reach the network: ('192.0.2.1', 443)*"])


def test_a_connection_outside_loopback_is_refused_before_it_leaves() -> None:
    with refusing_network() as refused, pytest.raises(NetworkRefused):
        socket.create_connection(OUTSIDE, timeout=1)
    assert refused == [repr(OUTSIDE)]


def test_the_guard_is_on_during_every_test(network_refused: list[str]) -> None:
    with pytest.raises(NetworkRefused), socket.socket() as sock:
        sock.connect(OUTSIDE)
    assert network_refused == [repr(OUTSIDE)]
    network_refused.clear()  # recorded: this test would fail otherwise


def test_the_guard_is_removed_when_closed() -> None:
    outer = socket.socket.connect
    with refusing_network():
        assert socket.socket.connect is not outer
    assert socket.socket.connect is outer


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        (("127.0.0.1", 5432), True),
        (("127.8.9.1", 80), True),
        (("::1", 80, 0, 0), True),
        (("localhost", 80), True),
        ("/run/postgresql/.s.PGSQL.5432", True),
        (("192.0.2.1", 443), False),
        (("::ffff:192.0.2.1", 443, 0, 0), False),
        (("graph.facebook.com", 443), False),
    ],
)
def test_which_addresses_are_loopback(address: object, allowed: bool) -> None:
    assert is_loopback(address) is allowed


def test_a_loopback_server_is_reachable() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        accepted = threading.Thread(target=lambda: server.accept()[0].close())
        accepted.start()
        socket.create_connection(server.getsockname(), timeout=5).close()
        accepted.join(timeout=5)
