variable "dcs" {
  type    = list(string)
  default = ["dc*"]
}
variable "cpu" {
  type    = number
  default = 250
}
job "vars" {
  datacenters = var.dcs
  group "g" {
    task "t" {
      driver = "docker"
      resources { cpu = var.cpu * 2 }
    }
  }
}
