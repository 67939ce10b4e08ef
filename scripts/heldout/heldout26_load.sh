#!/usr/bin/env bash
# heldout26: check the three businesses with bookbot, run the independent date checker,
# and load every case with the eval loader; fails unless all 30 cases load.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
BOOKBOT=${BOOKBOT:-.venv/bin/bookbot}
SET=evals/heldout26

echo "== check-business"
for f in "$SET"/businesses/*.yaml; do
  "$BOOKBOT" check-business "$f"
done

echo "== independent checker (scripts/heldout/heldout26_dates.py)"
"$PY" scripts/heldout/heldout26_dates.py "$@"

echo "== case loader"
"$PY" - "$SET/cases" <<'PYEOF'
import sys
from pathlib import Path

from bookbot.evals.case_loader import load_case
from bookbot.evals.cases_model import CaseError

files = sorted(Path(sys.argv[1]).glob("*.yaml"))
results = [load_case(p) for p in files]
errors = [r for r in results if isinstance(r, CaseError)]
for e in errors:
    print(f"error: {e}")
ids = [r.id for r in results if not isinstance(r, CaseError)]
print(f"{len(ids)}/{len(files)} cases load, {len(set(ids))} distinct ids")
sys.exit(0 if len(files) == 30 and not errors and len(set(ids)) == 30 else 1)
PYEOF
echo "heldout26: OK"
