"""bookbot.prompts: the versioned system prompt template (`system_v1.md.j2`), its
rendering with the business facts (`render`), and the wording of prices, spacing
and strategies shared by the prompt, the tools and the offline model (`facts`).
May import core only."""
