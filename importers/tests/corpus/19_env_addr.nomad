job "envref" {
  group "g" {
    network {
      port "db" { static = 6379 }
      port "app" { static = 8080 }
    }
    service {
      name     = "db"
      provider = "nomad"
      port     = "db"
    }
    task "redis" {
      driver = "docker"
      config { ports = ["db"] }
    }
    task "app" {
      driver = "docker"
      env { REDIS = "${NOMAD_ADDR_db}" }
      config { ports = ["app"] }
    }
  }
}
