"""The `voice-coach` command line, text mode and the terminal voice front end.

The top room: may import every other subpackage.
"""
