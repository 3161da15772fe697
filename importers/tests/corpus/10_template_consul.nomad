job "ct" {
  group "web" {
    network {
      port "http" {}
    }
    service {
      name = "web"
      port = "http"
      tags = ["v1", "public"]
      check {
        type     = "http"
        path     = "/health"
        interval = "5s"
        timeout  = "1s"
      }
    }
    task "nginx" { driver = "docker" }
  }
  group "proxy" {
    task "haproxy" {
      driver = "docker"
      template {
        data        = "{{ range service \"v1.web@dc1\" }}server {{ .Address }}:{{ .Port }}{{ end }}"
        destination = "local/haproxy.cfg"
      }
    }
  }
}
