# ruff: noqa: DTZ001  (local wall times of the business; elapsed time is computed with ZoneInfo)
"""Independent check of every date in evals/heldout9 (written without reading bookbot's code).

It reads only the heldout9 business YAML files and case files with PyYAML and
recomputes, with its own small implementation of DESIGN.md's scheduling rules:
  * every final booking that the conversation creates or moves: open day, not a
    closure, inside one opening range, on the slot grid, at least min_notice after now;
  * immediate plans (new or moved): the whole plan from session 1 / from the moved
    session, with closures and the preferred time of day;
  * sequential windows: [day(k)+min, day(k)+max], suggested day(k)+target;
  * flexible gaps >= minimum;
  * the relative dates and times of the customer messages (a table below);
  * the notice for moves and cancellations in real elapsed time;
  * each step's reply_mentions_dates against the computed plan / window.
Run: .venv/bin/python scripts/heldout/heldout9_dates.py  (prints OK lines, exits 1 on a mismatch)
"""

from __future__ import annotations

import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parents[2] / "evals" / "heldout9"
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
FAIL: list[str] = []


def check(ok: bool, what: str) -> None:
    sys.stdout.write(("OK   " if ok else "FAIL ") + what + "\n")
    if not ok:
        FAIL.append(what)


def dt(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


class Biz:
    def __init__(self, path: Path) -> None:
        self.raw = yaml.safe_load(path.read_text())
        self.zone = ZoneInfo(self.raw["timezone"])
        self.closed = {date.fromisoformat(str(d)) for d in self.raw.get("closed", [])}
        self.step = self.raw["slot_step_minutes"]
        self.services = {s["id"]: s for s in self.raw["services"]}

    def ranges(self, day: date) -> list[tuple[time, time]]:
        if day in self.closed:
            return []
        out = []
        for r in self.raw["hours"].get(DAYS[day.weekday()], []) or []:
            a, b = r.split("-")
            out.append((time.fromisoformat(a), time.fromisoformat(b)))
        return out

    def duration(self, sid: str, k: int) -> int:
        s = self.services[sid]
        if s.get("sessions"):
            return s["sessions"][k - 1].get("duration_minutes", s["duration_minutes"])
        return s["duration_minutes"]

    def starts(self, day: date, minutes: int) -> list[datetime]:
        """Grid starts of `day` whose session fits inside one opening range."""
        out = []
        for a, b in self.ranges(day):
            t = datetime.combine(day, a)
            end = datetime.combine(day, b)
            while t + timedelta(minutes=minutes) <= end:
                out.append(t)
                t += timedelta(minutes=self.step)
        return out

    def gap(self, sid: str, k: int) -> tuple[int, int | None, int]:
        """(minimum, maximum, target) days from session k to k+1."""
        cfg = self.services[sid].get("session_buffer_config") or {}
        mn = cfg.get(
            f"session_{k}_to_{k + 1}_days", cfg.get("default_days", cfg.get("minimum_days", 0))
        )
        mx = cfg.get("maximum_days")
        target = max(cfg.get("recommended_days", mn), mn)
        return mn, mx, target

    def elapsed_hours(self, a: datetime, b: datetime) -> float:
        return (b.replace(tzinfo=self.zone) - a.replace(tzinfo=self.zone)).total_seconds() / 3600


def closest(starts: list[datetime], preferred: time) -> datetime:
    def key(s: datetime) -> tuple[int, datetime]:
        return (abs((s.hour * 60 + s.minute) - (preferred.hour * 60 + preferred.minute)), s)

    return min(starts, key=key)


def next_session(
    b: Biz, sid: str, k: int, prev: datetime, preferred: time, busy: list[tuple[datetime, datetime]]
) -> datetime:
    """Session k+1 after session k at `prev`: earliest day >= day(k)+target (<= max)."""
    mn, mx, target = b.gap(sid, k)
    prev_end = prev + timedelta(minutes=b.duration(sid, k))
    day = prev.date() + timedelta(days=target)
    limit = prev.date() + timedelta(days=mx) if mx is not None else day + timedelta(days=400)
    while day <= limit:
        dur = b.duration(sid, k + 1)
        free = [
            s
            for s in b.starts(day, dur)
            if s >= prev_end and not any(s < e and s + timedelta(minutes=dur) > a for a, e in busy)
        ]
        if free:
            return closest(free, preferred)
        day += timedelta(days=1)
    raise AssertionError(f"no day for session {k + 1}")


def plan(b: Biz, sid: str, first: datetime) -> list[datetime]:
    out = [first]
    for k in range(1, b.services[sid]["total_sessions_required"]):
        out.append(next_session(b, sid, k, out[-1], first.time(), []))
    return out


def move(b: Biz, sid: str, current: list[datetime], k: int, new: datetime) -> list[datetime]:
    """Move session k (1-based); later sessions move only as far as their gaps require."""
    out = current[: k - 1] + [new]
    for j in range(k, len(current)):
        mn, _, target = b.gap(sid, j)
        keep = current[j]
        if keep.date() >= out[-1].date() + timedelta(days=target) and keep > out[-1]:
            out.append(keep)
        else:
            out.append(next_session(b, sid, j, out[-1], keep.time(), []))
    return out


def slot_ok(b: Biz, sid: str, k: int, start: datetime, now: datetime) -> bool:
    mn = b.raw["min_notice_hours"]
    return start in b.starts(start.date(), b.duration(sid, k)) and b.elapsed_hours(now, start) >= mn


def next_weekday(now: datetime, wd: int, weeks_after: int = 0) -> date:
    """The next `wd` strictly after today, plus whole weeks."""
    d = now.date() + timedelta(days=1)
    while d.weekday() != wd:
        d += timedelta(days=1)
    return d + timedelta(weeks=weeks_after)


def main() -> int:  # noqa: C901 - one linear list of checks
    cases = {}
    for p in sorted((ROOT / "cases").glob("*.yaml")):
        c = yaml.safe_load(p.read_text())
        c["biz"] = Biz((p.parent / c["business"]).resolve())
        c["now"] = dt(c["now"])
        cases[c["id"].removeprefix("h9-")] = c

    # 1. every booking the conversation creates or moves is a real slot with notice
    for cid, c in cases.items():
        b: Biz = c["biz"]
        setup = {
            (x["service"], x.get("session", 1), dt(x["start"]))
            for x in (c.get("setup") or {}).get("bookings", [])
        }
        for x in (c.get("final") or {}).get("bookings", []):
            k = x.get("session", 1)
            key = (x["service"], k, dt(x["start"]))
            if key in setup or x.get("status") in ("completed", "cancelled"):
                continue
            check(
                slot_ok(b, x["service"], k, dt(x["start"]), c["now"]),
                f"{cid}: {x['service']} #{k} {x['start']} is a free slot with notice",
            )

    def final(cid: str, sid: str, status: str | None = None) -> list[datetime]:
        xs = [
            x
            for x in cases[cid]["final"]["bookings"]
            if x["service"] == sid and (status is None or x.get("status", "confirmed") == status)
        ]
        return [dt(x["start"]) for x in sorted(xs, key=lambda x: x.get("session", 1))]

    def mentions(cid: str, step: int) -> list[date]:
        return [
            date.fromisoformat(str(d))
            for d in cases[cid]["steps"][step]["expect"]["reply_mentions_dates"]
        ]

    # 2. relative dates and times in the messages (own reading of each phrase)
    rel = {
        "en01-stammer-book-half-two": (date(2027, 1, 19), time(14, 30)),  # tues 19th jan, half 2 pm
        "en02-stammer-closure-shift": (date(2027, 2, 1), time(9, 0)),  # first thing = opening
        "en03-kids-parent-first-session": (
            next_weekday(cases["en03-kids-parent-first-session"]["now"], 3),
            time(16, 0),
        ),
        "en14-in-ten-days-noon": (
            cases["en14-in-ten-days-noon"]["now"].date() + timedelta(days=10),
            time(12, 0),
        ),
        "en15-correction-midmessage": (
            next_weekday(cases["en15-correction-midmessage"]["now"], 3),
            time(11, 0),
        ),
        "de01-yoga-naechste-woche-donnerstag": (
            next_weekday(cases["de01-yoga-naechste-woche-donnerstag"]["now"], 3),
            time(17, 0),
        ),
        "de06-probetraining-samstag": (
            next_weekday(cases["de06-probetraining-samstag"]["now"], 5),
            time(10, 0),
        ),
        "de14-kurze-nachrichten-sonntag": (
            next_weekday(cases["de14-kurze-nachrichten-sonntag"]["now"], 0),
            time(7, 0),
        ),
        "es01-brackets-lunes-que-viene": (
            next_weekday(cases["es01-brackets-lunes-que-viene"]["now"], 0),
            time(17, 0),
        ),
        "es03-brackets-vacaciones-enero": (date(2027, 1, 11), time(9, 0)),  # a primera hora
        "es07-consulta-para-mi-hija": (
            next_weekday(cases["es07-consulta-para-mi-hija"]["now"], 5),
            time(10, 0),
        ),
        "es15-audio-correccion": (
            next_weekday(cases["es15-audio-correccion"]["now"], 1),
            time(16, 0),
        ),
    }
    # de01: "nächste Woche Donnerstag" on a Thursday = the Thursday of next week (7 days on)
    check(
        cases["de01-yoga-naechste-woche-donnerstag"]["now"].weekday() == 3,
        "de01: now is a Thursday, so next week's Thursday is +7",
    )
    # de14: sunday asked is closed
    sun = next_weekday(cases["de14-kurze-nachrichten-sonntag"]["now"], 6)
    check(
        not cases["de14-kurze-nachrichten-sonntag"]["biz"].ranges(sun),
        f"de14: Sunday {sun} is closed",
    )
    # de13: 6 Jan closed, 7 Jan open
    b13 = cases["de13-dreikoenig-geschlossen"]["biz"]
    check(
        not b13.ranges(date(2027, 1, 6)) and bool(b13.ranges(date(2027, 1, 7))),
        "de13: 6.1. closed, 7.1. open",
    )
    for cid, (d, t) in rel.items():
        c = cases[cid]
        starts = [
            dt(x["start"])
            for x in c["final"]["bookings"]
            if x.get("session", 1) == 1 and x.get("status", "confirmed") == "confirmed"
        ]
        check(
            datetime.combine(d, t) in starts,
            f"{cid}: the phrase means {d} {t} and the final books it",
        )

    # 3. immediate plans from session 1
    for cid, sid in [
        ("en01-stammer-book-half-two", "stammering"),
        ("en02-stammer-closure-shift", "stammering"),
        ("de01-yoga-naechste-woche-donnerstag", "yoga-privat"),
        ("de02-yoga-weihnachten", "yoga-privat"),
        ("es01-brackets-lunes-que-viene", "brackets"),
        ("es02-brackets-feriado-24-marzo", "brackets"),
        ("es03-brackets-vacaciones-enero", "brackets"),
    ]:
        got = final(cid, sid)
        want = plan(cases[cid]["biz"], sid, got[0])
        check(got == want, f"{cid}: immediate plan {[str(x) for x in want]}")
        check(
            mentions(cid, 0) == [x.date() for x in want],
            f"{cid}: proposal step mentions the plan's dates",
        )
    for cid, sid, first in [
        ("en08-hesitate-after-proposal", "stammering", datetime(2027, 2, 10, 10)),
        ("de08-yoga-vorschlag-zoegern", "yoga-privat", datetime(2027, 3, 2, 9)),
        ("es09-propuesta-dejame-pensarlo", "brackets", datetime(2027, 4, 8, 11)),
    ]:
        c = cases[cid]
        check(slot_ok(c["biz"], sid, 1, first, c["now"]), f"{cid}: first session {first} is free")
        want = plan(c["biz"], sid, first)
        check(
            mentions(cid, 0) == [x.date() for x in want],
            f"{cid}: proposal mentions {[str(x) for x in want]}",
        )

    # 4. moves of immediate plans
    for cid, sid, k, new in [
        ("en13-move-plan", "stammering", 1, datetime(2027, 1, 26, 14, 30)),
        ("de10-verschieben-ok", "yoga-privat", 1, datetime(2027, 2, 12, 17)),
        ("es12-mover-colocacion", "brackets", 2, datetime(2027, 3, 10, 17)),
    ]:
        c = cases[cid]
        current = sorted(dt(x["start"]) for x in c["setup"]["bookings"])
        check(
            c["biz"].elapsed_hours(c["now"], current[k - 1])
            >= c["biz"].raw["reschedule_notice_hours"],
            f"{cid}: move is outside the reschedule notice",
        )
        want = move(c["biz"], sid, current, k, new)
        check(final(cid, sid) == want, f"{cid}: moved plan {[str(x) for x in want]}")
        moved = [x.date() for x, y in zip(want, current, strict=True) if x != y]
        check(
            mentions(cid, 0)[-len(moved) :] == moved
            or mentions(cid, 0) == [x.date() for x in want],
            f"{cid}: reply mentions the moved dates {moved}",
        )

    # 5. notice for cancellations / refused moves (real elapsed time)
    for cid, allowed in [
        ("en11-cancel-ok", True),
        ("en12-cancel-inside-notice", False),
        ("de09-verschieben-zu-spaet", False),
        ("de15-pt-absagen", True),
        ("es10-cancelar-consulta", True),
        ("es11-mover-sin-aviso", False),
    ]:
        c = cases[cid]
        b = c["biz"]
        target = [
            dt(x["start"]) for x in c["final"]["bookings"] if x.get("status") == "cancelled"
        ] or [
            min(
                dt(x["start"])
                for x in c["setup"]["bookings"]
                if x.get("status", "confirmed") == "confirmed"
            )
        ]
        h = b.elapsed_hours(c["now"], target[0])
        check(
            (h >= b.raw["reschedule_notice_hours"]) == allowed,
            f"{cid}: {h:.1f} h before {target[0]} vs notice "
            f"{b.raw['reschedule_notice_hours']} h -> allowed={allowed}",
        )

    # 6. sequential windows
    def window(b: Biz, sid: str, k: int, last: datetime) -> tuple[date, date, date]:
        mn, mx, target = b.gap(sid, k)
        return (
            last.date() + timedelta(days=mn),
            last.date() + timedelta(days=mx),
            last.date() + timedelta(days=target),
        )

    for cid, sid, k, asked, refused in [
        ("en04-kids-next-too-early", "kids-speech", 1, date(2027, 2, 8), True),
        ("en05-kids-next-too-late", "kids-speech", 2, date(2027, 3, 25), True),
        ("es05-alineadores-muy-pronto", "alineadores", 1, date(2027, 3, 11), True),
        ("es06-alineadores-muy-tarde", "alineadores", 2, date(2027, 3, 10), True),
    ]:
        c = cases[cid]
        b = c["biz"]
        last = max(dt(x["start"]) for x in c["setup"]["bookings"])
        lo, hi, sug = window(b, sid, k, last)
        check(not (lo <= asked <= hi) == refused, f"{cid}: asked {asked} outside [{lo}, {hi}]")
        check(
            bool(b.ranges(lo)) and bool(b.ranges(sug)),
            f"{cid}: earliest {lo} and suggested {sug} are open days",
        )
        check(
            mentions(cid, 0) == [lo, sug],
            f"{cid}: reply mentions earliest {lo} and suggested {sug}",
        )
    for cid, sid in [
        ("en06-kids-when-next", "kids-speech"),
        ("es04-alineadores-proximo", "alineadores"),
    ]:
        c = cases[cid]
        b = c["biz"]
        done = [dt(x["start"]) for x in c["final"]["bookings"] if x.get("status") == "completed"]
        new = final(cid, sid, "confirmed")[0]
        lo, hi, sug = window(b, sid, len(done), done[-1])
        check(
            new.date() == sug and bool(b.ranges(sug)),
            f"{cid}: suggested {sug} (open) is what gets booked",
        )
        check(mentions(cid, 0) == [sug], f"{cid}: reply mentions the suggested day")
    # en03: session 1 of a sequential block, first step mentions that Thursday
    check(
        mentions("en03-kids-parent-first-session", 0) == [date(2027, 1, 14)],
        "en03: reply mentions Thu 14 Jan",
    )

    # 7. flexible gaps
    for cid in ["de03-pt-drei-termine", "de04-pt-zu-knapp"]:
        b = cases[cid]["biz"]
        got = final(cid, "personal-training")
        mn = b.gap("personal-training", 1)[0]
        check(
            all((y.date() - x.date()).days >= mn for x, y in zip(got, got[1:], strict=False)),
            f"{cid}: gaps >= {mn} days",
        )
        check(
            mentions(cid, 0 if cid.startswith("de03") else 1) == [x.date() for x in got],
            f"{cid}: reply mentions the booked days",
        )
    check(
        (date(2027, 2, 17) - date(2027, 2, 16)).days < 2, "de04: Tue+Wed is below the 2-day minimum"
    )

    # 8. single-session mentions
    for cid, step in [
        ("en14-in-ten-days-noon", 0),
        ("en15-correction-midmessage", 0),
        ("de06-probetraining-samstag", 0),
        ("de13-dreikoenig-geschlossen", 1),
        ("de14-kurze-nachrichten-sonntag", 3),
        ("es07-consulta-para-mi-hija", 0),
        ("es15-audio-correccion", 0),
    ]:
        got = [dt(x["start"]).date() for x in cases[cid]["final"]["bookings"]]
        check(mentions(cid, step) == got, f"{cid}: reply mentions the booked day {got}")

    # 9. progress setups
    for cid, _sid, n in [
        ("en10-progress", "kids-speech", 3),
        ("de05-pt-fortschritt", "personal-training", 4),
    ]:
        done = [x for x in cases[cid]["setup"]["bookings"] if x.get("status") == "completed"]
        nxt = min(
            dt(x["start"])
            for x in cases[cid]["setup"]["bookings"]
            if x.get("status", "confirmed") == "confirmed"
        )
        check(
            len(done) == n and mentions(cid, 0) == [nxt.date()],
            f"{cid}: {n} completed, next {nxt.date()}",
        )

    # 10. every case's clock lies in December 2026 - April 2027
    for cid, c in cases.items():
        check(
            datetime(2026, 12, 1) <= c["now"] < datetime(2027, 5, 1),
            f"{cid}: now {c['now']} in Dec 2026 - Apr 2027",
        )

    sys.stdout.write(f"\n{len(cases)} cases, {len(FAIL)} mismatches\n")
    return 1 if FAIL else 0


if __name__ == "__main__":
    sys.exit(main())
