variable "replicas" {
  type        = number
  description = "set in vars.hcl"
}
job "req" {
  group "g" {
    count = var.replicas
    task "t" { driver = "docker" }
  }
}
