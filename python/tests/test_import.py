"""portolan.import_job: the seed article's jobspec as a Scenario that runs."""

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
