"""The crisis check: rules, the learned model, the checker, evaluation on labelled files.

May import feedback (embeddings) and the top level; never conversation, server, reports or cli.
"""
