"""--out never destroys a user's files (issue 14): a regular file or a directory of other files
is refused with exit 2 and left as it was; a new directory (trailing slash or not), an empty
one and an earlier results directory are fine."""

import os
import subprocess

import portolan
import pytest
from conftest import HELLO, run_cli


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
