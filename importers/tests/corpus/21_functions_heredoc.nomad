locals {
  base  = "svc"
  names = [for n in ["a", "b"] : "${local.base}-${n}"]
}
job "fn" {
  meta {
    owner = upper("team")
  }
  group "g" {
    count = length(local.names)
    task "t" {
      driver = "docker"
      env {
        NAMES = join(",", local.names)
        SAFE  = try(local.missing, "fallback")
        NODE  = "${node.unique.name}"
      }
      template {
        data        = <<-EOT
          static file, no services
        EOT
        destination = "local/x"
      }
    }
  }
}
