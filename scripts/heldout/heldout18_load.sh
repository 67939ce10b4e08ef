#!/usr/bin/env bash
# Held-out set 18: validate the businesses, run the date checker, load every case.
# Never runs the bot on the cases.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-.venv/bin/python}
BOOKBOT=${BOOKBOT:-.venv/bin/bookbot}
for business in evals/heldout18/businesses/*.yaml; do
  "$BOOKBOT" check-business "$business"
done
"$PY" scripts/heldout/heldout18_dates.py
"$PY" - <<'PYEOF'
import sys
from pathlib import Path

from bookbot.evals.case_loader import load_case
from bookbot.evals.cases_model import CaseError

files = sorted(Path("evals/heldout18/cases").glob("*.yaml"))
errors = [r for r in (load_case(p) for p in files) if isinstance(r, CaseError)]
for error in errors:
    print(error)
print(f"loaded {len(files) - len(errors)}/{len(files)} cases")
sys.exit(1 if errors or len(files) != 30 else 0)
PYEOF
