"""The one exception tree of bookbot.

    BookbotError                  anything bookbot raises on purpose
    ├── ConfigError               a business YAML or setting that cannot be used
    ├── NotFoundError             an unknown service, booking, group or customer
    ├── InvalidTransitionError    a booking status change the state machine forbids
    ├── SlotTakenError            a plan lost its race for a slot (nothing was written)
    ├── PackageExpiredError       a session after its package's expiry (nothing was written)
    ├── ProposalError             book_group called on a proposal it may not book
    │   └── AlreadyBookedError    ... because it was booked before (nothing was written)
    ├── ModelUnavailableError     the LLM could not be reached within its budget
    ├── ToolRetriesExhaustedError the model kept calling a tool wrongly past its retry budget
    └── ClaimLost                 a turn's claim on its message was taken over (nothing written)

A request the business cannot meet (a full slot, a closed day, a buffer) is not an
exception: the core answers it with a `Conflict` value. Exceptions are for input
that is wrong (config, ids) and for races the caller must retry or report.
"""

from __future__ import annotations


class BookbotError(Exception):
    """Base of every error bookbot raises on purpose."""


class ConfigError(BookbotError):
    """A business configuration or setting is invalid; the message names the field."""


class NotFoundError(BookbotError):
    """Something named by id does not exist."""


class InvalidTransitionError(BookbotError):
    """A booking cannot go from its current status to the requested one."""


class SlotTakenError(BookbotError):
    """A slot filled up between planning and booking; nothing was written."""


class PackageExpiredError(BookbotError):
    """A session would start after its package expires; nothing was written."""


class ProposalError(BookbotError):
    """A proposal cannot be booked (unknown, not shown, not answered, expired)."""


class AlreadyBookedError(ProposalError):
    """The proposal was booked before; booking it again wrote nothing."""


class ModelUnavailableError(BookbotError):
    """The language model could not be reached within the retry budget."""


class ToolRetriesExhaustedError(BookbotError):
    """The model's calls of one tool went wrong more often in a turn than its retry
    budget allows (`BOOKBOT_TOOL_RETRIES`); the turn ends with an apology."""


class ClaimLost(BookbotError):
    """The message's claim is no longer this turn's: it expired and another turn took
    the message over (or it was answered). The write that found it wrote nothing; the
    turn ends without a reply (the turn that took over answers). Not a bug: the agent
    loop lets it through instead of apologising (`bookbot.store.turn_queue`)."""
