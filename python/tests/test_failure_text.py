"""`portolan run` prints each task group's latest failure the way `nomad job plan` does
(command/monitor.go formatAllocMetrics), with node counts a reader can check by hand."""

from conftest import CAPACITY, REPO, run_cli

INGRESS = REPO / "scenarios" / "seed" / "5_ingress.textproto"


def block(stdout, header):
    """The lines of the failure block that starts with `header`, up to the next block."""
    lines = stdout.splitlines()
    start = lines.index(header)
    out = [header]
    for line in lines[start + 1:]:
        if not line.startswith("    * "):
            break
        out.append(line)
    return out


def test_ingress_web_collides_on_port_80_on_every_node(cli, tmp_path):
    # Traefik (a system job) holds static 80 on each node; web asks for 80 at 30 s (3 nodes)
    # and again when a fourth node joins at 1 m, where traefik took 80 first: 4 nodes.
    out = run_cli(cli, "run", INGRESS, "--out", tmp_path / "i").stdout
    assert 'job "web": 2 failed placement attempts of group "web"; the latest, at 60 s:' in out
    assert block(out, '  Task Group "web" (failed to place 1 allocation):') == [
        '  Task Group "web" (failed to place 1 allocation):',
        "    * Resources exhausted on 4 nodes",
        '    * Dimension "network: reserved port collision http=80" exhausted on 4 nodes',
    ]


def test_capacity_lists_every_dimension_with_its_node_counts(cli, tmp_path):
    # 250 general and 50 edge nodes; legacy-a holds static 8080 on 200 of them and legacy-b's
    # first 100 copies take the rest: its 20 last copies find 8080 taken on all 300 (the 50
    # edge nodes counted by class too), coalesced into one failure of 20 allocations.
    out = run_cli(cli, "run", CAPACITY, "--out", tmp_path / "c").stdout
    assert block(out, '  Task Group "app" (failed to place 20 allocations):') == [
        '  Task Group "app" (failed to place 20 allocations):',
        "    * Resources exhausted on 300 nodes",
        '    * Class "edge" exhausted on 50 nodes',
        '    * Dimension "network: reserved port collision http=8080" exhausted on 300 nodes',
    ]
    # The last two services run out of cpu on every node.
    assert 'job "svc-40": 50 failed placement attempts of group "api"' in out
    api = block(out, '  Task Group "api" (failed to place 50 allocations):')
    assert api[1:] == ["    * Resources exhausted on 300 nodes",
                       '    * Class "edge" exhausted on 50 nodes',
                       '    * Dimension "cpu" exhausted on 300 nodes']
