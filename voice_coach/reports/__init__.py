"""Reports of stored rehearsals: the shareable report, charts, progress over sessions, Markdown export.

May import conversation, feedback, safety and the top level.
"""
