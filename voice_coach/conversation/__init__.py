"""The rehearsal turn loop: session, counterpart and its stance, scenarios and the scenario builder, check-in, summary.

May import feedback, safety, audio and the top level; never server, reports or cli.
"""
