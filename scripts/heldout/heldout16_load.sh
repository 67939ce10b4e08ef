#!/usr/bin/env bash
# Held-out set 16: validate its businesses, check its dates, load every case (never runs the bot).
set -euo pipefail
cd "$(dirname "$0")/../.."
BOOKBOT="${BOOKBOT:-.venv/bin/bookbot}"
PY="${PY:-.venv/bin/python}"
for business in evals/heldout16/businesses/*.yaml; do
  "$BOOKBOT" check-business "$business"
done
"$PY" scripts/heldout/heldout16_dates.py
"$PY" - <<'PYEOF'
import sys
from pathlib import Path

from bookbot.evals.case_loader import load_case
from bookbot.evals.cases_model import CaseError

files = sorted(Path("evals/heldout16/cases").glob("*.yaml"))
errors = [r for r in (load_case(p) for p in files) if isinstance(r, CaseError)]
for error in errors:
    print(error, file=sys.stderr)
print(f"heldout16 loader: {len(files)} cases, {len(errors)} errors")
sys.exit(1 if errors or len(files) != 30 else 0)
PYEOF
