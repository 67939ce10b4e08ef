#!/usr/bin/env bash
# Held-out set 15: validate the businesses, check the dates, load every case.
# It never runs the bot on the cases.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-.venv/bin/python}
BOOKBOT=${BOOKBOT:-.venv/bin/bookbot}
for business in evals/heldout15/businesses/*.yaml; do
  "$BOOKBOT" check-business "$business"
done
"$PY" scripts/heldout/heldout15_dates.py
"$PY" - <<'PYEOF'
import sys
from pathlib import Path

from bookbot.evals.case_loader import load_case
from bookbot.evals.cases_model import Case

files = sorted(Path("evals/heldout15/cases").glob("*.yaml"))
bad = 0
ids: set[str] = set()
for path in files:
    case = load_case(path)
    if not isinstance(case, Case):
        print(f"BROKEN {case}")
        bad += 1
    elif case.id in ids:
        print(f"DUPLICATE id {case.id} in {path}")
        bad += 1
    else:
        ids.add(case.id)
print(f"{len(files)} cases loaded, {bad} broken")
sys.exit(1 if bad or len(files) != 30 else 0)
PYEOF
