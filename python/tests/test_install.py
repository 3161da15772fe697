"""After the README's set-up, the Debian interpreter imports portolan without PYTHONPATH."""

import os
import site
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not os.access(site.getsitepackages()[0], os.W_OK),
                    reason="the build registers the package only where it may write (as root)")
def test_debian_python_imports_portolan_without_pythonpath(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run(
        ["/usr/bin/python3", "-c", "import portolan; print(portolan.__file__)"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout.strip()
    build = Path(os.environ.get("PORTOLAN_BUILD_DIR", REPO / "build")).resolve()
    assert Path(out).resolve().is_relative_to(build / "python")
