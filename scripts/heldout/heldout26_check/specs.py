"""What each case means: the phrases read and the operations checked (see ops.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from heldout26_check.model import INVALID
from heldout26_check.reading import (
    Ctx,
    Resolver,
    after,
    calendar_week,
    clock_de,
    clock_en,
    clock_es,
    coming_nth,
    coming_weekday,
    day_of_month,
    earliest_free,
    free_starts,
    later_of,
    month_day,
    next_week_weekday,
    nth_weekday,
    previous_weekday,
    relative_day,
    same_as,
    same_time_as,
    week_number,
    window_last,
)

# --------------------------------------------------------------------------- spec vocabulary


@dataclass
class Read:
    """Phrase `phrase` of user step `step` stands for `expected` (a date, a time, a list)."""

    key: str
    step: int
    phrase: str
    resolve: Resolver
    expected: str | list[str] | int


@dataclass
class Op:
    kind: str  # immediate, shown, sequential, flexible, single, move, cancel, refuse, ...
    step: int
    service: str
    at: list[tuple[str, str]] = field(default_factory=list)  # (date key, time key) pairs
    session: int | None = None
    rule: str | None = None
    book: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


def R(key: str, step: int, phrase: str, resolve: Resolver, expected: str | list[str] | int) -> Read:
    return Read(key, step, phrase, resolve, expected)


SPECS: dict[str, dict[str, list[Any]]] = {
    # ---------------------------------------------------------------- Quezon City
    "heldout26-ph-01-refresher-holy-week": {
        "reads": [
            R("d", 1, "sa 18, next week na Thursday", day_of_month, "2027-03-18"),
            R("nw", 1, "next week na Thursday", next_week_weekday, "2027-03-18"),
            R("t", 1, "3pm", clock_en, "15:00"),
        ],
        "ops": [
            Op("same_day", 1, "", [("d", ""), ("nw", "")]),
            Op("immediate", 1, "refresher-weekly", [("d", "t")]),
        ],
    },
    "heldout26-ph-02-pdc-auto-same-day-pair": {
        "reads": [
            R("sat", 1, "Sat 7am", coming_weekday, "2027-02-06"),
            R("t7", 1, "Sat 7am", clock_en, "07:00"),
            R("t10", 1, "Sat 10am", clock_en, "10:00"),
            R("tue", 1, "next week Tue", next_week_weekday, "2027-02-09"),
            R(
                "thu",
                1,
                "Thu 5pm",
                lambda c: next_week_weekday(Ctx(c.case, "next week Thu", c.now, c.values)),
                "2027-02-11",
            ),
            R("t17", 1, "Thu 5pm", clock_en, "17:00"),
            R("sun", 2, "8am na lang po sa Sunday", coming_weekday, "2027-02-07"),
            R("sun10", 2, "Sunday 10am", clock_en, "10:00"),
            R("t8", 2, "8am na lang", clock_en, "08:00"),
        ],
        "ops": [
            Op(
                "refuse",
                1,
                "pdc-auto",
                [("sat", "t7"), ("sat", "t10"), ("tue", "t17"), ("thu", "t17")],
                rule="gap",
            ),
            Op(
                "available",
                2,
                "pdc-auto",
                [("sun", "sun10")],
                extra={"why": "the 10am Sunday would fit; only the correction drops it"},
            ),
            Op(
                "flexible",
                2,
                "pdc-auto",
                [("sat", "t7"), ("sun", "t8"), ("tue", "t17"), ("thu", "t17")],
            ),
        ],
    },
    "heldout26-ph-03-manual-lesson2-full-slot": {
        "reads": [
            R("yesterday", 1, "kahapon", relative_day, "2027-04-12"),
            R("thu", 1, "sa Thursday", coming_weekday, "2027-04-15"),
            R("same", 1, "same time", same_time_as("pdc-manual", 1), "09:00"),
            R("t13", 2, "1pm", clock_en, "13:00"),
        ],
        "ops": [
            Op("setup_on", 1, "pdc-manual", [("yesterday", "same")], session=1),
            Op("refuse", 1, "pdc-manual", [("thu", "same")], session=2, rule="capacity"),
            Op("sequential", 2, "pdc-manual", [("thu", "t13")], session=2),
        ],
    },
    "heldout26-ph-04-manual-lesson3-after-window": {
        "reads": [
            R("away", 1, "bukas", relative_day, "2027-05-07"),
            R("back", 1, "hanggang 13", day_of_month, "2027-05-13"),
            R("d", 1, "May 14", month_day, "2027-05-14"),
            R("t", 1, "3pm", clock_en, "15:00"),
        ],
        "ops": [
            Op("refuse", 1, "pdc-manual", [("d", "t")], session=3, rule="window_after"),
            Op(
                "no_slot_before",
                1,
                "pdc-manual",
                [("away", "t")],
                session=3,
                extra={"why": "the only window day before she leaves (today) has no slot left"},
            ),
        ],
    },
    "heldout26-ph-05-move-inside-then-outside-notice": {
        "reads": [
            R("today", 1, "mamayang 5pm", relative_day, "2027-02-16"),
            R("t17", 1, "mamayang 5pm", clock_en, "17:00"),
            R("thu", 2, "sa Thursday", coming_weekday, "2027-02-18"),
            R("fri", 2, "Friday same time", coming_weekday, "2027-02-19"),
            R("same", 2, "same time", same_time_as("pdc-auto", 3), "17:00"),
        ],
        "ops": [
            Op("setup_on", 1, "pdc-auto", [("today", "t17")], session=2),
            Op("refuse_move", 1, "pdc-auto", session=2, rule="reschedule_notice"),
            Op("setup_on", 2, "pdc-auto", [("thu", "same")], session=3),
            Op("move", 2, "pdc-auto", [("fri", "same")], session=3),
        ],
    },
    "heldout26-ph-06-prices-address-no-booking": {
        "reads": [
            R("sat", 2, "Saturday 8am", coming_weekday, "2027-06-05"),
            R("t8", 2, "Saturday 8am", clock_en, "08:00"),
        ],
        "ops": [
            Op(
                "facts",
                1,
                "",
                extra={"texts": ["{price:pdc-auto}", "{price:pdc-manual}", "{address}"]},
            ),
            Op(
                "available",
                2,
                "pdc-auto",
                [("sat", "t8")],
                extra={"why": "free: only the hesitation stops a booking"},
            ),
        ],
    },
    "heldout26-ph-07-assessment-son-feb-30": {
        "reads": [
            R("bad", 1, "Feb 30", month_day, INVALID),
            R("t", 1, "Feb 30, 10am", clock_en, "10:00"),
            R("d", 2, "March 1 po pala, Monday", month_day, "2027-03-01"),
            R("t2", 2, "10am", clock_en, "10:00"),
        ],
        "ops": [Op("single", 2, "driving-assessment", [("d", "t2")])],
    },
    "heldout26-ph-08-refresher-correction-capacity": {
        "reads": [
            R("d", 1, "Sat Apr 10", month_day, "2027-04-10"),
            R("t8", 1, "8am", clock_en, "08:00"),
            R("t9", 1, "9am na lang", clock_en, "09:00"),
            R("d17", 2, "sa 17th", day_of_month, "2027-04-17"),
            R("t10", 2, "10am", clock_en, "10:00"),
        ],
        "ops": [
            Op(
                "immediate",
                1,
                "refresher-weekly",
                [("d", "t9")],
                extra={"session_2": ("d17", "t10")},
            ),
        ],
    },
    "heldout26-ph-09-progress-cancel-tuesday": {
        "reads": [
            R("tue", 1, "sa Tuesday", coming_weekday, "2027-06-01"),
            R("sat", 1, "Yung Sabado", coming_weekday, "2027-05-29"),
        ],
        "ops": [
            Op("progress", 1, "pdc-auto", extra={"done": 2}),
            Op("cancel", 1, "pdc-auto", [("tue", "")]),
            Op("kept", 1, "pdc-auto", [("sat", "")]),
        ],
    },
    "heldout26-ph-10-motorcycle-not-offered-sibling": {
        "reads": [
            R("tom", 2, "tom 7am", relative_day, "2027-04-21"),
            R("t7", 2, "tom 7am", clock_en, "07:00"),
        ],
        "ops": [
            Op("not_offered", 1, "", extra={"words": ["motorcycle", "motor", "a1"]}),
            Op("refuse", 2, "pdc-auto", [("tom", "t7")], rule="notice"),
        ],
    },
    # ---------------------------------------------------------------- Dresden
    "heldout26-de-01-mld-ostern-push": {
        "reads": [
            R("d", 1, "nächste Woche Dienstag", next_week_weekday, "2027-03-23"),
            R("t", 1, "um viertel 4", clock_de(pm=True), "15:15"),
        ],
        "ops": [Op("immediate", 1, "mld", [("d", "t")])],
    },
    "heldout26-de-02-mt-uebermorgen-viertel-4": {
        "reads": [
            R("fri", 1, "übermorgen", relative_day, "2027-02-12"),
            R("t", 1, "um viertel 4", clock_de(pm=True), "15:15"),
            R("close", 2, "nur bis 2", clock_de(pm=True), "14:00"),
            R("thu", 2, "dann donnerstag", coming_weekday, "2027-02-11"),
            R("same", 2, "gleiche zeit", same_as("t"), "15:15"),
        ],
        "ops": [
            Op("closes", 2, "", [("fri", "close")]),
            Op("refuse", 1, "mt", [("fri", "t")], session=2, rule="hours"),
            Op("sequential", 2, "mt", [("thu", "same")], session=2),
        ],
    },
    "heldout26-de-03-kg-kw-same-day-pair": {
        "reads": [
            R("kw", 1, "also übernächste Woche", week_number, 12),
            R("mo12", 1, "KW 12, also übernächste Woche, Montag", calendar_week, "2027-03-22"),
            R(
                "do12",
                1,
                "KW 12, also übernächste Woche, Montag und Donnerstag",
                lambda c: calendar_week(Ctx(c.case, "KW 12 Donnerstag", c.now, c.values)),
                "2027-03-25",
            ),
            R("di13", 1, "KW 13 Dienstag", calendar_week, "2027-03-30"),
            R(
                "mi13",
                1,
                "KW 13 Dienstag und Mittwoch",
                lambda c: calendar_week(Ctx(c.case, "KW 13 Mittwoch", c.now, c.values)),
                "2027-03-31",
            ),
            R("mo14", 1, "KW 14 den Montag", calendar_week, "2027-04-05"),
            R("t730", 1, "7:30", clock_de(pm=False), "07:30"),
            R("t18", 1, "abends 18 Uhr", clock_de(pm=False), "18:00"),
            R("di14", 2, "am Dienstag drauf", after("mo14"), "2027-04-06"),
            R("t18b", 2, "um 18 Uhr", clock_de(pm=False), "18:00"),
        ],
        "ops": [
            Op(
                "refuse",
                1,
                "kg",
                [
                    ("mo12", "t730"),
                    ("do12", "t730"),
                    ("di13", "t730"),
                    ("mi13", "t730"),
                    ("mo14", "t730"),
                    ("mo14", "t18"),
                ],
                rule="gap",
            ),
            Op(
                "flexible",
                2,
                "kg",
                [
                    ("mo12", "t730"),
                    ("do12", "t730"),
                    ("di13", "t730"),
                    ("mi13", "t730"),
                    ("mo14", "t730"),
                    ("di14", "t18b"),
                ],
            ),
        ],
    },
    "heldout26-de-04-mld-move-cascade-sonnabend": {
        "reads": [
            R("mi", 1, "den Termin am Mittwoch", coming_weekday, "2027-04-21"),
            R("do", 1, "am Donnerstag", coming_weekday, "2027-04-22"),
            R("t", 1, "um achte", clock_de(pm=False), "08:00"),
            R("sa", 2, "Na Sonnabend", coming_weekday, "2027-04-24"),
        ],
        "ops": [
            Op("setup_on", 1, "mld", [("mi", "t")], session=5),
            Op("move", 1, "mld", [("do", "t")], session=5, extra={"lands": {6: "sa"}}),
        ],
    },
    "heldout26-de-05-kg-cancel-inside-then-outside": {
        "reads": [
            R("today", 1, "heute nachmittag", relative_day, "2027-05-10"),
            R("thu", 2, "den am donnerstag", coming_weekday, "2027-05-13"),
        ],
        "ops": [
            Op("refuse_cancel", 1, "kg", [("today", "")], rule="reschedule_notice"),
            Op("cancel", 2, "kg", [("thu", "")]),
        ],
    },
    "heldout26-de-06-price-osteopathie-address": {
        "reads": [R("today", 2, "heute Nachmittag", relative_day, "2027-02-15")],
        "ops": [
            Op("open_afternoon", 2, "", [("today", "")]),
            Op("facts", 1, "", extra={"texts": ["{price:mld}"]}),
            Op("not_offered", 1, "", extra={"words": ["osteopathie", "osteopath"]}),
            Op("facts", 2, "", extra={"texts": ["{address}"], "contains": ["Schillerplatz", "12"]}),
        ],
    },
    "heldout26-de-07-befund-mutti-dreiviertel": {
        "reads": [
            R("today", 1, "heute Nachmittag", relative_day, "2027-06-09"),
            R("t15", 1, "so um 3", clock_de(pm=True), "15:00"),
            R("tom", 2, "morgen", relative_day, "2027-06-10"),
            R("t1645", 2, "dreiviertel 5", clock_de(pm=True), "16:45"),
            R("t930", 2, "früh um halb 10", clock_de(pm=False), "09:30"),
        ],
        "ops": [
            Op("refuse", 1, "befund", [("today", "t15")], rule="hours"),
            Op(
                "available",
                2,
                "befund",
                [("tom", "t1645")],
                extra={"why": "16:45 is free: only the correction drops it"},
            ),
            Op("single", 2, "befund", [("tom", "t930")]),
        ],
    },
    "heldout26-de-08-mt-progress-too-early": {
        "reads": [
            R("mi", 1, "am Mittwoch", coming_weekday, "2027-03-03"),
            R("mo", 2, "den Montag drauf", after("mi"), "2027-03-08"),
            R("t", 2, "um 10", clock_de(pm=False), "10:00"),
            R("usual", 2, "wie immer", same_time_as("mt", 2), "10:00"),
        ],
        "ops": [
            Op("progress", 1, "mt", extra={"done": 2}),
            Op("refuse", 1, "mt", [("mi", "usual")], session=3, rule="window_before"),
            Op("sequential", 2, "mt", [("mo", "t")], session=3),
        ],
    },
    "heldout26-de-09-mld-himmelfahrt-hesitation": {
        "reads": [
            R("d", 1, "ab morgen Nachmittag", relative_day, "2027-05-04"),
            R("t", 1, "so um 4", clock_de(pm=True), "16:00"),
        ],
        "ops": [Op("immediate", 1, "mld", [("d", "t")], book=False)],
    },
    "heldout26-de-10-befund-pick-later-option": {
        "reads": [
            R("sa", 1, "am sa", coming_weekday, "2027-02-20"),
            R("free", 1, "noch frei", free_starts("befund", "sa"), ["09:00", "10:00"]),
            R("later", 2, "den späteren", later_of("free"), "10:00"),
        ],
        "ops": [Op("single", 2, "befund", [("sa", "later")])],
    },
    # ---------------------------------------------------------------- Quito
    "heldout26-ec-01-laser-mayo-push": {
        "reads": [
            R("d", 1, "viernes 5 de marzo", month_day, "2027-03-05"),
            R("t", 1, "a las 5 de la tarde", clock_es, "17:00"),
        ],
        "ops": [Op("immediate", 1, "laser-hongos", [("d", "t")])],
    },
    "heldout26-ec-02-una-control-earliest-that-day": {
        "reads": [
            R("thu", 1, "el jueves", coming_weekday, "2027-04-01"),
            R("t", 1, "tipo 8 y media", clock_es, "08:30"),
            R(
                "first",
                2,
                "la hora más temprana",
                earliest_free("una-encarnada", 2, "thu"),
                "09:00",
            ),
        ],
        "ops": [
            Op("refuse", 1, "una-encarnada", [("thu", "t")], session=2, rule="capacity"),
            Op("sequential", 2, "una-encarnada", [("thu", "first")], session=2),
        ],
    },
    "heldout26-ec-03-una-after-window-last-day": {
        "reads": [
            R("ayer", 1, "Ayer me hicieron", relative_day, "2027-05-26"),
            R("d", 1, "el jueves 1 de julio", month_day, "2027-07-01"),
            R("last", 2, "el último día posible", window_last("una-encarnada"), "2027-06-23"),
            R("t", 2, "a las 3 de la tarde", clock_es, "15:00"),
        ],
        "ops": [
            Op("setup_on", 1, "una-encarnada", [("ayer", "")], session=2),
            Op("refuse", 1, "una-encarnada", [("d", "t")], session=3, rule="window_after"),
            Op("sequential", 2, "una-encarnada", [("last", "t")], session=3),
        ],
    },
    "heldout26-ec-04-pie-diabetico-mamita-too-close": {
        "reads": [
            R("este", 1, "Este sábado no", coming_weekday, "2027-02-27"),
            R("m6", 1, "el 6 de marzo", month_day, "2027-03-06"),
            R("m20", 1, "el 20 de marzo", month_day, "2027-03-20"),
            R("a10", 1, "el 10 de abril", month_day, "2027-04-10"),
            R("t", 1, "a las 10", clock_es, "10:00"),
            R("m27", 2, "27 de marzo", month_day, "2027-03-27"),
            R("a17", 2, "17 de abril", month_day, "2027-04-17"),
            R("t2", 2, "siempre a las 10", clock_es, "10:00"),
        ],
        "ops": [
            Op("before", 1, "", [("este", ""), ("m6", "")]),
            Op(
                "all_weekday",
                1,
                "",
                [("m6", ""), ("m20", ""), ("a10", ""), ("m27", ""), ("a17", "")],
                extra={"weekday": 5},
            ),
            Op("refuse", 1, "pie-diabetico", [("m6", "t"), ("m20", "t"), ("a10", "t")], rule="gap"),
            Op(
                "refuse",
                2,
                "pie-diabetico",
                [("m6", "t2"), ("m27", "t2"), ("a10", "t2")],
                rule="gap",
                extra={"why": "the set he drops inside the message is really too close"},
            ),
            Op("flexible", 2, "pie-diabetico", [("m6", "t2"), ("m27", "t2"), ("a17", "t2")]),
        ],
    },
    "heldout26-ec-05-laser-move-cascade": {
        "reads": [
            R("wed", 1, "del miércoles", coming_weekday, "2027-03-03"),
            R("fri", 1, "el viernes 5", day_of_month, "2027-03-05"),
            R("same", 1, "a la misma hora", same_time_as("laser-hongos", 2), "10:00"),
        ],
        "ops": [
            Op("setup_on", 1, "laser-hongos", [("wed", "same")], session=2),
            Op("move", 1, "laser-hongos", [("fri", "same")], session=2),
        ],
    },
    "heldout26-ec-06-precio-direccion-ya-mismo": {
        "reads": [],
        "ops": [
            Op("facts", 1, "", extra={"texts": ["{price:quiropodia}", "{address}"]}),
            Op("closed_in_week", 2, "", extra={"week_of": "now", "closed": ["2027-03-26"]}),
        ],
    },
    "heldout26-ec-07-acrilicas-not-offered-quiropodia": {
        "reads": [
            R("d", 2, "Mañana", relative_day, "2027-04-14"),
            R("t", 2, "a las 11 y media", clock_es, "11:30"),
        ],
        "ops": [
            Op("not_offered", 1, "", extra={"words": ["acrílicas", "semipermanente", "esmaltado"]}),
            Op("single", 2, "quiropodia", [("d", "t")]),
        ],
    },
    "heldout26-ec-08-laser-31-abril-consulta-esposo": {
        "reads": [
            R("bad", 1, "sábado 31 de abril", month_day, INVALID),
            R("d", 2, "el 24 de abril", month_day, "2027-04-24"),
            R(
                "third",
                2,
                "No este sábado ni el otro, sino el siguiente",
                coming_nth(3),
                "2027-04-24",
            ),
            R("t", 2, "a las 9", clock_es, "09:00"),
        ],
        "ops": [
            Op("same_day", 2, "", [("d", ""), ("third", "")]),
            Op("immediate", 2, "laser-hongos", [("d", "t")], book=False),
        ],
    },
    "heldout26-ec-09-quiropodia-cancel-viaje": {
        "reads": [R("mon", 1, "el lunes", coming_weekday, "2027-06-14")],
        "ops": [Op("cancel", 1, "quiropodia", [("mon", "")])],
    },
    "heldout26-ec-10-pie-progress-primer-sabado": {
        "reads": [
            R("last", 1, "el sábado pasado", previous_weekday, "2027-03-13"),
            R("apr", 1, "el primer sábado de abril", nth_weekday, "2027-04-03"),
            R("may", 1, "el primer sábado de mayo", nth_weekday, "2027-05-01"),
            R("jun", 1, "el primer sábado de junio", nth_weekday, "2027-06-05"),
            R("t", 1, "a las 9", clock_es, "09:00"),
            R("usual", 1, "como siempre", same_time_as("pie-diabetico", 3), "09:00"),
            R("may8", 2, "el sábado siguiente, el 8", after("may"), "2027-05-08"),
        ],
        "ops": [
            Op("setup_on", 1, "pie-diabetico", [("last", "")], session=3),
            Op("progress", 1, "pie-diabetico", extra={"done": 3}),
            Op(
                "refuse",
                1,
                "pie-diabetico",
                [("apr", "t"), ("may", "t"), ("jun", "t")],
                rule="closed",
            ),
            Op("flexible", 2, "pie-diabetico", [("apr", "t"), ("may8", "t"), ("jun", "t")]),
        ],
    },
}
