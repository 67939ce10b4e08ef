#!/usr/bin/env bash
# heldout25: check the three businesses, run the independent date checker, and load
# every case with the eval case loader. Fails unless all 30 cases load.
set -euo pipefail
cd "$(dirname "$0")/../.."
SET=evals/heldout25
PY=.venv/bin/python
BOOKBOT=.venv/bin/bookbot

echo "== check-business"
for file in "$SET"/businesses/*.yaml; do
  "$BOOKBOT" check-business "$file"
done

echo "== independent date checker"
"$PY" scripts/heldout/heldout25_dates.py

echo "== case loader"
"$PY" - "$SET/cases" <<'PY'
import sys
from pathlib import Path

from bookbot.evals.case_loader import load_case

files = sorted(Path(sys.argv[1]).glob("*.yaml"))
loaded, broken = 0, []
for file in files:
    case = load_case(file)
    if hasattr(case, "steps"):
        loaded += 1
    else:
        broken.append(str(case))
for line in broken:
    print("broken:", line)
print(f"{loaded}/{len(files)} cases load")
sys.exit(0 if loaded == len(files) == 30 else 1)
PY
