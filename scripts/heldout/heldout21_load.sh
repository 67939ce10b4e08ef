#!/usr/bin/env bash
# heldout21: validate the three businesses, run the independent date checker, then load
# every case with the case loader; fails unless all 30 cases load.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-.venv/bin/python}
BOOKBOT=${BOOKBOT:-.venv/bin/bookbot}

for business in evals/heldout21/businesses/*.yaml; do
  "$BOOKBOT" check-business "$business"
done

python3 scripts/heldout/heldout21_dates.py

"$PY" - <<'PY'
import sys
from pathlib import Path

from bookbot.evals.case_loader import load_case
from bookbot.evals.cases_model import CaseError

files = sorted(Path("evals/heldout21/cases").glob("*.yaml"))
loaded, ids = 0, set()
for path in files:
    case = load_case(path)
    if isinstance(case, CaseError):
        print(f"LOAD ERROR {case}")
        continue
    if "heldout21" not in case.tags or not case.id.startswith("h21-"):
        print(f"BAD ID/TAG {path}: {case.id} {case.tags}")
        continue
    ids.add(case.id)
    loaded += 1
print(f"heldout21 load: {loaded} of {len(files)} cases loaded ({len(ids)} unique ids)")
sys.exit(0 if loaded == 30 and len(files) == 30 and len(ids) == 30 else 1)
PY
