"""`python -m voice_coach`: the same command line as the `voice-coach` script."""

from voice_coach.cli.app import main

main()
