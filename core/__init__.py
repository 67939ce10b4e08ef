"""bookbot.core: the deterministic domain. No I/O and no clock reads: `now` is passed in.

    config          the business YAML as frozen models (services, buffers, hours);
                    config_errors words its validation errors
    calendar        booked intervals of a service, counted by bisection
    availability    free slots: hours, closures, notice, capacity, the customer's own time
    planner         plan_for over the strategies: immediate, sequential, flexible
                    (with plan_steps, their shared pieces)
    reschedule      moving and cancelling sessions with the buffer cascade and notice
    alternatives    the free starts offered when a request is refused, each one workable
    pricing         what a booking costs (per session, or a plan's price once)
    progress        counts, milestones and the next action of one plan
    notifications   which proactive messages are due (notification_model, texts,
                    quiet_hours, open_days)
    analytics       completion, drop-off, no-show and gap figures for the admin
    staff_hours     when staff are next at work (human handoff)
    errors          the one exception tree

Imports nothing from the other bookbot packages and no I/O library (lint-imports).
"""
