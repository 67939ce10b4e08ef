"""bookbot.agent: the conversation loop and the models behind it.

    turn            one turn: model <-> tools until a reply, with caps and fallback
    service         Conversations: store the message, run the turn, store the reply
    model           the Model interface (and a scripted model for tests)
    openai_model    openai:<model> through chat completions, retried with tenacity
    offline/        the rule-based default model; nlu/ its language understanding
    memory          history within a token budget
    proactive       the worker pass: notification policy -> outbox
    runtime         wiring from Settings

May import tools, store, core, prompts and settings; the api imports it.
"""
