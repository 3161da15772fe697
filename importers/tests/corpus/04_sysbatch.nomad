job "gc" {
  type = "sysbatch"
  group "gc" {
    task "gc" { driver = "exec" }
  }
}
