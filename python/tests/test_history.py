"""Allocation history, node events and Nomad's AllocMetric, as DataFrames and files, on small
scenarios whose outcome is known by hand."""

import inspect
import json

import numpy as np
import pandas as pd
import portolan
from conftest import HELLO, REPO

NODE_FAILURE = REPO / "scenarios" / "examples" / "node_failure.textproto"


def test_a_lost_allocation_links_to_its_replacement():
    # hello, with the node that fails at 2m being hello.app[1]'s: the servers mark it down
    # after the heartbeat TTL and grace, and hello.app[1] is lost and placed again under the
    # same name.
    s = portolan.Scenario.load(HELLO)
    s.set("timeline[0].fail_node.node", "")
    s.set("timeline[0].fail_node.alloc", "hello.app[1]")
    r = portolan.run(s)
    a = r.allocations()
    assert list(a.columns) == [
        "alloc_id", "name", "job", "group", "alloc_index", "job_version", "node",
        "previous_alloc_id", "next_alloc_id", "placed_s", "running_s", "healthy_s", "ended_s",
        "restarts", "client_status", "desired_status", "end_reason"]
    assert a["alloc_id"].is_unique
    lost = a[a["client_status"] == "lost"]
    assert len(lost) == 1
    lost = lost.iloc[0]
    assert (lost["name"], lost["end_reason"]) == ("hello.app[1]", "node down")
    assert lost["desired_status"] == "stop"
    replacement = a[a["alloc_id"] == lost["next_alloc_id"]].iloc[0]
    assert replacement["previous_alloc_id"] == lost["alloc_id"]
    assert replacement["name"] == lost["name"] and replacement["node"] != lost["node"]
    assert replacement["placed_s"] == lost["ended_s"]
    # Allocations still running have no end; times that never came are NaN.
    running = a[a["client_status"] == "running"]
    assert running["ended_s"].isna().all() and (running["end_reason"] == "").all()
    events = r.node_events()
    assert list(events["event"]) == ["failed", "down"]
    assert events["time_s"].iloc[0] == 120.0
    assert events["time_s"].iloc[1] == lost["ended_s"]


def test_ids_are_deterministic_and_named_in_every_file(tmp_path):
    one, two = portolan.run(HELLO, seed=3), portolan.run(HELLO, seed=3)
    assert list(one.allocations()["alloc_id"]) == list(two.allocations()["alloc_id"])
    other = portolan.run(HELLO, seed=4)
    assert set(one.allocations()["alloc_id"]).isdisjoint(other.allocations()["alloc_id"])
    ids = set(one.allocations()["alloc_id"])
    p = one.placements()
    assert set(p.loc[p["outcome"] == "placed", "alloc_id"]) <= ids
    one.write(tmp_path / "run")
    for name in ("allocations.csv", "node_events.csv", "placement_metrics.jsonl"):
        assert (tmp_path / "run" / name).exists(), name
    written = pd.read_csv(tmp_path / "run" / "allocations.csv")
    assert list(written.columns) == list(one.allocations().columns)


def test_placement_metrics_name_what_blocks_the_replacement(tmp_path):
    # node_failure: redis may run only on client-0 and client-1 (regexp), one per node
    # (distinct_hosts). client-0 dies; the replacement finds client-2 and client-3 filtered by
    # the regexp and client-1 holding redis[1]: distinct_hosts is what blocks it.
    r = portolan.run(NODE_FAILURE)
    m = r.placement_metrics()
    assert len(m) == len(r.placements())
    failed = m[m["outcome"] == "failed"]
    assert len(failed) == 1
    f = failed.iloc[0]
    assert f["reason"] == "distinct_hosts"
    assert f["constraint_filtered"] == {"${node.unique.name} regexp client-[01]": 2,
                                        "distinct_hosts": 1}
    assert (f["nodes_evaluated"], f["nodes_filtered"], f["nodes_exhausted"]) == (3, 3, 0)
    assert f["nodes_available"] == {"dc1": 3}
    # A placed attempt keeps the scores of its best nodes (at most 5), best first.
    placed = m[m["outcome"] == "placed"].iloc[0]
    finals = [s["final_score"] for s in placed["scores"]]
    assert 1 <= len(finals) <= 5 and finals == sorted(finals, reverse=True)
    assert {"binpack", "job-anti-affinity"} <= set(placed["scores"][0]["scores"])
    last = r.summary["placements"]["failed_by_group"]["cache.redis"]["last_failure"]
    assert last["constraint_filtered"]["distinct_hosts"] == 1
    r.write(tmp_path / "nf")
    lines = (tmp_path / "nf" / "placement_metrics.jsonl").read_text().splitlines()
    assert [json.loads(line)["attempt"] for line in lines] == list(range(len(m)))


def test_every_public_callable_has_a_docstring():
    missing = []
    for name in portolan.__all__ if hasattr(portolan, "__all__") else dir(portolan):
        if name.startswith("_"):
            continue
        obj = getattr(portolan, name)
        if not (inspect.isclass(obj) or callable(obj)) or inspect.ismodule(obj):
            continue
        # A class's own docstring, not one inherited (ScenarioError from ValueError).
        own = obj.__dict__.get("__doc__") if inspect.isclass(obj) else obj.__doc__
        if not (own or "").strip():
            missing.append(name)
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if attr.startswith("_"):
                    continue
                target = member.fget if isinstance(member, property) else member
                if callable(target) or isinstance(member, property):
                    if not inspect.getdoc(target):
                        missing.append(f"{name}.{attr}")
    assert not missing, f"public callables without a docstring: {missing}"
