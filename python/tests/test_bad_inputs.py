"""Issue 14's catalogue of bad inputs: each file under data/bad_inputs (scenarios, jobspecs, and
--set / --max-memory values on set_base.textproto) with the exit code and the "file:line" (or
the --set) and field its message must name, from data/bad_inputs/cases.txt. The reproducers that
used to fail only at run time (exit 1 after a passing validate) are among them; those that must
now run are in data/bad_inputs/runs with their numbers below."""

import json
import shlex
from pathlib import Path

import pytest

from conftest import run_cli

DATA = Path(__file__).parent / "data" / "bad_inputs"


def cases():
    out = []
    for number, line in enumerate((DATA / "cases.txt").read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split(" | ")]
        assert len(fields) == 6, f"cases.txt:{number}: {line}"
        command, inputs, extra, code, location, message = fields
        out.append(pytest.param(command, inputs.split(), shlex.split(extra), int(code), location,
                                message, id=f"{number}:{inputs.split()[-1]} {extra}".strip()))
    return out


def run_in_data(cli, command, inputs, extra, tmp_path):
    args = [command, *inputs, *extra]
    if command == "run":
        args += ["--out", str(tmp_path / "out"), "-q"]
    import subprocess
    return subprocess.run([str(cli), *args], capture_output=True, text=True, cwd=DATA)


def names(stderr, location, message):
    """Whether a line of stderr is LOCATION: ... with MESSAGE (its "..." skipping text) in it."""
    parts = message.split("...")
    for line in stderr.splitlines():
        line = line.removeprefix("error: ")
        if not line.startswith(location + ": "):
            continue
        rest, at = line[len(location) + 2:], 0
        for part in parts:
            at = rest.find(part, at)
            if at < 0:
                break
            at += len(part)
        else:
            return True
    return False


def test_the_catalogue_holds_at_least_60_bad_inputs():
    bad = [c for c in cases() if c.values[3] != 0]
    assert len(bad) >= 60, len(bad)
    # Every file of the directory is used by some case.
    used = {i for c in cases() for i in c.values[1]}
    files = {str(p.relative_to(DATA)) for p in DATA.rglob("*")
             if p.is_file() and p.name != "cases.txt" and p.parent.name != "runs"}
    assert files - used == set()


@pytest.mark.parametrize("command,inputs,extra,code,location,message", cases())
def test_bad_input(cli, tmp_path, command, inputs, extra, code, location, message):
    proc = run_in_data(cli, command, inputs, extra, tmp_path)
    assert proc.returncode == code, proc.stderr
    if code == 0:
        return
    assert names(proc.stderr, location, message), proc.stderr
    assert not (tmp_path / "out").exists()
    if command == "validate" and len(inputs) == 1 and not extra:
        # run validates first: the same exit, the same problem, no results.
        again = run_in_data(cli, "run", inputs, [], tmp_path)
        assert again.returncode == code, again.stderr
        assert names(again.stderr, location, message), again.stderr
        assert not (tmp_path / "out").exists()


def summary(cli, name, tmp_path):
    run_cli(cli, "run", DATA / "runs" / f"{name}.textproto", "--out", tmp_path / name, "-q")
    return json.loads((tmp_path / name / "summary.json").read_text())


def test_a_lone_consul_agent_that_fails_is_noticed_by_the_consul_servers(cli, tmp_path):
    # One node with the only Consul agent (3 Consul servers by default) dies at 1m: the run used
    # to end "gossip: failure detection needs a live member". Now redis[0] is lost and its
    # replacement finds no node: 2 asked, 1 placed, 1 failed.
    p = summary(cli, "gossip_lone_agent_fails", tmp_path)["placements"]
    assert (p["requested"], p["placed"], p["failed"]) == (2, 1, 1)
    events = (tmp_path / "gossip_lone_agent_fails" / "node_events.csv").read_text().splitlines()
    assert events[1] == "60,web-0,failed,"


