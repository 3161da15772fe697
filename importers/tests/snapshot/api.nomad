variable "count" {
  type    = number
  default = 2
}

job "api" {
  datacenters = ["dc1"]
  group "api" {
    count = var.count
    network {
      port "grpc" {}
    }
    task "server" {
      driver = "docker"
      config { image = "example/api:2.1" }
      resources {
        cpu    = 2500
        memory = 1024
      }
    }
  }
}
