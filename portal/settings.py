"""Pantau settings: every value comes from the environment.

Development defaults are safe for a laptop (DEBUG on, SQLite, loopback cameras allowed).
With PANTAU_ENV=production the portal refuses to start unless the secrets are set.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


PANTAU_ENV = env("PANTAU_ENV", "development")
PRODUCTION = PANTAU_ENV == "production"

_REQUIRED_IN_PRODUCTION = {
    "SECRET_KEY": "a long random string, e.g. `python -c 'import secrets; print(secrets.token_urlsafe(50))'`",
    "PANTAU_FERNET_KEYS": "one or more Fernet keys, comma-separated, newest first "
    "(`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`)",
    "DATABASE_URL": "the PostgreSQL URL, e.g. postgres://pantau:…@db/pantau",
    "ALLOWED_HOSTS": "the portal's host names, comma-separated",
    "PANTAU_TOKEN_KEY": "a long random string used to sign viewing tokens",
}
if PRODUCTION:
    missing = [name for name in _REQUIRED_IN_PRODUCTION if not env(name)]
    if missing:
        hints = "; ".join(f"{name}: {_REQUIRED_IN_PRODUCTION[name]}" for name in missing)
        raise ImproperlyConfigured(
            f"PANTAU_ENV=production but {', '.join(missing)} not set. Set them: {hints}"
        )

_DEV_SECRET = "dev-only-insecure-secret-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env("SECRET_KEY", _DEV_SECRET)
DEBUG = env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1],testserver"
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "portal.audit",
    "portal.regions",
    "portal.accounts",
    "portal.cameras",
    "portal.agreements",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "portal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

DATA_DIR = Path(env("PANTAU_DATA_DIR", str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'pantau.sqlite3'}"), conn_max_age=60
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "portal" / "locale"]
TIME_ZONE = "Asia/Makassar"  # WITA, Bali
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "pantau@localhost")
PANTAU_PUBLIC_URL = env("PANTAU_PUBLIC_URL", "http://127.0.0.1:8000")

SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "portal.api.exception_handler",
    # Anonymous entry points are throttled per client address (ScopedRateThrottle).
    "DEFAULT_THROTTLE_RATES": {
        "login": env("PANTAU_THROTTLE_LOGIN", "20/min"),
        "signup": env("PANTAU_THROTTLE_SIGNUP", "10/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Pantau API",
    "DESCRIPTION": "Consent-based access to privately owned CCTV cameras.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI served from the package, not a CDN: command centers run on closed networks.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Throttle counters must be shared by every portal instance: Redis in production.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("REDIS_URL", "redis://127.0.0.1:6379/0"),
    }
    if PRODUCTION
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Celery (Redis broker). Tasks take ids and are safe to run twice.
REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE

# Camera credentials are encrypted with MultiFernet: the first key encrypts, all decrypt.
PANTAU_FERNET_KEYS = env_list("PANTAU_FERNET_KEYS")
PANTAU_TOKEN_KEY = env("PANTAU_TOKEN_KEY", SECRET_KEY)

# SSRF guard: camera hosts in private, loopback or link-local ranges are refused unless
# they fall inside one of these networks (CIDR, comma-separated). The demo and tests
# allow loopback, where the simulated cameras run.
PANTAU_CAMERA_ALLOWED_NETWORKS = env_list("PANTAU_CAMERA_ALLOWED_NETWORKS")

# The 4 MP rule. The market sells 2560x1440 sensors as "4 MP" (3.69 million pixels), so
# the default threshold is that pixel count, not a literal 4,000,000.
PANTAU_MIN_PIXELS = int(env("PANTAU_MIN_PIXELS", str(2560 * 1440)))
# Properties built or licensed on or after this date fall under the rule.
PANTAU_4MP_POLICY_DATE = dt.date.fromisoformat(env("PANTAU_4MP_POLICY_DATE", "2025-01-01"))

PANTAU_PROBE_OPEN_TIMEOUT_S = float(env("PANTAU_PROBE_OPEN_TIMEOUT_S", "8"))
PANTAU_PROBE_READ_TIMEOUT_S = float(env("PANTAU_PROBE_READ_TIMEOUT_S", "8"))
PANTAU_VERIFY_INTERVAL_S = int(env("PANTAU_VERIFY_INTERVAL_S", str(24 * 3600)))

PANTAU_RETENTION_MIN_DAYS = 1
PANTAU_RETENTION_MAX_DAYS = int(env("PANTAU_RETENTION_MAX_DAYS", "90"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
