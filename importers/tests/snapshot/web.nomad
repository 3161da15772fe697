job "web" {
  datacenters = ["dc1"]
  group "web" {
    count = 3
    network {
      port "http" { static = 8080 }
      port "metrics" {}
    }
    task "nginx" {
      driver = "docker"
      config { image = "nginx:1.27" }
      resources {
        cpu    = 1000
        memory = 1024
      }
    }
  }
}
