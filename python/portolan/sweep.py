"""Parameter sweeps and the smallest cluster, on one process or any executor (dask included)."""

from __future__ import annotations

import concurrent.futures
import itertools
import math
import os
import re

import pandas as pd
from tqdm import tqdm

from .result import Result, _as_scenario
from .scenario import Scenario, _value_text


def _run_one(state, assignments, seed, policy) -> dict:
    """One run of a sweep, in whichever process executes it: the scenario travels as its text
    and assignments (plain, picklable), the result comes back as the flat summary."""
    from . import _core

    s = Scenario._from_state(*state)
    for path, value in assignments:
        s._core._set(path, value)
    if policy is not None:
        s._core._set("cluster.scheduler.algorithm", policy)
    return Result(_core.run(s._core, seed, None)).metrics()


def _is_dask_client(executor) -> bool:
    return type(executor).__module__.split(".")[0] == "distributed" and hasattr(
        executor, "gather"
    )


def _default_jobs() -> int:
    """Every core, as the CLI's --jobs default (std::thread::hardware_concurrency)."""
    return os.cpu_count() or 1


def _execute(calls, executor, progress: bool, desc: str, jobs: int | None = None) -> list[dict]:
    """Runs calls [(args...)] of _run_one; returns their results in the calls' order.

    With no executor, on min(jobs, len(calls)) threads of this process (jobs None: every
    core): a run releases the GIL, so threads run side by side, and each result has its slot.
    """
    bar = tqdm(total=len(calls), desc=desc, unit="run", disable=not progress)
    try:
        if executor is None:
            threads = min(_default_jobs() if jobs is None else jobs, len(calls))
            if threads <= 1:
                out = []
                for args in calls:
                    out.append(_run_one(*args))
                    bar.update()
                return out
            with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as pool:
                futures = [pool.submit(_run_one, *args) for args in calls]
                try:
                    for _ in concurrent.futures.as_completed(futures):
                        bar.update()
                except BaseException:
                    for f in futures:
                        f.cancel()
                    raise
                # The first failure in the calls' order, as a serial run would raise it.
                return [f.result() for f in futures]
        if _is_dask_client(executor):
            from distributed import as_completed

            futures = [executor.submit(_run_one, *args, pure=False) for args in calls]
            for _ in as_completed(futures):
                bar.update()
            return executor.gather(futures)
        futures = [executor.submit(_run_one, *args) for args in calls]
        for _ in concurrent.futures.as_completed(futures):
            bar.update()
        return [f.result() for f in futures]
    finally:
        bar.close()


def sweep(
    scenario,
    grid: dict | None = None,
    seeds=None,
    executor=None,
    policy: str | None = None,
    progress: bool = True,
    jobs: int | None = None,
) -> pd.DataFrame:
    """Runs the cross product of `grid` ({field path: [values]}) and `seeds`.

    Returns one tidy DataFrame, one row per run in grid-then-seed order: a column per grid path
    holding its value, `seed`, then the summary flattened (the names compare uses:
    "placements.failed", "placements.failed_by_reason.cpu", "discovery_latency_s.redis.p99"...,
    and "wall_s"). A failure reason a run did not see counts 0 in that run.

    seeds: a list of master seeds; default the scenario's own run.seed.
    executor: None (this process, on `jobs` threads), any concurrent.futures.Executor, or a
        dask.distributed Client; scenarios travel as text, results as plain dicts. Runs release
        the GIL, so threads use several cores.
    jobs: with no executor, how many runs at once; default every core (os.cpu_count()), 1 for
        one at a time. The rows do not depend on it (wall_s aside).
    policy: a policy name for every run ("binpack", "spread", ...); a Python PlacementPolicy is
        not picklable: call run() in a loop for those.
    """
    s = _as_scenario(scenario)
    grid = dict(grid or {})
    paths = list(grid)
    combos = list(itertools.product(*(list(v) for v in grid.values())))
    seed_list = [None] if seeds is None else list(seeds)
    state = s._state()
    calls, keys = [], []
    for combo in combos:
        assignments = [(p, _value_text(v)) for p, v in zip(paths, combo)]
        for seed in seed_list:
            calls.append((state, assignments, seed, policy))
            keys.append(combo)
    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise ValueError(f"jobs must be a whole number >= 1, not {jobs!r}")
    if jobs is not None and executor is not None:
        raise ValueError("jobs limits the runs of sweep's own threads: give jobs or executor")
    results = _execute(calls, executor, progress, desc=f"sweep {s.name}", jobs=jobs)
    rows = []
    for combo, metrics in zip(keys, results):
        row = dict(zip(paths, combo))
        row["seed"] = metrics.pop("seed")
        row.update(metrics)
        rows.append(row)
    df = pd.DataFrame(rows)
    counts = [c for c in df.columns if c.startswith("placements.failed_by_reason.")]
    if counts:
        df[counts] = df[counts].fillna(0).astype("int64")
    return df


