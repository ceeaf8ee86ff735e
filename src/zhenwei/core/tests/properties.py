"""How many examples a property test (hypothesis) tries: ``examples(n)`` is ``n`` in ``make
properties`` (ZHENWEI_PROPERTY_SCALE=1, also run by CI) and a twentieth of it, at least 5, in the
default run: ``make test`` stays short and still exercises every property (a smoke)."""

import os

SCALE = float(os.environ.get("ZHENWEI_PROPERTY_SCALE", "0.05"))


def examples(n: int) -> int:
    return max(5, round(n * SCALE))
