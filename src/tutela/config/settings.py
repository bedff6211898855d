"""Tutela's Django settings, read entirely from the environment (see .env.example)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from tutela.config.environment import (
    flag,
    listing,
    parse_field_keys,
    read_dotenv,
    required_secrets,
)

PROJECT_DIR = Path(__file__).resolve().parents[3]
read_dotenv(PROJECT_DIR / ".env")
VAR_DIR = Path(os.environ.get("TUTELA_VAR_DIR", PROJECT_DIR / "var"))

DEBUG = flag("DEBUG", default=False)
_secrets = required_secrets(debug=DEBUG, var_dir=VAR_DIR)
SECRET_KEY = _secrets["SECRET_KEY"]
TUTELA_FIELD_KEYS = parse_field_keys(_secrets["TUTELA_FIELD_KEYS"])
TUTELA_IDENTITY_KEYS = parse_field_keys(_secrets["TUTELA_IDENTITY_KEYS"])

ALLOWED_HOSTS = listing("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = listing("CSRF_TRUSTED_ORIGINS")
# Behind a proxy that sets X-Forwarded-Proto (see README).
if flag("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = flag("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_ENGINE = "tutela.common.sessions"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 3600))
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "ninja",
    "tutela.common",
    "tutela.audit",
    "tutela.organizations",
    "tutela.accounts",
    "tutela.frameworks",
    "tutela.monitoring",
    "tutela.meetings",
    "tutela.risks",
    "tutela.surveys",
    "tutela.cases",
    "tutela.screening",
    "tutela.violations",
    "tutela.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tutela.common.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tutela.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tutela.config.urls"
WSGI_APPLICATION = "tutela.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tutela.web.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'tutela.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", 60)),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling: lock a user name after repeated failures, whatever address they come from;
# the address alone is not used, so one office behind a NAT is not locked out by one person.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", 0.5))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", 0)) or None
AXES_VERBOSE = False
# axes warns that username-only lockout can be bypassed by rotating cookies; it cannot be for
# Tutela, which locks the account name itself, and locking by address would lock whole offices.
# SQLite cannot build unique constraints whose NULLs are not distinct (PostgreSQL, production,
# does); on SQLite the services' full_clean() still validates them.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "models.W047"]

# Roles that may not act before they enrol a TOTP device (DESIGN §1, issue #2).
TUTELA_TWO_FACTOR_ROLES = listing(
    "TUTELA_TWO_FACTOR_ROLES",
    "administrator,secretariat,custodian,intake_officer,investigator,screening_officer",
)
OTP_TOTP_ISSUER = "Tutela"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ru", "Русский"),
    ("zh-hans", "中文"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [Path(__file__).resolve().parents[1] / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = VAR_DIR / "media"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tutela@localhost")

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }
    if os.environ.get("REDIS_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

NINJA_PAGINATION_PER_PAGE = 50
NINJA_MAX_PER_PAGE_SIZE = 200
TUTELA_API_TOKEN_DAYS = int(os.environ.get("TUTELA_API_TOKEN_DAYS", 90))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
CSRF_FAILURE_VIEW = "tutela.web.views.csrf_failure"
