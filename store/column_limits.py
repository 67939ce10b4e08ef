"""The sizes of the columns that outside input is stored in, read off the models.

The HTTP layer clips or refuses what does not fit before it reaches the store:
SQLite would keep a longer value, PostgreSQL refuses it (`VARCHAR(n)`, int4).
"""

from __future__ import annotations

from typing import Any

from bookbot.store.models import CustomerRow, MessageRow


def _length(column: Any) -> int:
    length = getattr(column.type, "length", None)
    if not isinstance(length, int):
        raise TypeError(f"{column} has no length")
    return length


CUSTOMER_NAME_LENGTH = _length(CustomerRow.__table__.c.name)
"""The longest customer name (`customers.name`)."""
MESSAGE_ID_LENGTH = _length(MessageRow.__table__.c.wa_message_id)
"""The longest external message id (`messages.wa_message_id`)."""
INTEGER_MAX = 2**31 - 1
"""The largest value of an `Integer` column (PostgreSQL's int4), e.g. every `id`."""
