"""The web app: FastAPI app and WebSocket connection, outgoing queue, REST API.

May import pipeline, conversation, reports and everything below; never cli.
"""
