job "mesh" {
  group "api" {
    network {
      mode = "bridge"
      port "http" { to = 8080 }
    }
    service {
      name = "api"
      port = "http"
      connect {
        sidecar_service {
          proxy {
            upstreams {
              destination_name = "db"
              local_bind_port  = 5432
            }
          }
        }
      }
    }
    task "api" {
      driver = "docker"
      env { DB = "${NOMAD_UPSTREAM_ADDR_db}" }
    }
  }
  group "db" {
    network {
      mode = "bridge"
      port "pg" { to = 5432 }
    }
    service {
      name = "db"
      port = "5432"
      connect {
        sidecar_service {}
      }
    }
    task "pg" { driver = "docker" }
  }
}
