"""Time the bundled embedder: load, and warm latency for one ~20-word sentence, per thread count.

The first load includes importing onnxruntime and tokenizers. Run from the repository root:

    PYTHONPATH=. python models/minilm/bench.py [--runs 200] [--threads 1 2]
"""

from __future__ import annotations

import argparse
import statistics
import time

from voice_coach.feedback.embed import OnnxEmbedder

SENTENCE = "I noticed the report went out without my section again, and I would like to understand why that happened."
BANK = [f"{SENTENCE} Variant {i} adds a few more words about the schedule." for i in range(64)]


def main() -> None:
    """Print load time, p50/p95 single-sentence latency and bulk throughput for each thread count."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    print(f"sentence: {len(SENTENCE.split())} words")
    for threads in args.threads:
        embedder = OnnxEmbedder(intra_op_num_threads=threads)
        start = time.perf_counter()
        embedder.load()
        load_s = time.perf_counter() - start
        for _ in range(20):
            embedder.encode([SENTENCE])
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            embedder.encode([SENTENCE])
            times.append(time.perf_counter() - start)
        times.sort()
        p50 = statistics.median(times) * 1e3
        p95 = times[int(0.95 * (len(times) - 1))] * 1e3
        start = time.perf_counter()
        embedder.encode(BANK)
        per_text = (time.perf_counter() - start) / len(BANK) * 1e3
        print(
            f"threads={threads}: load {load_s:.3f} s, one sentence p50 {p50:.2f} ms p95 {p95:.2f} ms, "
            f"bulk {per_text:.2f} ms/text over {len(BANK)} texts"
        )


if __name__ == "__main__":
    main()
