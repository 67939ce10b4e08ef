"""bookbot.service: the use cases of a conversation, the one path from a customer's
message to bookbot's reply and from the outbox to WhatsApp.

Sits between the ways in (`bookbot.api`, `bookbot.evals`) and the agent: it may
import agent, tools, store and core (and `bookbot.api.whatsapp`, the Cloud API
client, which imports nothing of bookbot but core and settings). It reaches the
database only through the store's repositories.

    conversations  Conversations: receive (store a message), answer(message_id, now)
                   (the turn, the reply, the proposals shown, the answered status
                   and the outbox row), handle (both, for the terminal and evals)
    replies        what a reply carries (buttons, the "text only" reply) and
                   store_reply, the turn's last write
    confirmation   a message read as the answer to the offer it answers (button,
                   reaction, text: yes / no / change / unclear), recorded before
                   its turn; the proposal-naming buttons and the "replaced" reply
    queue          InboundQueue: pending messages answered per customer, in order
                   (the queue's rows live in `store.turn_queue`)
    turn_worker    TurnWorker: the turns role, woken by LISTEN/NOTIFY (polling on SQLite)
    senders        Senders: the delivery role, concurrent senders of the outbox
    proactive      enqueue_due: the worker's pass, due reminders into the outbox
    delivery       deliver_due: the outbox sent through a transport
    transports     Graph, local, or recording (evals, tests)
    outbound       an outbox body -> the Graph API message
    handoff        human handoff: messages of a thread with staff held, staff replies
                   through the outbox, take over / hand back, the idle timeout
"""
