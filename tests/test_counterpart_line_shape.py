"""What a line does beyond its acts (conversation/line_shape.py), and the replies that depend on it."""

from __future__ import annotations

import pytest

from voice_coach.conversation.acts import extract_proposal, read_acts
from voice_coach.conversation.line_shape import changes_subject, says_goodbye, states_its_matter, states_matter
from voice_coach.conversation.replies import named_topic


@pytest.mark.parametrize("line", [
    "I'm ringing about the boiler again, because it's been two weeks now.",
    "I'm calling about a charge on my statement that I think is wrong.",
])
def test_a_preamble_with_its_matter_states_it(line: str) -> None:
    assert states_its_matter(line, read_acts(line))


@pytest.mark.parametrize("line", ["Can we talk?", "I'd like to talk to you about something.",
                                  "I need to talk to you about it.", "I'd like to ask you about how I work."])
def test_a_bare_preamble_states_no_matter(line: str) -> None:
    assert not states_matter(line)


@pytest.mark.parametrize(("line", "goodbye"), [
    ("Okay. See you Thursday then.", True), ("Right, bye!", True), ("Talk later.", True),
    ("See you Thursday, and please call before you come.", False), ("Bye the way, the rent is late.", False),
])
def test_a_whole_line_of_goodbye(line: str, goodbye: bool) -> None:
    assert says_goodbye(line) is goodbye


def test_anyway_changes_the_subject() -> None:
    assert changes_subject("Anyway, did you see the new office plans?")
    assert not changes_subject("I don't think it's fair anyway.")


def test_a_purpose_clause_is_no_offer() -> None:
    assert extract_proposal("I've brought some figures so we can have a real discussion.") is None
    assert extract_proposal("So we can have a real discussion, I'll send the figures tonight.") is not None


def test_a_counter_offer_with_figures_is_an_offer() -> None:
    assert (extract_proposal("If ten percent isn't possible, what about six percent now?")
            == "we do six percent now")


def test_asking_about_a_topic_is_a_preamble_not_a_request() -> None:
    acts = read_acts("Hi, do you have a minute? I'd like to ask you about my hours, nothing serious.")
    assert acts.preamble and not acts.request


def test_details_after_a_preliminary_are_the_matter() -> None:
    line = "Yes, my date of birth is the second of March. There's 950 dollars for a CT scan I never had."
    assert not read_acts(line).preliminary
    assert read_acts("Sure, it's 5523-118, and my birthday is the second of June, 1979.").preliminary


@pytest.mark.parametrize(("line", "topic"), [
    ("I need to talk to you about it properly.", None),
    ("I wanted to talk about my salary, and I've put some numbers together.", "your salary"),
    ("I wanted to ask you about the surgery, if that's alright.", "the surgery"),
    ("Can we talk about that meeting?", "that meeting"),
])
def test_named_topic_reads_whole(line: str, topic: str | None) -> None:
    assert named_topic(line) == topic
