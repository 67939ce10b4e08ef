"""bookbot: a WhatsApp booking agent for businesses that sell multi-session plans.

The top-level folders of the repository are installed as subpackages of this one
(`bookbot.core` is `core/`, `bookbot.api` is `api/`, ...); see pyproject.toml.
"""

__version__ = "0.1.0"
