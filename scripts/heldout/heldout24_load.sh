#!/usr/bin/env bash
# heldout24: validate the three businesses, run the independent date checker, and
# load every case with the eval loader; fails unless all 30 cases load.
# Never runs the bot on the cases.
set -euo pipefail
cd "$(dirname "$0")/../.."
BOOKBOT=${BOOKBOT:-.venv/bin/bookbot}
PYTHON=${PYTHON:-.venv/bin/python}
SET=evals/heldout24

for business in "$SET"/businesses/*.yaml; do
  "$BOOKBOT" check-business "$business"
done

"$PYTHON" scripts/heldout/heldout24_dates.py

"$PYTHON" - "$SET/cases" <<'PY'
import sys
from pathlib import Path

from bookbot.evals.case_loader import load_case

files = sorted(Path(sys.argv[1]).glob("*.yaml"))
results = [load_case(path) for path in files]
broken = [r for r in results if not hasattr(r, "steps")]
for problem in broken:
    print(f"broken: {problem}")
loaded = len(results) - len(broken)
print(f"heldout24 loader: {loaded} of {len(files)} cases load")
sys.exit(0 if loaded == 30 and not broken else 1)
PY
