"""--out never destroys a user's files (issue 14): a regular file or a directory of other files
is refused with exit 2 and left as it was; a new directory (trailing slash or not), an empty
one and an earlier results directory are fine. The same holds for regress and capacity reports,
and an interrupted run (SIGINT, SIGTERM) leaves nothing behind."""

import os
import signal
import subprocess
import time
from pathlib import Path

import portolan
import pytest
from conftest import CAPACITY, HELLO, run_cli

TWO_SHAPES = Path(__file__).parent / "data" / "capacity_two_shapes.textproto"


def run_out(cli, out, cwd=None):
    """`portolan run hello --out OUT`, from `cwd` when given."""
    return subprocess.run([str(cli), "run", str(HELLO), "--out", str(out), "-q"],
                          capture_output=True, text=True, cwd=cwd)


def test_an_existing_file_is_refused_and_kept(cli, tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("mine")
    proc = run_out(cli, target)
    assert proc.returncode == 2 and "not a directory" in proc.stderr
    assert target.read_text() == "mine"


def test_a_directory_of_other_files_is_refused_and_kept(cli, tmp_path):
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "thesis.tex").write_text("chapter 1")
    proc = run_out(cli, tmp_path / "work")
    assert proc.returncode == 2 and "thesis.tex" in proc.stderr
    assert sorted(os.listdir(tmp_path / "work")) == ["thesis.tex"]
    # The working directory itself, as ".": refused the same way.
    proc = run_out(cli, ".", cwd=tmp_path / "work")
    assert proc.returncode == 2
    assert sorted(os.listdir(tmp_path / "work")) == ["thesis.tex"]
    # From Python too.
    with pytest.raises(Exception, match="not portolan results"):
        portolan.run(HELLO).write(tmp_path / "work")
    assert sorted(os.listdir(tmp_path / "work")) == ["thesis.tex"]


def test_new_empty_and_earlier_results_directories_are_fine(cli, tmp_path):
    assert run_out(cli, str(tmp_path / "fresh") + "/").returncode == 0
    assert (tmp_path / "fresh" / "summary.json").exists()
    (tmp_path / "empty").mkdir()
    assert run_out(cli, tmp_path / "empty").returncode == 0
    assert run_out(cli, tmp_path / "fresh").returncode == 0  # replaced whole
    # Nothing is left beside them.
    assert sorted(os.listdir(tmp_path)) == ["empty", "fresh"]


def test_replications_leave_no_staging_and_clear_a_stale_one(cli, tmp_path):
    stale = tmp_path / ".reps.partial-999999"
    stale.mkdir()
    proc = run_cli(cli, "run", HELLO, "--set", "run.replications=2", "--out", tmp_path / "reps",
                   "-q", check=False)
    assert proc.returncode == 0, proc.stderr
    assert sorted(os.listdir(tmp_path)) == ["reps"]
    assert sorted(os.listdir(tmp_path / "reps")) == ["replication-001", "replication-002"]
    # A replication set may be replaced by a single run and back.
    assert run_out(cli, tmp_path / "reps").returncode == 0


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_run_leaves_nothing_behind(cli, tmp_path, sig):
    """^C (or a TERM) while replications are written: the staging directory is removed and the
    process ends by the signal; an earlier result at --out stays as it was."""
    out = tmp_path / "reps"
    assert run_out(cli, out).returncode == 0  # an earlier result, to be kept
    before = (out / "summary.json").read_text()
    proc = subprocess.Popen([str(cli), "run", str(CAPACITY), "--set", "run.replications=400",
                             "--jobs", "1", "--out", str(out), "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    staging = tmp_path / f".reps.partial-{proc.pid}"
    deadline = time.monotonic() + 120
    # Signal once the first replication is written: the run is then mid-way, with files staged.
    while not (staging / "replication-001" / "summary.json").exists():
        assert proc.poll() is None, f"the run ended first: {proc.stderr.read()}"
        assert time.monotonic() < deadline, "no replication written in 120 s"
        time.sleep(0.05)
    proc.send_signal(sig)
    assert proc.wait(timeout=60) == -sig
    assert sorted(os.listdir(tmp_path)) == ["reps"]
    assert (out / "summary.json").read_text() == before


def test_regress_and_capacity_refuse_a_foreign_out_directory(cli, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    (work / "thesis.tex").write_text("chapter 1")
    suite = tmp_path / "suite"
    suite.mkdir()
    (suite / "hello.textproto").write_text(HELLO.read_text())
    base = tmp_path / "base"
    run_cli(cli, "run", suite / "hello.textproto", "--set", "run.replications=2", "--out",
            base / "hello", "-q")
    proc = run_cli(cli, "regress", suite, base, "--seeds", 2, "--out", work, "-q", check=False)
    assert proc.returncode == 2 and "thesis.tex" in proc.stderr, proc.stderr
    proc = run_cli(cli, "capacity", TWO_SHAPES, "-o", work, "-q", check=False)
    assert proc.returncode == 2 and "thesis.tex" in proc.stderr, proc.stderr
    assert sorted(os.listdir(work)) == ["thesis.tex"]
    # Their own earlier output is replaced, and nothing is left beside it.
    assert run_cli(cli, "regress", suite, base, "--seeds", 2, "--out", tmp_path / "r",
                   "-q").returncode == 0
    assert run_cli(cli, "regress", suite, base, "--seeds", 2, "--out", tmp_path / "r",
                   "-q").returncode == 0
    assert sorted(os.listdir(tmp_path / "r")) == ["report.html", "report.md"]
    assert sorted(p for p in os.listdir(tmp_path) if p.startswith(".")) == []
