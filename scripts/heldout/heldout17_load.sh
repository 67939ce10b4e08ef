#!/usr/bin/env bash
# Held-out set 17: validate its businesses, check its dates, and load every case.
# It never runs the bot on the cases.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-.venv/bin/python}
BOOKBOT=${BOOKBOT:-.venv/bin/bookbot}
for business in evals/heldout17/businesses/*.yaml; do
  "$BOOKBOT" check-business "$business"
done
"$PY" scripts/heldout/heldout17_dates.py
"$PY" - <<'PYEOF'
import sys
from pathlib import Path

from bookbot.evals.case_loader import load_case
from bookbot.evals.cases_model import CaseError

files = sorted(Path("evals/heldout17/cases").glob("*.yaml"))
bad = [c for c in map(load_case, files) if isinstance(c, CaseError)]
for error in bad:
    print(error, file=sys.stderr)
print(f"heldout17 load: {len(files)} cases, {len(bad)} broken")
sys.exit(1 if bad or len(files) != 30 else 0)
PYEOF
