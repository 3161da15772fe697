# The seed article, scenario 3 with Consul: provider "consul", {{ range service "redis" }}.
job "hello" {
  type = "service"
  group "app" {
    count = 1
    network {
      mode = "host"
      port "app" {
        to = 8080
      }
    }
    service {
      name     = "app"
      provider = "consul"
      port     = "app"
    }
    task "app" {
      driver = "docker"
      template {
        data        = <<EOH
{{ range service "redis" }}
DEMO_REDIS_ADDR={{ .Address }}:{{ .Port }}
{{ end }}
EOH
        destination = "secrets/config.env"
        env         = true
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
        to = 6379
      }
    }
    service {
      name     = "redis"
      provider = "consul"
      port     = "redis"
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
