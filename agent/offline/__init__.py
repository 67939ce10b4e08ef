"""The offline model: a deterministic, rule-based dialogue policy behind the same
`Model` interface as an LLM, driving the same tools.

`policy.OfflineModel` reads each message through `nlu_adapter` (the language
understanding of `bookbot.agent.nlu` folded into one `Understanding`), keeps the
dialogue state in the conversation (`phase`), decides the next tool call
(`wishes`, `changes`, `guidance`) and writes the reply from the tool results
(`composer`, `replies`, `conflicts`, `free_times`); `handoff` hands the thread to a
person when asked, and offers one to an upset or unhelped customer. May import agent.nlu, agent's
model interface, tools' schemas, core and prompts; never the store.
"""
