job "rolling" {
  update {
    max_parallel     = 2
    min_healthy_time = "30s"
    healthy_deadline = "3m"
    canary           = 1
    auto_promote     = true
  }
  migrate {
    max_parallel = 3
    min_healthy_time = "15s"
  }
  group "g" {
    count = 4
    restart {
      attempts = 5
      interval = "10m"
      delay    = "5s"
      mode     = "delay"
    }
    shutdown_delay = "10s"
    ephemeral_disk { size = 1000 }
    task "t" { driver = "docker" }
  }
}
