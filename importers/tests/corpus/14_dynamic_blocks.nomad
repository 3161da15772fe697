locals {
  services = {
    api     = 8080
    metrics = 9090
  }
}
job "dyn" {
  group "g" {
    network {
      dynamic "port" {
        for_each = local.services
        labels   = [port.key]
        content {
          to = port.value
        }
      }
    }
    dynamic "service" {
      for_each = local.services
      content {
        name     = "dyn-${service.key}"
        port     = service.key
        provider = "nomad"
      }
    }
    task "t" {
      driver = "docker"
      config { ports = keys(local.services) }
    }
  }
}
