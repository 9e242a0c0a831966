"""A colon belongs to the translated text: French writes « Statut : », English "Status:".

A colon written in a template next to a translated text or a value (`{% translate "Statut" %} :`,
`</strong> :`, `{{ label }} : {{ value }}`) reads "Status : Open" in English. The colon goes inside
the msgid (`{% translate "Statut :" %}`, `{% blocktranslate %}{{ label }} : {{ value }}…`).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from core.activities.factories import ActivityFactory
from core.partners.factories import PartnerFactory
from tests.platform.test_i18n import _english_client

ROOT = Path(__file__).resolve().parents[2]
AREAS = ("core", "network", "reporting", "tenants", "platform")

TRANSLATED, VALUE = "\x00", "\x01"
_COMMENTS = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.S)
_CODE = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_BLOCK_TRANSLATE = re.compile(r"{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}", re.S)
_TRANSLATE = re.compile(r"{%\s*trans(?:late)?\s.*?%}", re.S)
_VARIABLE = re.compile(r"{{.*?}}", re.S)
_TAG = re.compile(r"{%.*?%}", re.S)
_HTML_TAG = re.compile(r"<[^>]*>")
# A colon preceded by a space (or stuck to a translated text or a value) and followed by a space.
_LOOSE_COLON = re.compile(r"(?:[ \t\xa0]|&nbsp;|&#160;|[\x00\x01]):(?=[ \t\xa0\n]|&nbsp;|$)", re.M)


def _visible_text(source: str) -> str:
    """The template's text outside translations, with markers for translations and values."""
    text = _CODE.sub("", _COMMENTS.sub("", source))
    text = _BLOCK_TRANSLATE.sub(TRANSLATED, text)
    text = _TRANSLATE.sub(TRANSLATED, text)
    text = _VARIABLE.sub(VALUE, text)
    text = _TAG.sub("", text)
    return _HTML_TAG.sub("", text)


def _templates() -> list[Path]:
    return sorted(path for area in AREAS for pattern in ("*.html", "*.txt")
                  for path in (ROOT / area).rglob(f"templates/**/{pattern}"))


def _loose_colons(source: str) -> list[str]:
    return [line.strip() for line in _visible_text(source).splitlines() if _LOOSE_COLON.search(line)]


def test_the_scanner_sees_a_colon_outside_a_translation():
    assert _loose_colons('<p>{% translate "Statut" %} : {{ s }}</p>')
    assert _loose_colons('<p><strong>{% translate "Statut" %}</strong> : {{ s }}</p>')
    assert _loose_colons("<li>{{ label }} : {{ value }}</li>")
    assert _loose_colons('{% blocktranslate %}Close le {{ d }}{% endblocktranslate %} : {{ o }}')
    assert _loose_colons('{{ topic }}{% if note %}: {{ note }}{% endif %}')
    assert not _loose_colons('<p>{% translate "Statut :" %} {{ s }}</p>')
    assert not _loose_colons('{% blocktranslate with label=l value=v %}{{ label }} : {{ value }}{% endblocktranslate %}')
    assert not _loose_colons('<a href="http://x{% if p %}:{{ p }}{% endif %}/">{{ h }}:{{ m }}</a>')


def test_no_template_puts_a_colon_outside_the_translated_text():
    found = {str(path.relative_to(ROOT)): lines for path in _templates()
             if (lines := _loose_colons(path.read_text(encoding="utf-8")))}
    assert _templates(), "no template found"
    assert not found, "colon outside the translated text (put it inside the msgid):\n" + "\n".join(
        f"{path}: {line!r}" for path, lines in found.items() for line in lines)


def _visible_page_text(page: str) -> str:
    """What a reader sees of the page's main part, on one line."""
    main = page.split("<main", 1)[-1].split(">", 1)[-1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", _HTML_TAG.sub("", _CODE.sub("", main)).replace("&nbsp;", " "))


def test_pages_read_in_english_have_no_space_before_a_colon(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        cancelled = ActivityFactory(status="cancelled", cancellation_reason="Pluie")
        partner = PartnerFactory()
    client = _english_client(residence_a, coordinator_a)
    expected = {
        f"/activites/{cancelled.pk}/": "Session cancelled: Pluie",
        "/activites/": "Export:",
        f"/partenaires/{partner.pk}/": "Partnership status:",
        "/imports/": "Residents:",
    }
    for url, english in expected.items():
        response = client.get(url)
        assert response.status_code == 200, url
        text = _visible_page_text(response.content.decode())
        assert english in text, (url, english)
        assert not re.search(r"\s:(\s|$)", text), (url, re.findall(r".{30}\s:\s.{0,30}", text))
