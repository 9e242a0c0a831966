variable "project_id" {
  description = "Scaleway project that holds every resource of this environment."
  type        = string
}

variable "environment" {
  description = "Short environment name, used in resource names (prod, preprod)."
  type        = string
  default     = "prod"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,15}$", var.environment))
    error_message = "environment: lowercase letters, digits and hyphens, 2 to 16 characters."
  }
}

variable "region" {
  description = "Scaleway region. fr-par: Paris, the region covered by Scaleway's HDS certification (check the certificate's scope before storing health data)."
  type        = string
  default     = "fr-par"
}

variable "zone" {
  description = "Availability zone inside the region for zonal resources (instances, load balancer)."
  type        = string
  default     = "fr-par-1"
}

variable "base_domain" {
  description = "Bare domain of the platform (BASE_DOMAIN): the head office and landlords use it, each residence gets <slug>.<base_domain>."
  type        = string
}

variable "dns_zone" {
  description = "Scaleway DNS zone in which the records of base_domain are created (base_domain itself or a parent)."
  type        = string
}

variable "acme_email" {
  description = "Contact e-mail for the Let's Encrypt account that issues the wildcard certificate."
  type        = string
}

variable "acme_server_url" {
  description = "ACME directory. Use the Let's Encrypt staging directory while testing."
  type        = string
  default     = "https://acme-v02.api.letsencrypt.org/directory"
}

variable "image" {
  description = "Container image of the application (infra/Dockerfile), e.g. rg.fr-par.scw.cloud/apes/participactives:1.4.0."
  type        = string
}

variable "sentry_dsn" {
  description = "Sentry DSN (empty: Sentry off). Stored in Secret Manager, never in the state of the instances."
  type        = string
  default     = ""
  sensitive   = true
}

variable "database_node_type" {
  description = "Managed PostgreSQL node type. One schema per residence: 1,000 schemas need memory for the catalogue caches."
  type        = string
  default     = "DB-GP-S"
}

variable "database_volume_size_gb" {
  description = "Managed PostgreSQL volume size, in GB (SBS volume)."
  type        = number
  default     = 100
}

variable "database_backup_retention_days" {
  description = "Days of automatic daily backups kept by the managed PostgreSQL."
  type        = number
  default     = 30
}

variable "redis_node_type" {
  description = "Managed Redis node type (cache and Celery broker)."
  type        = string
  default     = "RED1-S"
}

variable "web_instance_type" {
  description = "Instance type of the web group (gunicorn)."
  type        = string
  default     = "PRO2-S"
}

variable "worker_instance_type" {
  description = "Instance type of the Celery worker group."
  type        = string
  default     = "PRO2-S"
}

variable "web_replicas" {
  description = "Minimum and maximum number of web instances (autoscaled on CPU)."
  type        = object({ min = number, max = number })
  default     = { min = 2, max = 6 }
}

variable "worker_replicas" {
  description = "Minimum and maximum number of Celery worker instances (autoscaled on CPU)."
  type        = object({ min = number, max = number })
  default     = { min = 1, max = 4 }
}

variable "residence_provisioning" {
  description = "RESIDENCE_PROVISIONING: script (0.52 s per residence with 1,001 schemas), migrate (2.17 s) or clone (5.13 s): see docs/performance.md."
  type        = string
  default     = "script"

  validation {
    condition     = contains(["script", "migrate", "clone"], var.residence_provisioning)
    error_message = "residence_provisioning: script, migrate or clone."
  }
}

variable "admin_ip_ranges" {
  description = "CIDR ranges allowed to reach the database and Redis public endpoints (none: private network only)."
  type        = list(string)
  default     = []
}
