"""Scenario: load, text round trip, set by path, validation with the CLI's messages, pickling."""

import copy
import pickle

import pytest

import portolan
from conftest import CAPACITY, HELLO, run_cli

BAD = """name: "bad"
cluster { pools { name: "web" count: -1 } }
jobs {
  name: "hello"
  groups {
    name: "app"
    network { ports { label: "redis" static: 70000 } }
    tasks { name: "app" ports: "redis" }
  }
}
"""


def test_load_and_name():
    s = portolan.Scenario.load(HELLO)
    assert s.name == "hello"
    assert s.source_name == str(HELLO)
    assert s.problems() == []
    s.validate()


def test_from_text_names_after_source():
    s = portolan.Scenario.from_text('cluster { pools { name: "a" } }', "mine.textproto")
    assert s.name == "mine"


def test_text_round_trip():
    s = portolan.Scenario.load(CAPACITY)
    text = s.to_text()
    again = portolan.Scenario.from_text(text, "again.textproto")
    assert again.to_text() == text
    # Defaults are applied: the pools carry Nomad's dynamic port range.
    assert "min_dynamic_port: 20000" in text


def test_set_by_position_and_name():
    s = portolan.Scenario.load(HELLO)
    s.set("cluster.pools[0].count", 200).set('jobs["hello"].groups["app"].count', 5)
    s.set("cluster.pools[0].consul_agent", True)
    s.set("cluster.datacenters", ["dc1", "dc2"])
    text = s.to_text()
    assert "count: 200" in text and "count: 5" in text
    assert "consul_agent: true" in text
    assert 'datacenters: "dc2"' in text
    assert s.assignments == [
        ("cluster.pools[0].count", "200"),
        ('jobs["hello"].groups["app"].count', "5"),
        ("cluster.pools[0].consul_agent", "true"),
        ("cluster.datacenters", "dc1,dc2"),
    ]
    assert portolan.run(s).summary["placements"]["requested"] == 1 + 5


def test_set_bad_path_raises_and_leaves_the_scenario_unchanged():
    s = portolan.Scenario.load(HELLO)
    before = s.to_text()
    with pytest.raises(portolan.ScenarioError) as e:
        s.set("cluster.pools[0].cuont", 3)
    assert "cluster.pools[0].cuont" in str(e.value)
    assert s.to_text() == before and s.assignments == []


def test_validate_carries_the_cli_messages(tmp_path, cli):
    path = tmp_path / "bad.textproto"
    path.write_text(BAD)
    s = portolan.Scenario.load(path)
    with pytest.raises(portolan.ScenarioError) as e:
        s.validate()
    proc = run_cli(cli, "validate", path, check=False)
    assert proc.returncode == 2
    cli_problems = [
        line[len("error: "):] for line in proc.stderr.splitlines() if line.startswith("error: ")
    ]
    assert e.value.problems == cli_problems
    assert str(e.value) == "\n".join(cli_problems)
    assert any(":2: pool \"web\"" in p for p in e.value.problems)
    assert any('port "redis": static 70000 is not a port' in p for p in e.value.problems)
    assert isinstance(e.value, ValueError)
    # run() validates too.
    with pytest.raises(portolan.ScenarioError):
        portolan.run(s)


def test_syntax_errors_and_missing_files(tmp_path, cli):
    with pytest.raises(portolan.ScenarioError) as e:
        portolan.Scenario.from_text("cluster { pools { nme: 1 } }", "typo.textproto")
    assert e.value.problems[0].startswith("typo.textproto:1:")
    missing = tmp_path / "missing.textproto"
    with pytest.raises(portolan.ScenarioError) as e:
        portolan.Scenario.load(missing)
    proc = run_cli(cli, "validate", missing, check=False)
    assert proc.stderr.strip() == "error: " + str(e.value)


def test_copy_and_pickle_keep_the_assignments():
    s = portolan.Scenario.load(HELLO).set("cluster.pools[0].count", 4)
    for other in (s.copy(), copy.deepcopy(s), pickle.loads(pickle.dumps(s))):
        assert other.to_text() == s.to_text()
        assert other.assignments == s.assignments
        assert other.source_name == s.source_name
    c = s.copy().set("cluster.pools[0].count", 9)
    assert "count: 9" not in s.to_text() and "count: 9" in c.to_text()
