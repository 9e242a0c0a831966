terraform {
  required_providers {
    scaleway = {
      source = "scaleway/scaleway"
    }
    acme = {
      source = "vancluever/acme"
    }
    tls = {
      source = "hashicorp/tls"
    }
  }
}
