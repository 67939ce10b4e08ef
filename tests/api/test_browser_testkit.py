"""How the browser tests get their Chromium when it is missing (browser_testkit).

Chromium is installed on the machines these tests run on, so the missing browser
is a candidate path that does not exist, and apt-get is a small script that
"installs" it (creates the file) and counts its runs.
"""

from __future__ import annotations

import fcntl
import stat
import sys
import threading
from pathlib import Path

import pytest

from tests.api.browser_testkit import (
    AptInstaller,
    ChromiumMissing,
    find_chromium,
    locate_chromium,
)


def fake_apt(tmp_path: Path, browser: Path, *, exit_code: int = 0) -> list[str]:
    """A command that appends a line to runs.log, then creates `browser` (exit 0) or fails."""
    script = (
        "import pathlib, sys\n"
        f"log = pathlib.Path({str(tmp_path / 'runs.log')!r})\n"
        "log.write_text(log.read_text() + 'run\\n' if log.exists() else 'run\\n')\n"
        f"if {exit_code}:\n"
        "    print('E: Unable to locate package chromium', file=sys.stderr)\n"
        f"    sys.exit({exit_code})\n"
        f"target = pathlib.Path({str(browser)!r})\n"
        "target.write_text('#!/bin/sh\\n')\n"
        "target.chmod(0o755)\n"
    )
    return [sys.executable, "-c", script]


def runs(tmp_path: Path) -> int:
    log = tmp_path / "runs.log"
    return len(log.read_text().splitlines()) if log.exists() else 0


def installer(tmp_path: Path, browser: Path, **overrides: object) -> AptInstaller:
    values: dict[str, object] = {
        "install": fake_apt(tmp_path, browser),
        "update": fake_apt(tmp_path, tmp_path / "lists-updated"),
        "lock": tmp_path / "install.lock",
        "is_root": lambda: True,
        "apt_get": lambda: "/usr/bin/apt-get",
    }
    values.update(overrides)
    return AptInstaller(**values)  # type: ignore[arg-type]


def test_the_first_executable_candidate_is_used(tmp_path: Path) -> None:
    present = tmp_path / "chromium"
    present.write_text("#!/bin/sh\n")
    assert find_chromium([tmp_path / "missing", present]) is None  # not executable yet
    present.chmod(present.stat().st_mode | stat.S_IXUSR)
    assert find_chromium([tmp_path / "missing", present]) == present


def test_a_missing_browser_is_installed_once_and_then_found(tmp_path: Path) -> None:
    browser = tmp_path / "bin" / "chromium"
    browser.parent.mkdir()
    apt = installer(tmp_path, browser)
    messages: list[str] = []

    assert locate_chromium([browser], apt, messages.append) == browser
    assert locate_chromium([browser], apt, messages.append) == browser

    assert runs(tmp_path) == 1
    assert messages == [f"Chromium not found at {browser}; installing it: {' '.join(apt.install)}"]


def test_when_apt_does_not_know_the_package_the_lists_are_updated_first(tmp_path: Path) -> None:
    browser = tmp_path / "chromium"
    lists = tmp_path / "lists-updated"
    # like apt on an image with empty package lists: the install fails until an update ran
    script = (
        "import pathlib, sys\n"
        f"if not pathlib.Path({str(lists)!r}).exists():\n"
        "    sys.exit(100)\n"
        f"target = pathlib.Path({str(browser)!r})\n"
        "target.write_text('#!/bin/sh\\n')\n"
        "target.chmod(0o755)\n"
    )
    apt = installer(tmp_path, browser, install=[sys.executable, "-c", script])

    assert locate_chromium([browser], apt) == browser
    assert lists.exists()


def test_a_failed_install_is_a_skip_reason_with_apts_last_line(tmp_path: Path) -> None:
    browser = tmp_path / "chromium"
    failing = fake_apt(tmp_path, browser, exit_code=100)
    apt = installer(tmp_path, browser, install=failing, update=failing)
    with pytest.raises(ChromiumMissing) as missing:
        locate_chromium([browser], apt)
    assert "failed (exit 100): E: Unable to locate package chromium" in str(missing.value)


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"is_root": lambda: False}, "installing it with apt-get needs root"),
        ({"apt_get": lambda: None}, "apt-get is not available to install it"),
    ],
)
def test_when_it_cannot_be_installed_the_reason_says_why_and_what_to_do(
    tmp_path: Path, overrides: dict[str, object], reason: str
) -> None:
    browser = tmp_path / "chromium"
    with pytest.raises(ChromiumMissing) as missing:
        locate_chromium([browser], installer(tmp_path, browser, **overrides))
    assert str(missing.value) == (
        f"no Chromium at {browser}, and {reason}: run `apt-get install chromium` as root, "
        "or set BOOKBOT_CHROMIUM to a Chromium executable"
    )
    assert runs(tmp_path) == 0


def test_a_chosen_browser_that_is_missing_is_not_installed_over(tmp_path: Path) -> None:
    chosen = tmp_path / "my-chromium"
    with pytest.raises(ChromiumMissing, match=f"no Chromium at {chosen} \\(set BOOKBOT_CHROMIUM"):
        locate_chromium([chosen], None)


def test_a_run_that_finds_the_install_lock_taken_waits_and_uses_that_install(
    tmp_path: Path,
) -> None:
    browser = tmp_path / "chromium"
    apt = installer(tmp_path, browser)
    waiting = threading.Event()
    found: list[Path] = []

    def report(message: str) -> None:
        if message.startswith("waiting for another run's Chromium install"):
            waiting.set()

    with apt.lock.open("a") as other_run:
        fcntl.flock(other_run, fcntl.LOCK_EX)  # another run is installing
        second = threading.Thread(
            target=lambda: found.append(locate_chromium([browser], apt, report))
        )
        second.start()
        assert waiting.wait(30), "the second run did not wait for the lock"
        browser.write_text("#!/bin/sh\n")  # the other run's install completes
        browser.chmod(0o755)
        fcntl.flock(other_run, fcntl.LOCK_UN)
    second.join(30)

    assert found == [browser]
    assert runs(tmp_path) == 0  # it did not install a second time
