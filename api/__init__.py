"""bookbot.api: the ways in. The FastAPI app (WhatsApp webhook, chat page, admin),
the inbound queue, outbox delivery and the `bookbot` command line.

May import everything below it (evals, agent, tools, store, core). The api holds
the HTTP, queue and threading logic; it reads and writes the database only
through the store's repositories (keyword-only functions, one transaction per
use case), never through the store's models.

    app            create_app: the routes, the queue and the delivery loop together
    deps           AppState and the `Annotated` dependencies of the routes
    webhook        GET/POST /webhooks/whatsapp: verify, store, acknowledge
    intake         a webhook body read piece by piece and stored (messages, statuses)
    statuses       Meta's delivery statuses -> `store.delivery_status`
    inbound        InboundQueue: pending messages answered per customer, in order
                   (the queue's rows live in `store.inbox`)
    replies        answer_message: one stored message through the agent, its reply queued
    chat           the local chat page (/chat) and its JSON API (`store.threads`)
    outbound       an outbox body -> the Graph API message
    delivery       deliver_due: the outbox sent through a transport
    transports     Graph or local
    whatsapp/      the WhatsApp Cloud API building blocks (no database, no agent)
    admin/         the admin REST API and dashboard
    cli, serve_cli, worker_cli   the `bookbot` command and its subcommands
"""
