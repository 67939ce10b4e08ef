"""Benchmark: which service a message names, on a battery of messages to three
businesses that appear nowhere else in the repository.

Run from the project root:

    .venv/bin/python bench/nlu_services.py

Compared, on the same battery (expected: the service ids named, in any order, or
none when the business does not offer what is asked):
- `best_service` (agent/nlu/services.py): weighted word overlap with difflib;
- `rank_services` (agent/nlu/service_rank.py) with difflib word similarity;
- `rank_services` with rapidfuzz's `fuzz.ratio` as the word similarity;
- rapidfuzz alone: `process.extract` of the message against every service phrase
  with `fuzz.token_set_ratio` (cutoff 80), the usual off-the-shelf approach.
The figures go into docs/understanding.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz, process

from bookbot.agent.nlu import best_service
from bookbot.agent.nlu.service_rank import BookedPlan, named_services, rank_services
from bookbot.core.config import Service, SessionSpec

SKIN = [
    Service(id="tattoo-laser", name="Laser Tattoo Removal", trigger_words=("tattoo removal",)),
    Service(id="peel", name="Chemical Peel", trigger_words=("peel", "skin peel")),
    Service(id="microneedling", name="Microneedling", trigger_words=("micro needling",)),
    Service(id="lip-filler", name="Lip Filler", trigger_words=("lip fillers", "lips")),
]
DRIVING = [
    Service(id="manual", name="Manual driving lessons", trigger_words=("manual", "stick shift")),
    Service(id="automatic", name="Automatic driving lessons", trigger_words=("automatic",)),
    Service(id="motorway", name="Motorway course", trigger_words=("motorway", "highway")),
    Service(id="theory", name="Theory test coaching", trigger_words=("theory",)),
]
ORTHO = [
    Service(
        id="aligners",
        name="Clear aligners",
        requires_multiple_sessions=True,
        total_sessions_required=3,
        sessions=(
            SessionSpec(name="Impressions and scan"),
            SessionSpec(name="Aligner fitting"),
            SessionSpec(name="Check-up"),
        ),
    ),
    Service(id="whitening", name="Teeth whitening", trigger_words=("bleaching",)),
    Service(id="hygiene", name="Dental hygiene", trigger_words=("cleaning", "scale and polish")),
]
ALIGNERS = (BookedPlan("aligners"),)

Case = tuple[str, list[Service], tuple[BookedPlan, ...], frozenset[str]]


def case(
    text: str, services: list[Service], *ids: str, booked: tuple[BookedPlan, ...] = ()
) -> Case:
    return text, services, booked, frozenset(ids)


BATTERY: list[Case] = [
    case("I'd like to get a tattoo lasered off", SKIN, "tattoo-laser"),
    case("tattoo removal on my wrist please", SKIN, "tattoo-laser"),
    case("laser hair removal on my legs", SKIN),
    case("do you do laser hair removal?", SKIN),
    case("a chemical peel next week", SKIN, "peel"),
    case("skin peel", SKIN, "peel"),
    case("microneedlng and a peel", SKIN, "microneedling", "peel"),
    case("micro needling please", SKIN, "microneedling"),
    case("lip filler top up", SKIN, "lip-filler"),
    case("can I get my lips done", SKIN, "lip-filler"),
    case("cheek filler", SKIN),
    case("botox", SKIN),
    case("a facial", SKIN),
    case("tatto removal", SKIN, "tattoo-laser"),
    case("manual lessons", DRIVING, "manual"),
    case("I want to learn stick shift", DRIVING, "manual"),
    case("automatic please", DRIVING, "automatic"),
    case("automatic lessons and the theory coaching", DRIVING, "automatic", "theory"),
    case("a motorway course", DRIVING, "motorway"),
    case("highway driving", DRIVING, "motorway"),
    case("theory test help", DRIVING, "theory"),
    case("motorbike lessons", DRIVING),
    case("truck driving lessons", DRIVING),
    case("driving lessons", DRIVING),
    case("automatc lesons", DRIVING, "automatic"),
    case("clear aligners", ORTHO, "aligners"),
    case("invisible braces like aligners", ORTHO, "aligners"),
    case("teeth whitening", ORTHO, "whitening"),
    case("bleaching my teeth", ORTHO, "whitening"),
    case("a cleaning", ORTHO, "hygiene"),
    case("scale and polish", ORTHO, "hygiene"),
    case("a root canal", ORTHO),
    case("dental implants", ORTHO),
    case("teeth straightening with metal braces", ORTHO),
    case("whitening and a cleaning", ORTHO, "whitening", "hygiene"),
    case("move my fitting appointment", ORTHO, "aligners", booked=ALIGNERS),
    case("can the check-up be later", ORTHO, "aligners", booked=ALIGNERS),
    case("I can't make the scan", ORTHO, "aligners", booked=ALIGNERS),
    case("teeth whitening too", ORTHO, "whitening", booked=ALIGNERS),
    case("whitning", ORTHO, "whitening"),
]

Reader = Callable[[str, Sequence[Service], tuple[BookedPlan, ...]], frozenset[str]]


def current(
    text: str, services: Sequence[Service], booked: tuple[BookedPlan, ...]
) -> frozenset[str]:
    found = best_service(text, services)
    return frozenset({found.id}) if found else frozenset()


def ranked(similar: Callable[[str, str], float] | None) -> Reader:
    def read(
        text: str, services: Sequence[Service], booked: tuple[BookedPlan, ...]
    ) -> frozenset[str]:
        if similar is None:
            found = rank_services(text, services, booked)
        else:
            found = rank_services(text, services, booked, similar=similar)
        return frozenset(r.service.id for r in named_services(found))

    return read


def rapid_ratio(a: str, b: str) -> float:
    return fuzz.ratio(a, b) / 100


def rapidfuzz_alone(
    text: str, services: Sequence[Service], booked: tuple[BookedPlan, ...]
) -> frozenset[str]:
    phrases = {p: s.id for s in services for p in (s.name, *s.trigger_words)}
    hits = process.extract(text, list(phrases), scorer=fuzz.token_set_ratio, score_cutoff=80)
    return frozenset(phrases[h[0]] for h in hits[:1])


def measure(name: str, read: Reader) -> tuple[str, int, float]:
    right = 0
    started = time.perf_counter()
    repeats = 20
    for _ in range(repeats):
        right = sum(read(t, s, b) == want for t, s, b, want in BATTERY)
    per_call = (time.perf_counter() - started) / (repeats * len(BATTERY))
    return name, right, per_call


def main() -> None:
    readers: list[tuple[str, Reader]] = [
        ("best_service (current)", current),
        ("rank_services + difflib", ranked(None)),
        ("rank_services + rapidfuzz ratio", ranked(rapid_ratio)),
        ("rapidfuzz token_set_ratio alone", rapidfuzz_alone),
    ]
    print(f"{len(BATTERY)} messages")
    for name, read in readers:
        label, right, per_call = measure(name, read)
        print(f"{label:34} {right:3}/{len(BATTERY)}  {per_call * 1e6:7.0f} us/call")
    for text, services, booked, want in BATTERY:
        got = ranked(None)(text, services, booked)
        if got != want:
            print("  rank_services misses:", text, sorted(got), "expected", sorted(want))


if __name__ == "__main__":
    main()
