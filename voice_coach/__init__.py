"""voice_coach: rehearse hard conversations aloud with DEAR MAN coaching."""

__version__ = "0.1.0"
