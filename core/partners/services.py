"""Writes of partners."""
from django.db import transaction

from core.partners.models import Partner, PartnerKind

FIELDS = ("name", "kind", "contact_name", "email", "phone", "is_active", "runs_workshops", "notes")


@transaction.atomic
def partner_create(*, name: str, kind: str = PartnerKind.ASSOCIATION, contact_name: str = "", email: str = "", phone: str = "",
                   is_active: bool = True, runs_workshops: bool = False, notes: str = "") -> Partner:
    partner = Partner(name=name.strip(), kind=kind, contact_name=contact_name.strip(), email=email.strip(),
                      phone=phone.strip(), is_active=is_active, runs_workshops=runs_workshops, notes=notes.strip())
    partner.full_clean()
    partner.save()
    return partner


@transaction.atomic
def partner_update(*, partner: Partner, **fields) -> Partner:
    for name, value in fields.items():
        if name not in FIELDS:
            raise TypeError(f"unknown partner field {name!r}")
        setattr(partner, name, value.strip() if isinstance(value, str) else value)
    partner.full_clean()
    partner.save()
    return partner
