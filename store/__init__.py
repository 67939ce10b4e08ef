"""bookbot.store: persistence. SQLAlchemy 2 models, engines and sessions, Alembic
migrations, and the repositories the tools, agent, API and worker use.

May import `bookbot.core` and `bookbot.settings`, never tools, agent or api.

    db              make_engine, make_session_factory, write_session, lock_services
    migrate         upgrade, downgrade, ensure_schema (migrations/ holds the scripts)
    models          the tables (ORM rows stay inside the store)
    records         the frozen values the repositories return
    business_file   load_business_file: the business YAML -> core Business
    businesses      import_business (idempotent upsert), load_business (from the DB)
    business_changes  what an import would change, and the admin edits it would undo
    customers       normalize_phone, get_or_create_customer
    bookings        book_plan, reschedule, cancel_sessions, and re-exported from
    status            set_status, complete_session, ... (the state machine + audit)
    queries           group_sessions, calendar_intervals, ... (the reads)
    plan_rows         book_plan's service lock, capacity read and few-statement inserts
    proposals       what the bot showed a customer, and may therefore book
    conversations   conversations, messages, turns and tool calls
    inbound         store_message: a customer's message stored (received or pending)
    turn_queue      the turn queue: claims, the turn's reads, answered / failed
    handoff         conversations with staff (requested / taken), held messages, the inbox
    wakeups         LISTEN/NOTIFY between the roles' processes (PostgreSQL; SQLite polls)
    threads         the chat page's reads of a conversation
    outbox          messages to send: enqueue once per key, claim, retry, fail visibly
    reply_rows      a reply, the proposals it shows and its outbox row (PostgreSQL: one statement)
    outbox_waiting  pending messages not to be tried before a moment (by kind)
    sent_messages   the stored outbound message of an outbox row (sent or failed)
    delivery_status WhatsApp's sent/delivered/read/failed statuses on sent messages
    notification_state  the groups and completions the proactive worker reads
    lookup          ids and rows by slug, customer-scoped group lookups
    admin_queries, admin_transcripts, services_admin   the admin API's reads and edits

Transactions: a use case that is one transaction on its own (book_plan,
reschedule, cancel_sessions) takes a session factory and commits; everything else
takes a Session and leaves the commit to the caller. Every datetime going in must
be timezone-aware; every datetime coming out is aware UTC.
"""

from bookbot.store.business_file import load_business_file
from bookbot.store.businesses import ImportResult, import_business, load_business
from bookbot.store.customers import get_or_create_customer, normalize_phone
from bookbot.store.db import make_engine, make_session_factory
from bookbot.store.migrate import downgrade, ensure_schema, upgrade

__all__ = [
    "ImportResult",
    "downgrade",
    "ensure_schema",
    "get_or_create_customer",
    "import_business",
    "load_business",
    "load_business_file",
    "make_engine",
    "make_session_factory",
    "normalize_phone",
    "upgrade",
]
