#!/usr/bin/env bash
# Checks evals/heldout12 without running the bot: every business passes
# `bookbot check-business`, every case loads with the case loader, ids are unique,
# and every case is tagged with its language (en/de/es). Exit non-zero on any problem.
set -u
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY="${ROOT}/.venv/bin/python"
BOOKBOT="${ROOT}/.venv/bin/bookbot"
SET="${ROOT}/evals/heldout12"
status=0
for biz in "${SET}"/businesses/*.yaml; do
  if ! "${BOOKBOT}" check-business "${biz}"; then
    echo "business FAILED: ${biz}"
    status=1
  fi
done
"${PY}" - "${SET}/cases" <<'PY' || status=1
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
        print(f"TAG ERROR {path.name}: needs exactly one language tag (en/de/es), has {case.tags}")
        continue
    if not path.name.startswith(lang[0] + "-"):
        errors += 1
        print(f"TAG ERROR {path.name}: language tag {lang[0]} does not match the file name")
    langs[lang[0]] += 1
dups = [i for i, n in ids.items() if n > 1]
for i in dups:
    print(f"DUPLICATE id {i}")
print(f"{len(files)} case files, {sum(ids.values())} loaded, {errors} load errors, "
      f"{len(dups)} duplicate ids; per language: {dict(sorted(langs.items()))}")
sys.exit(1 if errors or dups else 0)
PY
exit "${status}"
