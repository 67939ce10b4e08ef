"""A broken case file is that case's error, naming the file, the line and the
problem; the other cases load and run regardless."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookbot.evals.case_loader import load_case
from bookbot.evals.cases_model import Case, CaseError, UserStep
from bookbot.evals.suite import NoCasesError, discover, load_all

DEMO = Path(__file__).resolve().parents[2] / "evals" / "businesses" / "demo.yaml"

HEAD = f"""id: {{id}}
business: {DEMO}
now: 2026-03-02T09:00
customer: {{{{phone: "+41790000001", name: Marie}}}}
"""


def write(tmp_path: Path, name: str, body: str, case_id: str | None = None) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(HEAD.format(id=case_id or name) + body, encoding="utf-8")
    return path


def error_of(path: Path) -> CaseError:
    loaded = load_case(path)
    assert isinstance(loaded, CaseError), loaded
    return loaded


def test_a_valid_case_loads(tmp_path: Path) -> None:
    path = write(tmp_path, "ok", 'steps:\n  - user: "yes"\n    expect: {tools: [book_group]}\n')
    case = load_case(path)
    assert isinstance(case, Case)
    assert case.steps[0].line == 6


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        (
            "steps:\n  - user: hi\n  - user: yes\n",
            7,
            ["user must be a string", "YAML read yes", '"yes"'],
        ),
        ("steps:\n  - user: off\n", 6, ["read off as a boolean"]),
        ("steps:\n  - user: 3\n", 6, ["read 3 as a number"]),
        (
            "steps:\n  - advance_to: 2026-02-30T10:00\n",
            6,
            ["2026-02-30T10:00", "not a real date", "day is out of range"],
        ),
        (
            "steps:\n  - user: hi\n    expect: {reply_mentions_dates: [2026-02-30]}\n",
            7,
            ["2026-02-30 is not a real date"],
        ),
        (
            "setup:\n  bookings:\n    - {service: teeth-whitening, session: 1, start: "
            "2026-03-05T10:00}\nsteps:\n  - user: hi\n",
            7,
            ["unknown service 'teeth-whitening'", "dental-implant"],
        ),
        (
            "steps:\n  - admin: {action: complete, service: physiotherapy, session: 9}\n",
            6,
            ["session 9 does not exist", "8 session"],
        ),
        (
            "steps:\n  - admin: {action: finish, service: physiotherapy, session: 1}\n",
            6,
            ["action 'finish'", "complete, no_show, cancel"],
        ),
        (
            "steps:\n  - user: hi\n    expect:\n      reply_contain: [x]\n",
            8,
            ["unknown key 'reply_contain'", "did you mean 'reply_contains'"],
        ),
        (
            "steps:\n  - user: hi\n    expect:\n      outbound_count: 1\n",
            8,
            ["outbound_count belongs on worker steps"],
        ),
        (
            "steps:\n  - worker: true\n    expect:\n      tools: [book_group]\n",
            8,
            ["tools belongs on user steps"],
        ),
        (
            "steps:\n  - user: hi\n    expect: {reply_matches: ['(unclosed']}\n",
            7,
            ["not a valid regular expression"],
        ),
        (
            "steps:\n  - user: hi\n    expect: {tools: [book_groupp]}\n",
            7,
            ["unknown tool 'book_groupp'"],
        ),
        ("steps:\n  - user: hi\n    advance_to: 2026-03-03T09:00\n", 6, ["exactly one of"]),
        ("steps:\n  - advance_to: 2026-03-01T09:00\n", 6, ["before the clock"]),
        (
            "steps:\n  - user: hi\nfinal:\n  bookings:\n    - {service: physiotherapy, session: 1, "
            "start: 2026-03-05}\n",
            9,
            ["needs a time of day"],
        ),
        (
            "steps:\n  - user: hi\nfinal:\n  bookings:\n    - {service: physiotherapy, session: 1, "
            "start: 2026-03-05T10:00, status: done}\n",
            9,
            ["status 'done'"],
        ),
        ("stpes:\n  - user: hi\n", 5, ["unknown key 'stpes'", "did you mean 'steps'"]),
        ("steps:\n  - user: hi\nsteps:\n  - user: again\n", 7, ["'steps' appears twice"]),
        ("steps: [\n", 6, ["invalid YAML"]),
    ],
)
def test_a_broken_case_names_its_file_line_and_problem(
    tmp_path: Path, body: str, line: int, words: list[str]
) -> None:
    path = write(tmp_path, "broken", body)
    error = error_of(path)
    text = str(error)
    assert text.startswith(f"{path}:{line}: "), text
    for word in words:
        assert word in text


def test_a_missing_business_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(
        "id: x\nbusiness: ../nowhere.yaml\nnow: 2026-03-02T09:00\n"
        'customer: {phone: "+41790000001"}\nsteps:\n  - user: hi\n'
    )
    assert "nowhere.yaml does not exist" in str(error_of(path))
    assert str(error_of(path)).startswith(f"{path}:2: ")


def test_an_inline_business_with_a_bad_field_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "inline.yaml"
    path.write_text(
        "id: x\nbusiness:\n  name: X\n  timezone: Mars/Olympus\n  services: []\n"
        'now: 2026-03-02T09:00\ncustomer: {phone: "+41790000001"}\nsteps:\n  - user: hi\n'
    )
    error = error_of(path)
    assert error.line == 2 and "timezone" in error.message


def test_the_other_cases_still_load_and_ids_are_unique(tmp_path: Path) -> None:
    checked = "    expect: {tools_not: [book_group]}\n"
    write(tmp_path, "a-good", "steps:\n  - user: hi\n" + checked)
    write(tmp_path, "b-broken", "steps:\n  - user: yes\n")
    write(tmp_path, "c-twin", "steps:\n  - user: hello\n" + checked, case_id="a-good")
    loaded = load_all(discover([tmp_path]))
    assert isinstance(loaded[0], Case)
    assert isinstance(loaded[1], CaseError) and loaded[1].id == "b-broken"
    assert isinstance(loaded[2], CaseError)
    assert "id 'a-good' is already used by" in loaded[2].message


def test_no_case_files_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(NoCasesError, match="no case files"):
        discover([tmp_path])
    with pytest.raises(NoCasesError, match="does not exist"):
        discover([tmp_path / "missing"])


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (
            'steps:\n  - user: hi\n    expect: {reply_contains: [""]}\n',
            ["reply_contains holds an empty string", "cannot fail"],
        ),
        (
            "steps:\n  - user: hi\n    expect: {reply_matches: ['x?']}\n",
            ["reply_matches /x?/ matches an empty text", "cannot fail"],
        ),
        (
            "steps:\n  - user: hi\n    expect: {reply_not_matches: ['(?i)']}\n",
            ["reply_not_matches /(?i)/ matches an empty text", "can never pass"],
        ),
        (
            "steps:\n  - worker: true\n    expect: {outbound_matches: ['']}\n",
            ["outbound_matches // matches an empty text"],
        ),
        ("steps:\n  - user: hi\n    expect: {}\n", ["expect checks nothing"]),
        ("steps:\n  - user: hi\n    expect: {tools: []}\n", ["expect checks nothing"]),
        ("steps:\n  - user: hi\n", ["case: checks nothing", "cannot fail"]),
        (
            "steps:\n  - user: hi\nfinal: {partial: true, bookings: []}\n",
            ["partial: true with no bookings checks nothing"],
        ),
        (
            "steps:\n  - user: hi\n    expect: {tools: [{name: book_group, args: {}}]}\n",
            ["args is empty"],
        ),
        (
            "steps:\n  - user: hi\n    expect: {tools: [{name: book_it}]}\n",
            ["unknown tool 'book_it'"],
        ),
    ],
)
def test_a_check_that_cannot_fail_is_refused_with_its_line(
    tmp_path: Path, body: str, words: list[str]
) -> None:
    error = error_of(write(tmp_path, "hole", body))
    assert error.line > 0, error
    for word in words:
        assert word in error.message, error.message


def test_tool_checks_may_ask_for_an_error_and_match_arguments(tmp_path: Path) -> None:
    body = (
        "steps:\n  - user: book it\n    expect:\n      tools:\n"
        "        - {name: book_group, error: true}\n"
        "        - {name: propose_schedule, args: {starts: ['2026-03-10T14:00']}}\n"
    )
    case = load_case(write(tmp_path, "tools", body))
    assert isinstance(case, Case), case
    step = case.steps[0]
    assert isinstance(step, UserStep)
    assert [str(c) for c in step.expect.tools] == [
        "book_group (failed)",
        'propose_schedule with {"starts": ["2026-03-10T14:00"]}',
    ]


def test_session_may_be_omitted_where_it_is_implied(tmp_path: Path) -> None:
    body = (
        "setup:\n  bookings:\n"
        "    - {service: driving-lessons, start: 2026-03-12T10:00, status: completed}\n"
        "    - {service: driving-lessons, start: 2026-03-05T10:00, status: completed}\n"
        "steps:\n  - user: hi\n    expect: {tools_not: [book_group]}\n"
        "final:\n  bookings:\n"
        "    - {service: consultation, start: 2026-03-20T11:00}\n"
        "    - {service: driving-lessons, start: 2026-03-05T10:00, status: completed}\n"
        "    - {service: driving-lessons, start: 2026-03-12T10:00, status: completed}\n"
    )
    case = load_case(write(tmp_path, "implied", body))
    assert isinstance(case, Case), case
    assert [(s.start.day, s.session) for s in case.setup] == [(12, 2), (5, 1)]
    assert case.final is not None
    assert [(s.service, s.session) for s in case.final.bookings] == [
        ("consultation", 1),
        ("driving-lessons", 1),
        ("driving-lessons", 2),
    ]


@pytest.mark.parametrize(
    ("final", "why"),
    [
        (
            "final:\n  partial: true\n  bookings:\n"
            "    - {service: driving-lessons, start: 2026-03-05T10:00}\n",
            "the list is partial",
        ),
        (
            "final:\n  bookings:\n"
            "    - {service: driving-lessons, start: 2026-03-05T10:00}\n"
            "    - {service: driving-lessons, session: 2, start: 2026-03-06T10:00}\n",
            "others of this plan name theirs",
        ),
    ],
)
def test_session_is_required_where_it_is_not_implied(
    tmp_path: Path, final: str, why: str
) -> None:
    body = "steps:\n  - user: hi\n    expect: {tools_not: [book_group]}\n" + final
    error = error_of(write(tmp_path, "needs-session", body))
    assert f"session is required here ({why})" in error.message and error.line > 0
