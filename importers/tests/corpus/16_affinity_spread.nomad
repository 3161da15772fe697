job "spread" {
  affinity {
    attribute = "${node.datacenter}"
    value     = "dc1"
    weight    = 70
  }
  spread {
    attribute = "${node.datacenter}"
    weight    = 100
    target "dc1" { percent = 60 }
    target "dc2" { percent = 40 }
  }
  group "g" {
    count = 5
    spread { attribute = "${meta.rack}" }
    task "t" { driver = "docker" }
  }
}
