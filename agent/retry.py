"""The retry policy for calls to a language model: attempts, a time budget, backoff.

`RetryPolicy.call` runs one attempt after another (with tenacity) until one
succeeds, an error is not transient, the attempts are used up, or the next sleep
would overrun the time budget. The wait before a retry is the server's hint
(`Retry-After`) when it gave one, else exponential backoff with jitter; either is
capped by what is left of the budget, and a retry with no time left to run is
not made. Sleeping and reading the clock go through the injected `sleep` and
`clock`, so tests never sleep.

This module knows nothing about OpenAI: the caller says which errors are
transient and what a server asked to wait. It imports only the standard library
and tenacity.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn, TypeVar

from tenacity import RetryCallState, Retrying, retry_if_exception, wait_exponential_jitter

T = TypeVar("T")


class RetriesExhausted(Exception):
    """A transient error persisted until the attempts or the time budget ran out.

    Internal to the agent layer: a model client turns it into
    `bookbot.core.errors.ModelUnavailableError` with a message it controls.
    """

    def __init__(self, last_error: BaseException, *, attempts: int, reason: str) -> None:
        super().__init__(f"gave up after {attempts} attempt(s) ({reason})")
        self.last_error = last_error
        self.attempts = attempts
        self.reason = reason


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int
    time_budget_seconds: float
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    backoff_base_seconds: float = 0.5
    backoff_max_seconds: float = 8.0
    jitter_seconds: float = 0.25

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("attempts must be at least 1")
        if self.time_budget_seconds <= 0:
            raise ValueError("time_budget_seconds must be positive")

    def call(
        self,
        attempt: Callable[[float], T],
        *,
        is_transient: Callable[[BaseException], bool],
        retry_after: Callable[[BaseException], float | None],
    ) -> T:
        """Return `attempt(remaining_seconds)` from the first attempt that succeeds.

        A non-transient error propagates unchanged at once; a transient one that
        outlasts the policy raises `RetriesExhausted` carrying it.
        """
        deadline = self.clock() + self.time_budget_seconds
        backoff = wait_exponential_jitter(
            multiplier=self.backoff_base_seconds,
            max=self.backoff_max_seconds,
            jitter=self.jitter_seconds,
        )

        def remaining() -> float:
            return deadline - self.clock()

        def wait(state: RetryCallState) -> float:
            error = _error_of(state)
            hinted = retry_after(error) if error is not None else None
            delay = hinted if hinted is not None else backoff(state)
            return max(0.0, min(delay, remaining()))

        def stop(state: RetryCallState) -> bool:
            return state.attempt_number >= self.attempts or state.upcoming_sleep >= remaining()

        def give_up(state: RetryCallState) -> NoReturn:
            error = _error_of(state)
            assert error is not None, "tenacity gives up only after a failed attempt"
            if state.attempt_number >= self.attempts:
                reason = "no attempts left"
            else:
                reason = f"time budget of {self.time_budget_seconds:g}s would be exceeded"
            raise RetriesExhausted(error, attempts=state.attempt_number, reason=reason)

        retrying = Retrying(
            stop=stop,
            wait=wait,
            retry=retry_if_exception(is_transient),
            sleep=self.sleep,
            retry_error_callback=give_up,
            reraise=True,
        )
        return retrying(lambda: attempt(max(remaining(), 0.0)))


def _error_of(state: RetryCallState) -> BaseException | None:
    return state.outcome.exception() if state.outcome is not None else None
