"""The seed scenarios against results/baselines: a change of behaviour fails with the table.

When a change is intended, regenerate: scripts/update-baselines [BUILD_DIR]."""

import pytest

import portolan
from conftest import REPO, SEED_SCENARIOS, run_cli

BASELINES = REPO / "results" / "baselines"


def test_every_seed_scenario_has_a_baseline():
    assert SEED_SCENARIOS
    missing = [p.stem for p in SEED_SCENARIOS if not (BASELINES / p.stem / "summary.json").exists()]
    assert not missing, f"no baseline for {missing}: run scripts/update-baselines"


@pytest.mark.parametrize("scenario", SEED_SCENARIOS, ids=lambda p: p.stem)
def test_seed_scenario_matches_its_baseline(tmp_path, cli, scenario):
    baseline = BASELINES / scenario.stem
    if not baseline.exists():
        pytest.fail(f"no baseline for {scenario.stem}: run scripts/update-baselines")
    out = tmp_path / scenario.stem
    run_cli(cli, "run", scenario, "--out", out, "-q")
    proc = run_cli(cli, "compare", baseline, out, check=False)
    assert proc.returncode == 0, f"{scenario.stem} is worse than its baseline:\n{proc.stdout}"
    # Better is a change too: the baseline is out of date.
    c = portolan.compare(baseline, out)
    changed = c.rows[c.rows["verdict"] != "same"]
    assert changed.empty, (
        f"{scenario.stem} differs from its baseline (scripts/update-baselines if intended):\n"
        f"{c.table}")
