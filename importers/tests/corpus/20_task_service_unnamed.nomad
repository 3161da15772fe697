job "anon" {
  group "g" {
    network {
      port "http" {}
    }
    service { port = "http" }
    task "t" {
      driver = "docker"
      service {
        port     = "http"
        provider = "nomad"
      }
    }
  }
}
