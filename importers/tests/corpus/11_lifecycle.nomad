job "lc" {
  group "g" {
    task "init" {
      driver = "exec"
      lifecycle { hook = "prestart" }
      resources {
        cpu    = 500
        memory = 128
      }
    }
    task "log-shipper" {
      driver = "docker"
      lifecycle {
        hook    = "prestart"
        sidecar = true
      }
    }
    task "main" {
      driver = "docker"
      resources {
        cpu        = 300
        memory     = 256
        memory_max = 1024
      }
    }
    task "cleanup" {
      driver = "exec"
      lifecycle { hook = "poststop" }
    }
  }
}
