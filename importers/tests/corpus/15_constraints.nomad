job "pinned" {
  constraint {
    attribute = "${attr.kernel.name}"
    value     = "linux"
  }
  constraint {
    attribute = "${attr.consul.version}"
    version   = ">= 1.10"
  }
  group "g" {
    count = 3
    constraint { distinct_hosts = true }
    constraint { distinct_property = "${meta.rack}" }
    constraint {
      attribute = "${node.class}"
      operator  = "regexp"
      value     = "^web"
    }
    task "t" {
      driver = "docker"
      constraint {
        attribute = "${attr.cpu.arch}"
        value     = "amd64"
      }
    }
  }
}
