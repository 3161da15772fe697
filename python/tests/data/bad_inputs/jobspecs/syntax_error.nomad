job "api" {
  group "app" {
    count = 
    task "app" {
      driver = "docker"
    }
  }
}
