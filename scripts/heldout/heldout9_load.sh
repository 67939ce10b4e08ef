#!/usr/bin/env bash
# Load every heldout9 case with the case loader only (no bot, no model, no database)
# and print each load error; prints the count of errors (0 expected) and exits non-zero on any.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY="${PYTHON:-.venv/bin/python}"
for f in evals/heldout9/businesses/*.yaml; do
  .venv/bin/bookbot check-business "$f" >/dev/null || { echo "business error: $f"; exit 1; }
done
"$PY" - <<'PYEOF'
import sys
from pathlib import Path
from bookbot.evals.case_loader import load_case
from bookbot.evals.cases_model import CaseError

files = sorted(Path("evals/heldout9/cases").glob("*.yaml"))
errors = 0
ids = set()
langs = {}
for path in files:
    case = load_case(path)
    if isinstance(case, CaseError):
        errors += 1
        print(f"LOAD ERROR {case}")
        continue
    if case.id in ids:
        errors += 1
        print(f"DUPLICATE ID {case.id} in {path}")
    ids.add(case.id)
    lang = next((t for t in case.tags if t in ("en", "de", "es")), "?")
    langs[lang] = langs.get(lang, 0) + 1
print(f"{len(files)} case files, per language {dict(sorted(langs.items()))}, load errors: {errors}")
sys.exit(1 if errors else 0)
PYEOF
