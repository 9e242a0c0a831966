# Managed PostgreSQL: high availability, encrypted volume, daily backups, a read replica for reporting.

variable "name" {
  description = "Name prefix of the resources."
  type        = string
}

variable "tags" {
  description = "Tags put on every resource."
  type        = list(string)
}

variable "node_type" {
  description = "Node type of the primary and its standby."
  type        = string
}

variable "volume_size_gb" {
  description = "Volume size in GB."
  type        = number
}

variable "backup_retention_days" {
  description = "Days of daily backups kept."
  type        = number
}

variable "private_network_id" {
  description = "Private network the database is attached to."
  type        = string
}

variable "password" {
  description = "Password of the application role."
  type        = string
  sensitive   = true
}

variable "admin_ip_ranges" {
  description = "CIDR ranges allowed on the public endpoint (empty: none)."
  type        = list(string)
}

resource "scaleway_rdb_instance" "main" {
  name                      = var.name
  engine                    = "PostgreSQL-18"
  node_type                 = var.node_type
  is_ha_cluster             = true
  volume_type               = "sbs_5k"
  volume_size_in_gb         = var.volume_size_gb
  encryption_at_rest        = true
  disable_backup            = false
  backup_schedule_frequency = 24
  backup_schedule_retention = var.backup_retention_days
  backup_same_region        = true
  user_name                 = "apes"
  password                  = var.password
  tags                      = var.tags

  private_network {
    pn_id       = var.private_network_id
    enable_ipam = true
  }

  settings = {
    # One schema per residence: each backend caches the catalogue of the schemas it touched.
    max_connections = "400"
    work_mem        = "8MB"
    # Residents' data: log connections for the audit trail.
    log_connections    = "on"
    log_disconnections = "on"
  }
}

resource "scaleway_rdb_database" "apes" {
  instance_id = scaleway_rdb_instance.main.id
  name        = "apes"
}

# The application creates one schema per residence: the role owns the database.
resource "scaleway_rdb_privilege" "apes" {
  instance_id   = scaleway_rdb_instance.main.id
  user_name     = "apes"
  database_name = scaleway_rdb_database.apes.name
  permission    = "all"
}

resource "scaleway_rdb_acl" "main" {
  instance_id = scaleway_rdb_instance.main.id

  dynamic "acl_rules" {
    for_each = var.admin_ip_ranges
    content {
      ip          = acl_rules.value
      description = "administration"
    }
  }
}

# Reporting reads (dashboards, exports) go to the replica, on the private network only.
resource "scaleway_rdb_read_replica" "reporting" {
  instance_id = scaleway_rdb_instance.main.id

  private_network {
    private_network_id = var.private_network_id
    enable_ipam        = true
  }
}

output "private_host" {
  description = "Primary's address on the private network."
  value       = scaleway_rdb_instance.main.private_network[0].ip
}

output "private_port" {
  description = "Primary's port on the private network."
  value       = scaleway_rdb_instance.main.private_network[0].port
}

output "replica_private_host" {
  description = "Read replica's address on the private network."
  value       = scaleway_rdb_read_replica.reporting.private_network[0].ip
}
