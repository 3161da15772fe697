"""sweep() and smallest_cluster(): the same numbers as CLI runs, on any executor."""

import concurrent.futures

import pandas as pd
import pytest

import portolan
from conftest import CAPACITY, FRAGMENTATION, cli_summary, flatten

POOL = "cluster.pools[0].count"


def test_sweep_equals_four_cli_runs(tmp_path, cli):
    s = portolan.Scenario.load(CAPACITY)
    df = portolan.sweep(s, grid={POOL: [200, 260]}, seeds=[1, 2], progress=False)
    assert len(df) == 4
    assert list(df.columns[:2]) == [POOL, "seed"]
    assert list(zip(df[POOL], df["seed"])) == [(200, 1), (200, 2), (260, 1), (260, 2)]
    for i, row in df.iterrows():
        summary = cli_summary(cli, CAPACITY, tmp_path / str(i), "--seed", row["seed"],
                              "--set", f"{POOL}={row[POOL]}")
        expected = flatten(summary)
        del expected["wall_s"]
        for name, value in expected.items():
            assert row[name] == value, (i, name)
        # Reasons this run did not see are zero, not missing.
        reasons = [c for c in df.columns if c.startswith("placements.failed_by_reason.")]
        assert sum(row[c] for c in reasons) == row["placements.failed"]
    # More nodes, fewer failures.
    assert (df.loc[df[POOL] == 260, "placements.failed"].to_numpy()
            < df.loc[df[POOL] == 200, "placements.failed"].to_numpy()).all()


def test_sweep_defaults_and_policy(capsys):
    s = portolan.Scenario.load(FRAGMENTATION)
    df = portolan.sweep(s)  # no grid: one run at the scenario's seed
    assert "sweep fragmentation: 100%" in capsys.readouterr().err  # the tqdm bar
    assert len(df) == 1 and df.loc[0, "seed"] == 13 and df.loc[0, "placements.failed"] == 0
    spread = portolan.sweep(s, seeds=[13], policy="spread", progress=False)
    assert spread.loc[0, "placements.failed_by_reason.cpu"] == 3


def serial_reference():
    s = portolan.Scenario.load(FRAGMENTATION)
    grid = {"cluster.pools[0].count": [5, 7], "cluster.scheduler.algorithm": ["binpack", "spread"]}
    return s, grid, portolan.sweep(s, grid=grid, seeds=[1, 2], progress=False)


def same_numbers(a: pd.DataFrame, b: pd.DataFrame):
    pd.testing.assert_frame_equal(a.drop(columns="wall_s"), b.drop(columns="wall_s"))


@pytest.mark.parametrize("kind", ["threads", "processes"])
def test_sweep_on_concurrent_futures_matches_serial(kind):
    s, grid, serial = serial_reference()
    pool_type = {"threads": concurrent.futures.ThreadPoolExecutor,
                 "processes": concurrent.futures.ProcessPoolExecutor}[kind]
    with pool_type(max_workers=2) as executor:
        parallel = portolan.sweep(s, grid=grid, seeds=[1, 2], executor=executor, progress=False)
    same_numbers(serial, parallel)


@pytest.mark.parametrize("jobs", [2, None])
def test_sweep_own_threads_match_one_at_a_time(jobs):
    """With no executor sweep runs on every core (jobs=None) or on `jobs` threads; the rows are
    those of jobs=1, in the same order."""
    s = portolan.Scenario.load(FRAGMENTATION)
    grid = {"cluster.pools[0].count": [5, 7], "cluster.scheduler.algorithm": ["binpack", "spread"]}
    one = portolan.sweep(s, grid=grid, seeds=[1, 2], progress=False, jobs=1)
    many = portolan.sweep(s, grid=grid, seeds=[1, 2], progress=False, jobs=jobs)
    same_numbers(one, many)
    assert list(many["seed"]) == [1, 2] * 4
    # The spread runs on 5 nodes fail 3 cpu placements, as test_sweep_defaults_and_policy pins.
    spread5 = many[(many[POOL] == 5) & (many["cluster.scheduler.algorithm"] == "spread")]
    assert list(spread5["seed"]) == [1, 2]


def test_sweep_jobs_runs_at_once(monkeypatch):
    """jobs=2 keeps two runs in flight at once; jobs=1 never more than one."""
    import sys
    import threading
    import time

    sweep_module = sys.modules["portolan.sweep"]  # the attribute portolan.sweep is the function

    real = sweep_module._run_one
    lock = threading.Lock()
    state = {"now": 0, "peak": 0}

    def counting(*args):
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        time.sleep(0.05)  # long enough for the other thread to start its run
        try:
            return real(*args)
        finally:
            with lock:
                state["now"] -= 1

    monkeypatch.setattr(sweep_module, "_run_one", counting)
    s = portolan.Scenario.load(FRAGMENTATION)
    portolan.sweep(s, seeds=[1, 2, 3, 4], progress=False, jobs=1)
    assert state["peak"] == 1
    portolan.sweep(s, seeds=[1, 2, 3, 4], progress=False, jobs=2)
    assert state["peak"] == 2


def test_sweep_jobs_must_be_positive_and_not_beside_an_executor():
    s = portolan.Scenario.load(FRAGMENTATION)
    with pytest.raises(ValueError, match="jobs must be a whole number >= 1, not 0"):
        portolan.sweep(s, progress=False, jobs=0)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as executor:
        with pytest.raises(ValueError, match="give jobs or executor"):
            portolan.sweep(s, progress=False, jobs=2, executor=executor)


def test_sweep_on_dask_local_cluster_matches_serial():
    distributed = pytest.importorskip("distributed")
    s, grid, serial = serial_reference()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        on_dask = portolan.sweep(s, grid=grid, seeds=[1, 2], executor=client, progress=False)
        workers = client.run(lambda: __import__("os").getpid())
    assert len(workers) == 2
    same_numbers(serial, on_dask)


def test_sweep_reports_a_bad_value():
    s = portolan.Scenario.load(FRAGMENTATION)
    with pytest.raises(portolan.ScenarioError, match="count -1"):
        portolan.sweep(s, grid={POOL: [-1]}, progress=False)


def test_smallest_cluster_by_bisection():
    s = portolan.Scenario.load(CAPACITY)
    n = portolan.smallest_cluster(s, "general", 250, 400)
    assert n is not None

    def failed(count):
        return portolan.run(s.copy().set('cluster.pools["general"].count', count)).summary[
            "placements"]["failed"]

    assert failed(n) == 0 and failed(n - 1) > 0
    # 320 copies of legacy-a and -b on static 8080 need at least 320 nodes: 270 + 50 edge.
    assert n >= 270
    assert portolan.smallest_cluster(s, 0, n, 400) == n  # by index, lo already fits
    assert portolan.smallest_cluster(s, "general", 250, 260) is None  # even hi fails
