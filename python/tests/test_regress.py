"""portolan regress on the policy-regression notebook's scenario set (the seed scenarios, the
capacity example, fragmentation and binpack_strands) against binpack baselines of 10 seeds:
binpack passes against itself, spread is flagged, a planted regression (a smaller dynamic port
range) is flagged with an interval that excludes zero; serial and parallel runs give the same
reports; the HTML report renders in headless Chromium with no console error."""

import json
import re
import shutil
import subprocess

import numpy as np
import pytest

import portolan
from conftest import CAPACITY, FRAGMENTATION, REPO, SEED_SCENARIOS, run_cli

SEEDS = 10
STRANDS = REPO / "scenarios" / "examples" / "binpack_strands.textproto"


@pytest.fixture(scope="module")
def suite(tmp_path_factory, cli):
    """SUITE (the scenario files) and BASELINES (binpack, 10 replications each)."""
    root = tmp_path_factory.mktemp("regress")
    suite = root / "suite"
    suite.mkdir()
    for p in [*SEED_SCENARIOS, CAPACITY, FRAGMENTATION, STRANDS]:
        shutil.copy(p, suite / p.name)
    base = root / "baselines"
    for p in sorted(suite.glob("*.textproto")):
        run_cli(cli, "run", p, "--policy", "binpack", "--set", f"run.replications={SEEDS}",
                "--out", base / p.stem, "-q")
    return suite, base


def regress(cli, suite, base, out, *args):
    proc = run_cli(cli, "regress", suite, base, "--seeds", SEEDS, "--out", out, "-q", *args,
                   check=False)
    return proc, (out / "report.md").read_text() if (out / "report.md").exists() else ""


def md_rows(report: str) -> dict:
    """{(scenario, metric): (n, baseline, candidate, diff, low, high, verdict)} of report.md."""
    rows = {}
    pattern = re.compile(r"^\| (\S+) \| `(.+)` \| (\d+) \| (\S+) \| (\S+) \| (\S+)"
                         r"(?: \[(\S+), (\S+)\])? \| \S+ \| \**([A-Za-z]+)\** \|$")
    for line in report.splitlines():
        m = pattern.match(line)
        if m:
            s, metric, n, b, c, d, lo, hi, verdict = m.groups()
            rows[(s, metric)] = (int(n), b, c, None if d == "-" else float(d),
                                 float(lo) if lo else None, float(hi) if hi else None, verdict)
    return rows


def test_binpack_passes_against_itself(suite, cli, tmp_path):
    proc, report = regress(cli, *suite, tmp_path / "out", "--policy", "binpack")
    assert proc.returncode == 0, proc.stderr + report
    assert report.startswith("## portolan regress: passed")
    rows = md_rows(report)
    assert len({s for s, _ in rows}) == 12
    assert all(r[6] == "same" and r[3] == 0 and r[4] == 0 == r[5] for r in rows.values())


def test_spread_is_flagged_against_binpack(suite, cli, tmp_path):
    proc, report = regress(cli, *suite, tmp_path / "out", "--policy", "spread")
    assert proc.returncode == 1, proc.stderr + report
    assert report.startswith("## portolan regress: FAILED")
    rows = md_rows(report)
    n, _, _, diff, low, high, verdict = rows[("fragmentation", "placements.failed")]
    assert (n, verdict) == (SEEDS, "WORSE") and 0 < low <= diff <= high
    # Spread places what binpack strands: better, with an interval wholly below zero.
    n, _, _, diff, low, high, verdict = rows[("binpack_strands", "placements.failed")]
    assert verdict == "better" and high < 0
    # Placement quality: spreading the same work over more nodes is flagged, with an interval
    # above zero, and so is the free cpu it strands where the large copies cannot use it.
    for metric in ("placement_quality.time_avg.nodes_in_use",
                   "placement_quality.time_avg.fragmentation"):
        n, _, _, diff, low, high, verdict = rows[("fragmentation", metric)]
        assert verdict == "WORSE" and low > 0, metric
    # Regressions come first in the table.
    lines = [line for line in report.splitlines() if line.startswith("| ") and "`" in line]
    verdicts = [line.rsplit("|", 2)[-2].strip().strip("*") for line in lines]
    first_ok = next(i for i, v in enumerate(verdicts) if v not in ("WORSE", "NEW", "MISSING"))
    assert all(v not in ("WORSE", "NEW", "MISSING") for v in verdicts[first_ok:])


def test_planted_regression_is_flagged_with_an_interval_excluding_zero(suite, cli, tmp_path):
    planted = tmp_path / "suite"
    shutil.copytree(suite[0], planted)
    # A smaller dynamic port range on the capacity example's large pool: 20000-20005.
    s = portolan.Scenario.load(CAPACITY).set("cluster.pools[0].max_dynamic_port", 20005)
    (planted / CAPACITY.name).write_text(s.to_text())
    proc, report = regress(cli, planted, suite[1], tmp_path / "out")
    assert proc.returncode == 1, proc.stderr + report
    rows = md_rows(report)
    n, _, _, diff, low, high, verdict = rows[("capacity", "placements.failed")]
    assert n == SEEDS and verdict == "WORSE" and low > 0
    reason = "placements.failed_by_reason.network: dynamic port selection failed"
    assert rows[("capacity", reason)][6] == "NEW"
    assert {s for (s, _), r in rows.items() if r[6] in ("WORSE", "NEW", "MISSING")} == {"capacity"}


