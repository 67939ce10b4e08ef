"""Spanish texts of the offline model (usted, as a clinic writes)."""

WEEKDAYS = ("lun", "mar", "mié", "jue", "vie", "sáb", "dom")
WEEKDAYS_LONG = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
MONTHS = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")
MONTHS_LONG = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip
DAY_FORMAT = "{wd} {d} {mon} {y}"
DAY_LONG_FORMAT = "{weekday} {d} de {month}"
OPTION_FORMAT = "{wd} {d} {mon} {hm}"

TEXTS: dict[str, str] = {
    "next.done": "{completed} de {total} {units} hechas",
    "next.until": " y el {last}",
    "next.window": (
        "Lleva {done}. La {unit} {number} se puede reservar entre el {first}{until}; "
        "le sugiero el {best}. ¿Qué día y a qué hora le vendría bien?"
    ),
    "next.more": (
        "Lleva {done}, {booked} reservadas y {left} por programar. ¿Cuántas quiere reservar ahora?"
    ),
    "next.attend": "Su próxima {unit} es la {unit} {number}.",
    "next.attend_on": "Su próxima {unit} es la {unit} {number}, el {when}.",
    "next.after": "Cuando la complete, le ayudo a reservar la {unit} {next}.",
    "next.expired": "Su bono {service} ha caducado. ¿Quiere empezar uno nuevo?",
    "next.when": "Lleva {done}. ¿Cuándo quiere su próxima {unit}?",
    "cancel_all.ask": (
        "¿Anulo todas estas citas?\n{items}\n"
        "Responda sí o no (o diga el único plan que quiere anular)."
    ),
    "cancel_all.none": "No tiene citas próximas que anular.",
    "describe.single": "{name}: {minutes} minutos.",
    "describe.includes": "{name} incluye {count}.",
    "describe.duration_each": "Duración de cada {unit}: {minutes} minutos.",
    "describe.session": "{number}. {label} ({minutes} min)",
    "describe.spacing_min": "Separación: al menos {low} días.",
    "describe.spacing_range": "Separación: de {low} a {high} días.",
    "price.per_session": "{price} por sesión ({total} las {n})",
    "price.plan": "{price} por las {n} {units}",
    "price.on_request": "a consultar",
    "price.free": "gratis",
    "unit.session": "sesión",
    "unit.sessions": "sesiones",
    "unit.lesson": "clase",
    "unit.lessons": "clases",
    "greeting.hello": "¡Hola!",
    "greeting.hello_name": "¡Hola, {name}!",
    "greeting.intro": "{hello} Soy el asistente de reservas de {business}. Puedo reservar:",
    "greeting.ask": "¿Qué le gustaría reservar?",
    "hesitant": "Claro, tómese su tiempo. Escríbame cuando lo tenga decidido.",
    "hesitant.shown": (
        "Claro, tómese su tiempo. Todavía no hay nada reservado; dígame que sí cuando "
        "quiera esta cita."
    ),
    "not_understood.short": "Lo siento, eso no lo puedo responder aquí.",
    "not_understood": (
        "Lo siento, con eso no puedo ayudarle aquí. Puedo reservar, cambiar o anular citas "
        "e informarle de precios, horarios y su plan. Ofrecemos: {names}."
    ),
    "which_service": "¿Qué servicio desea? Ofrecemos: {names}.",
    "unknown_service": ("Lo siento, no ofrecemos {what}. Ofrecemos: {names}. ¿Le interesa alguno?"),
    "unknown_service.that": "eso",
    "ask_start.single": "¿Cuándo le gustaría venir?",
    "ask_start.immediate": (
        "Programamos ahora las {n} {units}. ¿Cuándo quiere empezar con la {unit} 1?"
    ),
    "ask_start.sequential": (
        "Reservamos una {unit} cada vez, así puede planificar con flexibilidad. "
        "¿Cuándo le gustaría su primera {unit}?"
    ),
    "ask_start.flexible": (
        "Puede reservar tantas {units} a la vez como quiera. ¿Cuántas quiere programar ahora?"
    ),
    "ask_again.count": "¡Perfecto! ¿Cuántas {units} quiere programar ahora?",
    "ask_again.start": "¡Perfecto! ¿Qué día y a qué hora le vendría bien?",
    "proposal.many": "Este es su calendario:",
    "proposal.one": "Esto es lo que puedo reservar:",
    "proposal.line": "📅 {label}: {when}{name} ({minutes} min)",
    "proposal.price": "Precio: {price}.",
    "proposal.ask": "¿Le va bien?",
    "label.numbered": "{Unit} {number} de {of}",
    "booked.moved": "✅ ¡Hecho! Su calendario actualizado:",
    "booked.all": "✅ ¡Las {n} {units} confirmadas!",
    "booked.one": "✅ ¡Confirmado!",
    "booked.line": "📅 {label}: {when}",
    "booked.next_sequential": "Cuando complete esta {unit}, le ayudo a reservar la {unit} {next}.",
    "booked.left": "Le quedan {left} por programar. ¡Reserve más cuando quiera!",
    "booked.reminder": "Recibirá un recordatorio antes de cada cita.",
    "cancel_preview": "¿Anulo:\n{items}\nResponda sí o no, por favor.",
    "cancelled": "✅ Anulado:\n{items}",
    "session_item": "• {Unit} {number}: {when}",
    "reschedule.header": "Su nuevo calendario:",
    "reschedule.only_marked": "Solo cambian las marcadas (cambiada); las demás se quedan igual.",
    "reschedule.ask": "¿Hago este cambio?",
    "tag.moved": " (cambiada)",
    "tag.done": " (hecha)",
    "either.both_free": "Las dos están libres:\n{options}\n¿Cuál prefiere?",
    "either.free": "Están libres:\n{options}\n¿Cuál prefiere?",
    "either.one_free": "De esas solo está libre:\n{option}\n¿Se la reservo?",
    "either.none_free": "Lo siento, ninguna de esas horas está libre.",
    "which_option": "¿Cuál prefiere? Responda con su número:\n{options}",
    "declined": "No hay problema. ¿Qué día y a qué hora le vendría mejor?",
    "nothing_pending": "¡De acuerdo! ¿Quiere reservar o cambiar algo?",
    "thanks": "¡De nada! ¿Puedo ayudarle en algo más?",
    "partly_read": (
        "He entendido {understood}, pero no estoy seguro de qué significa {left}. "
        '¿Qué fecha y hora desea? Escriba también el mes (por ejemplo "{example}").'
    ),
    "at_time": "a las {hm}",
    "conflict.sorry": "Lo siento, no es posible: {message}.",
    "conflict.closed": "Lo siento, el {day} está cerrado.",
    "conflict.past": "Lo siento, esa hora ya ha pasado.",
    "conflict.earliest": "El primer día posible es el {first}",
    "conflict.latest": ", el último el {last}",
    "conflict.suggest": "; le sugiero el {best}",
    "proposal.unchanged": (
        "Entendí que prefiere otra cosa, pero no pude leer qué días y a qué hora; no he "
        "cambiado ni reservado nada. ¿Qué días y a qué hora le vienen bien?"
    ),
    "conflict.offer": "Puedo ofrecerle:\n{options}\n¿Cuál prefiere?",
    "conflict.another_day": "¿Le iría bien otro día?",
    "rule.full": "esa hora ya está completa",
    "rule.min_notice": "las reservas necesitan más antelación",
    "rule.outside_hours": "está fuera del horario de apertura",
    "rule.off_grid": "las citas empiezan solo a horas fijas",
    "rule.customer_busy": "ya tiene una cita a esa hora",
    "rule.buffer_min": "queda demasiado cerca de la sesión anterior",
    "rule.buffer_pair": (
        "{first} y {second} están demasiado cerca: entre la sesión {a} y la {b} tiene que "
        "haber al menos {days}"
    ),
    "rule.buffer_max": "queda demasiado lejos de la sesión anterior",
    "rule.no_slot_in_window": "no hay hueco en el periodo permitido",
    "rule.after_package_expiry": "es después de la caducidad de su bono",
    "rule.reschedule_notice": "con tan poca antelación ya no se puede cambiar aquí",
    "rule.notice_hours": " (se necesitan {hours} horas de antelación)",
    "rule.no_sessions_left": "todas las sesiones de su bono ya están reservadas",
    "rule.previous_not_completed": "primero debe completarse la sesión anterior",
    "rule.not_movable": "esa sesión no se puede cambiar",
    "rule.past": "esa hora ya ha pasado",
    "rule.closed_day": "ese día está cerrado",
    "rule.no_such_time": "esa hora no existe ese día (cambio de hora)",
    "rule.package_expired": "su bono ha caducado",
    "rule.other": "esa hora no es posible",
    "free.header": "Horas libres para {service}:",
    "free.day_line": "{day}: {times}",
    "free.earliest": "La primera es {first}. ¿La reservo, o cuál prefiere?",
    "free.first_each_day": "La primera hora libre de cada día:\n{options}",
    "free.which": "¿Cuál prefiere?",
    "free.none": "Lo siento, esos días no hay nada libre. ¿Le iría bien otra semana?",
    "free.on_day": "El {day} puedo darle cita a las {times}. ¿Qué hora le va bien?",
    "free.pick": "Responda con un número u otra hora:\n{options}",
    "free.nothing_that_day": "Lo siento, el {day} no hay nada libre. ¿Le iría bien otro día?",
    "free.closed_that_day": "Lo siento, el {day} está cerrado. ¿Le iría bien otro día?",
    "free.every": " (cada {step} min)",
    "free.or": " o ",
    "free.more": " y más",
    "fact.policy": (
        "Las reservas necesitan al menos {notice} de antelación. Puede cambiar o anular una "
        "cita aquí hasta {reschedule} antes; después, contacte directamente con nosotros."
    ),
    "fact.hours": "{n} horas",
    "fact.hour": "{n} hora",
    "fact.valid": "{service}: válido {days} días desde la primera sesión.",
    "fact.no_expiry": "Nuestros bonos no caducan.",
    "fact.no_expiry_one": "{service} no caduca.",
    "fact.closed_on": "El {day} está cerrado.",
    "fact.open_on": "El {day} abrimos {hours}.",
    "fact.open_weekday": "Los {weekdays} abrimos {hours}.",
    "fact.closed_weekday": "Los {weekdays} está cerrado.",
    "fact.no_contact": (
        "Soy el asistente de reservas de {business} y aquí no tengo datos de contacto. "
        "Puedo reservar, cambiar o anular citas y responder a preguntas sobre precios, "
        "horarios y su plan."
    ),
    "fact.contact": "Puede contactar con {business}:",
    "fact.phone": "Teléfono",
    "fact.email": "Correo",
    "fact.address": "Dirección",
    "fact.website": "Web",
    "handoff.requested_open": (
        "He pedido a nuestro equipo que le atienda; alguien le responderá aquí pronto. "
        "Mientras tanto guardo sus mensajes para ellos."
    ),
    "handoff.requested_later": (
        "He pedido a nuestro equipo que le atienda. Responden en horario de apertura, la "
        "próxima vez el {when}; hasta entonces guardo sus mensajes para ellos."
    ),
    "handoff.requested_none": (
        "He pedido a nuestro equipo que le atienda; le responderán aquí lo antes posible. "
        "Guardo sus mensajes para ellos."
    ),
    "handoff.offer": (
        "Si lo prefiere, una persona de nuestro equipo puede atenderle: escriba «persona»."
    ),
    "handoff.answers_now": "(Ahora están atendiendo.)",
    "handoff.answers_from": "(Responden en horario de apertura, la próxima vez desde el {when}.)",
    "handoff.answers_later": "(Responden lo antes posible.)",
    "handoff.bot": "Soy el asistente automático de reservas de {business}.",
    "fact.hours_note": "Horario",
    # --- moving and changing what is booked ---
    "ask_which_to_move": (
        "Su {service} ya está reservado. ¿Qué {unit} quiere pasar al {when}? "
        "(por ejemplo: {unit} 2)"
    ),
    "ask_new_time": (
        "Claro, cambiamos su cita del {when}. ¿Qué día y a qué hora le vendría bien en su lugar?"
    ),
    "move.ask_when": "Claro. ¿Qué día y a qué hora le vendría bien en su lugar?",
    "moved.nothing_to_move": "No tiene ninguna {unit} próxima que cambiar, así que la reservamos.",
    "change.none": "No tiene citas próximas que cambiar.",
    "change.none_to_move": "No tiene ninguna cita próxima de ese plan que cambiar.",
    "change.none_on_day.cancel": "No tiene ninguna cita el {day} que anular.",
    "change.none_on_day.reschedule": "No tiene ninguna cita el {day} que cambiar.",
    "change.none_in_month.cancel": "No tiene ninguna cita en {month} que anular.",
    "change.none_in_month.reschedule": "No tiene ninguna cita en {month} que cambiar.",
    "change.which_on_weekday": (
        "Tiene {count} {units} que caen en {weekdays}: {listed}. ¿Cuál de ellas?"
    ),
    "change.option": "la {unit} {number}, el {when}",
    "weekday.plural": "{weekday}",
    "which_plan.mean": "¿A qué plan se refiere: {names}?",
    "which_plan.about": "¿De qué plan se trata: {names}?",
    "outside_window": "Lo siento, el {day} queda fuera del periodo posible. {text}",
    "book_something": "{text} ¿Quiere reservar algo?",
    # --- collecting the starts of several sessions ---
    "ask_day_for": "¿Qué día quiere para la {unit} {number}? Indíqueme también la fecha.",
    "collect.next": "{Unit} {number}: ¿cuándo le viene bien?",
    "collect.first": (
        "¡Perfecto! Busquemos horas para sus {things}.\n{Unit} {number}: ¿cuándo le viene bien?"
    ),
    "collect.left": (
        "¡Perfecto! Le quedan {left} por programar en su bono. Busquemos horas para "
        "{things}.\n{Unit} {number}: ¿cuándo le viene bien?"
    ),
    "capped.all_booked": "Todas las {units} de su bono ya están reservadas o hechas.",
    "capped.only": "Solo le quedan {left}, así que reservamos {remaining}.",
    # --- a shown plan ---
    "shown.session": "En este plan, la {unit} {number} de {total} sería el {when}.",
    "shown.immediate": (
        " Cada {unit} siguiente se fija a partir de la anterior con la separación necesaria; "
        "para cambiarla, dígame otro comienzo para la {unit} 1."
    ),
    "book_as_shown": "¿Reservo el plan tal como está?",
    "book_as_shown.or_other": "¿Reservo el plan tal como está, o prefiere otra hora?",
    "span.about": "De la primera a la última {unit}: unas {span}.",
    "span.range": "De la primera a la última {unit}: de {low} a {high}, idealmente unas {span}.",
    "span.day": "{n} día",
    "span.days": "{n} días",
    "span.week": "{n} semana",
    "span.weeks": "{n} semanas",
    # --- progress and bookings ---
    "progress.none": "Todavía no tiene ningún plan con nosotros. ¿Quiere reservar algo?",
    "progress.plan": (
        "{service}: {completed} de {total} hechas; reservadas: {booked}; por programar: {left}."
    ),
    "progress.session": "• {Unit} {number}: {when} ({status})",
    "progress.next": (
        "Siguiente paso: reservar la {unit} {number} entre el {first} y el {last} "
        "(idealmente el {best})."
    ),
    "progress.next_open": (
        "Siguiente paso: reservar la {unit} {number} a partir del {first} (idealmente el {best})."
    ),
    "status.confirmed": "confirmada",
    "status.completed": "hecha",
    "status.no_show": "no asistió",
    "status.cancelled": "anulada",
    "bookings.none": "No tiene citas próximas.",
    "bookings.header": "Sus próximas citas:",
    "bookings.appointment": "Cita",
    "one_booking.numbered": "{service}: la {unit} {number} de {of}{name} es el {when}.",
    "one_booking.single": "{service}: su cita es el {when}.",
    "one_booking.appointment": "Su cita",
    # --- opening hours ---
    "hours.header": "Nuestro horario:",
    "hours.line": "{day}: {hours}",
    "hours.closed": "cerrado",
    "hours.closed_on": "Cerrado el: {days}.",
    "hours.ask": "¿Qué le gustaría reservar?",
    # --- what cannot be done ---
    "other_customer": (
        "Lo siento, solo puedo ayudarle con sus propias citas; no puedo dar información "
        "sobre otros clientes."
    ),
    "invalid_date": "{reason}. ¿Qué fecha quería decir?",
    "invalid.weekday_mismatch": "El {d}/{m} es {weekday}, no {said}",
    "past_date": "Esa fecha ya ha pasado. ¿Qué día próximo le vendría bien?",
    "error.no_plan": "No tiene ningún plan reservado de {service}.",
    "error.no_upcoming": "No tiene ninguna cita próxima de {service}.",
    "error.stale": (
        "Lo siento, esa propuesta ya no es válida. ¿Qué día y a qué hora le vendría bien "
        "para {service}?"
    ),
    "error.not_confirmed": "Para eso necesito antes su sí. ¿Lo hago así?",
    "error.service": (
        "Lo siento, no he podido hacerlo para {service}. ¿Me dice de nuevo qué desea?"
    ),
    "error.generic": "Lo siento, no he podido hacerlo. ¿Me dice de nuevo qué desea?",
}
