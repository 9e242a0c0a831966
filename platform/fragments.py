"""HTMX fragments opened as pages.

A fragment view (a polled progress block, a live counter, search results) answers HTMX with the
fragment alone; a plain GET of the same address (a bookmark, a reload, a screen reader's "open in
new tab") gets a whole page around it: title, language, one heading, the menu. One rule, here.
"""
from django.db import connection
from django.shortcuts import render
from django_tenants.utils import get_public_schema_name


def render_fragment(request, template: str, context: dict, *, title: str, wrap: str = "div"):
    """`template` alone for HTMX; otherwise inside the site's page, headed by `title`.
    `wrap` is the element holding the fragment in the page ("ul" for a fragment of list items)."""
    if request.htmx:
        return render(request, template, context)
    public = connection.schema_name == get_public_schema_name()
    return render(request, "fragment_page.html", {
        **context, "fragment_template": template, "fragment_title": title, "fragment_wrap": wrap,
        "base_template": "public_base.html" if public else "residence_base.html"})