def test_parallel_and_serial_reports_are_byte_identical(suite, cli, tmp_path):
    outs = []
    for jobs in (1, 2):
        out = tmp_path / f"jobs-{jobs}"
        proc, _ = regress(cli, *suite, out, "--policy", "spread", "--jobs", jobs)
        assert proc.returncode == 1
        outs.append(out)
    for name in ("report.md", "report.html"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_bad_input_exits_2_naming_it(suite, cli, tmp_path):
    proc = run_cli(cli, "regress", suite[0], suite[1], "--seeds", 11, "--out", tmp_path / "o",
                   check=False)
    assert proc.returncode == 2
    assert "no replication with seed 11" in proc.stderr
    proc = run_cli(cli, "regress", suite[0], tmp_path / "none", "--out", tmp_path / "o",
                   check=False)
    assert proc.returncode == 2 and "no baseline" in proc.stderr
    proc = run_cli(cli, "regress", suite[0], suite[1], "--tolerance", "x", check=False)
    assert proc.returncode == 2
    assert not (tmp_path / "o").exists()


def test_compare_pairs_replication_directories(suite, cli, tmp_path):
    base = suite[1] / "fragmentation"
    run_cli(cli, "run", FRAGMENTATION, "--policy", "spread", "--set",
            f"run.replications={SEEDS}", "--out", tmp_path / "spread", "-q")
    proc = run_cli(cli, "compare", base, tmp_path / "spread", check=False)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stdout.startswith(f"paired over {SEEDS} seeds")
    c = portolan.compare(base, tmp_path / "spread")
    assert c.table == proc.stdout and c.paired
    row = c.rows.set_index("metric").loc["placements.failed"]
    assert row["verdict"] == "WORSE" and row["ci_low"] > 0 and row["n"] == SEEDS
    # A seed on one side only: exit 2, naming it (the last replication runs run.seed + SEEDS - 1).
    last = json.loads((tmp_path / "spread" / f"replication-{SEEDS:03d}" / "summary.json")
                      .read_text())["seed"]
    shutil.rmtree(tmp_path / "spread" / f"replication-{SEEDS:03d}")
    proc = run_cli(cli, "compare", base, tmp_path / "spread", check=False)
    assert proc.returncode == 2 and f"seed {last} is in the baseline only" in proc.stderr
    with pytest.raises(ValueError, match=f"seed {last}"):
        portolan.compare(base, tmp_path / "spread")


def test_python_lists_and_sweeps_pair_by_seed():
    s = portolan.Scenario.load(FRAGMENTATION)
    seeds = list(range(1, 6))
    binpack = [portolan.run(s, seed=k, policy="binpack") for k in seeds]
    sweep = portolan.sweep(s, seeds=seeds, policy="spread", progress=False)
    c = portolan.compare(binpack, sweep)
    assert c.seeds == seeds and "placements.failed" in c.failed_metrics
    same = portolan.compare(portolan.sweep(s, seeds=seeds[::-1], policy="binpack",
                                           progress=False), binpack)
    assert same.passed and set(same.rows["verdict"]) == {"same"}
    with pytest.raises(ValueError, match="seed 5 is in the candidate only"):
        portolan.compare(binpack[:4], binpack)


CHROMIUM = shutil.which("chromium")


def chromium(*args, tmp_path):
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}",
         "--enable-logging=stderr", "--v=0", *args],
        capture_output=True, text=True, timeout=120)


def test_html_report_renders_in_headless_chromium(suite, cli, tmp_path):
    assert CHROMIUM, "chromium is not installed: scripts/bootstrap installs it"
    out = tmp_path / "out"
    proc, _ = regress(cli, *suite, out, "--policy", "spread")
    assert proc.returncode == 1
    html = out / "report.html"
    text = html.read_text()
    assert "http://" not in text and "https://" not in text  # self-contained
    assert text.count("<svg class=\"ecdf\"") > 0 and text.count("<svg class=\"ci\"") > 100
    url = html.resolve().as_uri()
    dom = chromium("--dump-dom", url, tmp_path=tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    rows = text.count('class="metric-row')
    assert f'data-report-ready="{rows}"' in dom.stdout  # the inline script ran to its end
    assert f"{rows} of {rows} metric rows shown" in dom.stdout
    png = tmp_path / "report.png"
    shot = chromium(f"--screenshot={png}", "--window-size=1200,900", url, tmp_path=tmp_path)
    assert shot.returncode == 0 and png.exists(), shot.stderr[-2000:]
    for log in (dom.stderr, shot.stderr):
        # The report's script logs nothing: any console message (console.error prints as
        # "INFO:CONSOLE(...)" with no level) or uncaught exception is a failure.
        console = [line for line in log.splitlines() if "CONSOLE" in line or "Uncaught" in line]
        assert not console, console
    import matplotlib.image

    pixels = np.asarray(matplotlib.image.imread(png))[..., :3]
    assert pixels.shape[:2] == (900, 1200)
    assert pixels.std() > 0.05  # not blank: text, tables and plots
    assert (np.abs(pixels - pixels[0, 0]).sum(axis=2) > 0.1).mean() > 0.02


def test_readme_example_matches_a_metric():
    consul = [portolan.run(REPO / "scenarios" / "seed" / "3_consul_discovery.textproto", seed=k,
                           policy="spread") for k in range(1, 11)]
    c = portolan.compare(REPO / "results" / "baselines" / "3_consul_discovery", consul,
                         tolerance={"stale_s.*.p99": "10%"})
    assert c.paired and c.unused_tolerances == []
    assert "stale_s.redis.dns.p99" in set(c.rows["metric"])
