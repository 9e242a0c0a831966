"""Which views an anonymous visitor may reach on a residence host: decided on the view, not by URL.

On a residence subdomain every view is private (log-in first) unless it is marked public:

    from apes_platform.access import public_view

    @public_view
    def ical_feed(request, token): ...          # a function view

    @public_view
    class LoginView(auth_views.LoginView): ...  # a class-based view (Django's or DRF's)

`ResidenceAccessMiddleware.process_view` reads the mark (`is_public_view`). A public view must do its
own check (a private token, the resident portal's session, a closed check-in…). The isolation
matrix (tests/test_isolation_matrix.py) asserts the list of public routes equals its allow-list,
so marking a view public is a reviewed decision: add the route there, with why, in the same change.
See docs/security.md.
"""
from __future__ import annotations

PUBLIC_VIEW_ATTRIBUTE = "public_view"


def public_view(view):
    """Mark a view (function or class) as reachable without an account on a residence host."""
    setattr(view, PUBLIC_VIEW_ATTRIBUTE, True)
    return view


def is_public_view(view_func) -> bool:
    """True for a marked function, or the view of a marked class (`as_view()`: Django's `view_class`,
    DRF's `cls`)."""
    for candidate in (view_func, getattr(view_func, "view_class", None), getattr(view_func, "cls", None)):
        if candidate is not None and getattr(candidate, PUBLIC_VIEW_ATTRIBUTE, False):
            return True
    return False


def actor_may_act_here(actor) -> bool:
    """May `actor` act in the residence the connection is on? Its coordinators and the head office."""
    from django.db import connection

    from tenants.models import Residence
    from tenants.selectors import user_can_enter_residence

    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    residence = getattr(connection, "tenant", None)
    if not isinstance(residence, Residence):  # a task or a shell on the schema: find its residence
        residence = Residence.objects.filter(schema_name=connection.schema_name).first()
    return residence is not None and user_can_enter_residence(user=actor, residence=residence)


def access_by_id(queryset, id, *, actor, message: str):  # noqa: A002 - Zulip's `access_<thing>_by_id` naming
    """The check and the fetch in one step, for every `access_<thing>_by_id(actor=…, id=…)`:

    the row `id` of `queryset` (the current residence's schema) if `actor` may act here, else 404,
    the same answer as an id that does not exist (or belongs to another residence's schema).
    """
    from django.http import Http404

    if not actor_may_act_here(actor):
        raise Http404(message)
    try:
        return queryset.get(pk=int(id))
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(message) from exc
