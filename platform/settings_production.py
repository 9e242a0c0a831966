"""Production settings: the development settings with every HTTPS and cookie protection on.

Use `DJANGO_SETTINGS_MODULE=apes_platform.settings_production` with `SECRET_KEY`,
`BASE_DOMAIN`, `DATABASE_URL`, `REDIS_URL` in the environment (docs/security.md).
`manage.py check --deploy --fail-level WARNING` passes with these settings (tested).
"""
import os

os.environ.setdefault("DEBUG", "false")

from apes_platform.settings import *  # noqa: E402,F403
from apes_platform.settings import env_bool  # noqa: E402

DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Every residence is a subdomain, all on HTTPS: the domain may join browsers' preload list.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# TLS ends at the proxy (nginx, load balancer), which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Client address for lockouts and throttles: the one the proxy saw (one proxy hop by default).
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
REST_FRAMEWORK = {**REST_FRAMEWORK, "NUM_PROXIES": AXES_IPWARE_PROXY_COUNT}  # noqa: F405
