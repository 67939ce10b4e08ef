"""What every role's process does about its lifetime, without importing any role:
die with the supervisor (Linux: PR_SET_PDEATHSIG) and stop cleanly on SIGTERM and
Ctrl-C (`api.roles` and the lean delivery process, `api.delivery_role`, share it)."""

from __future__ import annotations

import ctypes
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask Linux to SIGTERM this process when its parent (the supervisor) dies."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not glibc: the supervisor's SIGTERM still works
        pass


def on_stop_signals(stop: Callable[[], None]) -> Callable[[], None]:
    """Call `stop` on SIGTERM and SIGINT; returns the function that puts the old handlers back."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def handle(_signum: int, _frame: FrameType | None) -> None:
        stop()

    previous = {s: signal.signal(s, handle) for s in (signal.SIGTERM, signal.SIGINT)}

    def restore() -> None:
        for signum, handler in previous.items():
            signal.signal(signum, handler)

    return restore
