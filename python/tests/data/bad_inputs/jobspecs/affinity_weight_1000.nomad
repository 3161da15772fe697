job "api" {
  group "app" {
    affinity {
      attribute = "${node.datacenter}"
      value     = "dc1"
      weight    = 1000
    }
    task "app" {
      driver = "docker"
    }
  }
}
