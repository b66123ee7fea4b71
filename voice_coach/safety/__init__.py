"""The crisis check in two tiers: rules, the learned stage (heads and prototypes), the LLM judge.

Modules: result, rules, windows, prototypes, model, training, stage, checker, llm_judge,
resources, evaluate. May import feedback (embeddings) and the top level; never conversation,
server, reports or cli.
"""
