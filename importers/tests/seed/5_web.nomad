# Seed scenario 5's second job: a web server that also asks static port 80.
job "web" {
  group "web" {
    network {
      port "http" {
        static = 80
      }
    }
    task "nginx" {
      driver = "docker"
      config {
        image = "nginx"
        ports = ["http"]
      }
    }
  }
}
