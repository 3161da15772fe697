job "everything" {
  region    = "eu"
  namespace = "team-a"
  node_pool = "gpu"
  periodic { crons = ["@daily"] }
  group "g" {
    volume "data" {
      type   = "csi"
      source = "data"
    }
    task "t" {
      driver = "docker"
      vault { policies = ["read"] }
      artifact { source = "https://example.com/app.tgz" }
      volume_mount {
        volume      = "data"
        destination = "/data"
      }
      resources {
        cores = 2
        device "nvidia/gpu" { count = 1 }
      }
    }
  }
}
