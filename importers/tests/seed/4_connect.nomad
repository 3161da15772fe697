# The seed article, scenario 4: Consul Connect over bridge networking.
job "hello" {
  type = "service"
  group "redis" {
    network {
      mode = "bridge"
      port "redis" {
        to = 6379
      }
    }
    service {
      name     = "redis"
      provider = "consul"
      port     = "6379"
      connect {
        sidecar_service {}
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
  group "app" {
    network {
      mode = "bridge"
      port "app" {
        to = 8080
      }
    }
    service {
      name     = "app"
      provider = "consul"
      port     = "app"
      connect {
        sidecar_service {
          proxy {
            upstreams {
              destination_name = "redis"
              local_bind_port  = 6379
            }
          }
        }
      }
    }
    task "app" {
      driver = "docker"
      config {
        image = "mrkaran/hello-app:1.0.0"
        ports = ["app"]
      }
    }
  }
}
