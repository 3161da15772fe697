job "node-exporter" {
  type = "system"
  group "ne" {
    network {
      port "metrics" { static = 9100 }
    }
    task "ne" {
      driver = "raw_exec"
      resources {
        cpu    = 50
        memory = 64
      }
    }
  }
}
