"""Turns to agreement for a skilled and an unskilled scripted user, per difficulty (real offline evaluator).

Run from the repository root: python -m tests.turns_to_agreement
"""

import asyncio, tempfile, pathlib, collections, statistics
from tests.helpers import make_services, start, collect
from tests.test_counterpart import SKILLED, UNSKILLED
from voice_coach.events import ConversationEnded
from voice_coach.conversation.scenarios import load_scenarios
from voice_coach.feedback.factory import make_evaluator
from voice_coach.config import Settings

async def run(sid, lines, ev):
    s = make_services(pathlib.Path(tempfile.mkdtemp()), evaluator=ev, max_turns=12)
    sess = await start(s, sid)
    for line in lines:
        evs = await collect(sess.user_turn(line))
        end = [e for e in evs if isinstance(e, ConversationEnded)]
        if end: return sess.turn_index, end[0].reason
    return sess.turn_index, "none"

async def main():
    ev = make_evaluator(Settings(), None)   # the real offline evaluator
    by = collections.defaultdict(lambda: {"skilled": [], "unskilled": [], "agree_s": 0, "agree_u": 0})
    for sc in sorted(load_scenarios().values(), key=lambda s: s.difficulty):
        t1, r1 = await run(sc.id, SKILLED, ev)
        t2, r2 = await run(sc.id, UNSKILLED, ev)
        d = by[sc.difficulty]
        d["skilled"].append(t1); d["unskilled"].append(t2); d["agree_s"] += r1 == "agreement"; d["agree_u"] += r2 == "agreement"
    print("| difficulty | scenarios | skilled: turns (agreed) | unskilled: turns (agreed) |")
    print("|---|---|---|---|")
    for diff in sorted(by):
        d = by[diff]
        n = len(d["skilled"])
        print(f"| {diff} | {n} | {statistics.mean(d['skilled']):.1f} ({d['agree_s']}/{n}) | {statistics.mean(d['unskilled']):.1f} ({d['agree_u']}/{n}) |")
asyncio.run(main())
