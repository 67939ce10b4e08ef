"""The whole eval suite in evals/cases passes with the offline model, and it
covers every conversation and rule the product guide and DESIGN.md name."""

from __future__ import annotations

from pathlib import Path

from bookbot.evals.cases_model import Case, UserStep
from bookbot.evals.runner import RunConfig
from bookbot.evals.suite import SuiteOptions, discover, load_all, run_suite
from bookbot.evals.transport import ModelTransport
from bookbot.settings import Settings

CASES = Path(__file__).resolve().parents[2] / "evals" / "cases"
REQUIRED_TAGS = {
    "seed", "immediate", "sequential", "flexible", "buffer-default", "buffer-pairs",
    "buffer-range", "buffer-none", "buffer-frequency", "capacity", "closures", "declined",
    "reschedule", "cascade", "notice", "cancel", "progress", "price", "unknown-service",
    "other-customer", "invalid-date", "worker", "reminder", "milestones", "outreach",
    "quiet-hours", "check-in", "expiry", "no-show", "inline-business",
}  # fmt: skip


def test_every_case_passes_with_the_offline_model() -> None:
    entries = load_all(discover([CASES]))
    broken = [str(e) for e in entries if not isinstance(e, Case)]
    assert broken == []
    options = SuiteOptions(config=RunConfig("offline", Settings(), ModelTransport()), jobs=2)
    results = run_suite(entries, options)
    failures = {r.id: r.failure_lines(1) for r in results if not r.passed(1)}
    assert failures == {}
    assert len(results) >= 30


def test_the_cases_cover_every_rule_and_conversation() -> None:
    cases = [e for e in load_all(discover([CASES])) if isinstance(e, Case)]
    tags = {tag for case in cases for tag in case.tags}
    assert REQUIRED_TAGS - tags == set()
    assert len({case.id for case in cases}) == len(cases)
    user_messages = [s for c in cases for s in c.steps if isinstance(s, UserStep)]
    assert len({s.text.lower() for s in user_messages}) > 0.8 * len(user_messages)
