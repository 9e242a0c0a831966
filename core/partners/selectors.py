"""Reads of partners. They run on the current residence schema only."""
from django.db.models import Q, QuerySet

from apes_platform.access import access_by_id
from core.partners.models import Partner


def access_partner_by_id(*, actor, id) -> Partner:  # noqa: A002
    """A partner of the current residence, or 404: ids of another schema never resolve.
    The actor must be allowed in the residence."""
    return access_by_id(Partner.objects.all(), id, actor=actor, message="Partenaire introuvable")


def partner_list(*, search: str = "", kind: str = "", runs_workshops: bool | None = None,
                 active_only: bool = False) -> QuerySet[Partner]:
    qs = Partner.objects.all()
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(contact_name__icontains=search) | Q(email__icontains=search))
    if kind:
        qs = qs.filter(kind=kind)
    if runs_workshops is not None:
        qs = qs.filter(runs_workshops=runs_workshops)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("name", "id")
