"""Spanish words for the parsers: calendar, numbers, parts of the day, typos.

Words are written without accents ("manana", "sabado", "proximo"): the lexicon
folds them off before matching (`fold_accents`). "mañana" alone is tomorrow, after
"la" ("por la mañana", "de la mañana") it is the morning (`tomorrow_not_after`).
Reply and intent phrases live in `es_phrases.py`. Importing this module registers
the lexicon under "es".
"""

from __future__ import annotations

from datetime import time

from bookbot.agent.nlu import es_phrases
from bookbot.agent.nlu.en import ordinal
from bookbot.agent.nlu.lexicon import DayPart, Lexicon, register

MONTH_NAMES = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip
WEEKDAY_NAMES = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")

_MONTHS = {
    "enero": 1, "ene": 1, "febrero": 2, "feb": 2, "marzo": 3, "abril": 4, "abr": 4,
    "mayo": 5, "junio": 6, "jun": 6, "julio": 7, "jul": 7, "agosto": 8, "ago": 8,
    "septiembre": 9, "setiembre": 9, "sep": 9, "sept": 9, "octubre": 10, "oct": 10,
    "noviembre": 11, "nov": 11, "diciembre": 12, "dic": 12,
}  # fmt: skip
# "mar" is both martes and marzo: left out of both
_WEEKDAYS = {
    "lunes": 0, "lun": 0, "martes": 1, "miercoles": 2, "mie": 2, "mier": 2, "jueves": 3,
    "jue": 3, "viernes": 4, "vie": 4, "sabado": 5, "sab": 5, "domingo": 6, "dom": 6,
}  # fmt: skip
_RISKY = frozenset({"lun", "mie", "jue", "vie", "sab", "dom"})
_PLURALS = {"sabados": 5, "domingos": 6}
"""The weekdays whose plural differs ("los sábados"); "los lunes" is read by its article."""

_CARDINALS = {
    "cero": 0, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14,
    "quince": 15, "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19,
    "veinte": 20, "veintiuno": 21, "veintidos": 22, "veintitres": 23, "veinticuatro": 24,
    "veinticinco": 25, "veintiseis": 26, "veintisiete": 27, "veintiocho": 28,
    "veintinueve": 29, "treinta": 30,
}  # fmt: skip
_TENS = {"cuarenta": 40, "cincuenta": 50}
# "cuarto" is also a quarter ("las 5 y cuarto"): only the feminine counts as "4th"
_ORDINALS = {
    "primero": 1, "primera": 1, "primer": 1, "segundo": 2, "segunda": 2, "tercero": 3,
    "tercera": 3, "tercer": 3, "cuarta": 4, "quinto": 5, "quinta": 5, "sexto": 6,
    "sexta": 6, "septimo": 7, "septima": 7, "octavo": 8, "octava": 8, "noveno": 9,
    "novena": 9, "decimo": 10, "decima": 10,
}  # fmt: skip

_VOS_FORMS = {
    "tenes": "tienes", "podes": "puedes", "queres": "quieres", "cerras": "cierras",
    "atendes": "atiendes", "preferis": "prefieres",
}  # fmt: skip
"""The "vos" forms of Argentina and Uruguay ("¿tenés turno el sábado?", "¿podés
pasarla al lunes?"), read as the "tú" forms the phrases list."""

_TYPOS = {
    "mnn": "manana", "xq": "porque", "pq": "porque",
    "porfa": "por favor", "porfis": "por favor", "xfa": "por favor", "xfavor": "por favor",
    "plis": "por favor", "q": "que", "k": "que", "tb": "tambien", "tmb": "tambien",
    "sip": "si", "sii": "si", "siii": "si", "see": "si", "dps": "despues", "finde": "fin de semana",
    **_VOS_FORMS,
    "miercole": "miercoles", "sabdo": "sabado", "vierne": "viernes",
    # WhatsApp shorthands: "mañ a las 6 d la tarde pal teorico"
    "man": "manana", "mna": "manana", "d": "de", "pal": "para el", "pa": "para",
    "tard": "tarde",
}  # fmt: skip

