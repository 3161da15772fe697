job "web" {
  datacenters = ["dc1"]
  group "app" {
    count = 2
    spread {
      attribute = "${node.datacenter}"
      target "dc1" {
        percent = 70
      }
      target "dc2" {
        percent = 70
      }
    }
    task "app" {
      driver = "docker"
    }
  }
}
