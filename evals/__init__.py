"""bookbot.evals: conversation transcripts replayed as tests, and their reports.

May import service, agent, tools, store, core and settings; only the api imports it.

    cases/, businesses/   the eval cases (YAML, DESIGN.md's contract) and businesses
    located, fields       YAML with line numbers, and typed field readers
    case_loader,          a case file -> `Case`, or a `CaseError` naming file and line
      steps_loader, cases_model
    runner, database,     one run of a case: fresh database, frozen clock, steps
      sending             (the outbox sent through the real delivery, recorded)
    transport, recording  record / replay of the model's HTTP
    checks, date_mentions the `expect` and `final` assertions
    suite                 find, load, filter and run cases (K repeats, N in parallel)
    report, prices        pass^k, totals, cost; the JSON report (contract)
    render, console       Markdown / HTML reports; the console table and progress bar
    cli                   `register(app)`: the `bookbot eval run` command
"""
