job "offline" {
  group "g" {
    network { mode = "none" }
    task "t" { driver = "exec" }
  }
}
