"""The head office's admin reads French, third-party apps included (axes, django-otp, DRF tokens, audit log)."""
import html
import re

from tests.conftest import client_on

# Names that are the same word in both languages.
SAME_IN_BOTH = {"Agenda"}


def _index_names(page: str) -> dict[str, str]:
    """Every app caption and model name of the admin index, by the address it links to."""
    links = re.findall(r'<(?:caption|th scope="row")[^>]*>\s*<a href="(/admin/[^"]+)"[^>]*>(.*?)</a>', page, re.S)
    return {href: html.unescape(name.strip()) for href, name in links}


def test_the_admin_index_names_every_app_and_model_in_french_and_in_english(head_office):
    client = client_on(None, head_office)
    french = _index_names(client.get("/admin/").content.decode())
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"}).status_code == 302
    english = _index_names(client.get("/admin/").content.decode())

    assert french.keys() == english.keys()
    for href in ("/admin/axes/", "/admin/auditlog/", "/admin/otp_totp/", "/admin/otp_totp/totpdevice/",
                 "/admin/authtoken/", "/admin/axes/accessattempt/", "/admin/auth/group/"):
        assert href in french, href
    # A name the French page shows as the English one is a label nobody translated.
    untranslated = {href: name for href, name in french.items() if english[href] == name and name not in SAME_IN_BOTH}
    assert not untranslated, untranslated
    assert french["/admin/otp_totp/"] == "Double authentification"
    assert french["/admin/otp_totp/totpdevice/"] == "Applications d'authentification (TOTP)"
    assert french["/admin/axes/accessattempt/"] == "Tentatives de connexion"  # axes' own French catalogue
    assert english["/admin/otp_totp/totpdevice/"] == "Authenticator apps (TOTP)"


def test_a_third_party_change_list_reads_french(head_office):
    page = client_on(None, head_office).get("/admin/otp_totp/totpdevice/").content.decode()
    assert "Applications d&#x27;authentification (TOTP)" in page or "Applications d’authentification (TOTP)" in page
    assert "TOTP device" not in page