_FUZZY = (
    *MONTH_NAMES,
    "lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo",
    "manana", "pasado", "semana", "tarde", "noche", "mediodia", "proximo", "proxima",
)  # fmt: skip

_DAYPARTS = {
    "manana": DayPart(time(9), time(8), time(12), "am"),
    "mananas": DayPart(time(9), time(8), time(12), "am"),
    "primera hora": DayPart(time(8), time(7), time(10), "am"),
    "media manana": DayPart(time(10), time(9, 30), time(11, 30), "am"),
    "mediodia": DayPart(time(13), time(12), time(15), "pm"),
    "hora de comer": DayPart(time(13), time(12), time(15), "pm"),
    "tarde": DayPart(time(17), time(15), time(20), "pm"),
    "tardes": DayPart(time(17), time(15), time(20), "pm"),
    "primera hora de la tarde": DayPart(time(15), time(14), time(16), "pm"),
    "ultima hora de la tarde": DayPart(time(19), time(18), time(20), "pm"),
    "noche": DayPart(time(20), time(19), time(22), "pm"),
    "noches": DayPart(time(20), time(19), time(22), "pm"),
    "madrugada": DayPart(time(6), time(5), time(8), "am"),
    "despues del trabajo": DayPart(time(18), time(17), time(21), "pm"),
    "despues de comer": DayPart(time(16), time(15), time(18), "pm"),
}  # fmt: skip

