job "checks" {
  group "g" {
    network {
      port "grpc" { to = 9000 }
    }
    service {
      name = "rpc"
      port = "grpc"
      check {
        type     = "tcp"
        interval = "15s"
        timeout  = "3s"
      }
      check {
        type         = "grpc"
        interval     = "30s"
        timeout      = "5s"
      }
    }
    task "t" {
      driver = "docker"
      config { ports = ["grpc"] }
    }
  }
}
