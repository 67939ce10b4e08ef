"""heldout11: every weekday, date and plan the cases rely on, computed, not written by hand.

An independent reading of DESIGN.md's scheduling rules (it does not import bookbot):
opening hours, closures, slot grid, immediate gaps keeping the preferred time, the
sequential window and the flexible minimum gap. Run: python scripts/heldout/heldout11_dates.py
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

D = date.fromisoformat
WD = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

LEEDS = {
    "hours": {
        "mon": ["09:00-13:00", "14:00-17:30"],
        "tue": ["09:00-13:00", "14:00-17:30"],
        "wed": ["12:00-20:00"],
        "thu": ["09:00-13:00", "14:00-17:30"],
        "fri": ["09:00-13:00", "14:00-17:00"],
    },
    "closed": {"2026-12-25", "2026-12-26", "2026-12-28", "2027-01-01"},
    "step": 15,
}
ZURICH = {
    "hours": {d: ["07:30-12:00", "13:30-19:00"] for d in ("mon", "tue", "wed", "thu")}
    | {"fri": ["07:30-12:00", "13:30-17:00"], "sat": ["08:00-12:00"]},
    "closed": {"2026-12-25", "2026-12-26", "2027-01-01", "2027-01-02"},
    "step": 15,
}
CDMX = {
    "hours": {d: ["10:00-14:00", "16:00-20:00"] for d in ("mon", "tue", "wed", "thu", "fri")}
    | {"sat": ["10:00-15:00"]},
    "closed": {"2026-12-25", "2027-01-01", "2027-02-01"},
    "step": 30,
}


def wd(day: str) -> str:
    return WD[D(day).weekday()]


def starts(biz: dict, day: date, minutes: int) -> list[time]:
    """Grid starts on `day` where a session of `minutes` fits (no other bookings)."""
    if day.isoformat() in biz["closed"]:
        return []
    out = []
    for rng in biz["hours"].get(WD[day.weekday()], []):
        a, b = (datetime.combine(day, time.fromisoformat(x)) for x in rng.split("-"))
        t = a
        while t + timedelta(minutes=minutes) <= b:
            out.append(t.time())
            t += timedelta(minutes=biz["step"])
    return out


def fits(biz: dict, moment: str, minutes: int) -> bool:
    dt = datetime.fromisoformat(moment)
    return dt.time() in starts(biz, dt.date(), minutes)


def immediate(
    biz: dict, first: str, gaps: tuple[int, ...], durations: tuple[int, ...]
) -> list[str]:
    dt = datetime.fromisoformat(first)
    assert fits(biz, first, durations[0]), first
    pref = dt.hour * 60 + dt.minute
    plan = [dt]
    for k, gap in enumerate(gaps):
        day = plan[-1].date() + timedelta(days=gap)
        while not starts(biz, day, durations[k + 1]):
            day += timedelta(days=1)
        free = starts(biz, day, durations[k + 1])
        best = min(free, key=lambda t: (abs(t.hour * 60 + t.minute - pref), t))
        plan.append(datetime.combine(day, best))
    return [p.isoformat(timespec="minutes") for p in plan]


def days(a: str, b: str) -> int:
    return (D(b[:10]) - D(a[:10])).days


def check() -> None:
    # weekdays named in the cases
    expected = {
        "2026-12-01": "tue",
        "2026-12-03": "thu",
        "2026-12-04": "fri",
        "2026-12-07": "mon",
        "2026-12-08": "tue",
        "2026-12-09": "wed",
        "2026-12-10": "thu",
        "2026-12-11": "fri",
        "2026-12-12": "sat",
        "2026-12-14": "mon",
        "2026-12-15": "tue",
        "2026-12-16": "wed",
        "2026-12-17": "thu",
        "2026-12-18": "fri",
        "2026-12-19": "sat",
        "2026-12-21": "mon",
        "2026-12-22": "tue",
        "2026-12-23": "wed",
        "2026-12-24": "thu",
        "2026-12-26": "sat",
        "2026-12-28": "mon",
        "2026-12-29": "tue",
        "2026-12-30": "wed",
        "2026-12-31": "thu",
        "2027-01-02": "sat",
        "2027-01-04": "mon",
        "2027-01-05": "tue",
        "2027-01-06": "wed",
        "2027-01-07": "thu",
        "2027-01-12": "tue",
        "2027-01-13": "wed",
        "2027-01-20": "wed",
        "2027-02-01": "mon",
        "2027-02-02": "tue",
    }
    for day, name in expected.items():
        assert wd(day) == name, (day, wd(day), name)
    # Día de la Constitución 2027 is the first Monday of February
    assert min(d for d in (date(2027, 2, i) for i in range(1, 8)) if d.weekday() == 0) == D(
        "2027-02-01"
    )

    nail = ((21, 28), (60, 45, 45))
    reha = ((7, 7, 14), (60, 45, 45, 45))
    plans = {
        # en-01: day after tomorrow (now Mon 07 Dec) = Wed 09 Dec, half 4
        ("LEEDS", "2026-12-09T16:30", nail): [
            "2026-12-09T16:30",
            "2026-12-30T16:30",
            "2027-01-27T16:30",
        ],
        # en-02: Fri 04 Dec + 21 = 25 Dec closed, 26-27 weekend, 28 bank holiday -> Tue 29
        ("LEEDS", "2026-12-04T10:15", nail): [
            "2026-12-04T10:15",
            "2026-12-29T10:15",
            "2027-01-26T10:15",
        ],
        # en-06: Wed 16 Dec at 6pm
        ("LEEDS", "2026-12-16T18:00", nail): [
            "2026-12-16T18:00",
            "2027-01-06T18:00",
            "2027-02-03T18:00",
        ],
        # en-08: Mon 4 Jan at 9
        ("LEEDS", "2027-01-04T09:00", nail): [
            "2027-01-04T09:00",
            "2027-01-25T09:00",
            "2027-02-22T09:00",
        ],
        # en-11 setup and en-12 setup / moved plan
        ("LEEDS", "2026-12-08T10:00", nail): [
            "2026-12-08T10:00",
            "2026-12-29T10:00",
            "2027-01-26T10:00",
        ],
        ("LEEDS", "2026-12-14T15:00", nail): [
            "2026-12-14T15:00",
            "2027-01-04T15:00",
            "2027-02-01T15:00",
        ],
        ("LEEDS", "2026-12-15T15:00", nail): [
            "2026-12-15T15:00",
            "2027-01-05T15:00",
            "2027-02-02T15:00",
        ],
        # de-01: Thursday (now Mon 07 Dec) halb vier
        ("ZURICH", "2026-12-10T15:30", reha): [
            "2026-12-10T15:30",
            "2026-12-17T15:30",
            "2026-12-24T15:30",
            "2027-01-07T15:30",
        ],
        # de-02: 18.12. 10 Uhr -> 25.12. closed, 26 closed, 27 Sunday -> Mon 28
        ("ZURICH", "2026-12-18T10:00", reha): [
            "2026-12-18T10:00",
            "2026-12-28T10:00",
            "2027-01-04T10:00",
            "2027-01-18T10:00",
        ],
        # de-03: Sat 12.12. 9 Uhr -> Sat 19 -> 26 closed, 27 Sunday -> Mon 28 -> Mon 11 Jan
        ("ZURICH", "2026-12-12T09:00", reha): [
            "2026-12-12T09:00",
            "2026-12-19T09:00",
            "2026-12-28T09:00",
            "2027-01-11T09:00",
        ],
        # de-10: Tue 12.1. 10 Uhr (asked, never booked)
        ("ZURICH", "2027-01-12T10:00", reha): [
            "2027-01-12T10:00",
            "2027-01-19T10:00",
            "2027-01-26T10:00",
            "2027-02-09T10:00",
        ],
        # de-13: Tue 5.1. um 9 (after the correction)
        ("ZURICH", "2027-01-05T09:00", reha): [
            "2027-01-05T09:00",
            "2027-01-12T09:00",
            "2027-01-19T09:00",
            "2027-02-02T09:00",
        ],
    }
    bizs = {"LEEDS": LEEDS, "ZURICH": ZURICH, "CDMX": CDMX}
    for (name, first, (gaps, durs)), want in plans.items():
        got = immediate(bizs[name], first, gaps, durs)
        assert got == want, (name, first, got, want)

    # single slots and flexible / sequential sessions that must fit the hours
    for biz, moment, minutes in [
        (LEEDS, "2026-12-10T14:00", 30),
        (LEEDS, "2026-12-15T11:00", 30),
        (LEEDS, "2026-12-11T14:30", 30),
        (LEEDS, "2026-12-15T09:30", 30),
        (LEEDS, "2026-12-17T10:00", 30),
        (LEEDS, "2027-01-07T11:00", 30),
        (LEEDS, "2026-12-10T10:00", 60),
        (LEEDS, "2026-12-09T15:00", 60),
        (LEEDS, "2026-11-12T10:00", 60),
        (LEEDS, "2026-12-03T11:00", 30),
        (LEEDS, "2026-12-17T11:00", 30),
        (ZURICH, "2026-12-09T18:00", 60),
        (ZURICH, "2026-12-14T18:00", 60),
        (ZURICH, "2026-12-18T16:00", 60),
        (ZURICH, "2026-12-15T07:30", 60),
        (ZURICH, "2026-12-18T07:30", 60),
        (ZURICH, "2026-12-10T18:00", 60),
        (ZURICH, "2026-12-15T16:45", 60),
        (ZURICH, "2026-12-10T08:00", 30),
        (ZURICH, "2026-12-14T14:00", 30),
        (ZURICH, "2026-12-19T10:00", 60),
        (ZURICH, "2026-12-22T11:00", 60),
        (ZURICH, "2026-12-01T18:00", 60),
        (ZURICH, "2026-11-16T17:00", 60),
        (ZURICH, "2026-11-23T17:00", 60),
        (ZURICH, "2026-11-30T17:00", 60),
        (CDMX, "2026-12-08T16:30", 30),
        (CDMX, "2026-12-10T11:00", 60),
        (CDMX, "2026-11-14T11:00", 60),
        (CDMX, "2026-12-19T12:00", 60),
        (CDMX, "2026-11-26T16:00", 60),
        (CDMX, "2026-12-02T10:00", 60),
        (CDMX, "2027-01-13T10:00", 60),
        (CDMX, "2026-12-11T10:30", 30),
        (CDMX, "2026-12-12T13:00", 60),
        (CDMX, "2026-12-15T18:00", 30),
        (CDMX, "2026-12-12T10:00", 30),
        (CDMX, "2026-12-18T16:00", 30),
        (CDMX, "2026-12-08T10:00", 60),
        (CDMX, "2026-11-18T16:00", 60),
        (CDMX, "2026-12-23T16:00", 60),
        (CDMX, "2026-12-28T16:30", 60),
        (CDMX, "2026-09-09T12:00", 60),
        (CDMX, "2026-10-14T12:00", 60),
        (CDMX, "2026-11-18T12:00", 60),
        (CDMX, "2026-12-16T12:00", 60),
    ]:
        assert fits(biz, moment, minutes), moment
    # en-02's Dec 25-28 are all closed days at Leeds; Christmas Eve is open
    assert all(
        not starts(LEEDS, D(x), 45)
        for x in ("2026-12-25", "2026-12-26", "2026-12-27", "2026-12-28")
    )
    # de-08 (Termin 10.12. 08:00) is 15 h after now: inside the 48 h notice
    assert datetime.fromisoformat("2026-12-10T08:00") - datetime.fromisoformat(
        "2026-12-09T17:00"
    ) < timedelta(hours=48)
    # de-06: 10.12. 18:00 is 32 h after Wed 09 Dec 10:00 (inside 48 h); de-07's 14.12. is outside
    assert datetime.fromisoformat("2026-12-10T18:00") - datetime.fromisoformat(
        "2026-12-09T10:00"
    ) < timedelta(hours=48)
    assert datetime.fromisoformat("2026-12-14T18:00") - datetime.fromisoformat(
        "2026-12-09T10:00"
    ) > timedelta(hours=48)
    # en-11: 19 h before the session (24 h notice); en-10/en-12/es-11/es-13 outside their notice
    assert datetime.fromisoformat("2026-12-08T10:00") - datetime.fromisoformat(
        "2026-12-07T15:00"
    ) < timedelta(hours=24)
    assert datetime.fromisoformat("2026-12-17T10:00") - datetime.fromisoformat(
        "2026-12-14T10:00"
    ) > timedelta(hours=24)
    assert datetime.fromisoformat("2026-12-14T15:00") - datetime.fromisoformat(
        "2026-12-07T09:00"
    ) > timedelta(hours=24)
    assert datetime.fromisoformat("2026-12-08T10:00") - datetime.fromisoformat(
        "2026-12-07T18:00"
    ) < timedelta(hours=24)
    # flexible massages: at least 3 days apart (de-04, de-05, de-07)
    assert days("2026-12-09", "2026-12-14") >= 3 and days("2026-12-14", "2026-12-18") >= 3
    assert days("2026-12-15", "2026-12-17") < 3 and days("2026-12-15", "2026-12-18") == 3
    assert days("2026-12-01", "2026-12-15") >= 3
    # sequential windows: orthotics [14, 42] target 21; laser [28, 42] target 35
    assert (days("2026-12-10", "2026-12-24"), days("2026-12-10", "2026-12-31")) == (14, 21)  # en-03
    assert days("2026-12-10", "2027-01-07") <= 42
    assert (D("2026-12-09") + timedelta(14), D("2026-12-09") + timedelta(21)) == (
        D("2026-12-23"),
        D("2026-12-30"),
    )  # en-04
    assert days("2026-12-09", "2026-12-17") < 14
    assert days("2026-11-12", "2026-12-03") >= 14 and D("2026-12-03") + timedelta(14) == D(
        "2026-12-17"
    )  # en-13
    assert (
        D("2026-11-14") + timedelta(28) == D("2026-12-12")
        and days("2026-11-14", "2026-12-19") == 35
    )  # es-03
    assert (D("2026-11-26") + timedelta(28), D("2026-11-26") + timedelta(35)) == (
        D("2026-12-24"),
        D("2026-12-31"),
    )  # es-04
    assert days("2026-11-26", "2026-12-18") < 28
    assert (
        D("2026-12-02") + timedelta(28),
        D("2026-12-02") + timedelta(35),
        D("2026-12-02") + timedelta(42),
    ) == (D("2026-12-30"), D("2027-01-06"), D("2027-01-13"))  # es-05
    assert days("2026-12-02", "2027-01-20") > 42
    assert (
        days("2026-11-18", "2026-12-23") == 35 and days("2026-11-18", "2026-12-28") == 40
    )  # es-13
    for a, b in (
        ("2026-09-09", "2026-10-14"),
        ("2026-10-14", "2026-11-18"),
        ("2026-11-18", "2026-12-16"),
    ):  # es-14
        assert 28 <= days(a, b) <= 42
    print("heldout11 dates: all checks passed")  # noqa: T201


if __name__ == "__main__":
    check()
