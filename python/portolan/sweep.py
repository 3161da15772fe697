"""Parameter sweeps and the smallest cluster, on one process or any executor (dask included)."""

from __future__ import annotations

import concurrent.futures
import itertools
import os

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


def smallest_cluster(
    scenario,
    pool,
    lo: int,
    hi: int,
    seed: int | None = None,
    policy: str | None = None,
    ok=None,
) -> int | None:
    """The fewest nodes in `pool` (its index or name), between lo and hi, at which no placement
    fails, found by bisection on cluster.pools[<pool>].count.

    ok: a predicate on a run's summary dict, default "placements.failed == 0". Bisection assumes
    that more nodes never hurt; returns None when even `hi` nodes fail.
    """
    if lo > hi:
        raise ValueError(f"lo ({lo}) > hi ({hi})")
    s = _as_scenario(scenario)
    path = f"cluster.pools[{pool}].count" if isinstance(pool, int) else (
        f'cluster.pools["{pool}"].count'
    )
    if ok is None:
        def ok(summary):
            return summary["placements"]["failed"] == 0

    from . import run

    def fits(n: int) -> bool:
        return bool(ok(run(s.copy().set(path, n), seed=seed, policy=policy).summary))

    if not fits(hi):
        return None
    if fits(lo):
        return lo
    while hi - lo > 1:  # fits(hi), not fits(lo)
        mid = (lo + hi) // 2
        if fits(mid):
            hi = mid
        else:
            lo = mid
    return hi
