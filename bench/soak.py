"""The reliability suite, soaked: rounds of fuzzing (fresh seeds, many more examples) and kill -9
loops until the time is up, with the figures the reliability issue asks for.

    python bench/soak.py --minutes 10        # writes bench/results/soak.{md,json}

Each round runs ``tests/reliability`` through pytest with a new hypothesis seed (from the clock
unless ``--first-seed`` says); it counts the examples hypothesis ran
(``--hypothesis-show-statistics``), the kills the crash test survived, and any failure or
traceback. A failing round's output is kept in bench/results/, named by its seed.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import RESULTS, stamp, write_results

REPO = Path(__file__).resolve().parent.parent
SUITE = REPO / "tests" / "reliability"


def run_round(seed: int, examples: int, kills: int) -> dict[str, int]:
    env = {**os.environ, "PARLZOEK_FUZZ_EXAMPLES": str(examples), "PARLZOEK_KILLS": str(kills)}
    command = [sys.executable, "-m", "pytest", str(SUITE), "-s", "-p", "no:cacheprovider",
               f"--hypothesis-seed={seed}", "--hypothesis-show-statistics"]  # fmt: skip
    done = subprocess.run(command, check=False, cwd=REPO, env=env, capture_output=True, text=True)
    output = done.stdout + done.stderr
    if done.returncode != 0:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / f"soak-failure-seed-{seed}.txt").write_text(output, encoding="utf-8")
    return {
        "inputs": sum(int(n) for n in re.findall(r"(\d+) passing,", output)),
        "failing inputs": sum(int(n) for n in re.findall(r", (\d+) failing,", output)),
        "kills": sum(int(n) for n in re.findall(r"kills survived: (\d+)", output)),
        "failed tests": len(re.findall(r"^(?:FAILED|ERROR) ", output, re.MULTILINE)) or int(done.returncode != 0),
        "tracebacks": output.count("Traceback (most recent call last)"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--examples", type=int, default=1000, help="hypothesis examples per fuzz test and round")
    parser.add_argument("--kills", type=int, default=40, help="kill -9 per round")
    parser.add_argument("--first-seed", type=int, default=int(time.time()) % 1_000_000,
                        help="hypothesis seed of round 1 (then +1 per round); default: from the clock")  # fmt: skip
    args = parser.parse_args()
    totals = dict.fromkeys(["rounds", "inputs", "failing inputs", "kills", "failed tests", "tracebacks"], 0)
    deadline, started = time.monotonic() + args.minutes * 60, time.monotonic()
    while time.monotonic() < deadline:
        seed = args.first_seed + totals["rounds"]
        figures = run_round(seed=seed, examples=args.examples, kills=args.kills)
        totals["rounds"] += 1
        for name, value in figures.items():
            totals[name] += value
        print(f"round {totals['rounds']} (seed {seed}): {figures}", flush=True)
    minutes = (time.monotonic() - started) / 60
    rows = "\n".join(f"| {name} | {value:,} |" for name, value in totals.items())
    markdown = (
        f"# Reliability soak: {minutes:.1f} minutes\n\n| figure | value |\n|---|---|\n{rows}\n\n"
        "Documents lost are counted as failed tests: every kill is followed by a check that the\n"
        "index holds exactly the old or the new corpus.\n"
    )
    markdown += f"\nSeeds {args.first_seed} to {args.first_seed + totals['rounds'] - 1}.\n"
    write_results("soak", {"stamp": stamp(), "minutes": minutes, "first_seed": args.first_seed, **totals}, markdown)
    sys.exit(1 if totals["failed tests"] or totals["tracebacks"] else 0)


if __name__ == "__main__":
    main()
