"""Settings for Particip'Actives Platform.

Configuration comes from the environment (12-factor) with development defaults,
so a fresh clone runs against the local PostgreSQL and Redis.
"""
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from apes_platform.service_urls import configured_url

BASE_DIR = Path(__file__).resolve().parent.parent
# The package's own folder: templates, static and locale ship inside it when installed non-editable.
PLATFORM_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", True)
_DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
BASE_DOMAIN = os.environ.get("BASE_DOMAIN", "localhost")
ALLOWED_HOSTS = [BASE_DOMAIN, f".{BASE_DOMAIN}"]
# Behind a TLS-terminating proxy (nginx, load balancer).
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# CSRF: Django always trusts the request's own origin (scheme and host), which is all a form of
# this project needs: every form posts to the host that served it (CSP form-action 'self').
# No other origin is trusted by default: a wildcard `https://*.<domain>` would let every residence
# post into every other one (issue 13). Extra exact origins may be given; wildcards are refused.
CSRF_TRUSTED_ORIGINS = [origin for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if origin]
if any("*" in origin for origin in CSRF_TRUSTED_ORIGINS):
    raise ImproperlyConfigured("CSRF_TRUSTED_ORIGINS must not hold a wildcard: residences would trust each other.")

# --- Tenancy -----------------------------------------------------------------
SHARED_APPS = [
    "django_tenants",
    "tenants",
    "reporting",
    "reporting.reports",
    "network.calls",
    "network.practice",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "auditlog",
    "django.forms",  # the default form templates, for FORM_RENDERER below
]
# The residence's own data: tables live only in each residence schema.
TENANT_APPS = [
    "core.people",
    "core.activities",
    "core.partners",
    "core.spaces",
    "core.safety",
    "core.dropins",
    "core.evaluation",
    "core.privacy",
    "core.portal",
    "core.imports",
    # Also shared: a residence's audit entries stay in its own schema (docs/privacy.md).
    "auditlog",
    "core.agenda",
    "core.documents",
    "core.projects",
    "core.funding",
    "core.budget",
    "core.voice",
    "core.messaging",
    "core.replications",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Residence"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_URLCONF = "apes_platform.urls_public"
ROOT_URLCONF = "apes_platform.urls_tenant"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
# `SET search_path` once per schema switch, not before every query (tenants/postgresql_backend).
TENANT_LIMIT_SET_CALLS = True

# Provisioning: "script" replays the SQL recorded when Django last migrated a new schema
# (tenants/schema_script.py), "migrate" runs the tenant migrations in the new schema, "clone"
# copies the template schema. Chosen by bench/provisioning.py (docs/performance.md).
RESIDENCE_PROVISIONING = os.environ.get("RESIDENCE_PROVISIONING", "script")
if RESIDENCE_PROVISIONING not in {"script", "migrate", "clone"}:
    raise ImproperlyConfigured("RESIDENCE_PROVISIONING must be 'script', 'migrate' or 'clone'.")
RESIDENCE_TEMPLATE_SCHEMA = "residence_template"
if RESIDENCE_PROVISIONING == "clone":
    TENANT_BASE_SCHEMA = RESIDENCE_TEMPLATE_SCHEMA
    TENANT_CREATION_FAKES_MIGRATIONS = True
else:
    TENANT_CREATION_FAKES_MIGRATIONS = False
# `platform_migrate --executor=multiprocessing`: schemas migrated by a pool of processes, in chunks;
# a child is replaced after a few chunks so its connection's catalogue cache stays bounded.
TENANT_MULTIPROCESSING_MAX_PROCESSES = int(os.environ.get("MIGRATION_PROCESSES", "2"))
TENANT_MULTIPROCESSING_CHUNKS = int(os.environ.get("MIGRATION_CHUNK_SIZE", "25"))
TENANT_MULTIPROCESSING_MAX_TASKS_PER_CHILD = int(os.environ.get("MIGRATION_CHUNKS_PER_PROCESS", "4"))
# `platform_migrate` without --executor. `batched` plans once and replays the SQL in every residence
# schema (tenants/batched_migrations.py; figures in docs/performance.md).
TENANT_MIGRATION_EXECUTOR = os.environ.get("TENANT_MIGRATION_EXECUTOR", "standard")
if TENANT_MIGRATION_EXECUTOR not in {"standard", "multiprocessing", "batched"}:
    raise ImproperlyConfigured("TENANT_MIGRATION_EXECUTOR must be 'standard', 'multiprocessing' or 'batched'.")


# --- Database ----------------------------------------------------------------
# The variable; else the embedded server of a running `dev.sh` (var/embedded/); else the local default.
DATABASE_URL = configured_url("DATABASE_URL")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        # django-tenants' backend that skips a `SET search_path` the session already has.
        engine="tenants.postgresql_backend",
        # Bounded lifetime: a backend's catalogue cache grows with every schema it touches.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
# A read replica (terraform/modules/database): dashboards, exports and the reporting API read
# there (`reporting.selectors.reporting_database`); everything else, and every write, stays on
# the primary. Never migrated: it follows the primary.
DATABASE_REPLICA_HOST = os.environ.get("DATABASE_REPLICA_HOST", "")
if DATABASE_REPLICA_HOST:
    DATABASES["replica"] = {**DATABASES["default"], "HOST": DATABASE_REPLICA_HOST,
                            "OPTIONS": dict(DATABASES["default"]["OPTIONS"])}
REPORTING_DATABASE = "replica" if "replica" in DATABASES else "default"
# A connection is closed after serving this many residence schemas (tenants/connection_recycle.py):
# its backend's catalogue cache grows with every schema it touched. 0: never.
DB_MAX_SCHEMAS_PER_CONNECTION = int(os.environ.get("DB_MAX_SCHEMAS_PER_CONNECTION", "100"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: keys prefixed by schema so residences never share an entry --------
REDIS_URL = configured_url("REDIS_URL")


def redis_db_url(url: str, db: int) -> str:
    """The same Redis server, another logical database."""
    from urllib.parse import urlparse

    return urlparse(url)._replace(path=f"/{db}").geturl()


CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("CACHE_URL", redis_db_url(REDIS_URL, 1)),
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "apes"),
    }
}

