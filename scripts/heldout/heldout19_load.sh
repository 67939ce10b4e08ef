#!/usr/bin/env bash
# heldout19: validate the three businesses, run the independent date checker, then load
# every case with the case loader; fails unless all 30 cases load.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=.venv/bin/python
SET=evals/heldout19

for f in "$SET"/businesses/*.yaml; do
  .venv/bin/bookbot check-business "$f"
done

"$PY" scripts/heldout/heldout19_dates.py

"$PY" - "$SET/cases" <<'PY'
import sys
from pathlib import Path

from bookbot.evals.case_loader import load_case
from bookbot.evals.cases_model import CaseError

files = sorted(Path(sys.argv[1]).glob("*.yaml"))
loaded, ids = 0, set()
for path in files:
    case = load_case(path)
    if isinstance(case, CaseError):
        print(f"ERROR {case}")
        continue
    if not case.id.startswith("h19-") or "heldout19" not in case.tags or case.id in ids:
        print(f"ERROR {path}: id/tag convention broken ({case.id})")
        continue
    ids.add(case.id)
    loaded += 1
print(f"heldout19 loader: {loaded}/{len(files)} cases loaded")
sys.exit(0 if loaded == 30 and len(files) == 30 else 1)
PY
