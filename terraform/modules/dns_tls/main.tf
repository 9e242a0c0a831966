# DNS for BASE_DOMAIN and *.BASE_DOMAIN, and one wildcard certificate for both (Let's Encrypt,
# DNS-01 challenge answered in the Scaleway DNS zone, renewed by `terraform apply`).

variable "base_domain" {
  description = "Bare domain of the platform."
  type        = string
}

variable "dns_zone" {
  description = "Scaleway DNS zone holding base_domain."
  type        = string
}

variable "acme_email" {
  description = "Let's Encrypt account e-mail."
  type        = string
}

variable "target_ip" {
  description = "Public IP the names point to (the load balancer)."
  type        = string
}

locals {
  # Record names are relative to the zone ("" when base_domain is the zone itself).
  relative = trimsuffix(trimsuffix(var.base_domain, var.dns_zone), ".")
}

resource "scaleway_domain_record" "bare" {
  dns_zone = var.dns_zone
  name     = local.relative
  type     = "A"
  data     = var.target_ip
  ttl      = 300
}

resource "scaleway_domain_record" "wildcard" {
  dns_zone = var.dns_zone
  name     = local.relative == "" ? "*" : "*.${local.relative}"
  type     = "A"
  data     = var.target_ip
  ttl      = 300
}

# Only Let's Encrypt may issue certificates for the domain.
resource "scaleway_domain_record" "caa" {
  dns_zone = var.dns_zone
  name     = local.relative
  type     = "CAA"
  data     = "0 issue \"letsencrypt.org\""
  ttl      = 3600
}

resource "tls_private_key" "acme_account" {
  algorithm   = "ECDSA"
  ecdsa_curve = "P256"
}

resource "acme_registration" "main" {
  account_key_pem = tls_private_key.acme_account.private_key_pem
  email_address   = var.acme_email
}

resource "acme_certificate" "wildcard" {
  account_key_pem           = acme_registration.main.account_key_pem
  common_name               = var.base_domain
  subject_alternative_names = ["*.${var.base_domain}"]
  key_type                  = "P256"
  min_days_remaining        = 30

  # SCW_ACCESS_KEY / SCW_SECRET_KEY from the environment, as for the scaleway provider.
  dns_challenge {
    provider = "scaleway"
  }
}

output "certificate" {
  description = "Wildcard certificate: chain (leaf + issuer) and private key, PEM."
  value = {
    chain       = "${acme_certificate.wildcard.certificate_pem}${acme_certificate.wildcard.issuer_pem}"
    private_key = acme_certificate.wildcard.private_key_pem
  }
  sensitive = true
}
