"""DEAR MAN feedback: cues, exemplar bank, embeddings, classifier, evaluators (offline, LLM), coaching, voice reflections, evaluation harness.

May import audio and the top level; never conversation, server, reports or cli.
"""
