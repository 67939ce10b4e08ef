"""The held-out conversations (evals/heldout to heldout25, each written from the
contracts by someone who had not read the bot) stay at or above their recorded pass
rate with the offline model, and none of them ends with a booking the customer did not
ask for.

The cases are never edited to pass (see each set's README.md). When the model
improves, raise the set's recorded figure with the one the run shows, in the same
commit."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from bookbot.evals.cases_model import Case
from bookbot.evals.runner import RunConfig
from bookbot.evals.suite import SuiteOptions, discover, load_all, run_suite
from bookbot.evals.transport import ModelTransport
from bookbot.settings import Settings

EVALS = Path(__file__).resolve().parents[2] / "evals"
RECORDED_PASSED = {
    "heldout": 44, "heldout2": 39, "heldout3": 49, "heldout4": 46, "heldout5": 49, "heldout6": 41,
    "heldout7": 42, "heldout8": 39, "heldout9": 40, "heldout10": 45, "heldout11": 45,
    "heldout12": 41, "heldout13": 29, "heldout14": 29, "heldout15": 29, "heldout16": 30,
    "heldout17": 24, "heldout18": 28, "heldout19": 29, "heldout20": 28, "heldout21": 30,
    "heldout22": 22, "heldout23": 27, "heldout24": 29, "heldout25": 29,
}
"""heldout: of 44 (13 before the understanding work of issue 13, 33 before session 5, 38
before session 6);
heldout2: of 39, written in session 5 by a helper that had not read the bot, measured
28 with 1 unasked booking on its first run (session 4's main), 30 at the end of session 5;
39 in session 6, after its failures had been read: no longer unseen (see heldout3).
heldout3: of 49, written in session 6 by a helper that had read neither the bot nor the
other sets; its first run gave 41 with 1 unasked booking (report-offline-first.json).
heldout4: of 46 (a dental clinic in Zurich written in Swiss German, a language school in
Seville), written later in session 6 the same way, after the heldout3 fixes: its first
run gave 32 with no unasked booking (report-offline-first.json).
heldout5: of 49 (a vet in Dublin, an osteopath in Vienna), written last in session 6 the
same way, after the heldout4 fixes: its first run gave 44 with no unasked or wrong
booking; nothing was changed for it until its five failures were read (branch h/understand)
and their classes fixed (no longer unseen): 49.
heldout6: of 44 (a boxing and PT gym in London, a nutrition and prenatal clinic in
Bilbao), the last of session 6: first run 35 with 1 unasked booking (a service heard in
its own words dropped for its translation, a bug of that session); 36 and none after
that one class was fixed.
heldout7: of 42 (a brow and lash studio in Madrid, a children's swimming school in
Hamburg), written after the heldout6 fix: first run 38 with no unasked or wrong booking;
then its four failures were read and their classes fixed (no longer unseen): 42.
heldout6 went to 37 with session 7's fixes for heldout5 and heldout7 (its failures unread).
heldout8: of 45 (a laser clinic in Barcelona, a driving school in Cologne, a physio in
Manchester), written in session 7 by a helper that had read neither the bot nor the other
sets: first run 34 with no unasked booking (report-offline-first.json); 35 with the
heldout5/7 fixes made without reading it; then four of its failures were read and their
classes fixed (a colloquial yes, hedged times, referrers, shared marker words): 37.
heldout9: of 45 (orthodontics in Buenos Aires, a PT/yoga studio in Vienna, speech therapy in
Edinburgh), written the same way in session 7: first run 32 with two wrong bookings (a
day or time taken back in the same message); 33 with the heldout5/7 fixes made without
reading it; the two wrong bookings and one German "7 Uhr" read as 19:00 (exposed when
"jap" became a yes) were read and their classes fixed: 36.
Session 8 read the failures of heldout6, heldout8 and heldout9 and fixed their classes
(feminine ordinals as options, German service compounds, address questions, a yes naming
the shown proposal, session names read from scattered words): heldout6 41, heldout8 38,
heldout9 40.
heldout10: of 45 (a sports physio in Dublin, an implant clinic in Munich, a driving school
in Valencia), written in session 8 by a helper that had read neither the bot nor the other
sets: first run 33 with no unasked booking (report-offline-first.json); 33 with the
heldout6/8/9 fixes made without reading it; its failures and heldout11's were then read and
their classes fixed (ages and days read as counts, bare hours after a self-correction,
respelled yes forms, the service asked for beside an injury, a sequential window named,
"the 14th so", shorthands, Bavarian, address questions): 44.
heldout11: of 45 (a physio in Zurich, a foot clinic in Leeds, a laser clinic in Mexico
City), written the same way in session 8: first run 35 with one wrong booking (a move asked
of a refused proposal booked the day moved from); 37 with the heldout6/8/9 fixes made
without reading it; that class and the others above fixed, and an offer kept through a
question the bot cannot answer: 43 (a run in between booked "this day next week" as next
Monday after a now-readable "yse plz": that class was fixed before recording); 45 with
the classes of heldout12 below.
heldout12: of 45 (a music school in Toronto, a tattoo-removal and skin clinic in Berlin, an
acupuncture practice in Seville), written the same way in session 8 and run before any of
the session's understanding fixes: first run 31 with three bookings not as asked
(report-offline-first.json); still 31, the same cases, with every fix read from heldout6
to heldout11; then its failures were read and their classes fixed (a service heard in
only some of the words another is heard in, pronouns in descriptions, "my son's" as the
customer's own, a time inside the part of the day before it, Berlin German): 40, none
booked not as asked. heldout3 went to 49 with the first of these.
heldout13: of 30 (an IPL clinic in Medellín, an osteopathy and reformer studio in Graz, a
swim school in Brisbane), written at the end of session 8 the same way: run unseen on the
code of the session's start, 25 (report-offline-session-start.json), and on the
session's code with every fix above, 27 (report-offline-first.json), two with a booking
not as asked in both; one of those (a plan booked after "die zweite" was heard in its
description while another service was discussed) was read, and a service heard only in
its description no longer replaces the one discussed, and two times said after the
message's only day are that day's ("am 16.1. … um 9 und um 10:30"): 28; 29 with session
9's classes (unread since).
Session 9 (heldout10 went to 45 with its classes, unread since):
heldout14: of 30 (a PRP clinic in Madrid, an aligner and hygiene practice in Hamburg, a PT
studio in Cape Town), first run unseen 25 with one booking not as asked (a day taken back
with "no, mejor" booked); its failures read: 28.
heldout15: of 30 (a rehab clinic in Palma, a dog school in Basel, a driving school in
Auckland), first run unseen 24 with two (a "Dienst" read as Tuesday, an "and the 11th"
that replaced the 9th); read: 29.
heldout16: of 30 (a chiropractor in Denver, an allergy and laser practice in Frankfurt, a
dance academy in Buenos Aires), first run unseen 16, on the session's first code and after
the heldout14/15 classes alike; read: 30.
heldout17: of 30 (a laser clinic in Toronto, a physio in Vienna, a dental clinic in Mexico
City), kept unread while the classes of heldout14–16 were fixed: 20 on the session's first
code, 20 after the heldout14/15 classes, 21 after all of them (report-offline-unseen-end.json),
one booking not as asked throughout; then read: 24, none.
heldout12 went to 41 with the question's service preferred ("do u do trial lessons?").
heldout18 (30, Perth, Hamburg, Sevilla) was session 9's last unseen measure (19 on its
first code, 21 on its last); session 10 read it: 28.
Session 10 (heldout8 went to 39 with its classes, unread since):
heldout19: of 30 (a skin clinic in Singapore, a driving school in Leipzig, a dental clinic
in Lima), first run unseen 22 with one booking not as asked (a day taken back after "ach
nee, da hat sie Volleyball, lieber ..."); read: 29.
heldout20: of 30 (a women's health physio in Nairobi, occupational therapy in Innsbruck,
a physio in Bogotá), first run unseen 16 with three ("um 9 Uhr, Verzeihung, um 10 Uhr",
"die spätere", a part of the day in a reason); read: 25.
heldout21 (30, Vancouver, Bremen, Montevideo) was session 10's unseen measure (23 on
its first code, 25 on its last, one booking not as asked both times); session 11 read it:
30. heldout20 went to 27 with session 11's classes.
Session 11 (three sets written by helpers that had read neither the bot nor the other
sets, each run unseen on the session's first code, 847e0d8):
heldout22: of 30 (a physio in Cork, a laser studio in Zurich, an implant clinic in
Guadalajara), first run 18 with none not as asked; 18 again after the heldout21 and
heldout23 classes (unread); then most of its failures were read: 22.
heldout23: of 30 (a driving school in Brisbane, a rehab studio in Cologne, a physio in
Seville), first run 20 with four bookings not as asked (a numbered lesson booked as a
new lesson pack twice, a correction "actually nah make it 3:30", a move to the day
moved from); 22 after the heldout21 classes; read: 27, none.
heldout24 (30, Bengaluru, Berlin, Buenos Aires) was session 11's unseen measure (15 on
the first code, 15 on the last, one booking not as asked both times); session 12 read it:
29, none.
Session 12 (two sets written the same way, run unseen on the session's first code,
5cf3407):
heldout25: of 30 (a sports physio in Glasgow, a laser studio in Stuttgart, a dental
clinic in Santiago de Chile), first run 20 with none not as asked; 20 after the heldout24
classes; then read: 29.
heldout26 (30, Quezon City, Dresden, Quito) is not in this test: it is session 12's
unseen measure (12 on the first code, 13 on the last), and its failures are not read."""
CASES_AT_LEAST = {
    "heldout": 40, "heldout2": 39, "heldout3": 49, "heldout4": 46, "heldout5": 49, "heldout6": 44,
    "heldout7": 42, "heldout8": 45, "heldout9": 45, "heldout10": 45, "heldout11": 45,
    "heldout12": 45, "heldout13": 30, "heldout14": 30, "heldout15": 30, "heldout16": 30,
    "heldout17": 30, "heldout18": 30, "heldout19": 30, "heldout20": 30, "heldout21": 30,
    "heldout22": 30, "heldout23": 30, "heldout24": 30, "heldout25": 30,
}
WRONG_BOOKING = re.compile(r"^final: .*expected .*, got \S+ \((confirmed|completed)")
UNASKED = re.compile(r"^final: unexpected booking")


@pytest.mark.parametrize("name", sorted(RECORDED_PASSED))
def test_the_held_out_set_keeps_its_pass_rate_and_books_nothing_unasked(name: str) -> None:
    entries = load_all(discover([EVALS / name / "cases"]))
    assert all(isinstance(e, Case) for e in entries) and len(entries) >= CASES_AT_LEAST[name]
    options = SuiteOptions(config=RunConfig("offline", Settings(), ModelTransport()), jobs=2)
    results = run_suite(entries, options)
    passed = sum(1 for r in results if r.passed(1))
    assert passed >= RECORDED_PASSED[name], f"{passed}/{len(results)} {name} cases pass"
    cases = [e for e in entries if isinstance(e, Case)]
    setups = {c.id: {(b.service, b.session, b.start) for b in c.setup} for c in cases}
    wrong = [
        f"{r.id}: {line}"
        for r in results
        for line in r.failure_lines(1)
        if UNASKED.match(line)
        or (WRONG_BOOKING.match(line) and not _kept_setup(line, setups[r.id]))
    ]
    assert wrong == []


def _kept_setup(line: str, setup: set[tuple[str, int, datetime]]) -> bool:
    """A booking from the case's setup that stayed (a move or cancel not done) is a
    failure, not a booking the customer did not ask for."""
    found = re.search(r"final: (\S+) session (\d+).*got (\S+) \(", line)
    if found is None:
        return False
    service, session, start = found.group(1), int(found.group(2)), found.group(3)
    return any((s, n) == (service, session) and f"{b:%Y-%m-%dT%H:%M}" == start for s, n, b in setup)
