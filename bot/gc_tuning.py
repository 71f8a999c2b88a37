"""The garbage collector, set up for a long-running server once it is built.

Two standard changes, made by `supportbot serve` just before it starts serving:

- `gc.freeze()`: everything alive after start-up (the policy, the compiled
  patterns, the phone metadata, the libraries: about 73,000 objects) moves to a
  permanent generation the collector no longer walks. Without it every full
  collection walked them all: about 46 ms each on the 2-core machines, the
  longest pause a webhook saw (bench/sms_webhooks.py, docs/benchmarks.md).
- A first-generation threshold of 10,000 allocations instead of 700: a turn's
  objects die by reference counting, so frequent young collections found little and
  cost about 8 % of a busy worker's CPU.
"""

from __future__ import annotations

import gc
from typing import Final

GEN0_THRESHOLD: Final = 10_000


def tune_for_serving() -> None:
    gc.collect()
    gc.freeze()
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(GEN0_THRESHOLD, gen1, gen2)
