terraform {
  required_version = ">= 1.6"

  required_providers {
    scaleway = {
      source  = "scaleway/scaleway"
      version = "~> 2.60"
    }
    acme = {
      source  = "vancluever/acme"
      version = "~> 2.26"
    }
    tls = {
      source  = "hashicorp/tls"
      version = "~> 4.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }

  # State holds generated secrets: keep it in an encrypted, access-controlled bucket.
  backend "s3" {}
}

provider "scaleway" {
  region     = var.region
  zone       = var.zone
  project_id = var.project_id
}

provider "acme" {
  server_url = var.acme_server_url
}
