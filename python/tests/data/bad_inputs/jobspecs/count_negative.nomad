job "api" {
  datacenters = ["dc1"]
  group "app" {
    count = -1
    task "app" {
      driver = "docker"
      resources {
        cpu    = 100
        memory = 128
      }
    }
  }
}
