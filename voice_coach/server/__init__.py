"""The web app: app factory (app), WebSocket connection, outgoing queue (outbox), health, access
policy (security), shared state, REST API.

May import pipeline, conversation, reports and everything below; never cli.
"""
