job "cni" {
  group "g" {
    network {
      mode = "cni/overlay"
      port "p" { to = 80 }
    }
    task "t" { driver = "docker" }
  }
}
