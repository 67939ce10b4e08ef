"""Send messages through the WhatsApp Cloud API (`POST {base}/{phone-number-id}/messages`).

The client wraps an injected `httpx.Client`: the caller owns its lifetime, timeouts
and transport (tests mount respx on it); `messages` builds the bodies. Each send returns
Graph's message id (`messages[0].id`, a `wamid.…`) or raises a `GraphError`:
`GraphRetryableError` for 429, 5xx, throttling codes, timeouts and network faults,
`GraphPermanentError` for the rest. No retries here; `is_retryable` is for the
caller's retry policy. Note that a timeout after the request was written may mean
the message went out: a retry can then send it twice.

A send is the delivery process's hottest path (issue #15), so it skips what
`httpx.Client.send` does around the transport and Graph does not use (auth flows,
redirects, cookie extraction, event hooks, the request log line): the request is
built from headers prepared once and the JSON body serialized as httpx would, and
handed to the client's own transport for the URL (its pool, limits, proxies from
the environment, timeouts; respx's mock sees it as before). That is about a third
of the send's CPU (`bench/bench_graph_send.py`).
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from bookbot.core.errors import ConfigError
from bookbot.settings import Settings

from .errors import RETRYABLE_GRAPH_CODES, GraphError, GraphPermanentError, GraphRetryableError

DEFAULT_GRAPH_API_URL = "https://graph.facebook.com/v21.0"


def is_retryable(exc: BaseException) -> bool:
    """True for failures worth another attempt later (for tenacity's `retry_if_exception`)."""
    return isinstance(exc, GraphRetryableError | httpx.TransportError)


class GraphClient:
    """Sends prepared message bodies (`messages`) over an injected `httpx.Client`."""

    def __init__(
        self,
        http: httpx.Client,
        *,
        token: str,
        phone_number_id: str,
        base_url: str = DEFAULT_GRAPH_API_URL,
    ) -> None:
        if not token or not phone_number_id:
            raise ConfigError("the WhatsApp token and phone number id must not be empty")
        self.http = http
        self.url = f"{base_url.rstrip('/')}/{phone_number_id}/messages"
        self.headers = {"Authorization": f"Bearer {token}"}
        self._url = httpx.URL(self.url)
        headers = httpx.Headers(http.headers)
        headers["Host"] = self._url.netloc.decode("ascii")
        headers.update(self.headers)
        headers["Content-Type"] = "application/json"
        self._headers: list[tuple[bytes, bytes]] = headers.raw
        """The client's default headers and Graph's, as `Client.build_request` merges them
        (the client holds no cookies for Graph: it never keeps any)."""

    @classmethod
    def from_settings(cls, settings: Settings, http: httpx.Client) -> GraphClient:
        missing = [
            f"BOOKBOT_{name.upper()}"
            for name in ("whatsapp_token", "whatsapp_phone_number_id")
            if not getattr(settings, name)
        ]
        if missing:
            raise ConfigError(f"WhatsApp sending needs {' and '.join(missing)}")
        return cls(
            http,
            token=settings.whatsapp_token or "",
            phone_number_id=settings.whatsapp_phone_number_id or "",
            base_url=settings.graph_api_url,
        )

    def send(self, payload: dict[str, Any]) -> str:
        """POST a prepared message body; the provider message id."""
        try:
            response = self._post(encode_json(payload))
        except httpx.TransportError as exc:
            raise _transport_error(exc) from exc
        return message_id(response)

    def _post(self, body: bytes) -> httpx.Response:
        """POST `body` to the messages URL through the client's transport, the response
        read and closed (`Client.send` without what Graph does not use, see above)."""
        if self.http.is_closed:
            raise RuntimeError("Cannot send a request, as the client has been closed.")
        headers = [*self._headers, (b"Content-Length", str(len(body)).encode("ascii"))]
        request = httpx.Request(
            "POST",
            self._url,
            headers=headers,
            content=body,
            extensions={"timeout": self.http.timeout.as_dict()},
        )
        pick = getattr(self.http, "_transport_for_url", None)  # httpx's own (0.23 to 0.28+)
        if pick is None:
            return self.http.send(request)  # a later httpx without it: the full path
        transport: httpx.BaseTransport = pick(self._url)
        response = transport.handle_request(request)
        response.request = request
        try:
            response.read()
        finally:
            response.close()
        return response


def encode_json(payload: dict[str, Any]) -> bytes:
    """The body as `httpx`'s `json=` encodes it (UTF-8, compact, no NaN)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def message_id(response: httpx.Response) -> str:
    """`messages[0].id` of a successful response; the mapped `GraphError` otherwise."""
    if not response.is_success:
        raise response_error(response)
    try:
        return str(response.json()["messages"][0]["id"])
    except (ValueError, LookupError, TypeError) as exc:
        raise GraphPermanentError(
            f"Graph API answered HTTP {response.status_code} without messages[0].id: "
            f"{response.text[:200]!r}",
            status_code=response.status_code,
        ) from exc


def response_error(response: httpx.Response) -> GraphError:
    """The error for a non-2xx response, from Graph's `error` object when there is one."""
    error = _error_object(response)
    code = _int(error.get("code"))
    status = response.status_code
    retryable = status == 429 or status >= 500 or code in RETRYABLE_GRAPH_CODES
    cls = GraphRetryableError if retryable else GraphPermanentError
    graph_message = str(error.get("message") or response.reason_phrase or "no message")
    data = error.get("error_data")
    details = data.get("details") if isinstance(data, dict) else None
    text = f"Graph API error {code if code is not None else '?'}: {graph_message}"
    text += f" (HTTP {status}" + (f", {details}" if details else "") + ")"
    return cls(
        text,
        status_code=status,
        code=code,
        subcode=_int(error.get("error_subcode")),
        graph_message=graph_message,
        details=str(details) if details else None,
        fbtrace_id=error.get("fbtrace_id"),
        retry_after=_retry_after(response) if retryable else None,
    )


def _error_object(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else {}


def _transport_error(exc: httpx.TransportError) -> GraphRetryableError:
    kind = "timed out" if isinstance(exc, httpx.TimeoutException) else "failed"
    return GraphRetryableError(f"Graph API request {kind}: {exc!r}")


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _retry_after(response: httpx.Response) -> float | None:
    try:
        seconds = float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None
    return seconds if seconds >= 0 else None