_WORDS: dict[str, tuple[str, ...]] = {
    "today": ("hoy",),
    "tonight": ("esta noche",),
    "this_daypart": ("esta", "este"),
    "this_only": ("este", "esta", "estos", "estas"),
    "personal_things": ("cita", "citas", "reserva", "reservas", "sesion", "sesiones", "datos"),
    "not_people": ("el", "ella", "eso", "esto", "que", "hoy", "manana"),
    "session_nouns": ("cita", "sesion", "clase", "tratamiento", "visita", "turno", "consulta"),
    "choice_nouns": ("opcion", "cita", "hora", "fecha", "propuesta", "alternativa", "turno"),
    "choice_marks": ("opcion", "numero", "num", "nro", "no", "#"),
    "last": ("ultima", "ultimo"),
    "fixed_holidays": ("12-24 nochebuena", "12-25 navidad", "12-25 dia de navidad",
                       "12-31 nochevieja", "01-01 ano nuevo", "01-01 dia de ano nuevo",
                       "01-06 reyes", "01-06 dia de reyes", "05-01 dia del trabajo",
                       "10-12 dia de la hispanidad", "12-08 la inmaculada",
                       "12-06 dia de la constitucion", "01-06 dia de los reyes magos",
                       "01-06 reyes magos", "11-01 todos los santos", "08-15 la asuncion",
                       "12-28 dia de los inocentes", "02-14 san valentin", "03-19 san jose",
                       "12-12 dia de la virgen de guadalupe", "12-12 dia de la guadalupana",
                       "12-08 dia de la inmaculada", "12-08 inmaculada concepcion"),
    "moving_holidays": ("easter-3 jueves santo", "easter-2 viernes santo",
                        "easter+0 domingo de pascua", "easter+1 lunes de pascua",
                        "easter-47 martes de carnaval", "easter-48 lunes de carnaval"),
    "ordinal_marks": ("st", "nd", "rd", "th", "a", "o", "da", "do", "ra", "ro", "er", "ta",
                      "to", "va", "vo", "na", "no", "ma", "mo"),
    "own_session": ("mi", "mis", "la", "nuestra"),
    "choice_verbs": ("quiero", "prefiero", "elijo", "me quedo con", "tomo", "cojo", "escojo",
                     "me va bien", "dame", "reserva", "reservame", "me quedo", "agarro",
                     "pongame", "ponme", "anotame", "apuntame"),
    "yes_particles": ("pues",),
    "politeness": ("por favor", "gracias", "entonces", "porfa", "porfis", "muchas gracias"),
    "one_pronoun_after": ("la", "el", "esa", "ese", "esta", "este"),
    "earlier_pick": ("el de mas temprano", "la de mas temprano", "el mas temprano",
                     "la mas temprana", "el de antes", "la de antes", "el primero de los dos",
                     "la primera de las dos"),
    "later_pick": ("el de mas tarde", "la de mas tarde", "el mas tarde", "la mas tarde",
                   "el mas tardio", "la mas tardia", "el de despues", "la de despues",
                   "el segundo de los dos", "la segunda de las dos"),
    "first_pick": ("primera disponible", "primer hueco", "mas pronto", "cuanto antes",
                   "lo antes posible", "la mas temprana", "mas temprana", "mas temprano",
                   "primera libre", "primer disponible", "la mas cercana", "mas cercana",
                   "la que antes", "antes posible"),
    "pick_tail": ("por favor", "gracias", "opcion", "cita", "hora", "esa", "me va bien",
                  "esta bien", "perfecto", "porfa", "entonces",
                  "porfis", "muchas gracias", "que tenga", "que tengas", "que tengan",
                  "que haya", "disponible", "libre", "posible"),
    "not_around_after": ("que", "como"),
    "not_daypart_after": ("buenas", "mas", "muy", "llego", "llegar", "llegare", "un poco",
                          "temprano o", "se hace", "es"),
    "exact_quantities": ("ambas", "ambos", "las dos", "los dos"),
    "tomorrow": ("manana",),
    "tomorrow_not_after": ("la", "las", "esta", "cada", "toda", "buena", "buenas", "de la",
                           "por la", "pasado", "media"),
    "day_after_tomorrow": ("pasado manana",),
    "week_today": ("de hoy en 8 dias", "de hoy en 8", "hoy en 8 dias", "hoy en una semana",
                   "el mismo dia la semana que viene", "el mismo dia de la semana que viene",
                   "el mismo dia la proxima semana", "el mismo dia de la proxima semana"),
    "yesterday": ("ayer",),
    "day_before_yesterday": ("anteayer", "antes de ayer"),
    "not_services": ("aparcamiento", "parking", "wifi", "bano", "descuento", "descuentos",
                     "tarjeta", "efectivo", "hueco", "huecos", "hora", "horas", "sitio",
                     "algo", "eso", "esto"),
    "asked_stops": ("el", "la", "para", "este", "esta", "proximo", "manana", "hoy", "por",
                    "favor", "en", "con", "y", "o", "gracias", "ahora", "pronto"),
    "previous": ("pasado", "pasada", "anterior"),
    "next": ("proximo", "proxima", "siguiente", "que viene"),
    "next_after": ("que viene", "proximo", "proxima", "siguiente"),
    "this": ("este", "esta"),
    "week": ("semana",),
    "weekend": ("fin de semana", "finde"),
    "month": ("mes",),
    "after_next": (),
    "every": ("todos los", "todas las", "cada", "los"),
    "weekday_set": ("entre semana", "dias laborables", "dias de diario", "laborables"),
    "weekend_set": ("fines de semana", "los fines de semana"),
    "in": ("en", "dentro de"),
    "within": ("en los proximos", "en las proximas"),
    "from": ("desde", "a partir de"),
    "from_now": ("a partir de hoy", "desde hoy", "desde ahora"),
    "later": ("despues", "mas tarde", "luego"),
    "earlier": ("antes",),
    "same_day": ("mismo dia",),
    "day_after": ("dia siguiente", "al dia siguiente", "el dia despues"),
    "weekday_after": ("siguiente", "despues"),
    "after_ok": ("a las", "sobre las", "por favor", "entonces", "y", "o", "va bien"),
    "base_sep": ("desde", "despues del", "despues de"),
    "duration": ("durante", "por"),
    "a": ("un", "una"),
    "after_date": ("despues de", "despues del"),
    "about_service": ("para", "pa", "sobre", "por", "antes"),
    "reason_opening": ("porque", "pq", "xq", "ya que"),
    "of": ("de", "del"),
    "the": ("el", "la", "los", "las"),
    "day_the": ("el",),
    "on": ("el", "para el", "hasta el", "desde el", "a partir del", "del"),
    "week_of": ("primera", "segunda", "tercera", "cuarta", "ultima"),
    "part_early": ("principios de", "a principios de", "comienzos de", "inicios de"),
    "part_mid": ("mediados de", "a mediados de"),
    "part_late": ("finales de", "a finales de", "final de"),
    "on_day": ("el", "los"),
    "possessive": (),
    "ref_nouns": ("reserva",),
    "loose_pre": (),
    "part_before_hour": ("tarde", "noche"),
    # "reservame las 4", "agendá las 3": the sessions booked, not an hour
    "count_verbs": ("reservame", "reserva", "reservar", "reservarme", "reservanos", "agendame",
                    "agenda", "agendar", "agendarme", "anotame", "anota", "anotar", "apuntame",
                    "apunta", "confirmame", "confirma", "dame", "separame", "sacame",
                    "bookeame", "pedime", "pideme"),
    "question_words": ("cuando", "que", "cual", "como", "hay", "teneis", "tienen"),
    "stem_suffixes": ("es", "s"),
    "keep": ("dejar", "dejala", "dejalo", "mantener", "mejor no"),
    "negation": ("no", "nunca", "excepto", "salvo"),
    "month_part": ("principios de", "a principios de", "mediados de", "a mediados de",
                   "comienzos de", "inicios de", "final de",
                   "finales de", "a finales de"),
    "month_pre": ("en", "de", "para", "hasta", "desde", "principios de", "mediados de",
                  "finales de", "a principios de", "a mediados de", "a finales de"),
    "noon": ("mediodia", "las 12 del mediodia", "medio dia"),
    "midnight": ("medianoche",),
    "oclock": ("en punto",),
    "half_past": (),
    "half_hour": (),
    "half_to": (),
    "half_after_hour": ("y media",),
    "quarter_after_hour": ("y cuarto",),
    "quarter_before_hour": ("menos cuarto",),
    "not_clock_after": ("eur", "euros", "euro", "chf", "\u20ac", "$", "por", "cada",
                        "personas", "citas", "sesiones", "veces", "semanas", "dias",
                        "horas", "minutos", "meses"),
    "quarter_past": (),
    "quarter_to": (),
    "quarter_into": (),
    "past": (),
    "same_time": ("misma hora", "la misma hora", "a la misma hora"),
    "at": ("a las", "a la", "las", "@", "para las"),
    "around": ("sobre las", "hacia las", "como a las", "a eso de las", "alrededor de las",
               "sobre la", "hacia la", "mas o menos a las",
               # "mañana temprano, tipo 9": Mexican and Colombian "around"
               "tipo", "tipo a las", "tipo las"),
    "after": ("despues de las", "a partir de las", "desde las", "mas tarde de las",
              "no antes de las",
              # el final de la jornada propia: libre solo después ("salgo a las 5")
              "salgo a las", "salgo del trabajo a las", "salgo de trabajar a las",
              "salgo de la pega a las", "salgo de la chamba a las", "salgo del curro a las",
              "trabajo hasta las", "curro hasta las", "laburo hasta las", "termino a las",
              "libre desde las"),
    "before": ("antes de las", "hasta las", "no despues de las", "antes de la"),
    "between": ("entre las", "entre", "de"),
    "range_sep": ("y las", "y", "a las", "a", "hasta las", "-", "\u2013"),
    "ish": (),
    "good": ("bien",),
    "either_sep": ("o", "u", "ó", "o si no", "o sino", "si no", "sino", "/"),
    "session_units": ("clase", "clases", "sesion", "sesiones", "cita", "citas", "turno",
                      "turnos", "visita", "visitas", "practica", "practicas"),
    "list_sep": ("y", "o", "&", "/", "u", "e"),
    "onward_before": ("a partir del", "a partir de", "a partir de el", "desde el", "desde",
                      "empezando el", "comenzando el", "empezando", "comenzando"),
    "onward_not_before": ("hasta", "al", "a", "-", "\u2013"),
    "onward_after": ("en adelante", "y despues", "y siguientes", "hacia adelante"),
    "no_such_day": ("El {n} de {month} no existe",),
    "no_such_day_year": ("El {n} de {month} de {year} no existe ({year} no es bisiesto)",),
    "no_such_month": ("No existe el mes {month}",),
    "no_day_of_month": ("{day} no es un día del mes",),
    "weekday_mismatch": ("El {n} de {month} es {weekday}, no {said}",),
    "no_such_time": ("Las {time} no son una hora válida",),
    "indefinite_articles": ("un", "una", "unos", "unas"),
    "asked_articles": ("el", "la", "los", "las", "algun", "alguna", "algo de"),
    "list_fillers": ("tal vez", "quizas", "quiza", "tambien", "igual"),
    "also": ("tambien", "tambien me va", "me va tambien", "tambien puedo", "puedo tambien",
             "igual", "o tambien", "tambien esta bien", "tambien seria posible"),
    "tight": ("a las", "a la", "el", "la", "para el", "sobre las", "@", "de", "del", "por",
              "tal vez", "quizas",
              # atenuantes antes de una hora: "el viernes por la tarde, tipo 5 y media"
              "tipo", "como", "onda", "mas o menos", "aprox", "aproximadamente",
              # "mañana temprano, tipo 9": early, then the hour
              "temprano", "tempranito",
              # "el martes 10 otra vez a las 3": la hora de antes, otra vez
              "otra vez", "de nuevo", "nuevamente",
              # "el lunes mejor a las 6, el jueves queda a las 5"
              "preferiblemente", "queda", "queda a las", "sigue",
              "sigue a las", "se queda", "se queda a las"),
    "daypart_glue": ("de la", "por la", "en la", "de", "por", "la", "del"),
    "not_date_nouns": ("cita", "citas", "sesion", "sesiones", "veces", "personas", "horas"),
    "date_followers": ("a", "las", "la", "sobre", "hacia", "y", "o", "pero", "por", "favor",
                       "entonces", "va", "me", "esta", "si", "de", "del", "en", "mejor",
                       "temprano", "tarde", "manana", "noche", "mediodia", "gracias",
                       "despues", "antes", "desde", "hasta", "entre", "para", "porfa",
                       "perfecto", "vale", "ok"),
    "risky_before": ("el", "este", "proximo", "cada", "los", "y", "o", "para", "hasta",
                     "desde"),
    "owners": ("mi", "mis", "la", "el", "su", "nuestra", "nuestro"),
    "pre_day": ("el", "para el", "hasta el", "desde el", "antes del", "despues del", "del"),
    "now": ("ahora", "hoy"),
    "anchors": ("el", "mi", "la", "proximo", "proxima", "este", "esta", "del"),
    "day_article": ("el",),
    # a day of the month is masculine ("el primero"): "la primera" is an option or a session
    "not_day_article": ("la", "las"),
    "count_nouns": ("citas", "sesiones", "personas", "horas", "minutos", "dias", "semanas",
                    "meses", "veces",
                    # "las 3 primeras", "los 2 que quedan": which sessions, not an hour
                    "primeras", "primeros", "ultimas", "ultimos", "siguientes", "restantes",
                    "proximas", "proximos", "que quedan", "que me quedan"),
}  # fmt: skip

