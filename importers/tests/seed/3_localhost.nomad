# The seed article, scenario 3, first attempt: separate groups, static ports, localhost.
job "hello" {
  type = "service"
  group "app" {
    count = 1
    network {
      mode = "host"
      port "app" {
        static = 8080
      }
    }
    task "app" {
      driver = "docker"
      env {
        DEMO_REDIS_ADDR = "localhost:6379"
      }
      config {
        image = "mrkaran/hello-app:1.0.0"
        ports = ["app"]
      }
    }
  }
  group "redis" {
    count = 1
    network {
      mode = "host"
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
