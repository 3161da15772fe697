job "edge" {
  group "lb" {
    network {
      port "https" {
        static       = 443
        host_network = "public"
      }
      port "admin" {
        host_network = "private"
      }
    }
    task "lb" {
      driver = "docker"
      config { ports = ["https", "admin"] }
    }
  }
}
