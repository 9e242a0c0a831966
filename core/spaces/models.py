"""Spaces of the residence (common room, garden, office, coworking desks)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class SpaceKind(models.TextChoices):
    COMMON_ROOM = "common_room", _("salle commune")
    GARDEN = "garden", _("jardin")
    OFFICE = "office", _("bureau")
    COWORKING_DESK = "coworking_desk", _("poste de coworking")
    OTHER = "other", _("autre")


class Space(models.Model):
    name = models.CharField(_("nom"), max_length=120)
    kind = models.CharField(_("type"), max_length=20, choices=SpaceKind.choices, default=SpaceKind.COMMON_ROOM)
    capacity = models.PositiveIntegerField(_("capacité (personnes)"))
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("en service"), default=True)

    class Meta:
        verbose_name = _("espace")
        verbose_name_plural = _("espaces")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name
