job "report" {
  type        = "batch"
  priority    = 30
  datacenters = ["dc1"]
  group "run" {
    count = 4
    reschedule {
      attempts = 2
      interval = "1h"
      delay    = "10s"
      delay_function = "constant"
      unlimited = false
    }
    task "r" {
      driver = "exec"
      resources {
        cpu    = 1000
        memory = 512
      }
    }
  }
}
