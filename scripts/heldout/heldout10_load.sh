#!/usr/bin/env bash
# heldout10: validate the three businesses and load every case (no bot is run).
# Exits non-zero on an invalid business, a case that does not load, a duplicate id,
# or a case whose tags lack its language (en/de/es).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SET="$ROOT/evals/heldout10"
BIN="$ROOT/.venv/bin"
for f in "$SET"/businesses/*.yaml; do
  "$BIN/bookbot" check-business "$f"
done
"$BIN/python" - "$SET/cases" <<'PY'
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
    lang = [t for t in case.tags if t in ("en", "de", "es")]
    if len(lang) != 1:
        errors.append(f"{path}: tags must hold exactly one language (en/de/es), got {case.tags}")
        continue
    prefix = path.name.split("-", 1)[0]
    if prefix != lang[0]:
        errors.append(f"{path}: file prefix {prefix!r} differs from language tag {lang[0]!r}")
    langs[lang[0]] += 1
errors += [f"duplicate id {i} ({n} files)" for i, n in ids.items() if n > 1]
for e in errors:
    print(e)
print(f"{len(files)} case files, per language: {dict(sorted(langs.items()))}")
print(f"{len(errors)} load errors")
sys.exit(1 if errors else 0)
PY
