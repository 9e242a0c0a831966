output "load_balancer_ip" {
  description = "Public IP of the load balancer: BASE_DOMAIN and *.BASE_DOMAIN point to it."
  value       = module.compute.load_balancer_ip
}

output "database_private_host" {
  description = "Primary PostgreSQL, on the private network."
  value       = module.database.private_host
}

output "database_replica_private_host" {
  description = "Read replica, on the private network: for reporting reads."
  value       = module.database.replica_private_host
}

output "redis_private_host" {
  description = "Managed Redis, on the private network."
  value       = module.redis.private_host
}

output "media_bucket" {
  description = "Object storage bucket for uploads."
  value       = module.storage.bucket_name
}
