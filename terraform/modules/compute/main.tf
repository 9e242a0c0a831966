# The application's containers on autoscaled instance groups behind one load balancer:
# web (gunicorn, scaled on CPU), worker (Celery, scaled on CPU), beat (exactly one).
# Every instance runs the same image (infra/Dockerfile) with the Procfile's command for its role;
# the release step (platform_migrate) runs before the web containers start, on each boot of a web
# instance (it is idempotent and takes an advisory lock in PostgreSQL: see docs/operations.md).

variable "name" {
  description = "Name prefix of the resources."
  type        = string
}

variable "tags" {
  description = "Tags put on every resource."
  type        = list(string)
}

variable "zone" {
  description = "Availability zone of the instances and the load balancer."
  type        = string
}

variable "image" {
  description = "Application image."
  type        = string
}

variable "private_network_id" {
  description = "Private network of the instances."
  type        = string
}

variable "base_domain" {
  description = "Bare domain (health checks are sent with this Host)."
  type        = string
}

variable "certificate" {
  description = "Wildcard certificate for base_domain and *.base_domain."
  type        = object({ chain = string, private_key = string })
  sensitive   = true
}

variable "web_instance_type" {
  description = "Instance type of the web group."
  type        = string
}

variable "worker_instance_type" {
  description = "Instance type of the worker group (and of beat)."
  type        = string
}

variable "web_replicas" {
  description = "Web group size bounds."
  type        = object({ min = number, max = number })
}

variable "worker_replicas" {
  description = "Worker group size bounds."
  type        = object({ min = number, max = number })
}

variable "secret_ids" {
  description = "Secret Manager IDs by environment variable name, read at boot."
  type        = map(string)
}

variable "environment" {
  description = "Plain (non-secret) environment of the application."
  type        = map(string)
}

# --- Load balancer: TLS for BASE_DOMAIN and *.BASE_DOMAIN, Host passed unchanged ------------

resource "scaleway_lb_ip" "main" {
  zone = var.zone
  tags = var.tags
}

resource "scaleway_lb" "main" {
  name   = var.name
  zone   = var.zone
  type   = "LB-S"
  ip_ids = [scaleway_lb_ip.main.id]
  tags   = var.tags

  private_network {
    private_network_id = var.private_network_id
  }
}

