"""The typed tools the model calls, and the one registry that describes them.

    registry         ToolRegistry: strict JSON schemas, and running a call with its
                     three outcomes (result, the model's mistake as a retry, a bug raises)
    toolset          build_registry: the tools the model gets, in order
    arguments        the Args / Result bases and readers of the model's values
    context          ToolContext: who is asking, the clock, the data
    calendar_window  the calendar a tool plans over (near weeks first)
    services         list_services, find_service
    availability     check_availability
    planning         propose_schedule, book_group
    changes          reschedule_session, cancel_booking
    progress         get_progress, list_bookings
    handoff          request_human: the conversation waits for staff (human handoff)
    views            the results several tools share (session, conflict, proposal, booking)
    confirmed, applying, races   applying a proposal the customer said yes to

Each tool's `Args` and `Result` models sit beside it. May import bookbot.core,
bookbot.store and bookbot.prompts (for shared wording); never bookbot.agent or
bookbot.api.
"""
