"""Issue 11's what-if on the node_failure example: a DNS TTL cannot touch a template
consumer, and with common random numbers its rows are byte-identical at 10 s and 30 s."""

import portolan
from conftest import REPO

NODE_FAILURE = REPO / "scenarios" / "examples" / "node_failure.textproto"


def rows(result, path):
    frames = []
    for frame in (result.discovery(), result.stale()):
        picked = frame[frame["path"] == path]
        frames.append(picked.reset_index(drop=True))
    return frames


def test_dns_ttl_leaves_the_template_rows_byte_identical():
    short = portolan.run(portolan.Scenario.load(NODE_FAILURE).set("propagation.dns_ttl", "10s"))
    long = portolan.run(portolan.Scenario.load(NODE_FAILURE).set("propagation.dns_ttl", "30s"))
    for a, b in zip(rows(short, "template"), rows(long, "template")):
        assert len(a) > 0
        assert a.astype(str).equals(b.astype(str))
    # The DNS rows do move: the comparison is not vacuous.
    assert not rows(short, "dns")[1].astype(str).equals(rows(long, "dns")[1].astype(str))
