"""Test settings: the real PostgreSQL and Redis, on databases of their own."""
import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")

from apes_platform.settings import *  # noqa: F403
from apes_platform.settings import CACHES, DATABASES, REDIS_URL, redis_db_url

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Never share a broker or cache database with a running development stack.
CELERY_BROKER_URL = os.environ.get("TEST_CELERY_BROKER_URL", redis_db_url(REDIS_URL, 15))
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
# Named after the database so that two checkouts testing at once never share a queue or a key.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", f"apes-test-{DATABASES['default']['NAME']}")
CACHES["default"]["LOCATION"] = redis_db_url(REDIS_URL, 14)
CACHES["default"]["KEY_PREFIX"] = f"apes-test-{DATABASES['default']['NAME']}"
DATABASES["default"]["CONN_MAX_AGE"] = 0
# The replica alias, as a mirror of the test database: tests/reporting/test_replica.py reads
# through it (REPORTING_DATABASE="replica"); every other test reads the primary.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
REPORTING_DATABASE = "default"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# The suite logs in hundreds of times from 127.0.0.1: throttling tests set their own low rates.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"login": "100000/min", "export": "100000/min",  # noqa: F405
                                                               "search": "100000/min"}}
# Uploaded documents of the test run, outside the checkout, one folder per test database.
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT", f"/tmp/apes-test-media-{DATABASES['default']['NAME']}"))  # noqa: F405
