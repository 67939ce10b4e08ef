#!/usr/bin/env bash
# Held-out set 22: validate the three businesses, run the independent date checker, and
# load every case with bookbot's own case loader (fails unless all 30 cases load).
# Never runs the bot on the cases.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-.venv/bin/python}
BOOKBOT=${BOOKBOT:-.venv/bin/bookbot}
SET=evals/heldout22

for business in "$SET"/businesses/*.yaml; do
  "$BOOKBOT" check-business "$business"
done

"$PY" scripts/heldout/heldout22_dates.py

"$PY" - "$SET/cases" <<'PYEOF'
import sys
from pathlib import Path

from bookbot.evals.case_loader import load_case
from bookbot.evals.cases_model import CaseError

files = sorted(Path(sys.argv[1]).glob("*.yaml"))
loaded, broken = [], []
for path in files:
    case = load_case(path)
    (broken if isinstance(case, CaseError) else loaded).append(case)
for error in broken:
    print(f"broken: {error}")
print(f"loader: {len(loaded)} of {len(files)} cases load")
sys.exit(0 if len(loaded) == 30 and not broken else 1)
PYEOF
