"""Local partners (associations, city services, social centres…), some of whom run workshops."""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    ASSOCIATION = "association", _("association")
    CITY_SERVICE = "city_service", _("service municipal")
    SOCIAL_CENTRE = "social_centre", _("centre social")
    TENANTS_ASSOCIATION = "tenants_association", _("amicale de locataires")
    COMPANY = "company", _("entreprise")
    OTHER = "other", _("autre")


class Partner(models.Model):
    name = models.CharField(_("nom"), max_length=160)
    kind = models.CharField(_("type"), max_length=30, choices=PartnerKind.choices, default=PartnerKind.ASSOCIATION)
    contact_name = models.CharField(_("personne de contact"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)
    runs_workshops = models.BooleanField(
        _("tiers intervenant"), default=False,
        help_text=_("Anime des ateliers dans les espaces de la résidence (prévention des chutes, informatique…)."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("enregistré le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name
