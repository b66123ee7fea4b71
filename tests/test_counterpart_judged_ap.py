"""Regressions for counterpart replies in set AP, tested on fresh wording: a question that puts the counterpart in the
person's place ("Would you put up with it if it was the other way round?") said back as an ask ("I can't promise to
put up with it if it was the other way round yet")."""

from __future__ import annotations

from voice_coach.conversation.acts import requested_action


def test_a_question_in_my_shoes_is_not_an_ask() -> None:
    # Fails if "Would you be okay with it if someone did that to you?" is said back as something to promise.
    assert requested_action("Would you be okay with it if someone did that to you, honestly?") is None
    assert requested_action("Would you put the heating on for an hour?") == "put the heating on for an hour"
