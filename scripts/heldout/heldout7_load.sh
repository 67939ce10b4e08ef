#!/bin/sh
# Load-check the heldout7 cases (prints CaseErrors only; never runs the bot).
cd "$(dirname "$0")/../.." && .venv/bin/python -c "
from pathlib import Path
from bookbot.evals import suite
from bookbot.evals.cases_model import CaseError
r = suite.load_all(suite.discover([Path('evals/heldout7/cases')]))
errs = [c for c in r if isinstance(c, CaseError)]
for e in errs: print(e)
print(len(r), 'cases,', len(errs), 'errors')
"
