"""Settings for the award platform, read from the environment (see .env.example)."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.cache import shared_cache
from config.env import env_bool, env_int, env_key_ring, env_list, env_str
from config.logs import logging_config
from config.storage import local_folder_storage, pack_storage, s3_bucket_storage

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", True)
# With DEBUG on, a 404 still shows the site's own page unless this is set (config/not_found.py).
TECHNICAL_404 = env_bool("DJANGO_TECHNICAL_404", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

# Drafts at rest (judging.services.drafts): AES-256-GCM keys that live only in the server's environment, never
# in the database and not derived from SECRET_KEY. Comma-separated "id:base64(32 bytes)", newest first: the first
# encrypts, every one listed decrypts; `manage.py rekey_drafts` moves drafts to the first before an old key is
# dropped.
DRAFT_KEYS = env_key_ring("AWARDS_DRAFT_KEYS", key_bytes=32)
if not DRAFT_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured("AWARDS_DRAFT_KEYS must be set when DJANGO_DEBUG=0 (see .env.example)")
    DRAFT_KEYS = [("dev-insecure", b"dev-only-insecure-draft-key-0000")]  # public: development only

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "health_check",
    "awards",
    "judging",
]

MIDDLEWARE = [
    # First: every response carries the request id, and every log line written while serving it.
    "config.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Compresses pages for clients that accept gzip (judges on hotel and venue Wi-Fi, phones), after every other
    # middleware has written the response; Django's GZipMiddleware pads each compressed page with random bytes
    # against BREACH, and CSRF tokens are masked per response. Static files come compressed from WhiteNoise.
    "config.compression.PageGZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.security.PrivilegedSessionIdleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Inside auth and messages, so the site's own 404 page shows who is signed in (config.not_found).
    "config.not_found.FriendlyNotFoundMiddleware",
    # After sessions, auth and messages: holds privileged sessions on the enrolment pages (config.two_factor).
    "config.two_factor.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, as django-axes asks: turns a refused login during a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "config.context_processors.navigation",
            ],
        },
    },
]

if not env_str("DATABASE_URL"):
    (BASE_DIR / "var").mkdir(exist_ok=True)  # the default SQLite database lives there, and var/ is not in git
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_DB_CONN_MAX_AGE", 0),
        # A kept connection is checked before each request reuses it, so a restarted or failed-over database
        # costs a reconnect, not a 500.
        conn_health_checks=True,
    )
}
_POSTGRESQL = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if _POSTGRESQL and env_bool("DJANGO_DB_PREPARED_STATEMENTS", True):
    # psycopg prepares a statement on its second run on a connection, but only the statements that bind their
    # parameters on the server: the hot pages' compiled statements (config/statements.py). The ORM's other
    # statements are bound in the client (Django's default) and never prepared. Turn off (0) behind a pooler
    # that cannot carry prepared statements between server connections.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 1
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The shared cache (config/cache.py): the database table awards_cache by default, Redis when REDIS_URL or
# DJANGO_CACHE_URL is set. allauth's sign-in rate limits live there, so they hold across app servers.
CACHES = {
    "default": shared_cache(env_str("DJANGO_CACHE_URL") or env_str("REDIS_URL")),
    # In-process, one per server, never shared: it holds only values keyed by a version that the request reads
    # from the database anyway (a rubric's criteria under the rubric's id and version, read with the entry). An
    # edit writes a new version, so every server's next request asks for a new key and reads afresh; an old key
    # is never asked for again and ages out. Safe with any number of app servers, and no round trip to get.
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "awards-versioned",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

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
AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: refuses every attempt while the (e-mail, IP) pair is locked out.
    "axes.backends.AxesStandaloneBackend",
    # Django's and allauth's backends, with the signed-in user read by a compiled statement (config/auth_backends.py)
    "config.auth_backends.ModelBackend",
    "config.auth_backends.AuthenticationBackend",
]

# django-allauth: e-mail is the login; the address must be confirmed before signing in.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CCT Awards] "
# Reauthenticating (before changing an e-mail address, a password or an authenticator) takes the password or
# the authenticator app. Not a code sent by e-mail: a mailbox alone must not unlock an account that signs in
# with two factors, and sign-in by code is off as well.
ACCOUNT_REAUTHENTICATION_METHODS = ["password", "mfa"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# Two-factor sign-in (allauth MFA): an authenticator app (TOTP) and recovery codes. Required for organisers,
# judges and key holders (config.two_factor), optional for participants.
MFA_ADAPTER = "config.two_factor.TwoFactorAdapter"
# Each role lands on its own workspace after signing in; allauth's e-mails are queued in the outbox like every
# other one (config/accounts.py).
ACCOUNT_ADAPTER = "config.accounts.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "CCT Awards"
# The two-factor secrets (TOTP secret, recovery-code seed) are stored AES-GCM encrypted under these keys
# (config.mfa_crypto), which live in the environment, never in the database. The first encrypts, all decrypt:
# rotate by putting a new key first, running `manage.py mfa_reencrypt`, then dropping the old one.
# Written like AWARDS_DRAFT_KEYS: comma-separated `id:base64` of 32 bytes, newest first.
AWARDS_MFA_KEYS = env_key_ring("AWARDS_MFA_KEYS", key_bytes=32)
if not AWARDS_MFA_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "AWARDS_MFA_KEYS must be set when DJANGO_DEBUG=0 (make one with: "
            "python -c 'import base64, os; print(\"2026a:\" + base64.b64encode(os.urandom(32)).decode())')"
        )
    AWARDS_MFA_KEYS = [("dev-insecure", b"dev-only-insecure-mfa-key-000000")]  # public: development only

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT") or BASE_DIR / "var" / "staticfiles")
# Private files (entry documents, signature images, award-night packs) go through Django's storage API, under the
# "default" alias: a local folder that no URL serves, or an S3-compatible bucket (django-storages) when
# AWARDS_S3_BUCKET is set, so several app servers share them. Views that serve them check the role first.
PRIVATE_FILES_ROOT = Path(env_str("DJANGO_PRIVATE_FILES_ROOT") or BASE_DIR / "var" / "private")
MEDIA_ROOT = PRIVATE_FILES_ROOT  # no MEDIA_URL is routed: nothing under it is public
S3_BUCKET = env_str("AWARDS_S3_BUCKET")
PRIVATE_STORAGE = (
    s3_bucket_storage(
        bucket=S3_BUCKET,
        prefix=env_str("AWARDS_S3_PREFIX", ""),
        endpoint_url=env_str("AWARDS_S3_ENDPOINT_URL"),
        region=env_str("AWARDS_S3_REGION"),
        access_key=env_str("AWARDS_S3_ACCESS_KEY_ID"),
        secret_key=env_str("AWARDS_S3_SECRET_ACCESS_KEY"),
        addressing_style=env_str("AWARDS_S3_ADDRESSING_STYLE"),
    )
    if S3_BUCKET
    else local_folder_storage()
)
STORAGES = {
    "default": PRIVATE_STORAGE,
    "packs": pack_storage(PRIVATE_STORAGE),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Entry documents: at most this size each, and this many per entry.
ENTRY_DOCUMENT_MAX_BYTES = env_int("AWARDS_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
ENTRY_DOCUMENT_MAX_COUNT = env_int("AWARDS_DOCUMENT_MAX_COUNT", 10)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "CCT Awards <noreply@cct-awards.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (Django's task framework through the django-tasks backport): tasks are rows in this database,
# run by `manage.py db_worker` beside the app (`make demo` starts both). `immediate` runs each task at once in
# the process that queues it (the tests, or a one-off script); a larger installation names another backend's
# class here (RQ, Celery) without changing the code that queues tasks.
TASKS_BACKEND = env_str("AWARDS_TASKS_BACKEND", "database")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }.get(TASKS_BACKEND, TASKS_BACKEND),
        "QUEUES": ["default"],
    }
}

# Public address of the site, used in e-mails and QR codes where no request is at hand.
SITE_URL = env_str("DJANGO_SITE_URL", "http://127.0.0.1:8000")

BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Database sessions whose rows hold a hash of the key and encrypted data (config/sessions.py).
SESSION_ENGINE = "config.sessions"
# A load balancer or container probes /health/ over plain HTTP on the app's own port (config/health.py).
SECURE_REDIRECT_EXEMPT = [r"^health/(all/)?$"]
# /health/all/ reports the background worker as late when a task due to run has waited longer than this.
AWARDS_WORKER_MAX_WAIT_SECONDS = env_int("AWARDS_WORKER_MAX_WAIT_SECONDS", 300)
# ... and the outbox as late when an e-mail has been queued longer than this (retries back off for a while).
AWARDS_OUTBOX_MAX_AGE_SECONDS = env_int("AWARDS_OUTBOX_MAX_AGE_SECONDS", 900)
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Hardening: CSP, Permissions-Policy, login throttling, sessions (branch s3) ---
# Content-Security-Policy (django-csp 4): no inline script or style anywhere; PDFs are not HTML pages.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Permissions-Policy (config.security.PermissionsPolicyMiddleware): the presenter screen goes full screen.
PERMISSIONS_POLICY = {
    "camera": "()",
    "microphone": "()",
    "geolocation": "()",
    "payment": "()",
    "usb": "()",
    "fullscreen": "(self)",
}

# The client's address: REMOTE_ADDR, or behind DJANGO_PROXY_COUNT trusted reverse proxies the entry that
# many places from the right of X-Forwarded-For (a client can prepend anything on the left).
CLIENT_IP_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 1) if BEHIND_PROXY else 0
ALLAUTH_TRUSTED_PROXY_COUNT = CLIENT_IP_PROXY_COUNT  # allauth's own rate limits read the same address

# django-axes: 5 failed sign-ins for one (e-mail, address) pair lock that pair out for 15 minutes.
AXES_ENABLED = env_bool("DJANGO_AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "config.security.login_username"
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip"
AXES_LOCKOUT_CALLABLE = "config.security.lockout_response"
AXES_VERBOSE = False
# allauth's own limits stay behind axes: one e-mail tried from many addresses, or one address trying many e-mails.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,10/15m/key"}

# Sessions: organisers, judges and key holders are signed out after this much inactivity;
# participants keep Django's two weeks.
PRIVILEGED_SESSION_IDLE_SECONDS = env_int("DJANGO_PRIVILEGED_IDLE_SECONDS", 30 * 60)

# Logs (config/logs.py): one JSON object per line with the request id (DJANGO_LOG_FORMAT=text for a console
# that people read; the default while DJANGO_DEBUG=1). Request bodies, query strings and raw paths are never logged.
LOGGING = logging_config(
    level=env_str("DJANGO_LOG_LEVEL", "INFO"), fmt=env_str("DJANGO_LOG_FORMAT") or ("text" if DEBUG else "json")
)
