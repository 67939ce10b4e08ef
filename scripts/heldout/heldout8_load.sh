#!/usr/bin/env bash
# Load every heldout8 case with the eval case loader only (never runs the bot)
# and print each load error; exits 1 if there is any. Expected: 0 errors.
set -euo pipefail
cd "$(dirname "$0")/../.."
.venv/bin/python - <<'PY'
import sys
from pathlib import Path

from bookbot.evals.case_loader import load_case
from bookbot.evals.cases_model import CaseError

files = sorted(Path("evals/heldout8/cases").glob("*.yaml"))
errors = [c for c in (load_case(p) for p in files) if isinstance(c, CaseError)]
for e in errors:
    print(e)
print(f"{len(files)} case files, {len(errors)} load errors")
sys.exit(1 if errors else 0)
PY
