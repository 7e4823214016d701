"""What helps me on a big database: the core's answer, and the screen opening.

The core: open the store, read what the insights need and work them out (as `coach
insights` and the screen do), timed in-process, several times. Prints one JSON line:
{"core": [seconds...], "problem": str}.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def core_times(db: str, runs: int) -> list[float]:
    from coach.dates import today
    from coach.insights import WEEKS, insights
    from coach.store import Store

    day = today()
    times: list[float] = []
    with Store.open(db) as store:
        insights(store.recent_history(day, days=WEEKS * 7), day)  # warm: the first read
        for _ in range(runs):
            start = time.perf_counter()
            insights(store.recent_history(day, days=WEEKS * 7), day)
            times.append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    out: dict[str, Any] = {"core": [], "problem": ""}
    try:
        out["core"] = core_times(args.db, args.runs)
    except Exception as exc:  # noqa: BLE001 - said in the table
        out["problem"] = f"{type(exc).__name__}: {exc}"
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
