"""Lines that answer what the person's line does, before anything of the matter: a practical question on arrival
("should I put my bag here?"), a "no, not yet" to the counterpart's own opening question, an answer put off ("I'll
talk to my partner and get back to you"), a later talk asked for, guilt at saying no, a fear from
something read online, letting the counterpart finish its text, granting it its way ("have them
over whenever"), and "are you upset with me?". Each is answered as such, not with a term, a rebuttal or a stock line.
"""

from __future__ import annotations

from collections.abc import Sequence

from voice_coach.conversation.acts import Acts
from voice_coach.conversation.follow_up import asks_if_upset, will_get_back
from voice_coach.conversation.openers import answers_not_yet, lets_them_finish, settles_in
from voice_coach.conversation.policy import Plan, Reaction
from voice_coach.conversation.scenarios import Move
from voice_coach.conversation.speaker_acts import grants_their_way
from voice_coach.conversation.talk_cues import asks_to_talk_later, feels_bad_asking, scared_by_reading

_ANSWERING = (Reaction.ANSWER, Reaction.SMALL_TALK)


def direct_kinds(user_text: str, acts: Acts, plan: Plan, *, last: str, asking: Sequence[str]) -> list[str]:
    """The generic line kinds that answer the line directly, most fitting first. `last` is the counterpart's last
    line, `asking` the lines whose question the person may be answering (the opening one too, early on)."""
    kinds: list[str] = []
    if asks_if_upset(user_text) and plan.reaction == Reaction.ANSWER:
        # answered as asked, by the mood of the move
        objecting = plan.move in (Move.DEFLECT, Move.MINIMIZE, Move.COUNTER_COMPLAINT)
        kinds.append("upset_asked_yes" if objecting else "upset_asked_soft")
    if grants_their_way(user_text) and plan.reaction == Reaction.ANSWER and not (
            acts.request or acts.proposal or acts.refusal or acts.sarcastic or acts.blame):
        kinds.append("relieved")  # what they wanted, granted: relief
    if lets_them_finish(user_text, last) and plan.reaction in _ANSWERING and not (
            acts.request or acts.blame or acts.feelings):
        kinds.append("let_finish")  # "No worries, finish your message to Ben, I'll wait.": thanked
    if will_get_back(user_text) and plan.reaction == Reaction.ANSWER and not (acts.request or acts.question):
        kinds.append("get_back")  # the wait accepted, with a nudge
    if answers_not_yet(user_text, *asking) and (
            plan.reaction in _ANSWERING) and not (acts.request or acts.blame or acts.refusal or acts.feelings):
        kinds.append("not_yet")  # "Have you started the tablets yet?" - "Um, no, not yet.": what held them back
    if asks_to_talk_later(user_text) and plan.reaction == Reaction.ANSWER and not (acts.blame or acts.sarcastic):
        kinds.append("talk_later")  # "can we talk about it properly next week?": the later talk granted or put off
    if feels_bad_asking(user_text) and plan.reaction == Reaction.ANSWER and not (
            acts.request or acts.proposal or acts.question or acts.blame or acts.sarcastic):
        kinds.append("guilt_eased")  # "I feel really bad saying no.": the guilt met, not "tell me more"
    if scared_by_reading(user_text) and plan.reaction == Reaction.ANSWER and not (
            acts.request or acts.proposal or acts.blame or acts.sarcastic):
        kinds.append("read_and_scared")  # "I got scared after I read stuff online": what they read, asked first
    if settles_in(user_text) and not acts.blame:
        kinds.append("settle_in")  # "Sorry, should I put my bag here?": answered before anything of the matter
    return kinds
