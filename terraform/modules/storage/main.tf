# Object storage for uploads (documents, photos): private, versioned, old versions expire.

variable "name" {
  description = "Name prefix of the resources."
  type        = string
}

variable "tags" {
  description = "Tags put on every resource."
  type        = list(string)
}

resource "scaleway_object_bucket" "media" {
  name = "${var.name}-media"
  tags = { for tag in var.tags : tag => "true" }

  versioning {
    enabled = true
  }

  lifecycle_rule {
    id      = "expire-old-versions"
    enabled = true
    expiration {
      days = 365
    }
  }
}

resource "scaleway_object_bucket_acl" "media" {
  bucket = scaleway_object_bucket.media.id
  acl    = "private"
}

output "bucket_name" {
  description = "Bucket of the uploads."
  value       = scaleway_object_bucket.media.name
}

output "endpoint" {
  description = "S3 endpoint of the bucket's region."
  value       = scaleway_object_bucket.media.api_endpoint
}
