"""Residents' magic links: single-use, expiring, only a hash of the token is kept."""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.people.models import Resident


class MagicLink(models.Model):
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="magic_links",
                                 verbose_name=_("habitant·e"))
    token_hash = models.CharField(_("empreinte du jeton"), max_length=64, unique=True)
    # Accounts live in the public schema: the coordinator is kept by id (no cross-schema key).
    created_by_id = models.PositiveBigIntegerField(_("créé par (compte)"))
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expire le"))
    used_at = models.DateTimeField(_("utilisé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("lien d'accès habitant·e")
        verbose_name_plural = _("liens d'accès habitant·es")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.resident} ({self.created_at:%d/%m/%Y})"
