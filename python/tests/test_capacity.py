"""plan_capacity() and smallest_cluster(seeds=, quantile=): the CLI's plan, from Python, with
hand-checked answers (docs/capacity.md)."""

import json
import re

import pytest

import portolan
from conftest import CAPACITY, REPO, run_cli

TWO_SHAPES = REPO / "python" / "tests" / "data" / "capacity_two_shapes.textproto"


def test_plan_capacity_is_the_cli_plan(tmp_path, cli):
    plan = portolan.plan_capacity(TWO_SHAPES, progress=False)
    assert plan.feasible
    assert plan.counts == {"small": 1, "big": 3}
    assert plan.nodes == 4 and plan.cost_per_hour == 5.5
    assert (plan.binding_dimension, plan.binding_requirement) == ("cpu", "N+k")
    assert plan.binding_candidate == {"small": 1, "big": 2}
    # 19000 of 28000 MHz held at the horizon on every seed.
    assert plan.margins["cpu"] == pytest.approx(1 - 19000 / 28000)
    proc = run_cli(cli, "capacity", TWO_SHAPES, "-o", tmp_path / "plan", "--jobs", "1")
    assert proc.stdout.splitlines()[:2] == [
        "cheapest cluster: 1 x small, 3 x big (5.5/h)",
        "binding: cpu (requirement N+k, at 1 x small, 2 x big)"]
    assert json.loads((tmp_path / "plan" / "plan.json").read_text()) == plan.plan
    csv = (tmp_path / "plan" / "candidates.csv").read_text().splitlines()
    assert csv[0] == ("small,big,nodes,cost_per_hour,verdict,evaluation,requirement,dimension,"
                      "seeds_run,seeds_passed,why")
    assert len(plan.candidates) == len(csv) - 1
    assert list(plan.candidates.columns) == csv[0].split(",")
    best = plan.candidates[(plan.candidates["small"] == 1) & (plan.candidates["big"] == 3)]
    assert best["verdict"].tolist() == ["pass"] and best["seeds_passed"].tolist() == [3]


def test_requirements_set_from_python():
    # Without N+1: 1 small + 2 big (4.0/h, 20000 MHz) hold the 19000 MHz.
    plan = portolan.plan_capacity(TWO_SHAPES, node_failures=0, progress=False)
    assert plan.counts == {"small": 1, "big": 2} and plan.cost_per_hour == 4.0
    assert (plan.binding_dimension, plan.binding_requirement) == ("cpu", "fit")
    # The exhaustive reference simulates every one of the 8 x 6 mixes and agrees.
    every = portolan.plan_capacity(TWO_SHAPES, node_failures=0, exhaustive=True, progress=False)
    assert every.counts == plan.counts
    assert (every.candidates["evaluation"] == "simulated").sum() == 48
    assert plan.simulations < every.simulations


def test_a_bad_request_names_its_line():
    with pytest.raises(portolan.ScenarioError) as e:
        portolan.plan_capacity(TWO_SHAPES, seed_share=1.5, progress=False)
    assert e.value.problems == [
        f"{TWO_SHAPES}:15: capacity: seed_share must be in (0, 1]"]  # the capacity block


def test_smallest_cluster_reports_the_binding_dimension():
    s = portolan.Scenario.load(CAPACITY)
    n = portolan.smallest_cluster(s, "general", 250, 300, seeds=2)
    # 320 copies of static 8080 on 270 + 50 nodes; at 269 + 50 one copy finds no node.
    assert n == 270 and isinstance(n, int)
    assert n.binding == "static ports"
    assert n.failed_by_reason == {"network: reserved port collision http=8080": 2}
    # Without legacy-b, cpu binds (README: 265 general nodes at forty services).
    free = s.copy().set('jobs["legacy-b"].groups["app"].count', 0)
    m = portolan.smallest_cluster(free, "general", 200, 300, seeds=[1], quantile=1.0)
    assert (int(m), m.binding) == (265, "cpu")
    assert portolan.smallest_cluster(s, "general", 270, 300).binding is None  # lo fits
    with pytest.raises(ValueError, match="seed or seeds"):
        portolan.smallest_cluster(s, "general", 250, 300, seed=1, seeds=2)


