# The seed article, scenario 1: redis on a dynamic host port mapped to 6379.
job "redis" {
  type = "service"
  group "redis" {
    network {
      mode = "host"
      port "redis" {
        to = 6379
      }
    }
    task "redis" {
      driver = "docker"
      config {
        image = "redis"
        ports = ["redis"]
      }
    }
  }
}
