# Secrets generated here and kept in Secret Manager; instances read them at boot.

variable "name" {
  description = "Name prefix of the resources."
  type        = string
}

variable "tags" {
  description = "Tags put on every resource."
  type        = list(string)
}

variable "sentry_dsn" {
  description = "Sentry DSN (may be empty)."
  type        = string
  sensitive   = true
}

resource "random_password" "secret_key" {
  length  = 64
  special = false
}

resource "random_password" "database" {
  length      = 32
  special     = true
  min_special = 2
  # Characters that need no escaping inside a DATABASE_URL.
  override_special = "-_.~"
}

resource "random_password" "redis" {
  length           = 32
  special          = true
  min_special      = 2
  override_special = "-_.~"
}

locals {
  # Secret Manager refuses empty versions: no Sentry secret when Sentry is off.
  secrets = merge(
    {
      SECRET_KEY        = random_password.secret_key.result
      DATABASE_PASSWORD = random_password.database.result
      REDIS_PASSWORD    = random_password.redis.result
    },
    var.sentry_dsn == "" ? {} : { SENTRY_DSN = var.sentry_dsn },
  )
}

resource "scaleway_secret" "app" {
  for_each    = nonsensitive(toset(keys(local.secrets)))
  name        = "${var.name}-${lower(replace(each.key, "_", "-"))}"
  description = "Particip'Actives ${each.key}"
  tags        = var.tags
}

resource "scaleway_secret_version" "app" {
  for_each  = scaleway_secret.app
  secret_id = each.value.id
  data      = local.secrets[each.key]
}

output "secret_ids" {
  description = "Secret Manager IDs by environment variable name."
  value       = { for key, secret in scaleway_secret.app : key => secret.id }
}

output "database_password" {
  description = "Password of the application's database role."
  value       = random_password.database.result
  sensitive   = true
}

output "redis_password" {
  description = "Password of the Redis user."
  value       = random_password.redis.result
  sensitive   = true
}
