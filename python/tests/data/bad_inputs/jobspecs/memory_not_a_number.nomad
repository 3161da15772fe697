job "api" {
  group "app" {
    task "app" {
      driver = "docker"
      resources {
        memory = "lots"
      }
    }
  }
}
