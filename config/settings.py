"""Plantrack settings: everything comes from the environment.

Unset variables give the embedded default: SQLite, Celery tasks run in-process, e-mail to the console.
"""

import warnings
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

# pyHanko imports cryptography's DSA key class, which cryptography deprecates; Plantrack neither signs nor accepts
# DSA keys, so the warning printed at every start (and by every command) says nothing to the people who run it.
warnings.filterwarnings("ignore", message="DSA is deprecated", module="pyhanko")

env = environ.Env()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _env_bool(name: str, *, default: bool) -> bool:
    """A boolean variable; a value that is neither true nor false stops the start instead of meaning False."""
    raw = env.str(name, default="").strip().lower()
    if not raw:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")


def _env_positive_int(name: str, *, default: int) -> int:
    raw = env.str(name, default="").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) == 0:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a positive whole number.")
    return int(raw)


DEBUG = _env_bool("DJANGO_DEBUG", default=True)

_DEV_SECRET_KEY = "django-insecure-plantrack-development-key-never-use-in-production"
_KEY_HINT = "Generate one with: python3 -c 'import secrets; print(secrets.token_urlsafe(64))'"


def _secret_key() -> str:
    key = env.str("DJANGO_SECRET_KEY", default="")
    if DEBUG:
        return key or _DEV_SECRET_KEY
    # The same rules as Django's security.W009 check, enforced at start instead of warned about.
    if not key:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY is not set. With DJANGO_DEBUG=false Plantrack needs a secret key of at least "
            f"50 random characters. {_KEY_HINT}"
        )
    if key.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY starts with 'django-insecure-': it is a development key. {_KEY_HINT}"
        )
    if len(key) < 50 or len(set(key)) < 5:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY is too weak ({len(key)} characters, {len(set(key))} different): use at least "
            f"50 random characters with at least 5 different ones. {_KEY_HINT}"
        )
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])

INSTALLED_APPS = [
    "config.admin.PlantrackAdminConfig",  # django.contrib.admin, with a site that wants a second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_include_bootstrap",
    "treebeard",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "auditlog",
    "organizations",
    "plans",
    "tasks",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A view that fails because the database is unreachable answers 503 "try again in a moment"
    # (config/unavailable.py; handler500 does the same for an error raised in a middleware).
    "config.unavailable.DatabaseUnavailableMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.locale.ChosenLanguageMiddleware",
    # Deletes uploaded files whose rows were rolled back, once the view's transaction is over.
    "organizations.files.stored.StoredFilesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "organizations.accounts.two_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "organizations.access.AccessMiddleware",
    # Records the signed-in user (and the address axes trusts) on every audit log entry of the request.
    "organizations.audit.middleware.AuditMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in attempt into the lockout page.
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
                "tasks.navigation.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a concurrent writer instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in throttling (django-axes): 5 failures for one user name from one address lock that pair out for 30
# minutes; other users, and the same user elsewhere, are not affected. Its backend must come first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"


def _env_count(name: str, *, default: int) -> int:
    raw = env.str(name, default="").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number (0, 1, 2...).")
    return int(raw)


# The client's address: with PLANTRACK_PROXY_COUNT=0 (direct) the connection's own; behind N reverse proxies
# that each append to X-Forwarded-For, the N-th address from its right end (what the client wrote itself, to
# the left, is never trusted). ipware counts only the proxies listed in the header, and the nearest proxy
# is not listed (it is the connection's address): hence N - 1.
PLANTRACK_PROXY_COUNT = _env_count("PLANTRACK_PROXY_COUNT", default=0)
if PLANTRACK_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_COUNT = PLANTRACK_PROXY_COUNT - 1
    IPWARE_STRICT = False  # a longer header (the client's own entries first) still yields the right one
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
    AXES_IPWARE_PROXY_COUNT = None

# Two-step verification (django-otp, TOTP): open to everyone, required of superusers
# (organizations/accounts/two_factor.py).
OTP_TOTP_ISSUER = "Plantrack"

# Vietnamese first, English available; dates always dd/mm/yyyy (config/formats).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env.str("PLANTRACK_MEDIA_ROOT", default=str(BASE_DIR / "media")))

# Uploads: 20 MB per file unless configured otherwise.
PLANTRACK_MAX_UPLOAD_MB = _env_positive_int("PLANTRACK_MAX_UPLOAD_MB", default=20)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Downloads (organizations/files/downloads.py): Django sends the file itself, or, behind a web server, hands it over
# with X-Accel-Redirect (nginx: an `internal` location at PLANTRACK_SENDFILE_PREFIX aliased to the media
# folder) or X-Sendfile (Apache mod_xsendfile, lighttpd) once the view has checked access.
PLANTRACK_SENDFILE = env.str("PLANTRACK_SENDFILE", default="").strip().lower()
if PLANTRACK_SENDFILE not in ("", "x-accel-redirect", "x-sendfile"):
    raise ImproperlyConfigured(
        f"PLANTRACK_SENDFILE={PLANTRACK_SENDFILE!r}: use x-accel-redirect, x-sendfile, or leave it empty."
    )
PLANTRACK_SENDFILE_PREFIX = env.str("PLANTRACK_SENDFILE_PREFIX", default="/protected/").strip()

# Bloc-wide totals (tasks/monitoring/remembered.py): after a write, "background" shows the totals of just before
# it and counts them again in a thread of the web process, so no view waits on a recount of the bloc; "inline"
# (the default, and the tests) counts again in the view itself.
PLANTRACK_TOTALS_REFRESH = env.str("PLANTRACK_TOTALS_REFRESH", default="inline").strip().lower()
if PLANTRACK_TOTALS_REFRESH not in ("inline", "background"):
    raise ImproperlyConfigured(
        f"PLANTRACK_TOTALS_REFRESH={PLANTRACK_TOTALS_REFRESH!r}: use inline or background."
    )

# Digital signatures (organizations/signatures): the password of the organizations' PKCS#12 files, which the
# admin uploads; never stored in the database. Empty: Plantrack does not sign.
PLANTRACK_SIGNING_PASSWORD = env.str("PLANTRACK_SIGNING_PASSWORD", default="")

# Audit trail (django-auditlog, models registered in each app's audit.py): an update's "before" is read
# through the base manager, so withdrawn rows keep a complete history.
AUDITLOG_USE_BASE_MANAGER = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: Redis when REDIS_URL is set; otherwise tasks run eagerly in the web process.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1


def _env_hour(name: str, *, default: int) -> int:
    raw = env.str(name, default="").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) > 23:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an hour of the day (0 to 23).")
    return int(raw)


