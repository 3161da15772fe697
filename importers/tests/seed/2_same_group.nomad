# The seed article, scenario 2: app and redis in one group, host networking, static ports.
job "hello" {
  type = "service"
  group "app" {
    network {
      mode = "host"
      port "app" {
        static = 8080
      }
      port "redis" {
        static = 6379
      }
    }
    task "redis" {
      driver = "docker"
      config {
        network_mode = "host"
        image        = "redis"
        ports        = ["redis"]
      }
    }
    task "app" {
      driver = "docker"
      env {
        DEMO_REDIS_ADDR = "${NOMAD_ADDR_redis}"
      }
      config {
        network_mode = "host"
        image        = "mrkaran/hello-app:1.0.0"
        ports        = ["app"]
      }
    }
  }
}
