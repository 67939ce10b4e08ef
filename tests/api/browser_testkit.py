"""Chromium for the browser tests: found, else installed once per run, else a clear skip.

`chromium_for_this_run()` gives the Chromium every browser test drives through
Playwright, looked up once per test run:

1. `BOOKBOT_CHROMIUM`, when set (then nothing else is tried);
2. Debian's `/usr/bin/chromium`;
3. Playwright's own download (`playwright install chromium`), when present.

When none exists it installs Debian's package (`apt-get install -y chromium`,
after `apt-get update` when the package lists do not know it). That needs root
and apt-get; the install runs under a file lock, so parallel test runs wait for
one install instead of racing dpkg, and a run that waited uses what the other
installed. When no browser can be had, `ChromiumMissing` says why and how to get
one, and the fixtures skip with that reason.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Error, sync_playwright

ENV = "BOOKBOT_CHROMIUM"
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
INSTALL_LOCK = Path(tempfile.gettempdir()) / "bookbot-chromium-install.lock"
INSTALL_TIMEOUT_SECONDS = 900

Report = Callable[[str], None]


class ChromiumMissing(Exception):
    """No Chromium to drive, and none could be installed; the message says why."""


def _apt_get() -> str | None:
    return shutil.which("apt-get")


def _is_root() -> bool:
    return os.geteuid() == 0


@dataclass(frozen=True)
class AptInstaller:
    """Installs Debian's chromium package; `update` runs first when the lists lack it."""

    install: Sequence[str] = ("apt-get", "install", "-y", "-q", "chromium")
    update: Sequence[str] = ("apt-get", "update", "-q")
    lock: Path = INSTALL_LOCK
    is_root: Callable[[], bool] = _is_root
    apt_get: Callable[[], str | None] = _apt_get
    timeout: float = INSTALL_TIMEOUT_SECONDS
    env: Mapping[str, str] = field(
        default_factory=lambda: {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    )

    def impossible(self) -> str | None:
        """Why this machine cannot install it, or None."""
        if self.apt_get() is None:
            return "apt-get is not available to install it"
        if not self.is_root():
            return "installing it with apt-get needs root"
        return None

    def run(self) -> None:
        """Install, or raise ChromiumMissing with the tail of apt's output."""
        if self._attempt(self.install).returncode == 0:
            return
        updated = self._attempt(self.update)
        if updated.returncode != 0:
            raise ChromiumMissing(_failure(self.update, updated))
        installed = self._attempt(self.install)
        if installed.returncode != 0:
            raise ChromiumMissing(_failure(self.install, installed))

    def _attempt(self, command: Sequence[str]) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(
                list(command),
                capture_output=True,
                text=True,
                env=dict(self.env),
                timeout=self.timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ChromiumMissing(f"`{' '.join(command)}` could not run: {exc}") from None


def _failure(command: Sequence[str], done: subprocess.CompletedProcess[str]) -> str:
    lines = (done.stderr or done.stdout or "").strip().splitlines()
    tail = lines[-1] if lines else "no output"
    return f"`{' '.join(command)}` failed (exit {done.returncode}): {tail}"


def find_chromium(candidates: Iterable[Path]) -> Path | None:
    """The first candidate that is an executable file."""
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def playwright_chromium() -> list[Path]:
    """Where Playwright keeps its own Chromium (present or not); [] without a driver."""
    try:
        with sync_playwright() as playwright:
            return [Path(playwright.chromium.executable_path)]
    except Error:
        return []


def default_candidates(environ: Mapping[str, str] = os.environ) -> list[Path]:
    """BOOKBOT_CHROMIUM alone when set; else Debian's, then Playwright's."""
    chosen = environ.get(ENV)
    if chosen:
        return [Path(chosen)]
    if DEBIAN_CHROMIUM.exists():
        return [DEBIAN_CHROMIUM]
    return [DEBIAN_CHROMIUM, *playwright_chromium()]


def locate_chromium(
    candidates: Sequence[Path],
    installer: AptInstaller | None = None,
    report: Report = lambda _message: None,
) -> Path:
    """A Chromium from `candidates`, installing it with `installer` when none exists.

    `installer=None` (BOOKBOT_CHROMIUM was set) never installs. Raises
    ChromiumMissing naming what was looked for and why nothing could be installed.
    """
    found = find_chromium(candidates)
    if found is not None:
        return found
    looked = ", ".join(str(c) for c in candidates)
    if installer is None:
        raise ChromiumMissing(f"no Chromium at {looked} (set {ENV} to a Chromium executable)")
    reason = installer.impossible()
    if reason is not None:
        raise ChromiumMissing(
            f"no Chromium at {looked}, and {reason}: run `apt-get install chromium` "
            f"as root, or set {ENV} to a Chromium executable"
        )
    with _install_lock(installer.lock, report):
        found = find_chromium(candidates)  # another run may have installed it meanwhile
        if found is not None:
            return found
        report(f"Chromium not found at {looked}; installing it: {' '.join(installer.install)}")
        installer.run()
    found = find_chromium(candidates)
    if found is None:
        raise ChromiumMissing(f"`{' '.join(installer.install)}` ran, yet no Chromium at {looked}")
    return found


@contextmanager
def _install_lock(path: Path, report: Report) -> Iterator[None]:
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            report(f"waiting for another run's Chromium install (lock {path})")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


_this_run: list[Path | ChromiumMissing] = []


def chromium_for_this_run(report: Report) -> Path | ChromiumMissing:
    """The Chromium of this test run (looked up, or installed, once per process)."""
    if not _this_run:
        installer = None if os.environ.get(ENV) else AptInstaller()
        try:
            _this_run.append(locate_chromium(default_candidates(), installer, report))
        except ChromiumMissing as missing:
            _this_run.append(missing)
    return _this_run[0]


def chromium_or_skip(request: pytest.FixtureRequest) -> Path:
    """This run's Chromium, or skip the test with the reason there is none.

    An install in progress is announced on the terminal (past pytest's capture).
    """
    capture = request.config.pluginmanager.getplugin("capturemanager")

    def report(message: str) -> None:
        quiet = capture.global_and_fixture_disabled() if capture else nullcontext()
        with quiet:
            print(f"\n{message}", flush=True)  # noqa: T201 - a long install must not look hung

    found = chromium_for_this_run(report)
    if isinstance(found, ChromiumMissing):
        pytest.skip(str(found))
    return found


@contextmanager
def launched(executable: Path) -> Iterator[Browser]:
    """Headless Chromium at `executable`, driven by Playwright, closed afterwards."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=["--no-sandbox"]
        )
        try:
            yield browser
        finally:
            browser.close()