def _defined(section: str) -> set[str]:
    """The names a docs/capacity.md table defines under `## `section``: the first cell of each
    row, in backticks."""
    text = (REPO / "docs" / "capacity.md").read_text()
    body = text.split(f"## `{section}`", 1)[1].split("\n## ", 1)[0]
    return {m.group(1) for m in re.finditer(r"^\| `([^`]+)` \|", body, re.M)}


def test_every_output_is_defined_in_the_docs():
    plan = portolan.plan_capacity(TWO_SHAPES, progress=False)
    keys = set()
    for key, value in plan.plan.items():
        if key == "margins":
            keys.add("margins.<dimension>")
        elif key == "binding":
            keys.update(f"binding.{k}" for k in value)
        else:
            keys.add(key)
    assert keys - _defined("plan.json") == set()
    columns = {"<shape>" if c in ("small", "big") else c for c in plan.candidates.columns}
    assert columns - _defined("candidates.csv") == set()
    assert set(plan.margins) == {"cpu", "memory", "disk", "static_ports", "dynamic_ports"}


def test_the_same_plan_on_an_executor():
    """Waves of seeds on a process pool (scenarios travel as text): the same plan and table."""
    import concurrent.futures

    class Counting(concurrent.futures.ProcessPoolExecutor):
        submitted = 0

        def submit(self, *args, **kwargs):
            Counting.submitted += 1
            return super().submit(*args, **kwargs)

    here = portolan.plan_capacity(TWO_SHAPES, progress=False)
    with Counting(max_workers=2) as pool:
        there = portolan.plan_capacity(TWO_SHAPES, progress=False, executor=pool)
    assert there.plan == here.plan
    assert there.candidates.equals(here.candidates)
    # Every seed judged went to the pool: one task per seed.
    assert Counting.submitted == there.candidates["seeds_run"].sum() > 0


def test_the_same_plan_on_dask():
    distributed = pytest.importorskip("distributed")
    here = portolan.plan_capacity(TWO_SHAPES, node_failures=0, progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        there = portolan.plan_capacity(TWO_SHAPES, node_failures=0, progress=False,
                                       executor=client)
    assert there.plan == here.plan
    assert there.candidates.equals(here.candidates)


def test_no_cluster_within_the_bounds_exits_1(tmp_path, cli):
    proc = run_cli(cli, "capacity", TWO_SHAPES, "-o", tmp_path / "plan",
                   "--set", "capacity.shapes[0].max_count=1",
                   "--set", "capacity.shapes[1].max_count=0", check=False)
    assert proc.returncode == 1
    # The largest cluster allowed, 1 small node, holds 4000 of the 19000 MHz asked.
    assert proc.stdout.splitlines()[:2] == [
        "no cluster within the shapes' bounds meets the requirements",
        "binding: cpu (requirement fit, at 1 x small, 0 x big)"]
    plan = json.loads((tmp_path / "plan" / "plan.json").read_text())
    assert plan["feasible"] is False and plan["counts"] is None


def test_jobspecs_join_the_workload(tmp_path, cli):
    # 4 copies of 1000 MHz more: 23000 MHz, held after N+1 by 4 big nodes (32000 - 8000).
    extra = REPO / "python" / "tests" / "data" / "capacity_extra.nomad"
    run_cli(cli, "capacity", TWO_SHAPES, extra, "-o", tmp_path / "plan", "-q")
    plan = json.loads((tmp_path / "plan" / "plan.json").read_text())
    assert plan["counts"] == {"small": 0, "big": 4} and plan["cost_per_hour"] == 6.0
    assert plan["margins"]["cpu"] == 1 - 23000 / 32000
