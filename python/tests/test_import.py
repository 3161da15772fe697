"""portolan.import_job: the seed article's jobspec as a Scenario that runs."""

import subprocess
from pathlib import Path

import pytest

import portolan

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "importers" / "tests" / "seed"
CORPUS = ROOT / "importers" / "tests" / "corpus"


def test_import_job_returns_a_scenario_that_runs():
    s = portolan.import_job(SEED / "1_expose_static.nomad")
    s.set('jobs["redis"].groups["redis"].count', 2)
    r = portolan.run(s)
    # One node (the default pool has 3): the second copy collides only with a single node.
    assert r.summary["placements"]["placed"] == 2


def test_import_job_text_and_vars():
    text = portolan.import_job(CORPUS / "13_variables_required.nomad", vars={"replicas": 4}, text=True)
    assert "count: 4" in text


def test_import_warnings_and_errors():
    warnings = portolan.import_warnings(CORPUS / "18_unmodelled.nomad")
    assert any(w.endswith('task "t": vault is not modelled') for w in warnings)
    with pytest.raises(portolan.ScenarioError) as e:
        portolan.import_job(CORPUS / "13_variables_required.nomad")
    assert 'Unset variable "replicas"' in str(e.value.problems[0])


SNAPSHOT = ROOT / "importers" / "tests" / "snapshot"


def _cli(*args):
    from conftest import CLI

    return subprocess.run([str(CLI), *map(str, args)], capture_output=True, text=True)


def test_import_cluster_starts_from_the_snapshot_state():
    # Three ready nodes (worker-4 is down), web[0] and web[1] running on worker-1 and worker-2,
    # cache.redis[0] on worker-3; web[2] is complete and cache.redis[1] sits on the down node.
    # With no jobspec given, both jobs are made from their running allocations.
    s = portolan.import_cluster(SNAPSHOT / "nodes.json", allocs=SNAPSHOT / "allocations.json")
    text = s.to_text()
    assert text.count("allocations {") == 3
    assert text.count("jobs {") == 2 and 'name: "cache"' in text and 'name: "web"' in text
    assert text.count('node_names: "worker-') == 3  # worker-4 is down: not imported
    warnings = portolan.import_warnings([], nodes=SNAPSHOT / "nodes.json",
                                        allocs=SNAPSHOT / "allocations.json")
    assert any('job "web"' in w and "made from its 2 running allocation(s)" in w for w in warnings)
    assert any("(cache.redis[1]): its node \"worker-4\" is not in the node snapshot" in w
               for w in warnings), warnings
    # The synthesized web has the running count (2): the three adopted allocations are the only
    # rows of placements.csv, all at t = 0 on their snapshot nodes; nothing else is placed.
    r = portolan.run(s)
    assert (r.summary["placements"]["requested"], r.summary["placements"]["placed"]) == (3, 3)
    assert list(zip(r.placements()["job"], r.placements()["node"])) == [
        ("cache", "worker-3"), ("web", "worker-1"), ("web", "worker-2")]
    # With web's jobspec (count 3), its first evaluation places only the missing web[2].
    r = portolan.run(portolan.import_job(
        [SNAPSHOT / "web.nomad"], nodes=SNAPSHOT / "nodes.json", allocs=SNAPSHOT / "allocations.json"))
    p = r.placements()
    assert list(zip(p["alloc_index"], p["node"])) == [
        (0, "worker-1"), (1, "worker-2"), (0, "worker-3"), (2, "worker-3")]
    assert list(p["job"]) == ["web", "web", "cache", "web"]
    assert p["alloc_id"].iloc[0] == "a0000001-0000-4000-8000-000000000001"


def test_add_job_keeps_the_scenario_lines():
    s = portolan.Scenario.from_text('cluster { pools { name: "client" count: 2 } }\n', "c.textproto")
    s.set("cluster.pools[0].count", 3)
    s.add_job(SNAPSHOT / "api.nomad", vars={"count": 4})
    assert 'name: "api"' in s.to_text() and "count: 4" in s.to_text()
    assert s.assignments == [("cluster.pools[0].count", "3")]
    # 3 nodes of 4000 MHz (the pool default), asks of 2500 MHz: one per node, the fourth fails.
    placements = portolan.run(s).summary["placements"]
    assert (placements["placed"], placements["failed_by_reason"]) == (3, {"cpu": 1})
    s.set("cluster.pools[0].count", -1)
    # The problem names the assignment that made it, not the file's line.
    assert s.problems()[0] == (
        'Scenario.set cluster.pools[0].count=-1: pool "client": count -1 is not in 0..1000000')


def test_plan_cli_is_nomads_dry_run_on_the_snapshot(tmp_path):
    # Today's cluster: web (2 of its 3 running, web[2] placed on worker-3) and cache.
    out = tmp_path / "today.textproto"
    r = _cli("import", "--nodes", SNAPSHOT / "nodes.json", "--allocs", SNAPSHOT / "allocations.json",
             SNAPSHOT / "web.nomad", "-o", out)
    assert r.returncode == 0, r.stderr
    # api asks 2500 MHz per copy of 4000 MHz nodes: worker-1 and worker-2 (web, 1000 MHz) have
    # room for one each; worker-3 is full (cache 3000 + web[2] 1000). Two fit, a third fails.
    r = _cli("plan", out, SNAPSHOT / "api.nomad")
    assert r.returncode == 1, r.stderr  # nomad job plan: 1 when allocations would be created
    assert r.stdout.startswith('+ Job: "api"\n+ Task Group: "api" (2 create)\n')
    assert r.stdout.endswith("Scheduler dry-run:\n- All tasks successfully allocated.\n")
    r = _cli("plan", out, SNAPSHOT / "api.nomad", "--var", "count=3")
    assert r.returncode == 1
    assert r.stdout.endswith(
        "- WARNING: Failed to place all allocations.\n"
        '  Task Group "api" (failed to place 1 allocation):\n'
        "    * Resources exhausted on 3 nodes\n"
        '    * Dimension "cpu" exhausted on 3 nodes\n'), r.stdout
    # A job already in the scenario: the update diff is not modelled; 255 as nomad's errors.
    r = _cli("plan", out, SNAPSHOT / "web.nomad")
    assert r.returncode == 255 and 'job "web" is already in the scenario' in r.stderr
