"""The seed scenarios against results/baselines (10 replications each): a change of behaviour
fails with the report.

When a change is intended, regenerate: scripts/update-baselines [BUILD_DIR]."""

import json

import portolan
from conftest import REPO, SEED_SCENARIOS, run_cli

BASELINES = REPO / "results" / "baselines"
SEEDS = 10
KEPT = {"summary.json", "discovery.csv", "stale.csv"}


def test_every_seed_scenario_has_its_replications():
    assert SEED_SCENARIOS
    for p in SEED_SCENARIOS:
        reps = sorted((BASELINES / p.stem).glob("replication-*"))
        assert [r.name for r in reps] == [f"replication-{k:03d}" for k in range(1, SEEDS + 1)], (
            f"{p.stem}: run scripts/update-baselines")
        for k, rep in enumerate(reps, start=1):
            assert {f.name for f in rep.iterdir()} == KEPT, rep
            summary = json.loads((rep / "summary.json").read_text())
            assert summary["seed"] == k and summary["wall_s"] == 0


def test_seed_scenarios_match_their_baselines(tmp_path, cli):
    proc = run_cli(cli, "regress", REPO / "scenarios" / "seed", BASELINES, "--seeds", SEEDS,
                   "--out", tmp_path / "report", "-q", check=False)
    report = (tmp_path / "report" / "report.md").read_text() if proc.returncode < 2 else ""
    assert proc.returncode == 0, f"worse than the baselines:\n{proc.stderr}\n{report}"
    assert report.startswith("## portolan regress: passed")
    # Better, or any other difference, is a change too: the baseline is out of date.
    for p in SEED_SCENARIOS:
        c = portolan.compare(BASELINES / p.stem,
                             [portolan.run(p, seed=k) for k in range(1, SEEDS + 1)])
        assert c.paired and c.seeds == list(range(1, SEEDS + 1))
        changed = c.rows[(c.rows["diff"] != 0) | (c.rows["ci_low"] != 0) |
                         (c.rows["ci_high"] != 0) | (c.rows["verdict"] != "same")]
        assert changed.empty, (
            f"{p.stem} differs from its baseline (scripts/update-baselines if intended):\n"
            f"{c.table}")
