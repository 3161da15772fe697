#!/usr/bin/python3
"""Speed-up of running on every core: `portolan run` with 8 replications, `portolan regress`
(the capacity example on 10 seeds) and `portolan.sweep`, each with one job and with N (default 2), repetitions interleaved
(one-job run, N-job run, one-job run...) so that both see the same machine load.

    PYTHONPATH=build/python /usr/bin/python3 bench/jobs_speedup.py [BUILD_DIR] [--reps 3] [--jobs 2]

Prints first the parallelism the machine gives this session (two independent processes side
by side against one after the other: about 2x on an idle 2-core machine, less when other
sessions keep the cores busy), then per repetition the wall seconds of both and their ratio,
and the median ratio. The ratios are what to compare across machines and days; the seconds are
not.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("build", nargs="?", default=str(REPO / "build"))
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", choices=["run", "regress", "sweep"], action="append")
    args = ap.parse_args()
    build = Path(args.build).resolve()
    cli = build / "cli" / "portolan"
    sys.path.insert(0, str(build / "python"))
    import portolan

    capacity = REPO / "scenarios" / "examples" / "capacity.textproto"
    tmp = Path(tempfile.mkdtemp(prefix="jobs_speedup-"))

    def run_cmd(jobs):
        subprocess.run([cli, "run", capacity, "--set", "run.replications=8", "--jobs", str(jobs),
                        "-q", "--out", tmp / f"run-{jobs}"], check=True)

    # A suite of one scenario, the capacity example, against baselines of its own 10 seeds
    # (the seed scenarios take under a millisecond a run: process start would dominate).
    suite = tmp / "suite"
    suite.mkdir()
    (suite / "capacity.textproto").write_text(capacity.read_text())
    subprocess.run([cli, "run", capacity, "--set", "run.replications=10", "-q",
                    "--out", tmp / "baselines" / "capacity"], check=True)

    def regress_cmd(jobs):
        subprocess.run([cli, "regress", suite, tmp / "baselines", "--jobs", str(jobs), "-q",
                        "--out", tmp / f"regress-{jobs}"], check=True)

    scenario = portolan.Scenario.load(capacity)

    def sweep_cmd(jobs):
        portolan.sweep(scenario, grid={"cluster.pools[0].count": [250, 280]},
                       seeds=[1, 2, 3, 4], progress=False, jobs=jobs)

    cases = {"run (8 replications of capacity)": run_cmd,
             "regress (capacity, 10 seeds)": regress_cmd,
             "sweep (8 runs of capacity)": sweep_cmd}
    def two_processes(together: bool):
        cmd = [cli, "run", capacity, "-q", "--set", "run.replications=4", "--jobs", "1"]
        if together:
            procs = [subprocess.Popen([*cmd, "--out", tmp / f"cal-{i}"]) for i in range(2)]
            assert all(p.wait() == 0 for p in procs)
        else:
            for i in range(2):
                subprocess.run([*cmd, "--out", tmp / f"cal-{i}"], check=True)

    # The ceiling: two independent single-threaded processes side by side against one after the
    # other. On an idle 2-core machine about 2x; when other sessions keep the cores busy (Linux
    # shares CPU between sessions, sched_autogroup), it is what any --jobs can reach.
    cal = [timed(lambda: two_processes(False)) / timed(lambda: two_processes(True))
           for _ in range(args.reps)]
    print(f"parallelism available (2 processes together vs one after the other): median "
          f"{statistics.median(cal):.2f}x", flush=True)
    chosen = args.only or ["run", "regress", "sweep"]
    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.2f}")
    for name, fn in cases.items():
        if name.split()[0] not in chosen:
            continue
        ratios = []
        for rep in range(args.reps):
            one = timed(lambda: fn(1))
            many = timed(lambda: fn(args.jobs))
            ratios.append(one / many)
            print(f"{name}: rep {rep + 1}: --jobs 1 {one:.2f} s, --jobs {args.jobs} {many:.2f} s,"
                  f" speed-up {one / many:.2f}x", flush=True)
        print(f"{name}: median speed-up {statistics.median(ratios):.2f}x "
              f"(min {min(ratios):.2f}x, max {max(ratios):.2f}x)", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