_QUANTITIES = {"un par de": 2, "par de": 2, "unos": 3, "unas": 3, "unos cuantos": 3,
               "unas cuantas": 3, "varios": 3, "varias": 3, "ambas": 2, "ambos": 2}  # fmt: skip

_UNIT_WORDS = {
    "dia": "day", "dias": "day", "semana": "week", "semanas": "week", "quincena": "fortnight",
    "mes": "month", "meses": "month", "hora": "hour", "horas": "hour", "minuto": "minute",
    "minutos": "minute",
}  # fmt: skip

_STOPWORDS = frozenset(
    "un una unos unas el la los las lo de del y o u e a al en con por para que mi mis me "
    "yo tu su nos es son esta estoy quiero quisiera queria necesito puedo podria hay "
    "reservar reserva pedir cita citas sesion sesiones proxima proximo primera primer "
    "dos tres cuatro cinco seis siete ocho nueve diez favor hasta desde entre cada sin "
    "sobre tras como cuando donde cual cuanto muy mas menos ya no si se le les "
    # pronouns and words of any sentence ("días entre ellas" named no service)
    "el ella ellas ellos usted ustedes nosotros nosotras vosotros vosotras te ti tus "
    "nuestro nuestra vuestro vuestra este estos estas ese esa esos esas aquel aquella "
    "todo toda todos todas otro otra otros otras algo nada pero porque pues mejor".split()
)
_GENERIC = frozenset(
    "tratamiento tratamientos paquete paquetes bono bonos plan sesion sesiones cita citas "
    "clase clases curso cursos visita visitas servicio servicios dia dias semana semanas "
    "mes meses hora horas nuevo nueva cliente clienta".split()
)

