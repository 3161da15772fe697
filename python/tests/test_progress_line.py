"""`portolan run`'s progress line: on a terminal (stderr a pty) it is drawn and erased at the
end; with stderr not a terminal, or with -q, stderr stays empty."""

import os
import re
import pty
import subprocess
import tempfile

from conftest import HELLO


def run_with_stderr_on_a_pty(cli, *args):
    """Runs the CLI with stderr on a pseudo-terminal, stdout to a file; returns (exit code,
    stdout text, bytes written to the terminal). The terminal is drained while the CLI runs, so
    it never blocks on a full pty."""
    master, slave = pty.openpty()
    with tempfile.TemporaryFile() as stdout:
        try:
            proc = subprocess.Popen([str(cli), *map(str, args)], stdout=stdout, stderr=slave,
                                    stdin=subprocess.DEVNULL)
        finally:
            os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: every writer has closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        os.close(master)
        code = proc.wait()
        stdout.seek(0)
        return code, stdout.read().decode(), seen


def test_progress_line_on_a_terminal_is_drawn_then_erased(cli, tmp_path):
    code, stdout, seen = run_with_stderr_on_a_pty(cli, "run", HELLO, "--out", tmp_path / "r")
    assert code == 0
    # The first report is the t = 0 sample of hello's 10 minutes, drawn at once; the line is
    # erased (carriage return, erase to end of line) before the summary prints.
    assert seen.startswith(b"\rsimulating: 0s / 10m (0.0%)"), seen
    assert seen.endswith(b"\r\x1b[K"), seen
    assert "results: " in stdout and "simulating" not in stdout


def test_replications_share_one_line(cli, tmp_path):
    code, stdout, seen = run_with_stderr_on_a_pty(
        cli, "run", HELLO, "--set", "run.replications=3", "--jobs", "2", "--out", tmp_path / "r")
    assert code == 0
    # Three runs of 10 minutes: 30 minutes to simulate. (Which share the first drawing shows
    # depends on the two threads' timing.)
    assert re.match(rb"\rsimulating [0-3]/3 replications: [0-9hms]+ / 30m \(", seen), seen
    assert seen.endswith(b"\r\x1b[K"), seen
    assert stdout.count("placed") == 3


def test_quiet_on_a_terminal_prints_nothing(cli, tmp_path):
    code, stdout, seen = run_with_stderr_on_a_pty(cli, "run", HELLO, "-q", "--out", tmp_path / "r")
    assert (code, stdout, seen) == (0, "", b"")


def test_no_progress_line_when_stderr_is_not_a_terminal(cli, tmp_path):
    proc = subprocess.run([str(cli), "run", str(HELLO), "--out", str(tmp_path / "r")],
                          capture_output=True)
    assert proc.returncode == 0
    assert proc.stderr == b""
    assert b"results: " in proc.stdout
