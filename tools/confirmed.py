"""The proposal a tool may apply: shown, current, and confirmed by the customer.

`bookbot.store.proposals.bookable_proposal` decides; this module turns each
reason it refuses into a retry error for the model (see `bookbot.tools.registry`):
"the customer did not say yes to it" (`NotConfirmedError`: no, a change,
something unclear, or no answer yet) so it asks for a clear yes instead of
booking, and any other `ProposalError` (an id not of this conversation, not yet
shown, or replaced by a newer proposal) so it uses the proposal it showed.
"""

from __future__ import annotations

from bookbot.core.errors import ProposalError
from bookbot.store import proposals as proposal_store
from bookbot.store.proposals import NotConfirmedError, ProposalRecord
from bookbot.tools.context import ToolContext
from bookbot.tools.registry import ToolRetry

NOT_CONFIRMED = "not_confirmed"
NOT_BOOKABLE = "ProposalError"
"""The code of a retry for a proposal that cannot be applied (the offline model reads it)."""
ASK_FOR_YES = (
    "nothing was changed; show the customer this proposal and ask for a clear yes, and "
    "apply it only after they confirm (if they want another time, propose that instead)"
)


def confirmed_proposal(ctx: ToolContext, proposal_id: str) -> ProposalRecord:
    """The proposal, if this customer may have it applied now; ToolRetry saying why not."""
    with ctx.read_session() as session:
        try:
            return proposal_store.bookable_proposal(
                session,
                proposal_id=proposal_id,
                conversation_id=ctx.conversation_id,
                customer_id=ctx.customer_id,
            )
        except NotConfirmedError as exc:
            raise not_confirmed(exc) from None
        except ProposalError as exc:
            raise ToolRetry(str(exc), code=NOT_BOOKABLE) from None


def not_confirmed(exc: NotConfirmedError) -> ToolRetry:
    return ToolRetry(f"not confirmed: {exc}", code=NOT_CONFIRMED, hint=ASK_FOR_YES)