class ClusterSize(int):
    """smallest_cluster's answer: an int (the node count) that also says what binds.

    binding: the dimension of the failures one node fewer ("cpu", "memory", "disk",
        "static ports", "dynamic ports", "constraint"), or None when `lo` already fits;
    failed_by_reason: {reason: failed placements} one node fewer, summed over its seeds.
    """

    binding: str | None
    failed_by_reason: dict

    def __new__(cls, n: int, binding: str | None = None, failed_by_reason: dict | None = None):
        self = super().__new__(cls, n)
        self.binding = binding
        self.failed_by_reason = dict(failed_by_reason or {})
        return self

    # repr stays the int's: the count is used where an int is (scenario values, f-strings).
    __repr__ = int.__repr__


def smallest_cluster(
    scenario,
    pool,
    lo: int,
    hi: int,
    seed: int | None = None,
    policy: str | None = None,
    ok=None,
    seeds=None,
    quantile: float = 1.0,
) -> ClusterSize | None:
    """The fewest nodes in `pool` (its index or name), between lo and hi, at which no placement
    fails, found by bisection on cluster.pools[<pool>].count.

    ok: a predicate on a run's summary dict, default "placements.failed == 0". Bisection assumes
    that more nodes never hurt; returns None when even `hi` nodes fail.
    seeds: a list of seeds (or a count n: run.seed .. run.seed + n - 1) instead of the one
    `seed`; a count fits when at least `quantile` of its seeds are ok (1.0: every seed).
    Returns a ClusterSize, an int whose `binding` names the dimension that fails one node fewer
    (portolan.plan_capacity answers the same question across shapes, docs/capacity.md).
    """
    if lo > hi:
        raise ValueError(f"lo ({lo}) > hi ({hi})")
    if not 0 < quantile <= 1:
        raise ValueError(f"quantile {quantile} is not in (0, 1]")
    s = _as_scenario(scenario)
    if seeds is not None and seed is not None:
        raise ValueError("give seed or seeds, not both")
    if seeds is None:
        seed_list = [seed]
    elif isinstance(seeds, int):
        found = re.search(r"^run \{[^}]*?\bseed: (\d+)", s.to_text(), re.M | re.S)
        first = int(found.group(1)) if found else 1
        seed_list = [first + k for k in range(seeds)]
    else:
        seed_list = list(seeds)
    if not seed_list:
        raise ValueError("seeds is empty")
    path = f"cluster.pools[{pool}].count" if isinstance(pool, int) else (
        f'cluster.pools["{pool}"].count'
    )
    if ok is None:
        def ok(summary):
            return summary["placements"]["failed"] == 0

    from . import _core, run

    needed = math.ceil(quantile * len(seed_list) - 1e-9)
    reasons: dict[int, dict] = {}

    def fits(n: int) -> bool:
        sized = s.copy().set(path, n)
        passed = 0
        failed_by_reason: dict = {}
        for k in seed_list:
            summary = run(sized, seed=k, policy=policy).summary
            passed += bool(ok(summary))
            for reason, count in summary["placements"]["failed_by_reason"].items():
                failed_by_reason[reason] = failed_by_reason.get(reason, 0) + count
        reasons[n] = failed_by_reason
        return passed >= needed

    def answer(n: int, below: int | None) -> ClusterSize:
        failed = reasons.get(below, {}) if below is not None else {}
        top = max(sorted(failed), key=lambda r: failed[r]) if failed else None
        return ClusterSize(n, _core.capacity_dimension(top) if top else None, failed)

    if not fits(hi):
        return None
    if fits(lo):
        return answer(lo, None)
    while hi - lo > 1:  # fits(hi), not fits(lo)
        mid = (lo + hi) // 2
        if fits(mid):
            hi = mid
        else:
            lo = mid
    return answer(hi, lo)
