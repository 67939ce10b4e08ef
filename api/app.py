"""The HTTP service: `create_app(runtime)` builds the FastAPI app.

Routes: the WhatsApp webhook (`/webhooks/whatsapp`, `webhook.py`), the local chat
page (`/chat`, `chat.py`), `/` redirecting to the chat page, and `/healthz`.
Every request body is capped at BOOKBOT_MAX_REQUEST_BYTES (`limits.BodyLimit`, 413).
In the ingest role on PostgreSQL, `webhook.IngestFastPath` answers the webhook's
POST on the event loop with connections of its own (`store.ingest.AsyncStore`).

While the app runs with every role in its process (`turns_here`, the default):
- inbound messages are answered after their acknowledgement on the inbound
  queue's thread pool (`bookbot.service.queue`); on startup, messages left pending by a
  crash are answered first;
- a delivery loop sends due outbox rows every few seconds (retries with backoff,
  proactive messages the worker queued), besides the send right after each reply,
  and re-queues inbound messages whose claim expired (a replica that died).

`process_inline=True` is the test seam: turns and sends run inside the request
that caused them (and the startup recovery inside startup), no threads, so a
test sees the outcome when the call returns.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime

import httpx
from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from sqlalchemy import Engine

from bookbot.agent.runtime import Runtime
from bookbot.api import admin, chat, webhook
from bookbot.api.deps import AppState
from bookbot.api.limits import BodyLimit
from bookbot.service.delivery import Transport, build_transport
from bookbot.store.db import SQLITE_BEGIN_OPTION
from bookbot.store.ingest import AsyncStore

log = logging.getLogger(__name__)

DELIVERY_INTERVAL_SECONDS = 5.0
INGEST_CONNECTIONS = 8
"""PostgreSQL connections of an ingest process's webhook path (`store.ingest.AsyncStore`)."""


def system_clock() -> datetime:
    return datetime.now(UTC)


def create_app(
    runtime: Runtime,
    *,
    clock: Callable[[], datetime] | None = None,
    http_client: httpx.Client | None = None,
    process_inline: bool = False,
    transport: Transport | None = None,
    chat_page: bool | None = None,
    turns_here: bool = True,
) -> FastAPI:
    """The app over an open `runtime` (the caller closes it).

    `http_client` carries the Graph API calls (tests mount respx on it);
    `transport` replaces the one built from the settings altogether. The chat
    page lets whoever opens it write as any phone number, so by default
    (`chat_page=None`) it is on only while WhatsApp sending is not configured.
    `turns_here=False` is the ingest role: requests store and acknowledge, the turn
    workers (other processes, woken by NOTIFY) answer, the delivery role sends.
    """
    serialize_sqlite_writers(runtime.engine)
    owned_client = None
    if transport is None:
        if http_client is None and runtime.settings.whatsapp_token:
            http_client = owned_client = httpx.Client(timeout=15.0)
        transport = build_transport(runtime.settings, http_client)
    state = AppState(
        runtime, clock or system_clock, transport, inline=process_inline, turns_here=turns_here
    )
    store = ingest_store(state)

    app = FastAPI(
        title="bookbot",
        summary="WhatsApp booking agent for multi-session plans",
        lifespan=_lifespan(
            state, process_inline=process_inline, owned_client=owned_client, store=store
        ),
    )
    app.state.bookbot = state
    app.state.ingest_store = store
    if store is not None:  # inside BodyLimit, which still caps the body
        app.add_middleware(webhook.IngestFastPath, state=state, store=store)
    app.add_middleware(BodyLimit, max_bytes=runtime.settings.max_request_bytes)
    app.include_router(webhook.router)
    if chat_page if chat_page is not None else not runtime.settings.whatsapp_token:
        app.include_router(chat.router)
    else:
        app.include_router(chat.disabled_router)
    app.include_router(admin.router)

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/chat")

    @app.get("/healthz", tags=["service"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def ingest_store(state: AppState) -> AsyncStore | None:
    """The ingest role's own connections on PostgreSQL (`webhook.IngestFastPath`)."""
    engine = state.runtime.engine
    if state.turns_here or engine.dialect.name != "postgresql":
        return None
    args, kwargs = engine.dialect.create_connect_args(engine.url)
    kwargs.pop("context", None)  # SQLAlchemy's adapters: psycopg's own serve plain SQL
    return AsyncStore(" ".join(str(a) for a in args), size=INGEST_CONNECTIONS, **kwargs)


def _lifespan(
    state: AppState,
    *,
    process_inline: bool,
    owned_client: httpx.Client | None,
    store: AsyncStore | None = None,
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Start-up and shut-down: pending messages answered again and the delivery loop
    run where turns run here (not in the ingest role); the ingest's store opened and
    closed; the owned HTTP client closed."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        loop = None
        if store is not None:
            await store.open()
        if state.turns_here:
            recovered = await run_in_threadpool(state.queue.recover)
            if recovered:
                log.info("answering the pending messages of %d customer(s)", len(recovered))
            loop = None if process_inline else DeliveryLoop(state).start()
        try:
            yield
        finally:
            if loop is not None:
                loop.stop()
            if state.turns_here:
                state.queue.shutdown()
            if store is not None:
                await store.close()
            if owned_client is not None:
                await run_in_threadpool(owned_client.close)

    return lifespan


def serialize_sqlite_writers(engine: Engine) -> None:
    """On SQLite, make every transaction of the service begin with `BEGIN IMMEDIATE`.

    The service answers customers on several threads while requests store new
    messages. SQLite has one writer at a time, and a deferred transaction that
    read first cannot become a writer once another connection has committed since
    its read: SQLite says "database is locked" at once, without waiting. Some
    transactions of a turn read before they write, so on SQLite each transaction
    takes the write lock as it begins and the others wait for it (up to the busy
    timeout). Transactions are short; PostgreSQL is left as it is.
    """
    if engine.dialect.name == "sqlite":
        engine.update_execution_options(**{SQLITE_BEGIN_OPTION: "IMMEDIATE"})


class DeliveryLoop:
    """Sends due outbox rows every `interval` seconds until stopped (a daemon thread),
    and re-queues inbound messages whose claim expired (another replica died)."""

    def __init__(self, state: AppState, interval: float = DELIVERY_INTERVAL_SECONDS) -> None:
        self.state = state
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bookbot-delivery", daemon=True)

    def start(self) -> DeliveryLoop:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.state.queue.recover()
                self.state.deliver()
            except Exception:  # keep going: the database may be back next time
                log.exception("delivery loop: sending due messages failed")
