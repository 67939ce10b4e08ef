"""What the load and soak benches (and the soak test) share: bookbot as processes on a
PostgreSQL schema of its own, a fake Graph API, signed webhooks, customers walking a
booking conversation, and the checks (lost, duplicated, two turns of one customer
at once). Loopback only; everything has a deadline. One job a module:

- `deployment`: `Deployment` starts `bookbot serve --workers N --ingest M` on a
  `fresh_schema`, WhatsApp pointed at the fake Graph API; `wait_until_quiet`.
- `fake_graph`: `FakeGraph` answers `POST .../messages` as Graph does and records
  every send per recipient.
- `webhooks`: signed deliveries (`delivery`, `post_signed`) through `LeanClient`.
- `walks`: the conversations customers walk (`conversation`).
- `walker`: `Walker`, customers walking them `concurrency` at a time.
- `checks`: `check(url, ...)` counts what must be 0 (`Counts`), and compares the
  workers' trace with the database's claims; `overlaps`: the span arithmetic.
- `timing`: `LoopLag`, `read_ingest_trace`, `percentile` (the ack's time split).
- `cpu`: CPU seconds per process, per database, and the renice experiment.
"""
