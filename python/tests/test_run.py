"""run() and Result: the same numbers as the CLI, as dicts and DataFrames; policies."""

import json

import numpy as np
import pandas as pd
import pytest

import portolan
from conftest import CAPACITY, FRAGMENTATION, REPO, cli_summary

CSV_FILES = ["placements", "discovery", "stale", "timeseries"]
NOMAD_DISCOVERY = REPO / "scenarios" / "seed" / "3_nomad_discovery.textproto"


def without_wall(summary: dict) -> dict:
    return {k: v for k, v in summary.items() if k != "wall_s"}


@pytest.mark.parametrize("scenario", [CAPACITY, NOMAD_DISCOVERY], ids=lambda p: p.stem)
def test_summary_and_frames_equal_the_cli_files(tmp_path, cli, scenario):
    cli_out = tmp_path / "cli"
    summary = cli_summary(cli, scenario, cli_out, "--seed", 3)
    r = portolan.run(portolan.Scenario.load(scenario), seed=3)
    assert r.seed == 3
    assert without_wall(r.summary) == without_wall(summary)
    assert r.wall_s > 0 and r.summary["wall_s"] == r.wall_s
    for name in CSV_FILES:
        df = getattr(r, name)()
        csv = pd.read_csv(cli_out / f"{name}.csv", keep_default_na=False)
        assert list(df.columns) == list(csv.columns), name
        assert len(df) == len(csv), name
        for column in df.columns:
            ours = df[column]
            theirs = csv[column]
            if ours.dtype == "category":
                assert list(ours.astype(str)) == list(theirs.astype(str)), (name, column)
            else:
                assert np.issubdtype(ours.dtype, np.number), (name, column)
                np.testing.assert_allclose(ours.to_numpy(), theirs.to_numpy(dtype=float),
                                           rtol=1e-12, atol=1e-9, err_msg=f"{name}.{column}")


def test_column_types():
    r = portolan.run(portolan.Scenario.load(NOMAD_DISCOVERY))
    p = r.placements()
    assert p["time_s"].dtype == np.float64 and p["alloc_index"].dtype == np.int64
    assert p["outcome"].dtype == "category"
    assert set(p["outcome"].astype(str)) <= {"placed", "failed"}
    d = r.discovery()
    assert len(d) > 0, "discovery results are expected for seed scenario 3"
    # Latency from the instance's start, or (bootstrap) from the consumer's.
    start = np.maximum(d["running_s"], d["consumer_started_s"])
    np.testing.assert_allclose(d["latency_s"], d["visible_s"] - start, atol=1e-9)
    assert set(d["kind"].astype(str)) <= {"latency", "bootstrap"}
    assert ((d["kind"] == "bootstrap") == (d["running_s"] < d["consumer_started_s"])).all()
    s = r.stale()
    assert s["failed_requests"].dtype == np.int64
    np.testing.assert_allclose(s["stale_s"],
                               s["forgotten_s"] - np.maximum(s["dead_s"], s["learnt_s"]),
                               atol=1e-9)
    t = r.timeseries()
    assert list(t.columns) == ["time_s", "queued", "running", "cpu_util", "memory_util",
                               "port_util", "fragmentation"]


def test_write_matches_the_cli_byte_for_byte(tmp_path, cli):
    cli_summary(cli, CAPACITY, tmp_path / "cli")
    portolan.run(portolan.Scenario.load(CAPACITY)).write(tmp_path / "py")
    for name in CSV_FILES:
        assert (tmp_path / "py" / f"{name}.csv").read_bytes() == (
            tmp_path / "cli" / f"{name}.csv").read_bytes(), name
    ours = json.loads((tmp_path / "py" / "summary.json").read_text())
    theirs = json.loads((tmp_path / "cli" / "summary.json").read_text())
    assert without_wall(ours) == without_wall(theirs)


def test_metrics_are_the_flattened_summary():
    r = portolan.run(CAPACITY)  # a path works too
    m = r.metrics()
    assert m["placements.failed"] == r.summary["placements"]["failed"] == 120
    assert m["placements.failed_by_reason.cpu"] == 100
    assert m["placements.failed_by_reason.network: reserved port collision http=8080"] == 20


