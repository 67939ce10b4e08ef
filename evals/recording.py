"""Record a live model's HTTP exchanges per case, and replay them with no network.

`--record DIR` wraps the model's `httpx.Client` in a `RecordingTransport`: every
exchange (method, URL, request body and its hash; response status, headers,
body) is kept and written to `DIR/<case id>.json`, one list per run. Request
headers (the API key) are never stored. Requests are matched by method, URL
path and body hash, so a replay works against any base URL.
`--replay DIR` serves them from disk with a `ReplayTransport`; a request that
is not in the recording is a clear error naming the case file to re-record and
what changed against the closest recorded request (`request_diff`), and a
recorded exchange the replay never asked for is reported too.

Proposal ids are random UUIDs that travel from tool results into the next
request and back out in the model's tool calls. So bodies are hashed with each
UUID replaced by its place among the request's UUIDs (`{uuid:1}`, `{uuid:2}`,
...), and the same placeholders stand in the stored response; on replay they
become the UUIDs of the live request (`{uuid:-1}`: the last one).

Every exchange must carry its request's `sha256`: an exchange without one would
answer whatever is asked, so a cassette holding one is refused. The cassette
names the model it was recorded with; replaying it for another model is refused.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bookbot.evals.request_diff import request_diff

FORMAT = "bookbot-eval-cassette/1"
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_PLACEHOLDER = re.compile(r"\{uuid:(-?\d+)\}")
_DROPPED_HEADERS = frozenset(
    {"content-encoding", "content-length", "transfer-encoding", "connection", "set-cookie"}
)


class CassetteError(Exception):
    """A cassette file that cannot be read, or a request it has no answer for."""


@dataclass(frozen=True)
class Cassette:
    """One case's recording: the model it was recorded with and each run's exchanges."""

    path: Path
    model: str | None
    runs: list[list[Exchange]]

    def run(self, number: int) -> list[Exchange]:
        """Recorded run `number` (1-based); an error when the recording has fewer runs."""
        if number > len(self.runs):
            raise CassetteError(
                f"replay: {self.path} holds {len(self.runs)} recorded run(s), so run {number} "
                f"has no recording; record with --repeat {number} or replay fewer runs"
            )
        return list(self.runs[number - 1])


def _uuids(text: str) -> list[str]:
    return list(dict.fromkeys(m.group(0).lower() for m in _UUID.finditer(text)))


def _canonical(body: bytes) -> str:
    text = body.decode("utf-8", errors="replace")
    try:
        return json.dumps(json.loads(text), sort_keys=True, ensure_ascii=False)
    except json.JSONDecodeError:
        return text


def normalize(text: str, uuids: list[str]) -> str:
    """`text` with each of `uuids` replaced by its placeholder `{uuid:N}` (1-based)."""
    places = {u: i for i, u in enumerate(uuids, 1)}

    def replace(match: re.Match[str]) -> str:
        place = places.get(match.group(0).lower())
        return match.group(0) if place is None else f"{{uuid:{place}}}"

    return _UUID.sub(replace, text)


def request_key(method: str, url: httpx.URL | str, body: bytes) -> tuple[str, str, str, list[str]]:
    """(method, path, sha256 of the normalized body, the body's UUIDs in order)."""
    canonical = _canonical(body)
    uuids = _uuids(canonical)
    path = httpx.URL(str(url)).path
    digest = hashlib.sha256(f"{method.upper()} {path}\n{normalize(canonical, uuids)}".encode())
    return method.upper(), path, digest.hexdigest(), uuids


@dataclass
class Exchange:
    method: str
    path: str
    sha256: str | None
    status: int
    headers: dict[str, str]
    body: Any
    """The response body: parsed JSON when it was JSON, else text."""
    request: Any = None
    """The normalized request body, for people reading the cassette."""
    url: str | None = None
    elapsed_ms: float | None = None
    """How long the live model took to answer it, for replayed reports."""

    def to_json(self) -> dict[str, Any]:
        return {
            "request": {
                "method": self.method,
                "url": self.url,
                "path": self.path,
                "sha256": self.sha256,
                "body": self.request,
            },
            "response": {
                "status": self.status,
                "headers": self.headers,
                "body": self.body,
                "elapsed_ms": self.elapsed_ms,
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Exchange:
        request, response = data["request"], data["response"]
        return cls(
            method=str(request.get("method", "POST")).upper(),
            path=str(request.get("path") or httpx.URL(str(request.get("url", "/"))).path),
            sha256=request.get("sha256"),
            status=int(response.get("status", 200)),
            headers={str(k): str(v) for k, v in (response.get("headers") or {}).items()},
            body=response.get("body"),
            request=request.get("body"),
            url=request.get("url"),
            elapsed_ms=response.get("elapsed_ms"),
        )

    def response(self, uuids: list[str], request: httpx.Request) -> httpx.Response:
        text = self.body if isinstance(self.body, str) else json.dumps(self.body)
        text = _PLACEHOLDER.sub(lambda m: _pick(uuids, int(m.group(1)), m.group(0)), text)
        return httpx.Response(
            self.status, headers=self.headers, content=text.encode(), request=request
        )


def _pick(uuids: list[str], place: int, placeholder: str) -> str:
    index = place - 1 if place > 0 else place
    if place == 0 or not -len(uuids) <= index < len(uuids):
        raise CassetteError(f"{placeholder}: the live request has {len(uuids)} UUID(s)")
    return uuids[index]


def _body(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return response.content.decode("utf-8", errors="replace")


class RecordingTransport(httpx.BaseTransport):
    """Sends every request on and keeps the exchange."""

    def __init__(self, inner: httpx.BaseTransport | None = None) -> None:
        self._owns_inner = inner is None
        self.inner = inner or httpx.HTTPTransport()
        self.exchanges: list[Exchange] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        method, path, digest, uuids = request_key(request.method, request.url, body)
        started = time.perf_counter()
        response = self.inner.handle_request(request)
        response.read()
        elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
        headers = {k: v for k, v in response.headers.items() if k.lower() not in _DROPPED_HEADERS}
        stored = _body(response)
        if uuids:
            stored = json.loads(normalize(json.dumps(stored), uuids))
        request_body = json.loads(normalize(_canonical(body), uuids)) if body else None
        self.exchanges.append(
            Exchange(
                method,
                path,
                digest,
                response.status_code,
                headers,
                stored,
                request_body,
                url=str(request.url.copy_with(query=None)),
                elapsed_ms=elapsed_ms,
            )
        )
        return httpx.Response(
            response.status_code, headers=headers, content=response.content, request=request
        )

    def close(self) -> None:
        if self._owns_inner:
            self.inner.close()


@dataclass
class ReplayTransport(httpx.BaseTransport):
    """Answers from recorded exchanges; never opens a connection."""

    exchanges: list[Exchange]
    source: str
    misses: list[str] = field(default_factory=list)
    _used: set[int] = field(default_factory=set, init=False)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        method, path, digest, uuids = request_key(request.method, request.url, body)
        for index in self._candidates(method, path, digest):
            self._used.add(index)
            return self.exchanges[index].response(uuids, request)
        live = json.loads(normalize(_canonical(body), uuids)) if body else None
        message = (
            f"replay: {self.source} has no recorded response for {method} {path} "
            f"(request sha256 {digest[:12]}); the conversation went another way than when "
            "it was recorded: record it again with --record"
        ) + self._closest_difference(method, path, live)
        self.misses.append(message)
        raise CassetteError(message)

    def recorded_ms(self) -> float:
        """The live model time of the exchanges served so far, as recorded."""
        return sum(self.exchanges[i].elapsed_ms or 0.0 for i in self._used)

    def unused(self) -> list[int]:
        """Recorded exchanges the replay never served (1-based positions)."""
        return [i + 1 for i in range(len(self.exchanges)) if i not in self._used]

    def _candidates(self, method: str, path: str, digest: str) -> Iterator[int]:
        yield from (
            i
            for i, e in enumerate(self.exchanges)
            if i not in self._used and (e.method, e.path, e.sha256) == (method, path, digest)
        )

    def _closest_difference(self, method: str, path: str, live: Any) -> str:
        same_route = [e for e in self.exchanges if (e.method, e.path) == (method, path)]
        if not same_route or not isinstance(live, dict):
            return ""
        closest = min(same_route, key=lambda e: len(request_diff(e.request, live)))
        lines = request_diff(closest.request, live)
        return "\nWhat changed against the closest recorded request:\n" + "\n".join(
            f"  {line}" for line in lines[:12]
        )


def cassette_path(directory: Path, case_id: str) -> Path:
    return directory / f"{case_id}.json"


def save_cassette(path: Path, *, case_id: str, model: str, runs: list[list[Exchange]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "format": FORMAT,
        "case": case_id,
        "model": model,
        "runs": [[e.to_json() for e in run] for run in runs],
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def load_cassette(path: Path) -> Cassette:
    """One case's recording; every exchange must carry its request hash."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CassetteError(f"replay: no recording {path}; record the case with --record") from None
    except (OSError, json.JSONDecodeError) as exc:
        raise CassetteError(f"replay: cannot read {path}: {exc}") from None
    try:
        runs = [[Exchange.from_json(item) for item in run] for run in data["runs"]]
        model = data.get("model")
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CassetteError(f"replay: {path} is not a bookbot cassette ({exc!r})") from None
    for number, run in enumerate(runs, 1):
        for position, exchange in enumerate(run, 1):
            if not exchange.sha256:
                raise CassetteError(
                    f"replay: {path}: run {number}, exchange {position} has no request sha256, "
                    "so it would answer any request; cassettes are written by --record"
                )
    return Cassette(path, model if isinstance(model, str) else None, runs)
