#!/usr/bin/env bash
# Held-out set 13: check-business on each business, then load every case with the
# case loader (no bot runs). Exit non-zero on a bad business, a load error, a
# duplicate id or a case without an en/de/es tag.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=.venv/bin/python
BOOKBOT=.venv/bin/bookbot
SET=evals/heldout13
for f in "$SET"/businesses/*.yaml; do
  "$BOOKBOT" check-business "$f" >/dev/null || { echo "check-business failed: $f"; exit 1; }
  echo "business ok: $f"
done
"$PY" scripts/heldout/heldout13_dates.py
"$PY" - "$SET/cases" <<'PYEOF'
import sys
from collections import Counter
from pathlib import Path

from bookbot.evals.case_loader import load_case
from bookbot.evals.cases_model import CaseError

files = sorted(Path(sys.argv[1]).glob("*.yaml"))
errors, ids, langs = [], Counter(), Counter()
for path in files:
    case = load_case(path)
    if isinstance(case, CaseError):
        errors.append(str(case))
        continue
    ids[case.id] += 1
    found = [t for t in ("en", "de", "es") if t in case.tags]
    if len(found) != 1:
        errors.append(f"{path}: needs exactly one language tag of en/de/es, has {found}")
    else:
        langs[found[0]] += 1
for case_id, n in ids.items():
    if n > 1:
        errors.append(f"duplicate id {case_id} ({n} files)")
for line in errors:
    print("ERROR", line)
print(f"{len(files)} cases, {len(errors)} load errors; per language: "
      + ", ".join(f"{k}={langs[k]}" for k in ("en", "de", "es")))
sys.exit(1 if errors or not files else 0)
PYEOF
