"""Input at the documented limits runs; past them it is refused with file:line (issue 14)."""

from conftest import run_cli


def scenario(tmp_path, value_length):
    text = (
        'cluster { pools { name: "web" attributes { key: "x" value: "%s" } } }\n'
        'jobs { name: "j" groups { name: "g" constraints { attribute: "${attr.x}" '
        'operator: "regexp" value: "^(a|b)*c$" } tasks { name: "t" } } }\n'
        'run { horizon: "1m" }\n') % ("a" * value_length)
    path = tmp_path / f"long{value_length}.textproto"
    path.write_text(text)
    return path


def test_a_regexp_over_the_longest_accepted_value_runs(cli, tmp_path):
    # 4096 bytes: std::regex's recursion stays within the stack; the constraint filters.
    proc = run_cli(cli, "run", scenario(tmp_path, 4096), "--out", tmp_path / "r", "-q",
                   check=False)
    assert proc.returncode == 0, proc.stderr
    assert "failed,${attr.x} regexp ^(a|b)*c$" in (tmp_path / "r" / "placements.csv").read_text()


def test_a_longer_value_is_refused_where_it_is_written(cli, tmp_path):
    path = scenario(tmp_path, 20000)
    proc = run_cli(cli, "validate", path, check=False)
    assert proc.returncode == 2
    assert f"{path}:1: pool \"web\": attributes \"x\" is 20000 bytes long" in proc.stderr


def test_a_seed_outside_uint64_is_refused(cli, tmp_path):
    from conftest import HELLO
    for bad in ("-1", "99999999999999999999999", "1.5"):
        proc = run_cli(cli, "run", HELLO, "--seed", bad, "--out", tmp_path / "s", "-q",
                       check=False)
        assert proc.returncode == 2 and f'"{bad}" is not a seed' in proc.stderr, bad
        assert not (tmp_path / "s").exists()
    assert run_cli(cli, "run", HELLO, "--seed", "18446744073709551615", "--out",
                   tmp_path / "s", "-q").returncode == 0
