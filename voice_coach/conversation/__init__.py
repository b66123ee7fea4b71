"""The rehearsal turn loop: session, counterpart and its stance, scenarios and the scenario builder, check-in, summary, and the services a process shares.

May import feedback, safety, audio and the top level; never server, reports or cli.
"""
