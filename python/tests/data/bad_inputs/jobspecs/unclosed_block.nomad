job "web" {
  group "app" {
    task "app" {
      driver = "docker"
    }
}
