"""What a run of a case produced: the turns, the messages sent, the failures.

`CaseResult` gathers the K runs of one case (or the load error of a broken
case file); the reports read only these values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bookbot.evals.cases_model import Case, CaseError
from bookbot.evals.tool_checks import ToolUse

__all__ = ["CaseResult", "CaseRun", "Failure", "ToolUse", "Turn"]


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
    cached_tokens: int = 0
    call_prompt_tokens: tuple[int, ...] = ()
    """Each model call's prompt tokens, in order."""
    tokens_estimated: bool = False
    """Some of the turn's tokens were counted locally (the model reported none)."""
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
    outage: bool = False
    recorded_model_ms: float = 0.0
    """Replays only: how long the live model took, in the recording, for what was served."""
    """The model was unreachable after its retries: an infrastructure error."""

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
        """Each distinct failure once, with the runs that hit it when there are several."""
        if self.error is not None:
            return [str(self.error)]
        runs_of: dict[str, list[int]] = {}
        for run in self.runs:
            for failure in run.failures:
                runs_of.setdefault(str(failure), []).append(run.run)
        if repeat == 1:
            return list(runs_of)
        return [f"{runs_label(numbers)}: {text}" for text, numbers in runs_of.items()]

    def line_of(self, failure: Failure) -> int | None:
        """The case file's line of the failing step (or of `final`)."""
        if self.case is None:
            return None
        if failure.step is not None and 0 < failure.step <= len(self.case.steps):
            return self.case.steps[failure.step - 1].line
        if failure.where == "final" and self.case.final is not None:
            return self.case.final.line
        return None


def runs_label(numbers: list[int]) -> str:
    """'run 2' or 'runs 1, 3': the runs a failure was seen in."""
    unique = sorted(set(numbers))
    return ("run " if len(unique) == 1 else "runs ") + ", ".join(map(str, unique))
