# Managed Redis: Django cache and Celery broker, TLS, private network only.

variable "name" {
  description = "Name prefix of the resources."
  type        = string
}

variable "tags" {
  description = "Tags put on every resource."
  type        = list(string)
}

variable "node_type" {
  description = "Redis node type."
  type        = string
}

variable "private_network_id" {
  description = "Private network Redis is attached to."
  type        = string
}

variable "password" {
  description = "Password of the Redis user."
  type        = string
  sensitive   = true
}

variable "admin_ip_ranges" {
  description = "CIDR ranges allowed on the public endpoint (unused when empty: private network only)."
  type        = list(string)
}

resource "scaleway_redis_cluster" "main" {
  name         = var.name
  version      = "7.2.5"
  node_type    = var.node_type
  cluster_size = 1
  tls_enabled  = true
  user_name    = "apes"
  password     = var.password
  tags         = var.tags

  private_network {
    id = var.private_network_id
  }

  settings = {
    # Celery's broker: never evict a queued task.
    "maxmemory-policy" = "noeviction"
  }
}

output "private_host" {
  description = "Redis address on the private network."
  value       = one(scaleway_redis_cluster.main.private_network[*].service_ips[0])
}