# Reminders (tasks/reminders/scan.py): the daily scan at this hour (Asia/Ho_Chi_Minh), the digest of tasks
# waiting for guidance on Mondays. Links in e-mails start with PLANTRACK_BASE_URL.
PLANTRACK_REMINDER_HOUR = _env_hour("PLANTRACK_REMINDER_HOUR", default=7)
PLANTRACK_BASE_URL = env.str("PLANTRACK_BASE_URL", default="http://127.0.0.1:8000").strip().rstrip("/")
if not PLANTRACK_BASE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        f"PLANTRACK_BASE_URL={PLANTRACK_BASE_URL!r} must start with http:// or https://."
    )
CELERY_BEAT_SCHEDULE = {
    "reminders-daily-scan": {
        "task": "tasks.tasks.reminders_daily_scan",
        "schedule": crontab(hour=PLANTRACK_REMINDER_HOUR, minute=0),
    },
    "waiting-weekly-digest": {
        "task": "tasks.tasks.waiting_weekly_digest",
        "schedule": crontab(hour=PLANTRACK_REMINDER_HOUR, minute=30, day_of_week="mon"),
    },
    # The journal of due changes that remembered totals apply (tasks/monitoring/journal.py), past its use.
    "due-changes-prune": {
        "task": "tasks.tasks.prune_due_changes",
        "schedule": crontab(hour=3, minute=45),
    },
    # Uploaded files left by requests that failed while the database was down (organizations.files.stored).
    "delete-orphan-files": {
        "task": "organizations.tasks.delete_orphan_files",
        "schedule": crontab(hour=3, minute=15, day_of_week="sun"),
    },
    # Reports whose worker was killed outright (reports.generation.report_fail_stale): a report is stale once
    # the task time limit plus 5 minutes has passed, so a sweep every 5 minutes shows it failed at most 5
    # minutes later; the sweep is one UPDATE that finds nothing almost always.
    "reports-fail-stale": {
        "task": "reports.tasks.fail_stale_reports",
        "schedule": crontab(minute="*/5"),
    },
}

# E-mail: console unless EMAIL_URL says otherwise (smtp://user:pass@host:port, smtp+tls://...).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("PLANTRACK_FROM_EMAIL", default="Plantrack <plantrack@localhost>")

# Production hardening: only when DEBUG is off, so the embedded default stays plain HTTP on loopback.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = _env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
# A session cookie (gone when the browser closes): office and commune computers are often shared. The server
# still ends every session 8 hours after sign-in, whatever the browser keeps.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content Security Policy (django-csp): only Plantrack's own files run or style a page, nothing inline (no
# nonce is needed: behaviour lives in static/js/plantrack.js); the QR code of two-step setup is a data: image.
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO" if not DEBUG else "WARNING"},
    # pyHanko logs a traceback for every untrusted or expired signature it checks; the report says it.
    "loggers": {
        "pyhanko": {"level": "ERROR"},
        "pyhanko_certvalidator": {"level": "ERROR"},
    },
}