# --- Application ---------------------------------------------------------------
MIDDLEWARE = [
    "apes_platform.middleware.ResidenceTenantMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apes_platform.middleware.FrenchFirstLocaleMiddleware",
    "apes_platform.input_rules.InputRuleMiddleware",  # no control characters in any text (issue 13)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "apes_platform.middleware.ResidenceAccessMiddleware",
    "apes_platform.middleware.MFARequiredMiddleware",
    "apes_platform.middleware.ThrottleMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PLATFORM_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apes_platform.context_processors.platform",
            ],
            # Template libraries of the platform itself (apes_platform is not an installed app).
            "libraries": {"money": "apes_platform.templatetags.money"},
            # |short_date (« 6 janv. », with the year when not this one) and |month_label everywhere.
            "builtins": ["apes_platform.templatetags.apes_dates"],
        },
    },
]

# Forms rendered once for every app (apes_platform/forms.py): labels beside radios and checkboxes,
# « Choisir… » placeholders, autocomplete/inputmode on e-mail and phone fields.
FORM_RENDERER = "apes_platform.forms.FormRenderer"
# ISO first among input formats, so date inputs show their value (apes_platform/formats/).
FORMAT_MODULE_PATH = ["apes_platform.formats"]

WSGI_APPLICATION = "apes_platform.wsgi.application"
ASGI_APPLICATION = "apes_platform.asgi.application"

AUTH_USER_MODEL = "tenants.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Lockout backend first (django-axes), then the usual model backend.
AUTHENTICATION_BACKENDS = ["tenants.auth_backends.LockoutBackend", "tenants.auth_backends.AccountBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Host-only cookies: a login on one residence is not a login on another.
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- Security (docs/security.md) ---------------------------------------------
from datetime import timedelta  # noqa: E402

from csp.constants import NONE, SELF  # noqa: E402

# Lockout after 5 failed log-ins for one account from one address, lifted after the cool-off.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # the log-in form's field (USERNAME_FIELD is "email")
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "tenants.views.lockout_response"
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if env_bool("BEHIND_TLS_PROXY", False) else ["REMOTE_ADDR"]
)
AXES_IPWARE_PROXY_COUNT = 1 if env_bool("BEHIND_TLS_PROXY", False) else None
# Second factor (django-otp TOTP): always for head office, landlord viewers and admin staff;
# for coordinators, per deployment.
MFA_REQUIRED_FOR_COORDINATORS = env_bool("MFA_REQUIRED_FOR_COORDINATORS", False)
OTP_TOTP_ISSUER = "Particip'Actives"
# Residents' magic links (core.portal): lifetime of a link, length of the resident session.
PORTAL_LINK_LIFETIME_HOURS = int(os.environ.get("PORTAL_LINK_LIFETIME_HOURS", "72"))
PORTAL_SESSION_MINUTES = int(os.environ.get("PORTAL_SESSION_MINUTES", "60"))
# Short codes given by the coordinator for the hall poster's page (core.portal.services.short_code_create).
PORTAL_CODE_LIFETIME_HOURS = int(os.environ.get("PORTAL_CODE_LIFETIME_HOURS", "24"))
# Strict CSP: no inline script or style anywhere (JS and CSS come from static files).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]  # the load balancer's health probe speaks plain HTTP

