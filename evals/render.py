"""The report a person reads: Markdown (`--report FILE.md`) or HTML (`.html`).

Both show the summary, the totals, one row per case, and for each failing case
what failed at which step with the bot's reply and tool calls beside it, then
the whole conversation of its first failing run (`transcripts`: of every case).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment

from bookbot.evals.results import CaseResult, CaseRun

_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bookbot evals: {{ r.model }}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;
text-align:left;vertical-align:top}.pass{color:#176b2c}.fail{color:#b3261e;font-weight:600}
pre{background:#f6f6f6;padding:.5rem;white-space:pre-wrap;margin:.2rem 0}
</style></head><body>
<h1>bookbot evals</h1>
<p>Model <code>{{ r.model }}</code>, {{ r.repeat }} run(s) per case.
<b>{{ s.passed }} of {{ s.cases }}</b> cases passed; pass rate {{ s.pass_rate }},
pass^{{ r.repeat }} {{ s.pass_hat_k }}
{%- if s.broken %}; {{ s.broken }} broken case file(s){% endif %}.</p>
<table><tr>{% for k, v in totals %}<th>{{ k }}</th>{% endfor %}</tr>
<tr>{% for k, v in totals %}<td>{{ v }}</td>{% endfor %}</tr></table>
<table><tr><th>case</th><th>result</th><th>runs passed</th><th>tags</th><th>model calls</th>
<th>prompt tokens</th><th>cost</th><th>latency</th><th>first failure</th></tr>
{% for c in r.cases %}<tr><td><a href="#{{ c.id }}">{{ c.id }}</a></td>
<td class="{{ 'pass' if c.passed else 'fail' }}">{{ 'pass' if c.passed else 'FAIL' }}</td>
<td>{{ c.passed_runs }}/{{ r.repeat }}</td><td>{{ c.tags|join(', ') }}</td>
{% set u = usage(c) %}<td>{{ u.calls }}</td><td>{{ u.tokens }}</td><td>{{ u.cost }}</td>
<td>{{ u.latency }}</td>
<td>{{ c.failures[0] if c.failures else '' }}</td></tr>{% endfor %}</table>
{% for c in failing %}<h2 id="{{ c.id }}">{{ c.id }}{% if c.passed %} (passed){% endif %}</h2>
<p><code>{{ c.file }}</code>
{% if c.description %}: {{ c.description }}{% endif %}</p>
<ul>{% for d in c.details_list %}<li><b>{{ d.title }}</b>
{% if d.reply %}<br>bot replied:<pre>{{ d.reply }}</pre>{% endif %}
{% if d.tools %}tool calls:<pre>{{ d.tools|join('\n') }}</pre>{% endif %}
{% if d.outbound %}messages sent:<pre>{{ d.outbound|join('\n---\n') }}</pre>{% endif %}
</li>{% endfor %}</ul>
{% if c.transcript %}<h3>Conversation (run {{ c.transcript_run }})</h3>
{% for t in c.transcript %}<p><b>{{ t.who }}</b>{% if t.note %} <i>{{ t.note }}</i>{% endif %}</p>
<pre>{{ t.text }}</pre>{% endfor %}{% endif %}{% endfor %}
</body></html>
"""


def _transcript(result: CaseResult, run: CaseRun) -> list[dict[str, str]]:
    lines: list[dict[str, str]] = []
    sent: dict[int, list[str]] = {}
    for step, text in run.outbound:
        sent.setdefault(step, []).append(text)
    turns = {t.step: t for t in run.turns}
    steps = result.case.steps if result.case is not None else ()
    for number, _step in enumerate(steps, 1):
        if number in turns:
            turn = turns[number]
            lines.append({"who": f"{number}. customer", "text": turn.text, "note": ""})
            tools = ", ".join(t.name for t in turn.tools) or "no tools"
            lines.append({"who": f"{number}. bot", "text": turn.reply, "note": f"({tools})"})
        for text in sent.get(number, []):
            lines.append({"who": f"{number}. worker sent", "text": text, "note": ""})
    return lines


