# One private network: database, Redis and instances talk over it, never over the internet.

variable "name" {
  description = "Name prefix of the resources."
  type        = string
}

variable "tags" {
  description = "Tags put on every resource."
  type        = list(string)
}

resource "scaleway_vpc" "main" {
  name = var.name
  tags = var.tags
}

resource "scaleway_vpc_private_network" "main" {
  name   = var.name
  vpc_id = scaleway_vpc.main.id
  tags   = var.tags
}

# Instances on the private network reach the internet (image registry, Sentry) through the gateway.
resource "scaleway_vpc_public_gateway_ip" "main" {
  tags = var.tags
}

resource "scaleway_vpc_public_gateway" "main" {
  name  = var.name
  type  = "VPC-GW-S"
  ip_id = scaleway_vpc_public_gateway_ip.main.id
  tags  = var.tags
}

resource "scaleway_vpc_gateway_network" "main" {
  gateway_id         = scaleway_vpc_public_gateway.main.id
  private_network_id = scaleway_vpc_private_network.main.id
  enable_masquerade  = true
  ipam_config {
    push_default_route = true
  }
}

output "private_network_id" {
  description = "ID of the private network."
  value       = scaleway_vpc_private_network.main.id
}
