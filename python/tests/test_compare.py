"""compare: the CLI and Python give one verdict and one table; a worse policy fails naming the
metric; an identical re-run passes."""

import pytest

import portolan
from conftest import FRAGMENTATION, REPO, cli_summary, run_cli

NOMAD_DISCOVERY = REPO / "scenarios" / "seed" / "3_nomad_discovery.textproto"


@pytest.fixture
def runs(tmp_path, cli):
    """binpack (the baseline), the same again, and spread (a worse policy here)."""
    cli_summary(cli, FRAGMENTATION, tmp_path / "binpack")
    cli_summary(cli, FRAGMENTATION, tmp_path / "again")
    cli_summary(cli, FRAGMENTATION, tmp_path / "spread", "--set",
                "cluster.scheduler.algorithm=spread")
    return tmp_path


def test_identical_rerun_passes(runs, cli):
    proc = run_cli(cli, "compare", runs / "binpack", runs / "again", check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("metric ")
    assert "ok: " in proc.stdout
    c = portolan.compare(runs / "binpack", runs / "again")
    assert c.passed and c.exit_code == 0 and c.failed_metrics == []
    assert c.table == proc.stdout


def test_worse_policy_fails_naming_the_metric(runs, cli):
    import json

    failed = {name: json.loads((runs / name / "summary.json").read_text())["placements"]["failed"]
              for name in ("binpack", "spread")}
    # Spreading leaves no empty node for the large copies (node sampling may cost binpack one).
    assert failed["spread"] > failed["binpack"]
    proc = run_cli(cli, "compare", runs / "binpack", runs / "spread", check=False)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["metric", "baseline", "candidate", "delta", "tolerance", "verdict"]
    row = next(line for line in lines if line.startswith("placements.failed "))
    delta = failed["spread"] - failed["binpack"]
    assert row.split() == ["placements.failed", str(failed["binpack"]), str(failed["spread"]),
                           f"+{delta}", "0", "WORSE"]
    assert "FAILED" in lines[-1] and "placements.failed_by_reason.cpu" in lines[-1]
    c = portolan.compare(runs / "binpack", runs / "spread")
    assert not c.passed and c.exit_code == 1
    assert [m for m in c.failed_metrics if m.startswith("placements.")] == [
        "placements.failed", "placements.failed_by_reason.cpu"]
    # The cpu spread leaves stranded where the large copies cannot use it.
    assert "placement_quality.end.fragmentation" in c.failed_metrics
    assert c.table == proc.stdout
    rows = c.rows.set_index("metric")
    assert rows.loc["placements.failed", "delta"] == delta
    assert rows.loc["placements.failed", "verdict"] == "WORSE"


def test_worse_python_policy_fails_in_python():
    class Emptiest(portolan.PlacementPolicy):
        def fit_score(self, fit):
            return 18.0 * (fit.free_cpu + fit.free_memory) / 2

    s = portolan.Scenario.load(FRAGMENTATION)
    baseline = portolan.run(s)
    c = portolan.compare(baseline, portolan.run(s, policy=Emptiest()))
    assert not c.passed and "placements.failed" in c.failed_metrics
    assert "placements.failed " in str(c)
    assert portolan.compare(baseline, portolan.run(s)).passed


def test_tolerances(runs, cli):
    # (placement quality, which spread also worsens here, is allowed anything)
    args = ["--tolerance", "placements.failed=3", "--tolerance", "placements.*=100%",
            "--tolerance", "placement_quality.*=100"]
    proc = run_cli(cli, "compare", runs / "binpack", runs / "spread", *args, check=False)
    # 100% of a baseline of 0 allows nothing: the reason still fails.
    assert proc.returncode == 1
    last = proc.stdout.splitlines()[-1]
    assert last.startswith("FAILED: 1 of ") and last.endswith(
        " metrics worse beyond tolerance: placements.failed_by_reason.cpu")
    c = portolan.compare(runs / "binpack", runs / "spread",
                         tolerance={"placements.failed": 3, "placements.failed_by_reason.*": 3,
                                    "placement_quality.*": 100})
    assert c.passed
    judged = c.rows[c.rows["metric"].str.startswith("placements.failed")]
    assert set(judged["verdict"]) == {"within"}
    # The same as CLI strings; a pattern matching nothing is noted, not an error.
    c = portolan.compare(runs / "binpack", runs / "spread",
                         tolerance=["placements.*=3", "placement_quality.*=100",
                                    "stale_s.nothing.p99=1"])
    assert c.passed and c.unused_tolerances == ["stale_s.nothing.p99"]
    with pytest.raises(ValueError, match="not a non-negative number"):
        portolan.compare(runs / "binpack", runs / "spread", tolerance={"placements.failed": -1})


def test_discovery_quantiles_and_failed_requests_are_judged():
    s = portolan.Scenario.load(NOMAD_DISCOVERY)
    base = portolan.run(s)
    slower = portolan.run(s.copy().set('jobs["hello"].groups["app"].tasks["app"].templates[0]'
                                       ".wait_min", "30s"))
    c = portolan.compare(base, slower)
    metrics = set(c.rows["metric"])
    assert "discovery_latency_s.redis.template.p99" in metrics
    assert "stale_s.redis.template.max" in metrics
    assert any(m.startswith("failed_requests") for m in metrics)
    assert not c.passed
    assert "discovery_latency_s.redis.template.p50" in c.failed_metrics


def test_wall_time_is_ignored_and_inputs_mix(runs, tmp_path):
    import json

    summary = json.loads((runs / "binpack" / "summary.json").read_text())
    summary["wall_s"] = 1e9
    c = portolan.compare(runs / "binpack" / "summary.json", summary)
    assert c.passed and "wall_s" not in set(c.rows["metric"])
    with pytest.raises(FileNotFoundError):
        portolan.compare(tmp_path / "nowhere", summary)


def test_cli_bad_input_exits_2(runs, cli, tmp_path):
    assert run_cli(cli, "compare", runs / "binpack", tmp_path / "nowhere",
                   check=False).returncode == 2
    assert run_cli(cli, "compare", runs / "binpack", runs / "again", "--tolerance", "x",
                   check=False).returncode == 2


def test_placement_quality_without_a_direction_is_shown_not_judged(runs):
    # Spread lowers the used nodes' utilisation: compare shows it ("info") and does not fail on
    # it; nodes in use, which has a direction, is judged.
    c = portolan.compare(runs / "binpack", runs / "spread")
    rows = c.rows.set_index("metric")
    util = "placement_quality.end.used_node_util.cpu.mean"
    assert rows.loc[util, "verdict"] == "info"
    assert rows.loc[util, "candidate"] < rows.loc[util, "baseline"]
    assert util not in c.failed_metrics
    again = portolan.compare(runs / "binpack", runs / "again").rows.set_index("metric")
    assert again.loc[util, "verdict"] == "same"
