"""Spanish phrases for replies (yes / no / change) and intents, as regular expressions.

They run over normalised text: lower case, accents folded off ("sí" is "si",
"mañana" is "manana"), typos fixed. Keys are the meanings `yesno.py`, `intents.py`
and the others look up (see `en_phrases.py`); a key left out here never matches.
"""

from __future__ import annotations

import re

_CITA = r"(?:citas?|sesion(?:es)?|clases?|tratamientos?|visitas?|turnos?|consultas?|reservas?)"

PHRASES: dict[str, tuple[str, ...]] = {
    # --- replies -----------------------------------------------------------
    "yes_override": (
        r"\bno (?:hay )?problema\b", r"\bsin problema\b", r"\bpor que no\b",
        r"\bno me importa\b", r"\bclaro que si\b", r"\bcomo no\b", r"\bpor supuesto\b(?! que no)",
    ),
    "hesitation": (
        r"\bno (?:lo )?se\b", r"\bni idea\b", r"\bquizas?\b", r"\btal vez\b", r"\ba lo mejor\b",
        r"\bpuede ser\b", r"\bno (?:estoy )?segur[oa]\b", r"\bdejame (?:pensar|ver|mirar)"
        r"(?:lo)?\b", r"\bdeja que lo piense\b", r"\blo pienso\b", r"\blo (?:tengo que |voy a )?"
        r"pensar\b", r"\bte (?:digo|aviso|confirmo)\b", r"\bya te (?:digo|aviso)\b",
        r"\bespera\b", r"\bun momento\b", r"\bm+\b", r"\bmm+\b", r"\beh+\b", r"\bpues\b",
        r"\bigual\b", r"\bno sabria\b", r"\bdepende\b", r"\btodavia no\b", r"\baun no\b",
        r"\bdej(?:a|e|en|ad)(?:me|nos) (?:pensar|ver|mirar|consultar|comprobar)\w*",
        r"\bpensar(?:lo|la|melo|mela|noslo)\b", r"\bme lo (?:pienso|pensare|miro)\b",
        r"\blo (?:consulto|miro|hablo) (?:con|y)\b",
    ),
    "reservation": (
        r"\b(?:pregunt\w*|consult\w*|comprob\w*|averigu\w*)\b",
        r"\btengo que (?:\w+ )?(?:mirar|ver|hablar|confirmar|confirmarlo|saber)\w*\b",
        r"\b(?:hablarlo|lo hablo|mirarlo|lo miro|confirmarlo)\b", r"\bprimero\b",
        r"\bsolo si\b", r"\bsi (?:me|mi|puedo|consigo)\b", r"\bte (?:digo|aviso|confirmo)\b",
    ),
    "referrer": (
        # "mi fisio me dijo", "el médico de la clínica recomienda", "fisio del gimnasio me dijo"
        r"(?:^|[.,!?;:]\s*|\b(?:mi|nuestro|nuestra|la|el) )(?P<who>\w+)"
        r"(?: (?:del|de la|de mi|en el|en la|de) \w+)? (?:me |nos )?(?:ha |han )?"
        r"(?:dijo|dice|dicho|"
        r"recomendo|recomienda|recomendado|mando|manda|mandado|aconsejo|aconseja|aconsejado|"
        r"receto|recetado|cree|quiere|comento|comenta)\b",
        r"\bsegun (?:mi|nuestro|nuestra) (?P<who>\w+)\b",
    ),
    "reason": (
        r"\b(?:es )?(?:por|sobre|acerca de|debido a) (?:un|una|el|la|mi|mis|unos|unas) "
        r"(?P<who>\w+)",
    ),
    # lo que ya pasó, no el servicio que se pide: la lesión ("me lesioné la rodilla"),
    # un servicio ya hecho ("ya me hice la prueba de parche")
    "context": (
        r"\b(?:ya )?(?:me|le|nos) (?:hice|hicieron|hizo|realice|realizaron|hicimos) "
        r"(?:ya )?(?:la|el|una|un|las|los) (?P<who>\w+(?: de \w+)?)",
        r"\b(?:ya )?(?:tuve|hice|tuvimos|hicimos) (?:la|el|una|un) (?P<who>\w+(?: de \w+)?)",
        r"\b(?:me|se) (?:lesione|lastime|torci|rompi|jodi|lesiono|lastimo|torcio|rompio) "
        r"(?:la|el|un|una|mi)? ?(?P<who>\w+)",
    ),
    "no": (
        r"\bno me (?:va|viene|sirve|cuadra)(?: (?:nada |muy |tan )?(?:bien|mal|genial))?\b",
        r"\bmejor (?:que )?no\b", r"\bno puedo\b",
        r"\bno+\b", r"\bnop\b", r"\bnunca\b", r"\bnada\b", r"\bmal\b", r"\bfatal\b",
        r"\bimposible\b",
        r"\bcancel\w*\b", r"\banul\w*\b", r"\bolvidalo\b", r"\bdejalo\b", r"\bpara\b(?= ya)",
        r"\bincorrect[oa]\b", r"\bequivocad[oa]\b", r"\bni hablar\b",
        "\U0001f44e", "\u274c", "\U0001f6ab", "\U0001f645",
    ),
    "count_aside": (
        r"\b(?:las?\s+)?\d{1,2}(?:[:.]\d\d)?\s+(?:es|son|me es|me queda|me pilla)\s+(?:\w+\s+)?"
        r"(?:muy|demasiado|un poco)\s+(?:pronto|tarde|temprano)\b",
        # una edad: "que tiene 18", "cumple 16", "18 años"
        r"\b(?:tiene|tienen|tenia|cumple|cumplio|cumplira|va a cumplir)\s+"
        r"(?:ya\s+|solo\s+|casi\s+)?\d{1,2}\b(?!\s*(?:sesion\w*|clases?|citas?|practicas?|bonos?|horas?|veces)\b)",
        r"\b\d{1,2}\s*(?:anos|anitos)\b",
        # "y el 25 igual", "el 25 tambien": a day of the month said like the one before
        r"\b(?:y|e|o)?\s*el\s+\d{1,2}\s+(?:igual|tambien|tb|tmb|lo mismo|mismo)\b",
        r"\b(?:y|e|o)\s+el\s+\d{1,2}\b(?!\s*(?:sesion\w*|clases?|citas?|practicas?)\b)",
    ),
    "yes": (
        r"\bs+i+\b", r"\bsip\b", r"\bvale\b", r"\bva+\b", r"\bdale\b", r"\bok(?:ey|ay)?\b",
        r"\bperfect[oa]\b", r"\bgenial\b", r"\bclaro\b", r"\bbien\b", r"\bmuy bien\b",
        r"\bbueno\b", r"\bde acuerdo\b", r"\bdeacuerdo\b", r"\bhecho\b", r"\blisto\b",
        r"\bexacto\b", r"\bcorrecto\b", r"\bestupendo\b", r"\bfenomenal\b", r"\bguay\b",
        r"\bsuper\b", r"\bgenial\b", r"\bme (?:va|viene|sirve|cuadra) (?:bien|perfecto|genial)\b",
        r"\bme (?:va|viene|sirve|cuadra)\b", r"\breserv(?:a|alo|ala|amelo|amela)\b",
        # voseo and plurals: "reservame esos", "reservámelos", "agendalos"
        r"\b(?:reserv|agend|anot)(?:ame|amelos|amelas|alos|alas|a|en|e)\b(?:\s+(?:esos|esas|"
        r"los|las|todos|todas|ambos|ambas))?",
        # regional yes: Argentina, Uruguay, Chile, Peru, Colombia
        r"\bbarbaro\b", r"\bjoya\b", r"\bchevere\b", r"\bbacan\b", r"\bya po\b",
        # Chile, Peru: "ya" alone or opening the message is an ok ("ya, la de las 10")
        r"^\W*ya+\b(?=\W*$|\s*[,.!])",
        r"\bdale que va\b", r"\borale\b", r"\bdale pues\b", r"\bva pues\b",
        r"\bconfirm\w*\b", r"\bvenga\b", r"\bsale\b", r"\bde una\b", r"\bnos vemos\b",
        r"\bhasta (?:entonces|luego)\b", r"\bme parece bien\b", r"\bpor supuesto\b",
        r"\badelante\b", r"\bgracias\b(?=.*\b(?:si|vale|perfecto)\b)",
        "\U0001f44d", "\U0001f44c", "\u2705", "\u2714", "\U0001f64c", "\U0001f4af",
    ),
    "plain_no": (r"^(?:no+|nop|mejor no|no gracias|para nada|no puedo)$",),
    "contrast": (
        r"\bpero\b", r"\ben vez\b", r"\ben lugar\b", r"\bmejor\b", r"\bprefiero\b",
        r"\botr[oa]s?\b", r"\bdistint[oa]\b", r"\bcambia\w*\b", r"\bmover\b", r"\bantes\b",
        r"\bmas tarde\b", r"\bmas temprano\b", r"\bsolo si\b", r"\bsalvo\b", r"\bexcepto\b",
    ),
    # a question written without its question mark: a question word opening a clause
    # ("a qué hora exactamente", "vale pero cuánto cuesta"); "cuanto antes" is no question
    "question": (
        r"(?:^|[,.;:!]\s*|\b(?:y|pero|pues|vale|ok|bueno|entonces|si)\s+)"
        r"(?:(?:a|de|para|en|hasta) )?(?:cuant[oa]s?(?! antes\b)|cual(?:es)?|donde|"
        r"por que(?! no\b)|que (?:dia|hora|dias|horas|pasa|tengo|hay|debo|necesito))\b",
    ),
    "ask": (
        r"\b(?:puede|podria|podemos|se puede|seria posible|habria|hay)\b.*\?",
        r"\by (?:si|el|la)\b.*\?", r"\bque tal\b", r"\bqu[eé] te parece\b",
    ),
    "change": (
        r"\botr[oa] (?:dia|hora|fecha|semana|momento|cita)\b",
        r"\botr[oa]s (?:dias|horas|fechas|opciones)\b", r"\b(?:dia|hora|fecha) distint[oa]\b",
        r"\bmas (?:tarde|temprano|pronto)\b", r"\ben (?:vez|lugar) de\b",
        r"\bcambiar(?:la|lo)?\b", r"\bmover(?:la|lo)?\b", r"\breprogram\w*\b",
    ),
    "exclude_after": (
        r"^\s*(?:por la (?:manana|tarde|noche)\s+)?(?:no (?:me|nos|le|les) (?:va|viene|sirve|"
        r"cuadra|vale)|no puedo|no podemos|estoy (?:ocupad[oa]|fuera)|imposible)\b",
    ),
    # right after the day itself (not after its time or part of the day):
    "busy_after": (
        # "el lunes tengo pega", "el martes trabajo": busy with something of one's own
        r"^\s*(?:por la (?:manana|tarde|noche)\s+)?(?:ya\s+)?(?:tengo|tenemos|tiene|tienen)\s+"
        r"(?:que\s+)?"
        r"(?:pega|trabajo|trabajar|chamba|chambear|curro|currar|laburo|laburar|turno|guardia|"
        r"clases?|examen|medico|dentista|otra cita|una cita|cita|reunion|un compromiso|"
        r"compromiso|otra cosa|algo|lio|mil cosas|planes|viaje|un cumple|cumple|"
        r"un cumpleanos|cumpleanos|una fiesta|fiesta|partido|futbol|entreno)\b",
        r"^\s*(?:por la (?:manana|tarde|noche)\s+)?(?:trabajo|curro|laburo|chambeo|"
        r"estoy (?:trabajando|de turno|de guardia|en la pega|en el curro))\b",
    ),
    "exclude_before": (
        r"\b(?:no|nunca|excepto|salvo|menos|no puedo|no puedo ir|estoy ocupad[oa]|en vez de|"
        r"en lugar de|en vez del|en lugar del)"
        r"(?:\s+(?:el|los|la|las|en|por))*\s*$",
    ),
    # un día que se suma a lo que se habla ("y el 11 a la misma hora", "el jueves también")
    "adding": (r"^\W*(?:y|tambien|ademas|y tambien|mas)\b", r"\b(?:tambien|ademas)\W*$"),
    # en un cambio, "del <día> al <día>": el primer día es la cita que se mueve
    "move_from": (r"\b(?:del|de el|el)\s*$",),
    "move_to": (r"\b(?:al|a el|para el)\s*$",),
    "ref_after": (rf"^\s*{_CITA}\b",),

    "ref_before": (r"\b(?:mi|mis|la|el|esa|ese|esta)\s*$",),
    "ref_before_alone": (
        r"\b(?:mi|mis)\s*$", rf"\b(?:mi|la) {_CITA} (?:del?|el)\s*$",
        # "la del lunes 12", "la que tengo el jueves": the one booked on that day
        r"\b(?:la|el|las|los) del?\s*$",
        rf"\b(?:la|el|mi|las|los|mis)(?: {_CITA})? que tengo (?:el|para el)?\s*$",
    ),
    "count_all": (
        r"\btod[oa]s\s+(?:las|los)\s+(?:\d+|citas|sesiones|clases|restantes|que quedan)\b",
        r"\btod[oa]s\b(?=\W*$)", r"\blas (?:que quedan|restantes)\b", r"\bel resto\b",
        r"\bel (?:paquete|bono) (?:completo|entero)\b",
    ),
    "count_after": (
        r"\s*(?:citas?|sesion(?:es)?|clases?|tratamientos?|visitas?)\b|\s*(?:para empezar|"
        r"de momento|por ahora|primero)\b",
    ),
    "count_before": (
        r"\b(?:reservar|reserva|reservame|reservarme|agenda|agendame|agendar|anota|anotame|"
        r"apuntame|confirmame|dame|quiero|quisiera|necesito|pedir|solo|empezar con|con)\s+"
        r"(?:las\s+|los\s+|unas\s+|unos\s+)?$",
    ),
    "count_not": (r"\b(?:cita|sesion|clase|numero|nº|#)\s*$",),
    "hour_before": (
        r"\b(?:mejor|que tal|y|a las|sobre las|para las)\s*$",
        r"^\W*(?:ok|vale|bueno|pues|ah|vaya|hmm+)\W*$",
    ),
    "hour_after": (r"\s*(?:[,.!?]+\s*)?(?:(?:mejor|entonces|por favor|porfa|si puede ser|"
                   r"vale|ok)\b[\s,.!?]*)*$",),
    # el cliente retira un día u hora que acaba de escribir y dice otro
    # ("el miércoles a las 11, no perdón, el jueves"): lo que sigue lo sustituye
    "self_correction": (
        r"\bno+[\s,.!]+(?:no+[\s,.!]+)?(?:perdon|perdona|perdone|disculpa|disculpe|"
        r"espera|espere|esperá|digo|quiero decir|quise decir|mejor dicho|me equivoque|"
        r"corrijo|mentira)\b",
        r"\b(?:perdon|perdona|perdone|disculpa|disculpe|ay|uy|ups)[\s,.!]+(?:no+|digo|"
        r"quiero decir|quise decir|mejor)\b",
        r"\b(?:espera|espere|esperá|pera)[\s,.!]+no+\b", r"\bno+[\s,.!]+no+\b",
        r"\b(?:mejor dicho|quiero decir|quise decir|me equivoque|corrijo|me confundi)\b",
        r"[,.!;]\s*digo\b",
        # "el sábado a las 11... ah no, ...": an interjection, then no
        r"\b(?:ah|eh|ay|uy|ups|oh|uh)[\s,.!]+no+\b(?![\s,]+(?:se|puedo|hay|importa|pasa)\b)",
        # "el lunes a las 10... no, mejor el martes": a no, then what it prefers
        r"(?<!\bsi )\bno+[\s,.!]+mejor\b(?!\s+no\b)",
        # "el miércoles en dos semanas a las 10, o sea el 21": la fecha dicha para aclarar
        r"[,;(]\s*(?:o sea|osea|es decir|que es|que seria)(?=\s+(?:el )?\d)",
        # "a las 9, perdón, a las 10": an apology set off on its own
        r"[,;]\s*(?:perdon|perdona|perdone|disculpa|disculpe|disculpas)\s*[,.!]",
        # "el lunes a las 9, no, ese día trabaja, mejor el martes": the no alone is the
        # marker when a short reason follows it before what is preferred
        r"(?<!\bsi )\bno+\b(?=[\s,.!]+(?:[\w':]+[\s,.!]+){0,8}?mejor\b(?!\s+no\b))",
    ),
    "hour_instead": (r"\s+(?:mejor|en su lugar)\b", r"\s+(?:me va|me viene|esta) (?:bien|mejor)\b"),
    "offer_first": (r"\b(?:la )?primera (?:opcion|hora|propuesta)\b(?= .*\b(?:dijiste|"
                    r"propusiste|ofreciste)\b)", r"\bvolver a la primera\b"),
    "offer_previous": (r"\b(?:la )?(?:opcion|hora|propuesta) anterior\b",),
    "number_unit": (r"%|dias?|semanas?|mes(?:es)?|anos?|horas?|h|minutos?|min|km|kg|cm|x|veces",),
    "not_date_unit": (r"h|horas?|min|minutos?|km|kg|cm|m|%|x|veces|chf|eur|euros?",),
    "money_word": (r"chf|eur|euros?",),
    "out_of": (r"de",),
    "book_verb": (r"\breserv\w*", r"\bpedir\b", r"\bagendar\b"),
    "next_session": (rf"\b(?:mi |la |el )?(?:proxim[ao]|siguiente) {_CITA}\b",),
    "list_question": (r"\b(?:cuando|que|cuales?|muestra\w*|dime)\b", r"\btengo\b"),
    "booking_words": (r"\b(?:reserv\w*|citas?|sesion\w*|clases?|cancel\w*|anul\w*|cambi\w*)\b",),
    # --- intents -----------------------------------------------------------
    "intent_book": (
        r"\breserv\w*", r"\b(?:pedir|coger|agendar|programar)\b",
        rf"\b(?:quiero|quisiera|queria|necesito|me gustaria) (?:una |un |la |mi )?(?:primera )?"
        rf"{_CITA}\b", r"\bquiero\b(?! (?:cancelar|anular|cambiar|mover|saber|hablar|preguntar))",
        r"\bquisiera\b(?! (?:cancelar|anular|cambiar|mover|saber))", r"\bme gustaria\b",
        r"\bapuntar(?:me)?\b",
    ),
    "intent_availability": (
        r"\b(?:libre|libres|disponible\w*|disponibilidad|hueco\w*|sitio)\b",
        r"\bcuando (?:puedo|podeis|pueden|hay|teneis|tienen)\b", r"\bque (?:dias|horas|horarios)\b",
        r"\b(?:abris|abren|abierto|abiertos)\b", r"\bhorario\w*\b", r"\blo antes posible\b",
        r"\bcuanto antes\b",
    ),
    "intent_plan_info": (
        rf"\bcuant[oa]s {_CITA}\b(?!.*\b(?:me )?quedan\b)", r"\bcuanto dura\b",
        r"\bcada cuanto\b", r"\bque incluye\b", r"\bincluid[oa]s?\b", r"\bcomo funciona\b",
        r"\ben que consiste\b", r"\binfo(?:rmacion)?\b", r"\bexplica\w*\b",
    ),
    "intent_price": (
        r"\bprecios?\b", r"\bcuesta\b", r"\bcuestan\b", r"\bcuanto (?:es|vale|cuesta|sale)\b",
        r"\bcoste\b", r"\bcosto\b", r"\btarifa\w*\b", r"\bpagar?\b", r"\bpago\b", r"\bcaro\b",
        r"\bbarato\b", r"\b(?:eur|euros?|chf)\b", "[\u20ac$\u00a3]", r"\bdescuento\w*\b",
    ),
    "intent_progress": (
        rf"\bcuant[oa]s {_CITA} me quedan\b", r"\bme quedan\b", r"\bcuantas quedan\b",
        r"\bcuantos quedan\b", r"\bprogreso\b", r"\bcomo voy\b",
        rf"\bcuant[oa]s (?:{_CITA} )?(?:me |nos )?(?:quedan|faltan|llevo|he hecho|tengo "
        r"pendientes|he completado)\b", r"\bme (?:faltan|quedan) (?:todavia|aun)\b",
        r"\b(?:pendientes|restantes)\s*\??$", r"\bcuantas van\b",
        r"\ben que (?:punto|sesion) voy\b",
        # another pronoun, a service or a person between: "cuántas sesiones de hidroterapia
        # nos quedan", "cuántas le faltan a mi hija"
        r"\bcuant[oa]s (?:[\w-]+ ){0,5}?(?:me|nos|le|les|te|os) (?:quedan|faltan)\b",
        rf"\bcuant[oa]s {_CITA} (?:de |del )(?:[\w-]+ ){{1,3}}?(?:quedan|faltan)\b",
    ),
    "intent_reschedule": (
        r"\bcambi(?:ar|o|e|a)\b", r"\bmover\b", r"\bmuev\w*\b", r"\breprogram\w*",
        r"\baplaz\w*", r"\bposponer\b", r"\bpasar(?:la|lo)? (?:a|al)\b", r"\botro dia\b",
        r"\botra hora\b", r"\bno (?:puedo|podre) ir\b",
        r"\bcambi\w*", r"\bmov(?:er|emos|amos|ais|eis|ido|ida|erla|erlo|ermela|ermelo)\b",
        rf"\bpas(?:ar|e|o|as|a|an|en|ais|eis|amos|emos|ad|arla|arlo|armela|armelo|ala|alo|"
        rf"amela|amelo|ame|ale|emela|emelo)\b (?:(?:mi|la|el|esta|"
        rf"esa) )?(?:\d{{1,2}}[a-z]{{0,2}} )?(?:{_CITA} )?(?:del \w+ )?(?:a|al|para)\b",
        # "pasar mi control de hoy para el miércoles": one's own appointment, by any name
        r"\bpas(?:ar|e|o|as|a|an|en)\b (?:mi|mis|la|el) \w+ (?:\w+ ){0,2}?(?:para|al)\b",
        # "me podés pasar la clase de prueba del jueves al viernes"
        # "pasar la primera sesión de radiofrecuencia del jueves 5 al lunes 9/4"
        r"\bpas(?:ar|a|as|an|e|en|ame|amela|amelo|arla|arlo|armela|armelo)\b(?:\s+\S+){0,7}?"
        r"\s+del\s+\S+(?:\s+\S+){0,3}?\s+(?:al|para el)\b",
        r"\bpospon\w*", r"\bpospong\w*",
        r"\bretras\w*", r"\badelant\w*", r"\breagend\w*",
        r"\bno (?:puedo|podre|podria|voy a poder) (?:ir|venir|asistir|acudir)\b",
        r"\bno me (?:va|viene) bien\b", r"\b(?:otro|otra) (?:fecha|momento|semana)\b",
    ),
    "intent_cancel": (
        r"\bcancel\w*", r"\banul\w*", r"\bdar de baja\b", r"\bborrar\b", r"\bno (?:voy a|"
        r"podre) (?:ir|venir)\b", r"\bborr(?:a|e|en|ad|ame|emos)\b", r"\bquit(?:ar|a|e|ame)\b",
        r"\bdesapunt\w*", r"\bno (?:voy a|podre) (?:asistir|acudir)\b",
        r"\bya no (?:quiero|necesito|voy a ir)\b",
    ),
    "intent_list_bookings": (
        rf"\bmis {_CITA}\b", rf"\bmi (?:proxima )?{_CITA}\b", r"\bcuando (?:es|son|tengo) mi\w*\b",
        r"\bque (?:tengo|he) reservado\b", r"\btengo (?:alguna )?cita\b",
        rf"\b(?:que|cuales) {_CITA} tengo\b",
        rf"\bque {_CITA} (?:me quedan|hay) (?:reservad|pendient)\w*",
    ),
    "intent_greeting": (
        r"^\W*(?:hola+|buen(?:os|as) (?:dias|tardes|noches)|buenas|hey|que tal)\b",
    ),
    "intent_thanks": (r"\bgracias\b", r"\bmuchas gracias\b", r"\bmil gracias\b", "\U0001f64f"),
    "intent_help": (
        r"\bayuda\b", r"\bque puedes hacer\b", r"\btengo una pregunta\b", r"\bno entiendo\b",
    ),
    "intent_services": (
        r"\bque (?:servicios|tratamientos|paquetes|bonos|ofreceis|ofrecen|haceis|hacen)\b",
        r"\b(?:ofreceis|ofrecen|haceis|hacen)\b", r"\blista de precios\b",
    ),
    "intent_cancel_all": (
        r"\b(?:cancel\w*|anul\w*|borra\w*)\b[\w\s]{0,20}\btod[oa]s\b",
        r"\btod[oa]s (?:mis |las |los )?(?:citas|sesiones|reservas|clases|bonos)\b[\w\s]{0,20}"
        r"\b(?:cancel\w*|anul\w*)\b",
    ),
    "intent_policy": (
        r"\bpolitica de cancelacion\b", r"\bcondiciones de cancelacion\b",
        r"\bque pasa si (?:\w+ )?(?:cancelo|anulo|no voy|no vengo|cambio|muevo)\b",
        r"\bcon cuant[oa] (?:tiempo|antelacion|horas)\b", r"\bantelacion\b",
        r"\b(?:se cobra|me cobrais|me cobran|hay penalizacion)\b",
        r"\bhasta cuando\b[^.?!]{0,30}\b(?:cancel|anul|cambi|mov|desapunt|avis)\w*",
        r"\bse puede\b[^.?!]{0,30}\b(?:cancel|anul|cambi|mover)\w*",
        r"\bcon cuant[oa]s? (?:dias|horas|tiempo)\b",
        r"\b(?:gratis|sin coste|sin cargo|sin pagar)\b[^.?!]{0,20}\b(?:cancel|anul|cambi)\w*",
        r"\b(?:cancel|anul|cambi)\w*\b[^.?!]{0,20}\b(?:gratis|sin coste|sin cargo|sin pagar)\b",
    ),
    "intent_validity": (
        r"\bcaduc\w*\b", r"\bvalid[oa]s?\b", r"\bvalidez\b", r"\bvence\b", r"\bvencimiento\b",
        r"\bhasta cuando (?:puedo|vale|sirve|es)\b",
        r"\bcuanto tiempo (?:tengo|hay|dura|me dura|vale|tardo) (?:para|en) (?:usar|gastar|hacer|"
        r"consumir|completar|terminar|aprovechar)(?:lo|la|los|las)?\b",
        r"\bcuanto (?:dura|duran|vale) (?:el|la|los|"
        r"las) (?:bono|bonos|paquete|paquetes|pack|plan)\b", r"\bplazo\b(?! (?:para|de) "
        r"(?:cancel|anul|cambi))", r"\bfecha (?:de )?(?:limite|caducidad|vencimiento)\b",
        r"\bhasta cuando\b", r"\bexpir\w*",
    ),
    "intent_opening": (
        r"\b(?:abris|abren|abre|cerrais|cierran|esta abierto|estais abiertos|estan abiertos)\b",
        r"\bhorario\w*\b", r"\bfestivo\w*\b(?=[^.!]*\?)",
        r"\bdias? de fiesta\b(?=[^.!]*\?)",
        r"\b(?:abr\w*|abiert\w*|trabaj\w*)\b[^.!?]*\b(?:festivo\w*|dias? de fiesta)\b",
    ),
    "intent_contact": (
        # "¿qué subte queda cerca?", "la estación más cercana"
        r"\b(?:que|cual) (?:subte|metro|estacion|parada|linea) (?:queda|esta|hay|tienen|me "
        r"deja)\b", r"\b(?:estacion|parada|subte|metro) mas cercan[oa]\b",
        r"\b(?:vuestro|su|el) (?:telefono|numero|email|correo|direccion)\b",
        r"\bcomo (?:os|les|te) (?:contacto|llamo|escribo)\b", r"\bdonde (?:estais|estan)\b",
        r"\bcontacto\b",
        r"\btelefono\b", r"\bnumero de (?:telefono|contacto|whatsapp|movil)\b",
        r"\b(?:llamaros|llamarles|llamaros|os llamo|les llamo)\b", r"\bdireccion\b",
        r"\bdonde (?:exactamente )?(?:estais|estan|esta el|esta la|os encuentro|quedais)\b",
        # where the business is, as customers ask it ("dónde quedan", "dónde los encuentro")
        r"\bdonde (?:exactamente )?(?:quedan|queda (?:el|la) (?:consultorio|clinica|centro|"
        r"estudio|local)|los encuentro|les encuentro|se encuentran|te encuentro|atienden|"
        r"estas|esta ubicad[oa]|estan ubicados)\b", r"\ben que (?:zona|barrio|calle) "
        r"(?:estan|estais|quedan|queda)\b",
        r"\bdonde (?:exactamente )?(?:quedan|queda el|queda la|se recoge|se recogen|los encuentro|"
        r"las encuentro|es la (?:clinica|escuela|autoescuela|consulta|academia))\b",
        r"\b(?:vuestro|su) correo\b",
    ),
    "intent_human": (
        r"\bhablar con (?:una persona|alguien|un humano|una humana|el encargado|la encargada|"
        r"recepcion)\b", r"\bpersona real\b", r"\beres un (?:bot|robot)\b", r"\bllamadme\b",
        r"\bme (?:podeis|pueden) llamar\b", r"\bpasa(?:me|dme|rme)? con\b",
        r"\batencion (?:humana|personal)\b",
        r"^\W*(?:una )?(?:persona|humano)(?: por favor)?\W*$",
    ),
    "upset": (
        r"\b(?:inutil|ridiculo|ridicula|hart[oa]|frustra\w*|enfadad[oa]|molest[oa]|"
        r"vergonzoso|indignad[oa]|fatal)\b", r"\bperdida de tiempo\b", r"\bno sirve\b",
        r"\bes una broma\b",
    ),
    "bot_question": (r"\b(?:eres|es usted) (?:un |una )?(?:bot|robot|maquina|persona real)\b",),
    "service_asked": (
        r"\b(?:haceis|hacen|ofreceis|ofrecen|teneis|tienen) (?:tambien )?",
        r"\b(?:quiero|quisiera|necesito|busco) (?=(?:un|una|unos|unas)\b)",
    ),
    "book_remaining": (r"\breserv\w*\b(?:\s+[\w']+){0,3}?\s+(?:restantes|que quedan|resto)\b",),
    "progress_question": (r"\bcuant[oa]s\b", r"\bcomo voy\b", r"\bprogreso\b"),
    # un sí que solo acusa recibo: no acepta una oferta ("ah vale")
    "plain_acknowledgement": (r"^(?:ok(?:ey)?|vale|bueno|bien|entendido|claro|ya|ah|ah vale)$",),
    "acknowledgement": (r"^(?:ok(?:ey)?|vale|bien|bueno|perfecto|genial|claro|entendido|si)$",),
}  # fmt: skip

VOCABULARY = frozenset(
    word
    for patterns in PHRASES.values()
    for pattern in patterns
    for word in re.findall(r"[a-z][a-z']+", re.sub(r"\\[a-zA-Z]", " ", pattern))
) | frozenset("si no vale dale claro gracias porfa".split())
"""Words the phrases spell, so the typo fixer leaves them alone."""
