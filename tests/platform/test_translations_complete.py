"""Every French string ships with its English.

`makemessages` runs on a copy of the source tree (the repository's catalogue is left alone); the
catalogue it produces must hold no empty and no fuzzy entry, in any app. The committed `.mo` must
be the compiled form of the committed `.po` (someone who forgets `compilemessages` sees French).
"""
from __future__ import annotations

import gettext
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test.utils import override_settings

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = Path("locale") / "en" / "LC_MESSAGES"

pytestmark = pytest.mark.infra

# Hidden folders (.git, .venv) are skipped by makemessages anyway; npm's packages hold no string of
# ours, and var/ and staticfiles/ are generated.
NOT_SOURCES = shutil.ignore_patterns(".*", "node_modules", "var", "staticfiles", "__pycache__", "*.pyc", "*.mo")


def _entries(po: Path, *flags: str) -> list[str]:
    """The entries `msgattrib` keeps with these flags (e.g. --untranslated), each as its text block."""
    out = subprocess.run(["msgattrib", *flags, "--no-obsolete", str(po)], check=True,
                         capture_output=True, text=True).stdout
    blocks = [block.strip() for block in out.split("\n\n") if block.strip()]
    return [block for block in blocks if 'msgid ""\nmsgstr ""' not in block]  # the header


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory) -> Path:
    """The English catalogue as `makemessages -l en` leaves it today, with source locations."""
    source = tmp_path_factory.mktemp("source") / "tree"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCES)
    here = Path.cwd()
    try:
        os.chdir(source)
        with override_settings(LOCALE_PATHS=[str(source / "locale")]):
            call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)
    finally:
        os.chdir(here)
    return source / CATALOGUE / "django.po"


def _report(blocks: list[str], what: str) -> str:
    shown = "\n\n".join(blocks[:40])
    more = f"\n\n… and {len(blocks) - 40} more" if len(blocks) > 40 else ""
    return (f"{len(blocks)} entries of locale/en/LC_MESSAGES/django.po {what} (run makemessages -l en "
            f"--no-location --no-obsolete, write the English, drop the fuzzy flag, compilemessages -l en):"
            f"\n\n{shown}{more}")


def test_no_string_without_english(fresh_catalogue):
    empty = _entries(fresh_catalogue, "--untranslated")
    assert not empty, _report(empty, "have no English")


def test_no_fuzzy_guess_left(fresh_catalogue):
    fuzzy = _entries(fresh_catalogue, "--only-fuzzy")
    assert not fuzzy, _report(fuzzy, "hold a fuzzy guess of msgmerge, not a translation")


def test_committed_mo_is_compiled_from_committed_po(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(ROOT / CATALOGUE / "django.po")],
                   check=True, capture_output=True)
    with open(compiled, "rb") as fresh, open(ROOT / CATALOGUE / "django.mo", "rb") as committed:
        expected, actual = gettext.GNUTranslations(fresh)._catalog, gettext.GNUTranslations(committed)._catalog
    stale = sorted(str(key) for key in expected.keys() ^ actual.keys()
                   | {key for key in expected.keys() & actual.keys() if expected[key] != actual[key]})
    assert not stale, f"django.mo is older than django.po (run compilemessages -l en): {stale[:20]}"