def test_two_distinct_hosts_nodes_failing_at_once_run_to_the_end(cli, tmp_path):
    # Consul services, no Consul agent anywhere, both nodes fail at 1m: no gossip member can
    # notice, so the entries go when the servers mark the nodes down. Placements: 2 at t = 0,
    # then each of the 2 lost allocations' replacements fails (no live node), one of them also
    # on distinct_hosts first: 5 asked, 2 placed, 3 failed.
    p = summary(cli, "gossip_two_distinct_hosts_fail", tmp_path)["placements"]
    assert (p["requested"], p["placed"], p["failed"]) == (5, 2, 3)
    assert p["failed_by_reason"] == {"No nodes were eligible for evaluation": 2, "distinct_hosts": 1}


def test_scenario_set_checks_the_value_type_at_once():
    import portolan
    s = portolan.Scenario.load(DATA / "set_base.textproto")
    for path, value, text in [
        ("run.horizon", 60, "run.horizon is a string, not an int (durations are strings, "
                            'e.g. "60s")'),
        ("jobs[0].groups[0].count", "5", "jobs[0].groups[0].count is an int32, not a str"),
        ("jobs[0].groups[0].count", True, "jobs[0].groups[0].count is an int32, not a bool"),
        ("cluster.datacenters", ["dc1", 2], "cluster.datacenters is a repeated string, not an int"),
        ("propagation.max_heartbeats_per_second", "50", "is a double, not a str"),
    ]:
        with pytest.raises(portolan.ScenarioError) as e:
            s.set(path, value)
        assert text in e.value.problems[0], e.value.problems
        assert e.value.problems[0].startswith(f"Scenario.set({path!r}, {value!r}): ")
    assert s.assignments == []  # nothing was set
    # A bad path or a value that does not convert names Scenario.set too.
    with pytest.raises(portolan.ScenarioError) as e:
        s.set("jobs[0].groups[0].cuont", 3)
    assert e.value.problems == [
        'Scenario.set jobs[0].groups[0].cuont: "cuont" is not a field of Group '
        '(did you mean "count"?)']
    with pytest.raises(portolan.ScenarioError) as e:
        s.set("run.seed", -1)
    assert e.value.problems == ['Scenario.set run.seed=-1: "-1" is not a uint64']
    # A value of the right type that validation refuses names the Scenario.set, not the file.
    s.set("run.horizon", "bogus").set("propagation.max_heartbeats_per_second", 2.5)
    assert s.problems() == [
        'Scenario.set run.horizon=bogus: run: horizon "bogus" is not a duration (e.g. "30s")']


def test_the_memory_limit_is_raised_from_python_and_travels_with_the_scenario():
    import copy
    import pickle

    import portolan
    s = portolan.Scenario.load(DATA / "memory_group_count_9e6.textproto")
    # 16 MiB + 9,000,000 x 1.5 KiB + 3 x 10 KiB + 7 x 2 x 150 bytes = 12.9 GiB
    assert s.problems()[0].endswith(
        "run: the run would need about 12.9 GiB (9000000 allocations, 3 nodes, 7 samples of 2 "
        "series), above the limit of 4.0 GiB; raise it with --max-memory (e.g. --max-memory "
        "16GiB; Python: Scenario.set_max_memory) or lower the counts, the horizon or the "
        "sample_interval's resolution")
    assert s.set_max_memory("64GiB").problems() == []
    assert pickle.loads(pickle.dumps(s)).problems() == [] and copy.copy(s).problems() == []
    assert "above the limit of 1.0 GiB" in s.set_max_memory(2**30).problems()[0]
    with pytest.raises(portolan.ScenarioError) as e:
        s.set_max_memory("lots")
    assert e.value.problems == [
        'max_memory "lots" is not a memory size (e.g. 8GiB, 512MiB, 2GB, or bytes)']


def test_the_lowest_heartbeat_rate_on_10000_nodes_does_not_overflow_the_ttl(cli, tmp_path):
    # 10,000 nodes / 1e-6 heartbeats per second is a TTL of 1e10 s, 1e19 ns: it overflowed
    # int64 and came out as the 10 s minimum, so the failed node was down at 74.8 s. It now
    # saturates at 10,000 h: within the 10 minute horizon the node is never marked down.
    summary(cli, "heartbeat_rate_lowest", tmp_path)
    events = (tmp_path / "heartbeat_rate_lowest" / "node_events.csv").read_text().splitlines()
    assert events == ["time_s,node,event,detail", "60,web-3537,failed,"]
