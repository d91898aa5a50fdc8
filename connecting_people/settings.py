"""One settings module, driven by environment variables (see README "Configuration")."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from connecting_people.lib.client_address import parse_networks
from connecting_people.lib.env import (
    env_bool,
    env_int,
    env_list,
    env_str,
    local_secret_key,
    master_key,
    parse_database_url,
    secret_key_problem,
)

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(env_str("CPI_VAR_DIR", str(BASE_DIR / "var"))).resolve()

PRODUCTION = env_bool("CPI_PRODUCTION", False)
# Off unless asked for (CPI_DEBUG=1 while developing): Django's debug pages list every address and setting.
DEBUG = env_bool("CPI_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("CPI_DEBUG cannot be on when CPI_PRODUCTION=1")

SECRET_KEY = env_str("SECRET_KEY")
if PRODUCTION:
    if secret_key_problem(SECRET_KEY):
        raise ImproperlyConfigured(
            f"CPI_PRODUCTION=1 needs SECRET_KEY set to a long random value, and this one is too weak: "
            f"{secret_key_problem(SECRET_KEY)}. Generate one with: python -c 'import secrets; "
            "print(secrets.token_urlsafe(64))'"
        )
elif not SECRET_KEY:
    SECRET_KEY = local_secret_key(VAR_DIR)

# Wraps each person's own key, which seals the values of audit entries about them (audit/keys.py).
CPI_MASTER_KEY = master_key(env_str("CPI_MASTER_KEY"), VAR_DIR, production=PRODUCTION)

ALLOWED_HOSTS = env_list("CPI_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CPI_CSRF_TRUSTED_ORIGINS", [])
# A form refused for its CSRF token says in plain words that it expired (core/errors.py), never the reason.
CSRF_FAILURE_VIEW = "connecting_people.core.errors.csrf_failure"

DATABASES = {
    "default": parse_database_url(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cpi.sqlite3'}"), VAR_DIR
    ).as_django()
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# PostgreSQL connections are persistent (CONN_MAX_AGE) and health-checked (CONN_HEALTH_CHECKS): lib/env.py.

# Django's cache framework: each process's own memory by default; with CPI_REDIS_URL (say
# redis://127.0.0.1:6379/1, a database of its own: a restore clears it) every web process shares one Redis.
# It holds signed-in sessions (cached_db: read from the cache, written to the database as well) and
# rendered pieces of pages, keyed by the version of what they show (practice/page.py).
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("CPI_REDIS_URL")}
        if env_str("CPI_REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}}
    )
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

INSTALLED_APPS = [
    "connecting_people.core.apps.CpiAdminConfig",  # Django's admin, signing in through our throttled page
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_q",  # before core, whose admin.py takes its models off the admin site
    "connecting_people.core",
    "connecting_people.accounts",
    "connecting_people.audit",
    "connecting_people.interventions",
    "connecting_people.fieldwork",
    "connecting_people.practice",
    "connecting_people.guide",
    "connecting_people.consult",
    "connecting_people.measures",
    "connecting_people.community",
    "connecting_people.partnerships",
    "connecting_people.demo",
    "connecting_people.backup",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before the rest, so that every answer of the public ORUK API carries its CORS header (a 400 for a NUL,
    # a redirect to add a slash) and a preflight is answered at once.
    "connecting_people.community.middleware.OrukApiCorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "connecting_people.core.middleware.RefuseNulMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "connecting_people.core.middleware.SecurityHeadersMiddleware",
]

# WhiteNoise serves our static files: collected ones under gunicorn in production, straight from the apps'
# static folders otherwise (so Django's own server needs neither DEBUG nor collectstatic).
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

ROOT_URLCONF = "connecting_people.urls"
WSGI_APPLICATION = "connecting_people.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "connecting_people.core.context.navigation",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
AUTHENTICATION_BACKENDS = ["connecting_people.accounts.backends.Backend"]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed sign-ins allowed per account from one address (ten times that per address, twenty times per
# account from everywhere) inside the window before each further attempt waits, longer each time.
LOGIN_FAILURE_LIMIT = env_int("CPI_LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_MINUTES = env_int("CPI_LOGIN_FAILURE_WINDOW_MINUTES", 15)
SESSION_COOKIE_AGE = env_int("CPI_SESSION_HOURS", 8) * 3600
# The reverse proxies whose X-Forwarded-For we believe (addresses or networks); behind a proxy on the
# same machine the default is the loopback addresses. Sign-in throttling and the open call's limit count
# by the client address read through them (lib/client_address.py).
try:
    TRUSTED_PROXIES = parse_networks(
        env_list("CPI_TRUSTED_PROXIES", ["127.0.0.1", "::1"] if env_bool("CPI_BEHIND_PROXY", False) else [])
    )
except ValueError as exc:
    raise ImproperlyConfigured(f"CPI_TRUSTED_PROXIES: {exc}") from None

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# Dates and times are written as `formats/en_GB/formats.py` says (with a locale, the locale's formats win
# over DATE_FORMAT and its kind in settings, so they are set there).
FORMAT_MODULE_PATH = ["connecting_people.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Every file the app writes (fieldwork originals, built guides, uploads waiting to be confirmed) goes through
# Django's storage API: a folder under MEDIA_ROOT by default; CPI_STORAGE_BACKEND (a dotted class path) and
# CPI_STORAGE_OPTIONS (a JSON object) put them on shared or S3-compatible storage (README "Files on shared
# storage"), which several web and worker machines need.
try:
    _STORAGE_OPTIONS = json.loads(env_str("CPI_STORAGE_OPTIONS", "{}"))
except json.JSONDecodeError as exc:
    raise ImproperlyConfigured(f"CPI_STORAGE_OPTIONS is not valid JSON: {exc}") from None
if not isinstance(_STORAGE_OPTIONS, dict):
    raise ImproperlyConfigured('CPI_STORAGE_OPTIONS must be a JSON object, such as {"bucket_name": "cpi"}')
STORAGES = {
    "default": {
        "BACKEND": env_str("CPI_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": _STORAGE_OPTIONS,
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 200
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Originals of fieldwork files live here; nothing in it is served directly, only through permission checks.
MEDIA_ROOT = VAR_DIR / "media"
# Fewer coded excerpts than this in a component-by-perspective cell marks a gap in the evidence.
FIELDWORK_COVERAGE_THRESHOLD = env_int("CPI_FIELDWORK_COVERAGE_THRESHOLD", 3)
# Erasures and withdrawals, by id and pseudonymous reference only, kept outside the database so that
# `cpi restore` can re-apply those made after a backup was taken. Copy it off-site too, apart from the
# backups.
ERASURE_LOG = Path(env_str("CPI_ERASURE_LOG", str(VAR_DIR / "erasure-log.jsonl"))).resolve()
FIELDWORK_FILE_MAX_BYTES = env_int("CPI_FIELDWORK_FILE_MAX_BYTES", 20 * 1024 * 1024)
# A PDF under the size limit can still hold tens of thousands of pages: refuse more pages than this, or
# reading that takes more processor seconds than this.
FIELDWORK_PDF_MAX_PAGES = env_int("CPI_PDF_MAX_PAGES", 2000)
FIELDWORK_PDF_SECONDS = env_int("CPI_PDF_SECONDS", 30)
MODEL_FILE_MAX_BYTES = env_int("CPI_MODEL_FILE_MAX_BYTES", 1024 * 1024)
# The largest data package or ORUK JSON file a manager may upload on the directory's page (a proxy in front
# must accept a request this large); a larger directory is imported with `cpi community import`.
DIRECTORY_UPLOAD_MAX_BYTES = env_int("CPI_DIRECTORY_UPLOAD_MAX_BYTES", 100 * 1024 * 1024)
if DIRECTORY_UPLOAD_MAX_BYTES < 1:
    raise ImproperlyConfigured("CPI_DIRECTORY_UPLOAD_MAX_BYTES must be 1 or more.")

# In development, email is printed on the console of `cpi serve` and never written to files: reviewers'
# personal links must not pile up on disk (the outbox in the database keeps every message without them).
EMAIL_BACKEND = env_str(
    "CPI_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("CPI_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("CPI_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("CPI_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("CPI_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("CPI_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("CPI_EMAIL_FROM", "Connecting People <noreply@localhost>")
# The site's own address, which every link it gives out starts with (`lib/site_url.py`): reviewers' links
# in emails and reminders, links shown to copy, and the personal links to a questionnaire.
CPI_SITE_URL = env_str("CPI_SITE_URL", "http://127.0.0.1:8000")
# A directory entry not checked for this many days is flagged "due a check", and listed for its team each
# week.
CPI_DIRECTORY_CHECK_DAYS = env_int("CPI_DIRECTORY_CHECK_DAYS", 180)

# Background jobs (guide builds, emails, daily reminders): Django Q2 with its queue in this database, run by
# `cpi worker`. A job may run JOB_TIMEOUT seconds before its worker process is stopped. A job not
# acknowledged JOB_RETRY seconds after a worker took it (the worker was killed, or stopped for the timeout)
# is taken again by any worker, so JOB_RETRY must be longer than JOB_TIMEOUT: otherwise a job still running
# would be taken a second time. A job body counts its attempts and gives up after JOB_MAX_ATTEMPTS (a job
# that kills its worker every time, say by running out of memory, must not come back for ever); Django
# Q2's own max_attempts counts only failures it saved, and ack_failures acknowledges those at once.
JOB_TIMEOUT = env_int("CPI_JOB_TIMEOUT", 900)
JOB_RETRY = env_int("CPI_JOB_RETRY", JOB_TIMEOUT + 60)
if JOB_RETRY <= JOB_TIMEOUT:
    raise ImproperlyConfigured(
        f"CPI_JOB_RETRY ({JOB_RETRY} s) must be longer than CPI_JOB_TIMEOUT ({JOB_TIMEOUT} s): a job "
        "still running would be taken again by another worker."
    )
JOB_MAX_ATTEMPTS = env_int("CPI_JOB_MAX_ATTEMPTS", 3)
if JOB_MAX_ATTEMPTS < 1:
    raise ImproperlyConfigured("CPI_JOB_MAX_ATTEMPTS must be 1 or more.")
Q_CLUSTER = {
    "name": "cpi",
    "orm": "default",
    "workers": env_int("CPI_WORKER_PROCESSES", 2),
    "timeout": JOB_TIMEOUT,
    "retry": JOB_RETRY,
    "max_attempts": JOB_MAX_ATTEMPTS,
    "ack_failures": True,  # a job that raised is not run again; only a killed worker's job is
    # A worker whose processes are all busy holds at most two more jobs (one queued, one in the hand that
    # queues it; the default is processes squared), so jobs wait less behind a busy or killed worker.
    "queue_limit": 1,
    "save_limit": -1,  # no copy of finished jobs' arguments (an email's personal link) is kept
    "poll": 1,
    "catch_up": False,  # a worker that was stopped for days sends one day's reminders, not one per day
    "label": "Background jobs",
}
# Tests set this to run each job at once, in the process that asked for it.
CPI_JOBS_INLINE = False

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("CPI_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("CPI_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("CPI_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("CPI_HSTS_PRELOAD", True)
    if env_bool("CPI_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("CPI_LOG_LEVEL", "WARNING")},
}
