job "nt" {
  group "cache" {
    network {
      port "db" { to = 6379 }
    }
    service {
      name     = "cache"
      provider = "nomad"
      port     = "db"
    }
    task "redis" { driver = "docker" }
  }
  group "app" {
    task "app" {
      driver = "docker"
      template {
        data = <<EOH
{{ range nomadService "cache" }}{{ .Address }}:{{ .Port }}{{ end }}
EOH
        destination = "local/cache.env"
        change_mode = "signal"
        change_signal = "SIGHUP"
        wait {
          min = "2s"
          max = "10s"
        }
      }
    }
  }
}
