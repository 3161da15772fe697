# The seed article, scenario 5: the ingress proxy as a system job on static ports 80 and 443
# (the article describes it; this is the seed scenario's sketch of it).
job "traefik" {
  type = "system"
  group "traefik" {
    network {
      mode = "host"
      port "http" {
        static = 80
      }
      port "https" {
        static = 443
      }
    }
    task "traefik" {
      driver = "docker"
      config {
        image = "traefik:v2.10"
        ports = ["http", "https"]
      }
      resources {
        cpu    = 200
        memory = 128
      }
    }
  }
}
