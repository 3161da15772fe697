# A jobspec joining capacity_two_shapes.textproto's workload (test_capacity.py): 4 copies of
# 1000 MHz more.
job "extra" {
  datacenters = ["dc1"]
  group "work" {
    count = 4
    task "w" {
      driver = "docker"
      resources {
        cpu    = 1000
        memory = 512
      }
    }
  }
}