def _view(
    report: dict[str, Any], results: list[CaseResult], transcripts: bool = False
) -> dict[str, Any]:
    by_id = {r.id: r for r in results}
    failing = []
    for case in report["cases"]:
        if case["passed"] and not transcripts:
            continue
        result = by_id.get(case["id"])
        details = [
            {
                "title": (f"run {d['run']}: " if report["repeat"] > 1 else "")
                + (f"step {d['step']}: " if d["step"] is not None else f"{d['where']}: ")
                + d["message"],
                "reply": d["reply"],
                "tools": d["tools"],
                "outbound": d["outbound"],
            }
            for d in case["details"]
        ]
        if case["error"]:
            details = [{"title": case["error"], "reply": None, "tools": [], "outbound": []}]
        first = None
        if result is not None and result.runs:
            first = next((run for run in result.runs if not run.passed), result.runs[0])
        failing.append(
            {
                **case,
                "details_list": details,
                "transcript": _transcript(result, first) if result and first else [],
                "transcript_run": first.run if first else None,
            }
        )
    t = report["totals"]
    cost = "n/a (no price for " + ", ".join(t["unpriced_models"]) + ")"
    if t["cost_usd"] is not None:
        cost = f"${t['cost_usd']:.4f}"
    totals = [
        ("runs", t["runs"]),
        ("turns", t["turns"]),
        ("offline decisions" if report["model"] == "offline" else "LLM calls", t["model_calls"]),
        ("tool calls", t["tool_calls"]),
        ("prompt tokens" + (" (est.)" if t.get("tokens_estimated") else ""), t["prompt_tokens"]),
        ("cached prompt tokens", t.get("cached_tokens", 0)),
        ("completion tokens", t["completion_tokens"]),
        ("est. cost", cost),
        ("latency/turn median", _ms(t["latency_median_ms"])),
        ("latency/turn p95", _ms(t["latency_p95_ms"])),
    ]
    return {"r": report, "s": report["summary"], "failing": failing, "totals": totals}


def case_usage_cells(case: dict[str, Any]) -> dict[str, str]:
    """A case's model calls, prompt tokens (marked when estimated), cost and median latency."""
    u = case.get("usage") or {}
    tokens = "-" if u.get("prompt_tokens") is None else f"{u['prompt_tokens']:,}"
    if u.get("tokens_estimated"):
        tokens += " (est.)"
    cost = "-" if u.get("cost_usd") is None else f"${u['cost_usd']:.4f}"
    return {
        "calls": str(u.get("model_calls", "-")),
        "tokens": tokens,
        "cost": cost,
        "latency": _ms(u.get("latency_median_ms")),
    }


def _ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} ms"


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(
    report: dict[str, Any], results: list[CaseResult], *, transcripts: bool = False
) -> str:
    v = _view(report, results, transcripts)
    s, r = v["s"], v["r"]
    out = [
        "# bookbot evals",
        "",
        f"Model `{r['model']}`, {r['repeat']} run(s) per case. **{s['passed']} of {s['cases']}** "
        f"cases passed; pass rate {s['pass_rate']}, pass^{r['repeat']} {s['pass_hat_k']}"
        + (f"; {s['broken']} broken case file(s)." if s["broken"] else "."),
        "",
        "| " + " | ".join(k for k, _ in v["totals"]) + " |",
        "|" + "---|" * len(v["totals"]),
        "| " + " | ".join(_cell(val) for _, val in v["totals"]) + " |",
        "",
        "| case | result | runs passed | tags | model calls | prompt tokens | cost | latency "
        "| first failure |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for c in r["cases"]:
        first = _cell(c["failures"][0]) if c["failures"] else ""
        result = "pass" if c["passed"] else "**FAIL**"
        tags = ", ".join(c["tags"])
        u = case_usage_cells(c)
        out.append(
            f"| {c['id']} | {result} | {c['passed_runs']}/{r['repeat']} | {tags} | {u['calls']} "
            f"| {u['tokens']} | {u['cost']} | {u['latency']} | {first} |"
        )
    for c in v["failing"]:
        title = f"## {c['id']}" + (" (passed)" if c["passed"] else "")
        about = f"`{c['file']}`" + (f": {c['description']}" if c["description"] else "")
        out += ["", title, "", about, ""]
        for d in c["details_list"]:
            out.append(f"- **{d['title']}**")
            if d["reply"]:
                out += ["", "  bot replied:", "", *_fenced(d["reply"])]
            if d["tools"]:
                out += ["", "  tool calls:", "", *_fenced("\n".join(d["tools"]))]
            if d["outbound"]:
                out += ["", "  messages sent:", "", *_fenced("\n---\n".join(d["outbound"]))]
        if c["transcript"]:
            out += ["", f"### Conversation (run {c['transcript_run']})", ""]
            for t in c["transcript"]:
                note = f" {t['note']}" if t["note"] else ""
                out += [f"**{t['who']}**{note}", "", *_fenced(t["text"], indent=""), ""]
    return "\n".join(out).rstrip() + "\n"


def _fenced(text: str, indent: str = "  ") -> list[str]:
    return [f"{indent}```", *(f"{indent}{line}" for line in text.splitlines()), f"{indent}```"]


def to_html(report: dict[str, Any], results: list[CaseResult], *, transcripts: bool = False) -> str:
    template = Environment(autoescape=True).from_string(_HTML)
    return template.render(**_view(report, results, transcripts), usage=case_usage_cells)


def write_report(
    path: Path, report: dict[str, Any], results: list[CaseResult], *, transcripts: bool = False
) -> None:
    """Markdown for .md (and any other suffix), HTML for .html / .htm. `transcripts`:
    every case's conversation, not only the failing ones'."""
    html = path.suffix.lower() in (".html", ".htm")
    render = to_html if html else to_markdown
    text = render(report, results, transcripts=transcripts)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
