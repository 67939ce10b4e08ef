"""The delivery role as the supervisor starts it: `python -m bookbot.api.delivery_role
[--database-url URL]`, a lean process that imports what sending the outbox needs and
nothing else (no CLI, web app, agent, model client or business file).

`bookbot serve --workers N` starts its delivery child this way (the supervisor has
migrated the database already): the process starts in a fraction of the time and
memory of `bookbot serve --role delivery` (which still works, the same `Senders`),
which matters most when it is restarted after a crash. Settings come from the
environment (`BOOKBOT_*`), `--database-url` on top.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bookbot.api.process import die_with_parent, on_stop_signals
from bookbot.service.delivery import build_transport
from bookbot.service.senders import Senders
from bookbot.settings import Settings, SettingsError, load_settings
from bookbot.store.db import make_engine, make_session_factory


def run_delivery(settings: Settings) -> int:
    """Send the outbox until SIGTERM/Ctrl-C; how many rows this process sent."""
    engine = make_engine(settings.database_url)
    try:
        return send_outbox(settings, engine, make_session_factory(engine))
    finally:
        engine.dispose()


def send_outbox(settings: Settings, engine: Engine, session_factory: sessionmaker[Session]) -> int:
    """`Senders` over `engine` until SIGTERM/Ctrl-C (also `bookbot serve --role delivery`);
    how many rows they sent."""
    senders = Senders(
        engine,
        session_factory,
        build_transport(settings),
        concurrency=settings.delivery_concurrency,
        lease=timedelta(seconds=settings.outbox_lease_seconds),
        poll_seconds=settings.poll_seconds,
    )
    with on_stop_signals(senders.stop):
        senders.run()
    return senders.sent


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bookbot.api.delivery_role")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    try:
        settings = load_settings({"database_url": args.database_url}, paths=())
    except SettingsError as wrong:
        for problem in wrong.problems:
            sys.stderr.write(f"bookbot delivery: {problem}\n")
        return 2
    die_with_parent()
    run_delivery(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
