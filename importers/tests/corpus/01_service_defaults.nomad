job "defaults" {
  group "g" {
    task "t" { driver = "docker" }
  }
}
