"""The typed tools the model calls, and the one registry that describes them.

May import bookbot.core, bookbot.store and bookbot.prompts (for shared wording);
never bookbot.agent or bookbot.api.
"""
