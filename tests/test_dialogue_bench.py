"""The scripted counterpart against the dialogue set (real sessions, real offline evaluator), and the checks."""

from __future__ import annotations

from typing import Any

from voice_coach.bench.dialogue import DialogueResult, Reply, check, load_dialogues, run_dialogues
from voice_coach.config import Settings
from voice_coach.safety.checker import SafetyChecker


async def test_scripted_counterpart_passes_the_whole_dialogue_set(tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialogues = load_dialogues()
    assert len(dialogues) >= 40 and len({d["scenario"] for d in dialogues}) >= 12
    # The counterpart is under test here, so the crisis check is the rules alone: the learned stage asks a
    # check-in on about 3% of ordinary lines (docs/safety.md), and a checked line gets no reply by design.
    out = await run_dialogues(Settings(data_dir=tmp_path), safety=SafetyChecker(learned=False))
    assert out["failures"] == [], out["failures"]
    assert out["pass_rate"] == 1.0
    # Every check was exercised, so a pass means something.
    assert all(out["checks_run"].get(name, 0) > 0 for name in out["failures_by_check"])


def _reply(user: str, text: str, move: str = "clarifying_question", before: float = 0.5, after: float = 0.5,
           ended: str | None = None) -> Reply:
    return Reply(user, text, move, before, after, 5.0, ended)


def _failed(dialogue: dict[str, Any], replies: list[Reply], difficulty: int = 5) -> set[str]:
    result = DialogueResult(dialogue["id"], dialogue["scenario"], difficulty, replies)
    check(dialogue, result, "Hi, what's up?")
    return {name for name, _ in result.failures}


def test_checks_catch_each_broken_behaviour() -> None:
    ask = {"id": "a", "scenario": "remote-fridays", "turns": [{"say": "Can I work from home?", "tags": ["request"]}]}
    assert _failed(ask, [_reply("Can I work from home?", "Okay. What is it you'd like from me?")]) == {
        "request_not_generic"}
    offer = {"id": "b", "scenario": "remote-fridays",
             "turns": [{"say": "How about a trial?", "tags": ["proposal"], "engage": ["trial"]}]}
    assert _failed(offer, [_reply("How about a trial?", "How would you handle the wrap-up call?")]) == {
        "proposal_engaged"}
    insult = {"id": "c", "scenario": "roommate-dishes", "turns": [{"say": "You're a slob.", "tags": ["insult"]}]}
    assert _failed(insult, [_reply("You're a slob.", "Totally, as long as exam week gets a pass.",
                                   "conditional_agreement")]) == {"insult_not_agreed"}
    assert _failed(insult, [_reply("You're a slob.", "Hey, that's not fair.", "counter_complaint", 0.5, 0.4)]) == {
        "insult_not_agreed"}
    cave = {"id": "d", "scenario": "roommate-dishes", "turns": [{"say": "Never mind.", "tags": ["caving"]}]}
    assert _failed(cave, [_reply("Never mind.", "Of course! Same day from now on.", "agreement",
                                 ended="agreement")]) == {"caving_not_agreement"}
    same = {"id": "e", "scenario": "decline-weekend-work", "repeat": True,
            "turns": [{"say": "No."}, {"say": "No."}, {"say": "No."}]}
    replies = [_reply("No.", "Why?", after=0.6), _reply("No.", "Hm.", after=0.5),
               _reply("No.", "Fine, deal.", "agreement", after=0.1, ended="agreement")]
    assert "repetition_no_win" in _failed(same, replies)
    crisis = {"id": "f", "scenario": "parent-visit-limit",
              "turns": [{"say": "Call first."}, {"crisis": True}, {"say": "Please call first."}]}
    assert _failed(crisis, [_reply("Call first.", "Why?"),
                            _reply("Please call first.", "I hardly think that's a crisis.", "minimize")]) == {
        "safety_no_minimise"}
    chat = {"id": "g", "scenario": "roommate-dishes", "turns": [{"say": "a"}, {"say": "b"}]}
    assert _failed(chat, [_reply("a", "Same line."), _reply("b", "Same line.")]) == {"no_repeated_reply"}
    assert _failed({**chat, "turns": [{"say": "a"}]}, [_reply("a", "word " * 41)]) == {"max_words"}
    small = {"id": "h", "scenario": "parent-visit-limit", "turns": [{"say": "hi mum", "tags": ["small_talk"]}]}
    long_reply = "It's only a few visits and I hardly think that's a crisis, you know, I came all this way."
    assert _failed(small, [_reply("hi mum", long_reply)]) == {"small_talk_answered"}
    unsaid = {"id": "i", "scenario": "roommate-dishes", "turns": [{"say": "The sink is full.", "avoid": ["kettle"]}]}
    assert _failed(unsaid, [_reply("The sink is full.", "Was it the kettle thing?")]) == {"nothing_unsaid"}


async def test_a_check_in_on_an_ordinary_line_is_answered_and_the_rehearsal_goes_on(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from voice_coach.bench.dialogue import judge_sample

    patterns = tmp_path / "patterns.yaml"
    patterns.write_text("version: 1\ncategories: {abuse: ['nobody says this']}\ncheck_in: {suicide: ['zebra crossing']}\n")
    dialogue = {"id": "check-in-goes-on", "scenario": "roommate-dishes", "turns": [
        {"say": "Hi Maya, have you got a minute?"},
        {"say": "I keep thinking about the zebra crossing."},
        {"say": "I'd like us to wash up the same day we cook."}]}
    out = await run_dialogues(Settings(data_dir=tmp_path / "data"), dialogues=[dialogue], warm_up=False,
                              safety=SafetyChecker(patterns, learned=False))
    transcript = out["transcripts"][0]
    # The flagged line got no reply (a failure of the no-reply check), but the line after it did.
    assert [t["user"] for t in transcript["turns"]] == [dialogue["turns"][0]["say"], dialogue["turns"][2]["say"]]
    assert transcript["check_ins"] == [(1, dialogue["turns"][1]["say"])]
    rows = judge_sample(out)[0]["turns"]
    assert rows[1]["user"] == dialogue["turns"][1]["say"] and rows[1]["counterpart"].startswith("(no reply")