# --- Internationalisation: French first, English available ------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
LOCALE_PATHS = [BASE_DIR / "locale" if (BASE_DIR / "locale").is_dir() else PLATFORM_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Front-end libraries come from npm (infra/assets/package.json, installed by infra/dev.sh).
NODE_MODULES = Path(os.environ.get("NODE_MODULES", BASE_DIR / "infra" / "assets" / "node_modules"))
STATICFILES_DIRS = [
    PLATFORM_DIR / "static",
    ("vendor/chart.js", NODE_MODULES / "chart.js" / "dist"),
    ("vendor/modern-normalize", NODE_MODULES / "modern-normalize"),
]

# --- API ---------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "apes_platform.api.exception_handler",
    # Scoped rates, applied by apes_platform.middleware.ThrottleMiddleware to log-ins,
    # exports (?export=… or ?format=csv/xlsx) and searches (?search=… or ?q=…), pages and API alike.
    "DEFAULT_THROTTLE_RATES": {
        "login": os.environ.get("THROTTLE_LOGIN", "20/min"),
        "export": os.environ.get("THROTTLE_EXPORT", "30/min"),
        "search": os.environ.get("THROTTLE_SEARCH", "120/min"),
        # the public QR check-in page, per poster token (apes_platform.throttling.CheckInThrottle)
        "check_in": os.environ.get("THROTTLE_CHECK_IN", "120/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Particip'Actives Platform API",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Several models have a field named "kind": give each choice set its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "ActivityKindEnum": "core.activities.models.ActivityKind",
        "BudgetLineCategoryEnum": "core.budget.models.LineCategory",
        "SkillCategoryEnum": "core.voice.models.SkillCategory",
        "OrganiserKindEnum": "core.activities.models.OrganiserKind",
        "NarrativeKindEnum": "core.evaluation.models.NarrativeKind",
        "CheckKindEnum": "core.safety.models.CheckKind",
        "PartnerKindEnum": "core.partners.models.PartnerKind",
        "SpaceKindEnum": "core.spaces.models.SpaceKind",
        "BookerKindEnum": "core.spaces.models.BookerKind",
        "ReportJobKindEnum": "reporting.reports.models.ReportJob.Kind",
        "PeriodKindEnum": "reporting.models.PeriodKind",
        "PartnerScopeEnum": "core.partners.models.PartnerScope",
        "PartnershipStatusEnum": "core.partners.models.PartnershipStatus",
        "InteractionKindEnum": "core.partners.models.InteractionKind",
        "CallStatusEnum": "core.funding.models.CallStatus",
        "CallSourceEnum": "core.funding.models.CallSource",
        "ApplicationStageEnum": "core.funding.models.ApplicationStage",
        "ProjectKindEnum": "core.projects.models.ProjectKind",
        "ProjectStageEnum": "core.projects.models.ProjectStage",
        "MessageStatusEnum": "core.messaging.models.MessageStatus",
        "DeliveryStatusEnum": "core.messaging.models.DeliveryStatus",
        "MessageChannelEnum": "core.messaging.models.Channel",
        "TargetKindEnum": "core.messaging.models.TargetKind",
        "AnswerSourceEnum": "core.voice.models.AnswerSource",
        "BallotChannelEnum": "core.voice.models.BallotChannel",
    },
}

# --- Celery --------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", REDIS_URL)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "apes")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers an unacknowledged task after visibility_timeout: it must exceed the
# longest countdown/eta and retry backoff (CELERY_LONGEST_COUNTDOWN), or tasks run twice.
CELERY_LONGEST_COUNTDOWN = 6 * 3600
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_LONGEST_COUNTDOWN + 3600}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "refresh-indicators-nightly": {
        "task": "reporting.refresh_all_residences",
        "schedule": crontab(hour=2, minute=30),
    },
    "privacy-retention-nightly": {
        "task": "privacy.retention_all_residences",
        "schedule": crontab(hour=3, minute=15),
    },
    "funding-calls-feed-nightly": {
        "task": "funding.feed_all_residences",
        "schedule": crontab(hour=4, minute=0),
    },
    "funding-reminders-daily": {
        "task": "funding.reminders_all_residences",
        "schedule": crontab(hour=7, minute=30),
    },
    # Messages: SMS held overnight and retries whose delay ran out; reminders the day before (10:00).
    "messaging-send-due": {
        "task": "messaging.send_due_all_residences",
        "schedule": crontab(minute="*/10"),
    },
    "messaging-reminders-daily": {
        "task": "messaging.reminders_all_residences",
        "schedule": crontab(hour=10, minute=0),
    },
    # Landlords' calls: refused applicants' contacts erased past their retention (docs/landlord-calls.md).
    "landlord-calls-retention-nightly": {
        "task": "landlord_calls.retention",
        "schedule": crontab(hour=3, minute=45),
    },
}

