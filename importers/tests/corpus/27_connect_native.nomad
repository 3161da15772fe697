# A Connect-native service (the task speaks mTLS itself: no sidecar is injected) as the
# upstream of a sidecar-proxied client.
job "native" {
  group "ledger" {
    network {
      mode = "bridge"
      port "rpc" {}
    }
    service {
      name = "ledger"
      port = "rpc"
      task = "ledger"
      connect {
        native = true
      }
    }
    task "ledger" {
      driver = "docker"
      resources {
        cpu    = 300
        memory = 128
      }
    }
  }
  group "teller" {
    network {
      mode = "bridge"
    }
    service {
      name = "teller"
      connect {
        sidecar_service {
          proxy {
            upstreams {
              destination_name = "ledger"
              local_bind_port  = 9000
            }
          }
        }
      }
    }
    task "teller" { driver = "docker" }
  }
}
