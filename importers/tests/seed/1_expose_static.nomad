# The seed article, scenario 1, static port: the same job with `static = 6379`.
job "redis" {
  type = "service"
  group "redis" {
    network {
      port "redis" {
        static = 6379
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
