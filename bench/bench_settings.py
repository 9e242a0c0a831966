"""Settings of the benchmark database: the project's, plus a tenant app carrying an 'added field' migration."""
import os

os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("DEBUG", "false")
# The load part sends searches (`?q=`) from one account as fast as it can: measure the server, not the
# 120/min rate limit (the throttle's Redis check still runs).
os.environ.setdefault("THROTTLE_SEARCH", "1000000/min")

from apes_platform.settings import *  # noqa: E402,F403
from apes_platform.settings import CACHES, DATABASES, INSTALLED_APPS, REDIS_URL, TENANT_APPS, redis_db_url  # noqa: E402

TENANT_APPS = TENANT_APPS + ["benchapp"]
INSTALLED_APPS = INSTALLED_APPS + ["benchapp"]
ALLOWED_HOSTS = ["localhost", ".localhost", "127.0.0.1"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
_name = DATABASES["default"]["NAME"]
CACHES["default"]["LOCATION"] = redis_db_url(REDIS_URL, 13)
CACHES["default"]["KEY_PREFIX"] = f"apes-{_name}"
CELERY_BROKER_URL = redis_db_url(REDIS_URL, 13)
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
CELERY_TASK_DEFAULT_QUEUE = f"apes-{_name}"
CELERY_BEAT_SCHEDULE = {}
CELERY_RESULT_EXPIRES = 600  # result keys of the bench's tasks do not outlive it
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
