def platform(request):
    """The shell's context: current residence, the menu (apes_platform.navigation) and, for a
    coordinator of several residences, the switcher. Lazy: a page that never renders the shell
    (JSON, files) runs no query."""
    from django.utils.functional import SimpleLazyObject

    from apes_platform.navigation import account_links_for, navigation_for

    residence = getattr(request, "tenant", None)
    return {
        "current_residence": residence,
        "navigation": SimpleLazyObject(lambda: navigation_for(request)),
        "account_links": SimpleLazyObject(lambda: account_links_for(request)),
        "residence_switcher": SimpleLazyObject(lambda: residence_switcher(request)),
    }


def residence_switcher(request) -> list[dict]:
    """A coordinator's other residences, as links to their own hosts (empty for one residence)."""
    from tenants.services import residence_domain

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "is_coordinator", False):
        return []
    # The membership ids came with the user (tenants.selectors.user_for_session): a coordinator of one
    # residence costs no query, and the others are read by id, not through memberships again.
    ids = getattr(user, "member_residence_ids", None)
    if ids is not None and len(ids) < 2:
        return []
    from tenants.models import Residence

    chosen = Residence.objects.filter(pk__in=ids) if ids is not None else user.residences.all()
    residences = list(chosen.filter(status="active").order_by("name").only("id", "name", "slug"))
    if len(residences) < 2:
        return []
    current = getattr(request, "tenant", None)
    port = request.get_port()
    suffix = "" if port in ("80", "443") else f":{port}"
    return [{"name": r.name, "url": f"{request.scheme}://{residence_domain(r.slug)}{suffix}/",
             "current": current is not None and current.pk == r.pk} for r in residences]