MARKERS = frozenset(
    "si sí vale porfa gracias por favor quiero quisiera puedo podria hay cita citas "
    "manana pasado hoy semana que viene proximo proxima las los el la del de y para "
    "perfecto claro dale genial bueno buenas hola mejor nada tal vez quizas cuanto "
    "cuesta precio cancelar anular cambiar mover reservar lunes martes miercoles jueves "
    "viernes sabado domingo tarde noche mediodia despues antes entonces esta este eso "
    "estoy tengo puede pueden nos me mi mis muchas sera seria mas menos hora horas "
    "dentro dias igual venga okey sale se sabe usted ustedes gustaria bien va viene vais "
    "sesion sesiones cuanta cuantas cuantos quedan queda faltan falta tiempo usar clase "
    "clases bono paquete necesito quiero tambien puedes podemos hacer cuando donde".split()
) - {"de", "me", "a"}


def build() -> Lexicon:
    dayparts = dict(_DAYPARTS)
    vocabulary = frozenset(
        {*_MONTHS, *_WEEKDAYS, *_PLURALS, *_CARDINALS, *_TENS, *_ORDINALS, *_TYPOS.values()}
        | {w for key in dayparts for w in key.split()}
        | {w for phrases in _WORDS.values() for p in phrases for w in p.split()}
        | set(_UNIT_WORDS)
        | es_phrases.VOCABULARY
        | _STOPWORDS
        | MARKERS
    )
    return Lexicon(
        code="es",
        months=_MONTHS,
        month_names=MONTH_NAMES,
        weekdays=_WEEKDAYS,
        weekday_plurals=_PLURALS,
        weekday_names=WEEKDAY_NAMES,
        risky=_RISKY,
        cardinals=_CARDINALS,
        tens=_TENS,
        ordinals=_ORDINALS,
        ordinal=ordinal,
        typos=_TYPOS,
        fuzzy_targets=_FUZZY,
        vocabulary=vocabulary,
        dayparts=dayparts,
        words=_WORDS,
        quantities=_QUANTITIES,
        units=_UNIT_WORDS,
        phrases=es_phrases.PHRASES,
        stopwords=_STOPWORDS,
        generic_service_words=_GENERIC | set(_WEEKDAYS) | set(_MONTHS),
        fold_accents=True,
        markers=MARKERS,
    )


register("es", build)
