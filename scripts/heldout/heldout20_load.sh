#!/usr/bin/env bash
# heldout20: validate the three businesses, run the independent date checker,
# then load every case with the case loader; fails unless all 30 load.
set -euo pipefail
cd "$(dirname "$0")/../.."
SET=evals/heldout20
BOOKBOT=${BOOKBOT:-.venv/bin/bookbot}
PY=${PY:-.venv/bin/python}

for f in "$SET"/businesses/*.yaml; do
  echo "== check-business $f"
  "$BOOKBOT" check-business "$f"
done

echo "== date checker"
python3 scripts/heldout/heldout20_dates.py "$SET"

echo "== case loader"
"$PY" - "$SET/cases" <<'PY'
import sys
from pathlib import Path

from bookbot.evals.case_loader import load_case

files = sorted(Path(sys.argv[1]).glob("*.yaml"))
loaded, ids = 0, set()
for path in files:
    case = load_case(path)
    if not hasattr(case, "steps"):
        print(f"FAIL {case}")
        continue
    if case.id in ids or not case.id.startswith("h20-") or "heldout20" not in case.tags:
        print(f"FAIL {path}: id must be unique, start with h20- and carry the heldout20 tag")
        continue
    ids.add(case.id)
    loaded += 1
print(f"loaded {loaded} of {len(files)} cases")
sys.exit(0 if loaded == len(files) == 30 else 1)
PY