# --- Personal data ------------------------------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# --- Observability -----------------------------------------------------------
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT", "development" if DEBUG else "production")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Uploaded documents (core.documents): MEDIA_ROOT/<schema>/…, never served by URL (docs/documents.md).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Landlords' calls: applicants' links live this many days; a refused application's contact this many.
LANDLORD_CALL_LINK_DAYS = int(os.environ.get("LANDLORD_CALL_LINK_DAYS", "60"))
LANDLORD_CALL_REFUSED_RETENTION_DAYS = int(os.environ.get("LANDLORD_CALL_REFUSED_RETENTION_DAYS", "730"))
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_MB", "10")) * 1024 * 1024

# Aides-territoires (core.funding): the head office's API key turns the nightly calls feed on.
AIDES_TERRITOIRES_API_KEY = os.environ.get("AIDES_TERRITOIRES_API_KEY", "")
AIDES_TERRITOIRES_API_URL = os.environ.get("AIDES_TERRITOIRES_API_URL", "https://aides-territoires.beta.gouv.fr/api")
AIDES_TERRITOIRES_TIMEOUT = int(os.environ.get("AIDES_TERRITOIRES_TIMEOUT", "20"))
AIDES_TERRITOIRES_BACKOFF_SECONDS = float(os.environ.get("AIDES_TERRITOIRES_BACKOFF_SECONDS", "2"))
AIDES_TERRITOIRES_MAX_RETRIES = int(os.environ.get("AIDES_TERRITOIRES_MAX_RETRIES", "4"))
# Reminders (e-mail to the coordinators) this many days before a call's deadline / a report's due date.
FUNDING_DEADLINE_REMINDER_DAYS = (14, 3)
FUNDING_REPORT_REMINDER_DAYS = (30, 7)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Particip'Actives <ne-pas-repondre@participactives.fr>")
# --- Messages to residents (core.messaging, docs/messaging.md) ----------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
MESSAGING_FROM_EMAIL = os.environ.get("MESSAGING_FROM_EMAIL", "Particip'Actives <ne-pas-repondre@participactives.fr>")
# SMS: "core.messaging.sms.ConsoleSmsBackend" (development) or "core.messaging.sms.BrevoSmsBackend".
SMS_BACKEND = os.environ.get("SMS_BACKEND", "core.messaging.sms.ConsoleSmsBackend")
SMS_BREVO_API_URL = os.environ.get("SMS_BREVO_API_URL", "https://api.brevo.com/v3/transactionalSMS/send")
SMS_BREVO_API_KEY = os.environ.get("SMS_BREVO_API_KEY", "")
SMS_SENDER = os.environ.get("SMS_SENDER", "Residence")
SMS_TIMEOUT_SECONDS = float(os.environ.get("SMS_TIMEOUT_SECONDS", "10"))
# Webhooks of the SMS provider (receipts, replies) carry a bearer token derived from this secret.
SMS_WEBHOOK_SECRET = os.environ.get("SMS_WEBHOOK_SECRET", SECRET_KEY + ":sms-webhook")
# No SMS between 20:00 and 09:00 (Paris): they wait for the morning. Off only for benchmarks.
MESSAGING_SMS_QUIET_HOURS = env_bool("MESSAGING_SMS_QUIET_HOURS", True)
MESSAGING_RETRY_BASE_SECONDS = int(os.environ.get("MESSAGING_RETRY_BASE_SECONDS", "60"))
# Links written into messages and posters: scheme and port of the residences' public address.
SITE_SCHEME = os.environ.get("SITE_SCHEME", "http" if DEBUG else "https")
SITE_PORT = os.environ.get("SITE_PORT", "8000" if DEBUG else "")

# Reporting: counts of people below this threshold are hidden from landlords.
SMALL_COUNT_THRESHOLD = 11

from apes_platform.sentry import init_sentry  # noqa: E402

init_sentry(dsn=SENTRY_DSN, environment=SENTRY_ENVIRONMENT)

# --- Indicator refresh: retries of a residence's refresh after a transient error --------------
# (database connection lost, broker unreachable): with exponential backoff; recorded as a failure
# in its run only after the last one.
REFRESH_MAX_RETRIES = int(os.environ.get("REFRESH_MAX_RETRIES", "5"))
