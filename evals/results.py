"""What a run of a case produced: the turns, the messages sent, the failures.

`CaseResult` gathers the K runs of one case (or the load error of a broken
case file); the reports read only these values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bookbot.evals.cases_model import Case, CaseError


@dataclass(frozen=True, slots=True)
class ToolUse:
    name: str
    arguments: str
    ok: bool

    def __str__(self) -> str:
        mark = "" if self.ok else " [error]"
        return f"{self.name}({self.arguments}){mark}"


@dataclass(frozen=True, slots=True)
class Turn:
    """One customer message and the bot's answer."""

    step: int
    text: str
    reply: str
    tools: tuple[ToolUse, ...]
    model: str
    model_calls: int
    prompt_tokens: int
    completion_tokens: int
    latency_ms: float
    error: str | None = None
    degraded: bool = False
    buttons: tuple[str, ...] = ()
    """The reply buttons' titles, as the delivery sent them to WhatsApp."""
    sent: bool = False
    """Whether the reply went out through the delivery (the outbox) in its step."""


@dataclass(frozen=True, slots=True)
class Failure:
    """One failed assertion, with what the bot said and did beside it."""

    step: int | None
    """1-based step number; None for the final bookings or the run as a whole."""
    message: str
    reply: str | None = None
    tools: tuple[str, ...] = ()
    outbound: tuple[str, ...] = ()
    where: str = "step"

    def __str__(self) -> str:
        if self.step is not None:
            return f"step {self.step}: {self.message}"
        return f"{self.where}: {self.message}"


@dataclass
class CaseRun:
    """One run of a case on a fresh database."""

    case_id: str
    run: int
    failures: list[Failure] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    outbound: list[tuple[int, str]] = field(default_factory=list)
    """(step, text) of every proactive message sent to the case's customer."""
    recorded: list[object] = field(default_factory=list)
    """HTTP exchanges kept by `--record` (recording.Exchange)."""

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass
class CaseResult:
    """Every run of one case file, or why it could not run."""

    file: str
    case: Case | None = None
    error: CaseError | None = None
    runs: list[CaseRun] = field(default_factory=list)

    @property
    def id(self) -> str:
        if self.case is not None:
            return self.case.id
        if self.error is not None and self.error.id:
            return self.error.id
        return self.file

    @property
    def passed_runs(self) -> int:
        return sum(1 for run in self.runs if run.passed)

    def passed(self, repeat: int) -> bool:
        """Every one of the `repeat` runs passed (a broken case never passes)."""
        return self.error is None and len(self.runs) == repeat and self.passed_runs == repeat

    def failure_lines(self, repeat: int) -> list[str]:
        if self.error is not None:
            return [str(self.error)]
        lines = []
        for run in self.runs:
            prefix = f"run {run.run}: " if repeat > 1 else ""
            lines += [prefix + str(failure) for failure in run.failures]
        return lines
