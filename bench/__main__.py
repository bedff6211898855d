"""`python -m bench` (`make bench`): run the benchmark scenarios and write bench/results/.

    python -m bench --list
    python -m bench [--only NAME] [--database sqlite|postgresql] [--duration SECONDS]
                    [--warmup SECONDS] [--concurrency N] [--load-generator auto|wrk|python]

Exits 1 when a scenario fails or any measured request failed (its result is still written).
"""

from __future__ import annotations

import argparse
import sys
import time

from bench import report
from bench.load import generator_name
from bench.scenarios import SCENARIOS, Options
from bench.server import BenchError


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Run Tutela's benchmarks (see bench/README.md)."
    )
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    parser.add_argument(
        "--only", choices=sorted(SCENARIOS), metavar="NAME", help="run only this scenario"
    )
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgresql"],
        default="sqlite",
        help="sqlite (default) or a fresh PostgreSQL database tutela_bench on "
        "postgres://postgres@127.0.0.1:5432, dropped afterwards",
    )
    parser.add_argument(
        "--duration",
        type=float,
        default=20.0,
        help="seconds of measured load per endpoint (default 20)",
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=2.0,
        help="seconds of unmeasured load before each measurement (default 2)",
    )
    parser.add_argument(
        "--concurrency", type=int, default=8, help="requests in flight at once (default 8)"
    )
    parser.add_argument(
        "--load-generator",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="wrk if installed (auto, the default), or the Python generator",
    )
    arguments = parser.parse_args(argv)
    if arguments.duration <= 0 or arguments.warmup < 0 or arguments.concurrency < 1:
        parser.error("--duration and --concurrency must be positive, --warmup not negative")
    return arguments


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    if arguments.list:
        for scenario in SCENARIOS.values():
            print(f"{scenario.name}: {scenario.description}")
        return 0
    try:
        generator = generator_name(arguments.load_generator)
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 2
    options = Options(
        database=arguments.database,
        duration=arguments.duration,
        warmup=arguments.warmup,
        concurrency=arguments.concurrency,
        generator=generator,
    )
    selected = [SCENARIOS[arguments.only]] if arguments.only else list(SCENARIOS.values())
    failed = False
    for scenario in selected:
        print(
            f"{scenario.name} ({options.database}, load by {generator}, "
            f"concurrency {options.concurrency}, {options.duration:g} s per endpoint)"
        )
        started = time.monotonic()
        try:
            result = scenario.run(options)
        except BenchError as error:
            print(f"{scenario.name} failed: {error}", file=sys.stderr)
            failed = True
            continue
        summary = result.pop("summary", [])
        path = report.write_result(scenario.name, options.database, result)
        for line in summary:
            print(f"  {line}")
        print(
            f"  wrote {path.relative_to(report.REPO_DIR)} "
            f"({time.monotonic() - started:.0f} s in all)"
        )
        if result.get("errors"):
            print(f"  {result['errors']} requests failed: see {path.name}", file=sys.stderr)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
