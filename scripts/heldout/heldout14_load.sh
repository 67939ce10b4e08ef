#!/usr/bin/env bash
# Held-out set 14: validate the businesses, check the dates, and load every case.
# Never runs the bot on the cases.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-.venv/bin/python}
BOOKBOT=${BOOKBOT:-.venv/bin/bookbot}

for business in evals/heldout14/businesses/*.yaml; do
  "$BOOKBOT" check-business "$business"
done

"$PY" scripts/heldout/heldout14_dates.py

"$PY" - <<'PY'
import sys
from pathlib import Path

from bookbot.evals.case_loader import load_case
from bookbot.evals.cases_model import CaseError

paths = sorted(Path("evals/heldout14/cases").glob("*.yaml"))
bad = 0
ids: set[str] = set()
for path in paths:
    case = load_case(path)
    if isinstance(case, CaseError):
        bad += 1
        print(f"BROKEN {case}")
        continue
    if case.id in ids:
        bad += 1
        print(f"DUPLICATE id {case.id}")
    ids.add(case.id)
    if case.final is None or case.final.partial:
        bad += 1
        print(f"{path}: needs final with partial: false")
print(f"heldout14 load: {len(paths)} cases, {bad} broken")
sys.exit(1 if bad or len(paths) != 30 else 0)
PY