def test_policy_by_name(cli, tmp_path):
    s = portolan.Scenario.load(FRAGMENTATION)
    assert portolan.run(s, policy="binpack").summary["placements"]["failed"] == 0
    spread = portolan.run(s, policy="spread")
    assert spread.policy == "spread"
    assert spread.summary["placements"]["failed_by_reason"] == {"cpu": 3}
    assert without_wall(spread.summary) == without_wall(cli_summary(
        cli, FRAGMENTATION, tmp_path / "spread", "--set", "cluster.scheduler.algorithm=spread"))
    assert "spread" not in s.to_text(), "run(policy=...) must not change the scenario"


class PyBinpack(portolan.PlacementPolicy):
    """Nomad's ScoreFitBinPack (nomad/structs/funcs.go), in Python."""

    def name(self):
        return "py-binpack"

    def fit_score(self, fit):
        return min(18.0, max(0.0, 20.0 - (10 ** fit.free_cpu + 10 ** fit.free_memory)))


class Emptiest(portolan.PlacementPolicy):
    """Prefers the emptiest node: fragments the cluster."""

    def __init__(self):
        super().__init__()
        self.calls = 0

    def fit_score(self, fit):
        self.calls += 1
        return 18.0 * (fit.free_cpu + fit.free_memory) / 2


def test_python_policy_equal_to_builtin_gives_identical_results():
    builtin = portolan.builtin_policy("binpack")
    for free in [(0.0, 0.0), (0.25, 0.9), (1.0, 1.0)]:
        fit = portolan.FitInput(*free)
        assert PyBinpack().fit_score(fit) == pytest.approx(builtin.fit_score(fit), abs=1e-12)
    s = portolan.Scenario.load(CAPACITY)
    ours = portolan.run(s, policy=PyBinpack())
    assert ours.policy == "py-binpack"
    theirs = portolan.run(s)
    pd.testing.assert_frame_equal(ours.placements(), theirs.placements())
    assert without_wall(ours.summary) == without_wall(theirs.summary)


def test_python_policy_is_called_and_steers_placement():
    policy = Emptiest()
    r = portolan.run(portolan.Scenario.load(FRAGMENTATION), policy=policy)
    assert policy.calls > 0
    assert r.policy == "python"  # no name() override
    assert r.summary["placements"]["failed"] > 0


def test_python_policy_errors_propagate():
    class Broken(portolan.PlacementPolicy):
        def fit_score(self, fit):
            raise KeyError("no score for you")

    with pytest.raises(KeyError, match="no score for you"):
        portolan.run(portolan.Scenario.load(FRAGMENTATION), policy=Broken())

    class NotAPolicy:
        def fit_score(self, fit):
            return 0.0

    with pytest.raises(TypeError, match="PlacementPolicy"):
        portolan.run(portolan.Scenario.load(FRAGMENTATION), policy=NotAPolicy())


class PoolAverse(portolan.PlacementPolicy):
    """score(node, ask): keeps the capacity example's services off the "edge" pool."""

    def __init__(self):
        super().__init__()
        self.seen = set()

    def name(self):
        return "pool-averse"

    def score(self, node, ask):
        assert ask.cpu_mhz > 0 and ask.memory_mb > 0
        assert node.name.startswith(node.pool + "-")
        self.seen.add((node.pool, ask.job))
        return 0.0 if node.pool == "edge" else 18.0 * (1 - node.free_cpu)


def share_on_edge(result):
    p = result.placements()
    svc = p[p["job"].astype(str).str.startswith("svc-") & (p["outcome"].astype(str) == "placed")]
    return svc["node"].astype(str).str.startswith("edge-").mean()


def test_python_policy_with_score_node_ask_sees_names_and_steers():
    s = portolan.Scenario.load(CAPACITY)
    s.set("cluster.pools[0].count", 600)  # room enough on "general" alone
    policy = PoolAverse()
    r = portolan.run(s, policy=policy)
    assert r.policy == "pool-averse"
    assert {pool for pool, _ in policy.seen} == {"general", "edge"}
    assert any(job.startswith("svc-") for _, job in policy.seen)
    assert share_on_edge(r) < share_on_edge(portolan.run(s))


def test_python_policy_without_a_score_method_says_what_to_define():
    class Empty(portolan.PlacementPolicy):
        pass

    with pytest.raises(NotImplementedError, match="define fit_score"):
        portolan.run(portolan.Scenario.load(CAPACITY), policy=Empty())
