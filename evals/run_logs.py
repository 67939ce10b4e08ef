"""The bot's own log records during an eval run: kept off the console, counted, optionally saved.

A failing turn is already a failure in the report (with the bot's reply and tool
calls); its traceback on the console would bury the table. So during `bookbot eval
run` the `bookbot` loggers write to `--log FILE` when given, and the console gets
one line saying how many warnings and errors there were.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass
class LogTally:
    warnings: int = 0
    errors: int = 0

    def line(self, log_file: Path | None) -> str | None:
        if not (self.warnings or self.errors):
            return None
        where = f"see {log_file}" if log_file else "run with --log FILE to keep them"
        return f"the bot logged {self.errors} error(s) and {self.warnings} warning(s) ({where})"


class _Counter(logging.Handler):
    def __init__(self, tally: LogTally) -> None:
        super().__init__(logging.WARNING)
        self.tally = tally

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.tally.errors += 1
        else:
            self.tally.warnings += 1


@contextmanager
def captured_logs(log_file: Path | None) -> Iterator[LogTally]:
    logger = logging.getLogger("bookbot")
    tally = LogTally()
    handlers: list[logging.Handler] = [_Counter(tally)]
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        to_file = logging.FileHandler(log_file, encoding="utf-8")
        to_file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handlers.append(to_file)
    saved = logger.propagate
    logger.propagate = False
    for handler in handlers:
        logger.addHandler(handler)
    try:
        yield tally
    finally:
        for handler in handlers:
            logger.removeHandler(handler)
            handler.close()
        logger.propagate = saved
