#!/usr/bin/env bash
# heldout23: validate the three businesses, run the independent date checker, and load
# every case with the eval loader (fails unless exactly 30 cases load without error).
# It never runs the bot on the cases.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
py="${PYTHON:-$root/.venv/bin/python}"
bookbot="${BOOKBOT:-$root/.venv/bin/bookbot}"
set_dir=evals/heldout23

echo "== check-business"
for business in "$set_dir"/businesses/*.yaml; do
  "$bookbot" check-business "$business"
done

echo "== independent checker (no bookbot import)"
"$py" scripts/heldout/heldout23_dates.py

echo "== case loader"
"$py" - "$set_dir/cases" <<'PY'
import sys
from pathlib import Path

from bookbot.evals.case_loader import load_case
from bookbot.evals.cases_model import CaseError

files = sorted(Path(sys.argv[1]).glob("*.yaml"))
loaded = [load_case(path) for path in files]
errors = [case for case in loaded if isinstance(case, CaseError)]
for error in errors:
    print(f"error: {error}")
cases = [case for case in loaded if not isinstance(case, CaseError)]
by_business: dict[str, int] = {}
for case in cases:
    by_business[case.business.name] = by_business.get(case.business.name, 0) + 1
for name, count in sorted(by_business.items()):
    print(f"  {name}: {count} cases")
print(f"loaded {len(cases)} of {len(files)} case files")
sys.exit(0 if len(cases) == 30 and not errors else 1)
PY
echo "heldout23: OK"
