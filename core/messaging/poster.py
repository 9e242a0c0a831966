"""Posters and flyers (A4 or A5 PDF, WeasyPrint) with a QR code (segno) to the activity or the portal."""
from __future__ import annotations

import segno
from django.template.loader import render_to_string

SIZES = {"A4", "A5"}


def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=10, border=4, dark="#000", light="#fff")


def poster_pdf(*, title: str, text: str, url: str, size: str = "A4", residence_name: str = "",
               when: str = "", where: str = "") -> bytes:
    from weasyprint import HTML

    size = size if size in SIZES else "A4"
    html = render_to_string("messaging/poster_pdf.html", {
        "title": title, "text": text, "url": url, "size": size, "qr_svg": qr_svg(url),
        "residence_name": residence_name, "when": when, "where": where})
    return HTML(string=html).write_pdf()
