job "solo" {
  task "only" {
    driver = "exec"
    resources { memory = 64 }
  }
}
