"""Pluggable SMS backends: the console in development, Brevo's transactional SMS API behind it.

Chosen by `settings.SMS_BACKEND` (a dotted path). A backend sends one text to one number and returns
the provider's message id; it raises `SmsTemporaryError` (worth retrying: network, 429, 5xx) or
`SmsPermanentError` (the provider refused this message: bad number, 4xx). See docs/messaging.md.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import re
import uuid

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(Exception):
    pass


class SmsTemporaryError(SmsError):
    pass


class SmsPermanentError(SmsError):
    pass


def msisdn(phone: str) -> str:
    """A French or international number as the provider wants it: digits only, country code first
    (06 12 34 56 78 → 33612345678; +44 7700… → 447700…). Empty if it cannot be a number."""
    raw = phone.strip()
    digits = re.sub(r"\D", "", raw)
    if raw.startswith("+"):
        return digits
    if digits.startswith("00"):
        return digits[2:]
    if len(digits) == 10 and digits.startswith("0"):
        return "33" + digits[1:]
    return digits if len(digits) >= 11 else ""


class ConsoleSmsBackend:
    """Development: the SMS is written to the log, never sent (the number is masked)."""

    def send(self, *, to: str, text: str, unicode: bool, tag: str = "") -> str:
        reference = f"console-{uuid.uuid4().hex[:12]}"
        logger.info("SMS (console) to …%s, %d characters, ref %s:\n%s", to[-2:], len(text), reference, text)
        return reference


class BrevoSmsBackend:
    """Brevo (ex-Sendinblue, a French company) transactional SMS: POST /v3/transactionalSMS/send with the
    `api-key` header; the answer holds `messageId`, which delivery receipts quote back."""

    def __init__(self):
        import requests

        self.url = settings.SMS_BREVO_API_URL
        self.session = requests.Session()
        self.session.headers.update({"api-key": settings.SMS_BREVO_API_KEY, "accept": "application/json",
                                     "content-type": "application/json"})

    def send(self, *, to: str, text: str, unicode: bool, tag: str = "") -> str:
        import requests

        payload = {"sender": settings.SMS_SENDER, "recipient": to, "content": text, "type": "transactional",
                   "unicodeEnabled": unicode}
        if tag:
            payload["tag"] = tag
        try:
            response = self.session.post(self.url, json=payload, timeout=settings.SMS_TIMEOUT_SECONDS)
        except requests.RequestException as exc:
            raise SmsTemporaryError(f"provider unreachable: {exc.__class__.__name__}") from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise SmsTemporaryError(f"provider answered {response.status_code}")
        if response.status_code >= 400:
            try:
                reason = response.json().get("message", "")
            except ValueError:
                reason = ""
            raise SmsPermanentError(f"provider refused ({response.status_code}) {reason}"[:280])
        try:
            return str(response.json()["messageId"])
        except (ValueError, KeyError) as exc:
            raise SmsTemporaryError("provider answer without messageId") from exc


_backend = None


def sms_backend():
    """One backend per process (keeps the HTTP connection alive between sends)."""
    global _backend
    key = (settings.SMS_BACKEND, settings.SMS_BREVO_API_URL, settings.SMS_BREVO_API_KEY)
    if _backend is None or getattr(_backend, "_key", None) != key:
        _backend = import_string(settings.SMS_BACKEND)()
        _backend._key = key
    return _backend


def webhook_token(schema_name: str) -> str:
    """The bearer token the provider sends on this residence's webhooks (Brevo's `auth.token`): an HMAC of
    the residence's schema with SMS_WEBHOOK_SECRET, so a token of one residence is worthless on another."""
    return hmac.new(settings.SMS_WEBHOOK_SECRET.encode(), schema_name.encode(), hashlib.sha256).hexdigest()


def webhook_token_valid(schema_name: str, authorization: str) -> bool:
    scheme, _, token = (authorization or "").partition(" ")
    return scheme.lower() == "bearer" and bool(token) and hmac.compare_digest(token.strip(),
                                                                              webhook_token(schema_name))
