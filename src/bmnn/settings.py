"""Settings for bmnn. Everything that differs per installation comes from the
environment (BMNN_*) or from the data directory; nothing reaches the network."""

import os
from pathlib import Path

import dj_database_url

from bmnn import paths

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = paths.data_dir()

SECRET_KEY = paths.secret_key()
# Generated on first run (0600) so that checkpoints can be signed from the first event on.
paths.installation_key()
DEBUG = os.environ.get("BMNN_DEBUG", "") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("BMNN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
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
    "bmnn.core",
    "bmnn.org",
    "bmnn.rulebook",
    "bmnn.accounts",
    "bmnn.records",
    "bmnn.computers",
    "bmnn.outputs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "bmnn.core.middleware.RequestIdMiddleware",
    "bmnn.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "bmnn.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "bmnn.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "bmnn.core.middleware.RefusedMiddleware",
]

ROOT_URLCONF = "bmnn.urls"
WSGI_APPLICATION = "bmnn.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "bmnn.core.context.navigation",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# SQLite in WAL mode in the data directory by default. IMMEDIATE transactions make
# every writer take the write lock up front, so ledger appends are serialised and
# no transaction fails half-way when it upgrades from reading to writing.
_database_url = os.environ.get("BMNN_DATABASE_URL", "")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
    DATABASES["default"].setdefault("TEST", {})
    DATABASES["default"]["TEST"].setdefault("NAME", os.environ.get("BMNN_TEST_DATABASE_NAME") or None)
    if not DATABASES["default"]["TEST"]["NAME"]:
        del DATABASES["default"]["TEST"]["NAME"]
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # The access filter's ORs of subqueries get huge cost estimates, which made the
        # server JIT-compile every list query: ~0.5 s of compiling for a 50 ms query at
        # 1,000,000 items (docs/benchmarks.md). Short OLTP queries never gain from JIT.
        DATABASES["default"].setdefault("OPTIONS", {})
        DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "bmnn.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.Person"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email", "phone")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "bmnn.accounts.validators.CharacterClassValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# --- Sessions and security headers --------------------------------------------
SESSION_COOKIE_AGE = int(os.environ.get("BMNN_SESSION_SECONDS", 8 * 3600))
SESSION_IDLE_SECONDS = int(os.environ.get("BMNN_SESSION_IDLE_SECONDS", 30 * 60))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_SAMESITE = "Strict"
_https = os.environ.get("BMNN_HTTPS", "") == "1"
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)

# Login throttling: after this many failures for one account (or one address)
# within the window, further attempts are refused until the window passes.
LOGIN_MAX_FAILURES = int(os.environ.get("BMNN_LOGIN_MAX_FAILURES", 5))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("BMNN_LOGIN_LOCKOUT_SECONDS", 15 * 60))

# --- Ledger -------------------------------------------------------------------
LEDGER_CHECKPOINT_EVERY = int(os.environ.get("BMNN_LEDGER_CHECKPOINT_EVERY", 1000))

# --- Language, time -----------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATE_FORMAT = "d/m/Y"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["bmnn.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]

# --- REST API -----------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "bmnn.accounts.api_auth.SecondFactorSessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "bmnn.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "bmnn API",
    "DESCRIPTION": "API của hệ thống bảo vệ bí mật nhà nước (bmnn).",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "LevelEnum": "bmnn.core.levels.Level",
        "UnitKindEnum": "bmnn.org.models.UnitKind",
        "PositionRoleEnum": "bmnn.org.models.Role",
        "ItemKindEnum": "bmnn.records.models.ItemKind",
        "RegisterKindEnum": "bmnn.records.models.RegisterKind",
        "CouncilRoleEnum": "bmnn.records.models.CouncilRole",
    },
}

# --- Logging: never secret content; request ids only ---------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("BMNN_LOG_LEVEL", "WARNING")},
}
