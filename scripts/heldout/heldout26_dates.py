#!/usr/bin/env python3
"""Independent checker for evals/heldout26 (it does not import bookbot).

It re-implements DESIGN.md's slot and plan rules from the business YAML alone
(opening hours, the slot grid, closures, notice in real elapsed time, capacity
per service, a customer never in two sessions) and, per case, a hand-written
spec (SPECS below) that says what the customers' words mean and what must
happen:

* every date/time phrase of the customers is read again here, from the words,
  against the clock of the message that says it (weekday names in English,
  Tagalog, German and Spanish, "KW 12", "übermorgen", "um viertel 4" = 15:15,
  "dreiviertel 5" = 16:45, "halb 10" = 09:30, "primer sábado de abril", dates
  that do not exist ...);
* immediate plans and moves are recomputed from the buffers (closure pushes,
  nearest free start to the preferred time, the cascade of a move);
* sequential windows, flexible gaps, single slots are checked;
* every refusal in a case breaks exactly the rule the spec names;
* the case's `final` must equal setup + the spec's operations, exactly;
* every `reply_mentions_dates` date is one the rules produce for that turn;
* the closures are the real 2027 holidays (Easter computed here).

`--mutate` runs the checks again on mutated copies (a final booking moved, the
clock moved, a closure removed or added) and fails unless each mutation is caught.
"""

from __future__ import annotations

import argparse
import sys

from heldout26_check.check import check_all, load, new_bookings
from heldout26_check.mutate import mutate


def say(line: str) -> None:
    sys.stdout.write(line + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--mutate", action="store_true", help="also run the mutations")
    args = parser.parse_args()
    businesses, cases = load()
    results = check_all(businesses, cases)
    for key, errs in results.items():
        if key.startswith("heldout26"):
            say(f"{'ok  ' if not errs else 'FAIL'} {key}")
        for e in errs:
            say(f"     {key}: {e}")
    failed = [k for k, v in results.items() if v]
    no_new = sum(not new_bookings(c) for c in cases)
    passed = len(cases) - sum(k.startswith("heldout26") for k in failed)
    say(f"{len(cases)} cases, {passed} pass; {no_new} end with no new booking")
    if failed:
        return 1
    if args.mutate:
        missed = mutate(businesses, cases)
        say(f"mutations not caught: {missed}")
        return 1 if missed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
