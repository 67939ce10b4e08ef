"""Customers walking a `conversation` against a deployment: each message posted as a
signed webhook after the reply to the previous one reached the fake Graph API, each
acknowledgement measured."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from dataclasses import dataclass, field

from .fake_graph import FakeGraph
from .walks import conversation
from .webhooks import LeanClient, Posted, delivery, post_signed


@dataclass
class Walk:
    """What the walkers did: messages posted (each once acknowledged), replies waited for."""

    posted: Posted = field(default_factory=Posted)
    messages: int = 0
    replies: int = 0
    timeouts: int = 0
    conversations: int = 0
    turns_at: list[float] = field(default_factory=list)


class Walker:
    """Customers walking a `conversation` against a deployment, `concurrency` at a time."""

    def __init__(
        self,
        webhook: str | list[str],
        graph: FakeGraph,
        *,
        customers: int,
        concurrency: int,
        reply_timeout: float = 60.0,
        redeliver: float = 0.0,
        double: float = 0.0,
        prefix: str = "4179",
    ) -> None:
        self.webhooks = [webhook] if isinstance(webhook, str) else webhook
        self.graph = graph
        self.customers = max(customers, concurrency)
        self.concurrency = concurrency
        self.reply_timeout = reply_timeout
        self.redeliver = redeliver
        self.double = double
        self.prefix = prefix
        self.walk = Walk()
        self._next = 0
        self._free: asyncio.Queue[str] = asyncio.Queue()
        for n in range(self.customers):
            self._free.put_nowait(f"{prefix}{n:07d}")

    async def run(self, duration: float) -> Walk:
        """Walk conversations until `duration` seconds passed (the ones started finish)."""
        deadline = time.monotonic() + duration
        async with LeanClient(timeout=30.0) as client:
            await asyncio.gather(*(self._walker(client, deadline) for _ in range(self.concurrency)))
        return self.walk

    async def _walker(self, client: LeanClient, deadline: float) -> None:
        while time.monotonic() < deadline:
            wa_id = await self._free.get()
            try:
                await self._conversation(client, wa_id, deadline)
            finally:
                self._free.put_nowait(wa_id)

    async def _conversation(self, client: LeanClient, wa_id: str, deadline: float) -> None:
        """One walk through a `conversation`; it stops at `deadline` (the next customer
        with this number starts where it stopped, which is a conversation too)."""
        self.walk.conversations += 1
        phone = wa_id  # Graph's `to`: the number's digits
        for said in conversation(self.walk.conversations):
            if time.monotonic() >= deadline:
                return
            seen = len(self.graph.by_phone[phone])
            self._next += 1
            wamid = f"wamid.bench.{uuid.uuid4().hex}"
            raw = delivery(wa_id, wamid, said)
            url = self.webhooks[self._next % len(self.webhooks)]
            if not await post_signed(client, url, raw, self.walk.posted):
                return
            self.walk.messages += 1
            self.walk.posted.new += 1
            if self._chance(self.redeliver, 0.6180339887):
                other = self.webhooks[(self._next + 1) % len(self.webhooks)]
                await post_signed(client, other, raw, self.walk.posted)  # Meta redelivers
                self.walk.posted.redelivered += 1
            expected = 1
            if self._chance(self.double, 0.4142135623):  # a second message before the reply
                extra = delivery(wa_id, f"wamid.bench.{uuid.uuid4().hex}", "and one more thing")
                if await post_signed(client, url, extra, self.walk.posted):
                    self.walk.messages += 1
                    self.walk.posted.new += 1
                    expected = 2
            if not await self._reply(phone, seen + expected - 1):
                self.walk.timeouts += 1
                return
            self.walk.replies += expected
            self.walk.turns_at.extend([time.monotonic()] * expected)

    def _chance(self, share: float, step: float) -> bool:
        """A deterministic spread: about `share` of the messages."""
        return bool(share) and (self._next * step) % 1 < share

    async def _reply(self, phone: str, seen: int) -> bool:
        deadline = time.monotonic() + self.reply_timeout
        event = self.graph.arrived[phone]
        while len(self.graph.by_phone[phone]) <= seen:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            event.clear()
            if len(self.graph.by_phone[phone]) > seen:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), left)
        return True
