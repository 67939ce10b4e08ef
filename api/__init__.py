"""bookbot.api: the ways in. The FastAPI app (WhatsApp webhook, chat page, admin)
and the `bookbot` command line; the message path they call is `bookbot.service`.

May import everything below it (evals, service, agent, tools, store, core). The
api holds the HTTP logic; it reads and writes the database only
through the store's repositories (keyword-only functions, one transaction per
use case), never through the store's models.

    app            create_app: the routes, the queue and the delivery loop together
    deps           AppState and the `Annotated` dependencies of the routes
    webhook        GET/POST /webhooks/whatsapp: verify, store, acknowledge
    intake         a webhook body read piece by piece and stored (messages, statuses)
    statuses       Meta's delivery statuses -> `store.delivery_status`
    chat           the local chat page (/chat) and its JSON API (`store.threads`)
    whatsapp/      the WhatsApp Cloud API building blocks (no database, no agent;
                   `bookbot.service` sends through them)
    admin/         the admin REST API and dashboard
    cli, serve_cli, worker_cli   the `bookbot` command and its subcommands
    roles          `serve --role ingest|turns|delivery`: one role in this process
    supervisor     `serve --workers N`: the roles as child processes, restarted when they die
"""
