#!/usr/bin/env bash
# heldout11: check the three businesses and load every case with the case loader (no bot runs).
# Exits non-zero on a business error, a case load error, a duplicate id or a case without a
# language tag (en/de/es).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=.venv/bin/python
BOOKBOT=.venv/bin/bookbot
SET=evals/heldout11
for f in "$SET"/businesses/*.yaml; do
  "$BOOKBOT" check-business "$f"
done
"$PY" scripts/heldout/heldout11_dates.py
"$PY" - "$SET/cases" <<'PY'
import sys
from collections import Counter
from pathlib import Path

from bookbot.evals.case_loader import load_case
from bookbot.evals.cases_model import CaseError

files = sorted(Path(sys.argv[1]).glob("*.yaml"))
errors, ids, langs = 0, Counter(), Counter()
for path in files:
    case = load_case(path)
    if isinstance(case, CaseError):
        errors += 1
        print(f"LOAD ERROR {case}")
        continue
    ids[case.id] += 1
    lang = [t for t in case.tags if t in ("en", "de", "es")]
    if len(lang) != 1:
        errors += 1
        print(f"TAG ERROR {path}: needs exactly one language tag (en/de/es), has {case.tags}")
        continue
    langs[lang[0]] += 1
dupes = [i for i, n in ids.items() if n > 1]
for i in dupes:
    print(f"DUPLICATE id {i}")
print(f"{len(files)} case files, {errors} load errors, {len(dupes)} duplicate ids; "
      f"per language: {dict(sorted(langs.items()))}")
sys.exit(1 if errors or dupes else 0)
PY
