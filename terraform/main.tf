# Particip'Actives Platform on Scaleway (fr-par): see terraform/README.md and docs/operations.md.

locals {
  name = "apes-${var.environment}"
  tags = ["participactives", var.environment]
}

module "network" {
  source = "./modules/network"
  name   = local.name
  tags   = local.tags
}

module "secrets" {
  source     = "./modules/secrets"
  name       = local.name
  tags       = local.tags
  sentry_dsn = var.sentry_dsn
}

module "database" {
  source                = "./modules/database"
  name                  = local.name
  tags                  = local.tags
  node_type             = var.database_node_type
  volume_size_gb        = var.database_volume_size_gb
  backup_retention_days = var.database_backup_retention_days
  private_network_id    = module.network.private_network_id
  password              = module.secrets.database_password
  admin_ip_ranges       = var.admin_ip_ranges
}

module "redis" {
  source             = "./modules/redis"
  name               = local.name
  tags               = local.tags
  node_type          = var.redis_node_type
  private_network_id = module.network.private_network_id
  password           = module.secrets.redis_password
  admin_ip_ranges    = var.admin_ip_ranges
}

module "storage" {
  source = "./modules/storage"
  name   = local.name
  tags   = local.tags
}

module "dns_tls" {
  source      = "./modules/dns_tls"
  base_domain = var.base_domain
  dns_zone    = var.dns_zone
  acme_email  = var.acme_email
  target_ip   = module.compute.load_balancer_ip
}

module "compute" {
  source               = "./modules/compute"
  name                 = local.name
  tags                 = local.tags
  zone                 = var.zone
  image                = var.image
  private_network_id   = module.network.private_network_id
  base_domain          = var.base_domain
  certificate          = module.dns_tls.certificate
  web_instance_type    = var.web_instance_type
  worker_instance_type = var.worker_instance_type
  web_replicas         = var.web_replicas
  worker_replicas      = var.worker_replicas
  secret_ids           = module.secrets.secret_ids
  environment = {
    DEBUG                  = "false"
    BASE_DOMAIN            = var.base_domain
    BEHIND_TLS_PROXY       = "true"
    RESIDENCE_PROVISIONING = var.residence_provisioning
    CONN_MAX_AGE           = "60"
    SENTRY_ENVIRONMENT     = var.environment
    DATABASE_HOST          = module.database.private_host
    DATABASE_PORT          = tostring(module.database.private_port)
    DATABASE_REPLICA_HOST  = module.database.replica_private_host
    REDIS_HOST             = module.redis.private_host
    MEDIA_BUCKET           = module.storage.bucket_name
    MEDIA_ENDPOINT         = module.storage.endpoint
  }
}