resource "scaleway_lb_certificate" "wildcard" {
  lb_id = scaleway_lb.main.id
  name  = "${var.name}-wildcard"

  custom_certificate {
    certificate_chain = "${var.certificate.chain}${var.certificate.private_key}"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "scaleway_lb_backend" "web" {
  lb_id            = scaleway_lb.main.id
  name             = "web"
  forward_protocol = "http"
  forward_port     = 8000
  proxy_protocol   = "none"
  # gunicorn sees the client through X-Forwarded-For / X-Forwarded-Proto (BEHIND_TLS_PROXY).
  ssl_bridging = false

  health_check_http {
    uri         = "/sante/"
    host_header = var.base_domain
    code        = 200
  }
  health_check_delay       = "10s"
  health_check_timeout     = "5s"
  health_check_max_retries = 3
}

resource "scaleway_lb_frontend" "https" {
  lb_id           = scaleway_lb.main.id
  backend_id      = scaleway_lb_backend.web.id
  name            = "https"
  inbound_port    = 443
  certificate_ids = [scaleway_lb_certificate.wildcard.id]
  enable_http3    = true
}

# No plain-HTTP frontend: port 80 stays closed, and browsers keep to HTTPS (HSTS).

# --- Instances read their secrets from Secret Manager with a key that can do nothing else ----

resource "scaleway_iam_application" "runtime" {
  name        = "${var.name}-runtime"
  description = "Instances of Particip'Actives: read the application's secrets at boot."
}

data "scaleway_account_project" "current" {}

resource "scaleway_iam_policy" "runtime" {
  name           = "${var.name}-runtime-secrets"
  application_id = scaleway_iam_application.runtime.id

  rule {
    project_ids          = [data.scaleway_account_project.current.id]
    permission_set_names = ["SecretManagerSecretAccess", "ContainerRegistryReadOnly"]
  }
}

resource "scaleway_iam_api_key" "runtime" {
  application_id = scaleway_iam_application.runtime.id
  description    = "${var.name} instances"
}

locals {
  roles = {
    web = {
      command = "gunicorn apes_platform.wsgi:application --config infra/gunicorn.conf.py"
      release = true
      type    = var.web_instance_type
    }
    worker = {
      command = "celery -A apes_platform worker --loglevel=INFO"
      release = false
      type    = var.worker_instance_type
    }
    beat = {
      command = "celery -A apes_platform beat --loglevel=INFO --schedule=/tmp/celerybeat-schedule"
      release = false
      type    = var.worker_instance_type
    }
  }
}

resource "scaleway_autoscaling_instance_template" "role" {
  for_each            = local.roles
  name                = "${var.name}-${each.key}"
  zone                = var.zone
  commercial_type     = each.value.type
  image_id            = "debian_bookworm"
  private_network_ids = [var.private_network_id]
  tags                = concat(var.tags, [each.key])

  volumes {
    name        = "root"
    perf_iops   = 5000
    volume_type = "sbs"
    boot        = true
    from_snapshot {
      snapshot_id = "debian_bookworm"
    }
  }

  cloud_init = templatefile("${path.module}/cloud-init.yaml.tftpl", {
    role        = each.key
    command     = each.value.command
    release     = each.value.release
    image       = var.image
    environment = var.environment
    secret_ids  = var.secret_ids
    access_key  = scaleway_iam_api_key.runtime.access_key
    secret_key  = scaleway_iam_api_key.runtime.secret_key
  })
}

resource "scaleway_autoscaling_instance_group" "web" {
  name        = "${var.name}-web"
  zone        = var.zone
  template_id = scaleway_autoscaling_instance_template.role["web"].id
  tags        = var.tags

  capacity {
    min_replicas   = var.web_replicas.min
    max_replicas   = var.web_replicas.max
    cooldown_delay = 300
  }

  load_balancer {
    id                 = scaleway_lb.main.id
    backend_ids        = [scaleway_lb_backend.web.id]
    private_network_id = var.private_network_id
  }
}

resource "scaleway_autoscaling_instance_group" "worker" {
  name        = "${var.name}-worker"
  zone        = var.zone
  template_id = scaleway_autoscaling_instance_template.role["worker"].id
  tags        = var.tags

  capacity {
    min_replicas   = var.worker_replicas.min
    max_replicas   = var.worker_replicas.max
    cooldown_delay = 300
  }
}

# Exactly one beat: a second one would send every periodic task twice.
resource "scaleway_autoscaling_instance_group" "beat" {
  name        = "${var.name}-beat"
  zone        = var.zone
  template_id = scaleway_autoscaling_instance_template.role["beat"].id
  tags        = var.tags

  capacity {
    min_replicas   = 1
    max_replicas   = 1
    cooldown_delay = 300
  }
}

locals {
  scaled_groups = {
    web    = scaleway_autoscaling_instance_group.web.id
    worker = scaleway_autoscaling_instance_group.worker.id
  }
}

resource "scaleway_autoscaling_instance_policy" "up" {
  for_each          = local.scaled_groups
  instance_group_id = each.value
  zone              = var.zone
  name              = "${each.key}-up-on-cpu"
  action            = "scale_up"
  type              = "flat_count"
  value             = 1
  priority          = 1

  metric {
    name               = "cpu above 70%"
    managed_metric     = "managed_metric_instance_cpu"
    operator           = "operator_greater_than"
    aggregate          = "aggregate_average"
    sampling_range_min = 5
    threshold          = 70
  }
}

resource "scaleway_autoscaling_instance_policy" "down" {
  for_each          = local.scaled_groups
  instance_group_id = each.value
  zone              = var.zone
  name              = "${each.key}-down-on-cpu"
  action            = "scale_down"
  type              = "flat_count"
  value             = 1
  priority          = 2

  metric {
    name               = "cpu below 30%"
    managed_metric     = "managed_metric_instance_cpu"
    operator           = "operator_less_than"
    aggregate          = "aggregate_average"
    sampling_range_min = 10
    threshold          = 30
  }
}

output "load_balancer_ip" {
  description = "Public IP of the load balancer."
  value       = scaleway_lb_ip.main.ip_address
}
