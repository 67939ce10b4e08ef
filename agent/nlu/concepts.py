"""The same thing in English, German and Spanish: a small lexicon of the words
services are named with, so a service configured in one language is found from
another ("fisioterapia" and "Physiotherapie" name "Physiotherapy Treatment Plan",
"láser" names "Laser Hair Removal", "Fahrstunde" and "clase de conducir" name a
"Driving lesson").

Data, not per-business rules: each group lists the words (without accents, lower
case) that mean one thing in the three languages, translations and spellings of one
word, never two words of one language that are merely related ("dental" and "tooth"
stay apart, so "dental" still names both "Dental Implant" and "Dental Cleaning"
and neither clearly); a word may stand in several groups ("depilacion" is
hair removal: hair and removal). Generic words ("lesson", "clase", "Stunde",
"treatment") are listed only where a group needs them and never name a service on
their own: `service_rank` drops a business's generic words before it compares,
whatever the language, so one shared generic word matches nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

_TABLE = """
    physio physiotherapy physiotherapist physiotherapie physiotherapeut physiotherapeutin
        fisioterapia fisio fisioterapeuta kinesiologia kinesiotherapie
    laser laserbehandlung laserbehandlungen
    massage massagen masaje masajes massieren
    driving drive fahrstunde fahrstunden fahren fahrschule fahrunterricht conducir conduccion
        manejar autoescuela
    manual schaltwagen schaltung handschaltung manuell
    automatic automatik automatikwagen automatico automatica
    motorbike motorcycle motorrad moto motocicleta
    dental
    dentist zahnarzt zahnarztin dentista
    cleaning reinigung limpieza zahnreinigung
    whitening bleaching aufhellung blanqueamiento
    implant implants implantat implantate implante implantes
    braces zahnspange brackets
    orthodontics orthodontic ortodoncia kieferorthopadie
    aligner aligners alineadores alineador schiene schienen invisalign
    hair haar haare pelo cabello capilar depilacion haarentfernung
    removal remove entfernung entfernen eliminacion eliminar depilacion haarentfernung
        tattooentfernung quitar borrar
    tattoo tattoos tatuaje tatuajes tattooentfernung
    skin haut piel cutaneo cutanea
    face facial gesicht gesichtsbehandlung
    acne akne
    peel peeling peelings exfoliacion
    botox
    filler fillers relleno rellenos unterspritzung
    mesotherapy mesotherapie mesoterapia
    rejuvenation verjungung rejuvenecimiento
    osteopathy osteopath osteopathie osteopata osteopatia
    acupuncture akupunktur acupuntura
    chiropractic chiropractor chiropraktik chiropraktiker quiropractica quiropractico
    rehab rehabilitation reha rehabilitacion
    sports sport sportlich deporte deportes deportiva deportivo sportmassage
    back rucken espalda
    knee knie rodilla
    shoulder schulter hombro
    neck nacken cuello
    nutrition ernahrung ernahrungsberatung nutricion
    dietitian dietician ernahrungsberater ernahrungsberaterin nutricionista dietista
    psychotherapy psychotherapie psicoterapia
    therapy therapie terapia
    counselling counseling beratung asesoramiento
    dog dogs hund hunde hundeschule perro perros canino canina
    puppy puppies welpe welpen welpenkurs cachorro cachorros
    obedience gehorsam gehorsamkeit obediencia
    agility
    training trainings entrenamiento adiestramiento
    swimming swim schwimmen schwimmkurs natacion
    piano klavier
    guitar gitarre guitarra
    singing gesang singen canto
    yoga
    pilates
    manicure manikure manicura
    pedicure pedikure pedicura
    haircut haarschnitt corte
    colour color coloring colouring farbe farben haarfarbe tinte coloracion
    german deutsch deutschkurs aleman
    spanish spanisch espanol
    english englisch ingles
    vaccination vaccine impfung vacuna vacunacion
    evaluation evaluacion untersuchung
    assessment valoracion
    trial probe probestunde probetraining probetermin schnupperstunde schnuppertraining prueba
    consultation konsultation erstgesprach beratungsgesprach consulta
    postnatal postpartum ruckbildung rueckbildung posparto postparto
    checkup kontrolle revision
    boxing box boxen boxeo boxear
    kickboxing kickboxen kickboxeo
    stretching dehnen estiramiento estiramientos
"""
"""One group per line; a line indented deeper continues the group above it."""


def _parse(table: str) -> tuple[frozenset[str], ...]:
    groups: list[set[str]] = []
    for line in table.splitlines():
        if not line.strip():
            continue
        if line.startswith("        ") and groups:
            groups[-1].update(line.split())
        else:
            groups.append(set(line.split()))
    return tuple(frozenset(g) for g in groups)


GROUPS: tuple[frozenset[str], ...] = _parse(_TABLE)


@lru_cache(maxsize=1)
def _index() -> dict[str, frozenset[int]]:
    found: dict[str, set[int]] = {}
    for k, group in enumerate(GROUPS):
        for word in group:
            found.setdefault(word, set()).add(k)
    return {w: frozenset(ks) for w, ks in found.items()}


@lru_cache(maxsize=16)
def by_form(form: Callable[[str], str]) -> dict[str, frozenset[int]]:
    """Every concept word and its `form` (a stemmer) to the groups it is in."""
    found: dict[str, set[int]] = {}
    for k, group in enumerate(GROUPS):
        for word in group:
            for shape in {word, form(word)}:
                found.setdefault(shape, set()).add(k)
    return {w: frozenset(ks) for w, ks in found.items()}


def concepts(word: str) -> frozenset[int]:
    """The groups `word` (lower case, accents folded) belongs to; empty when none."""
    return _index().get(word, frozenset())
