"""Tsunagu settings: every deploy-time value comes from the environment.

Defaults are safe for production (DEBUG off, secure cookies, HSTS); the demo
run (`make run`) and the test command set the few variables they need.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A developer checkout gets var/local.env from scripts/bootstrap (DEBUG on, a
# random key) so that plain `manage.py` commands work; real environment
# variables always win over it, and deployments never have the file.
if (VAR_DIR / "local.env").exists():
    env.read_env(VAR_DIR / "local.env")

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105 - DEBUG only
# Rotating the key: put the old one here for a while (sessions and reset links
# signed with it stay valid), then drop it (docs/security.md).
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])

# The demo app (demo data, seed_demo, benchmarks) is for development only: it
# creates users with a published password. On with DEBUG unless set; the test
# command turns it on, and the production image does not contain it.
DEMO = env.bool("DEMO", default=DEBUG)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "council.apps.CouncilAdminConfig",
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
    "auditlog",
    "import_export",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "two_factor",
    "axes",
    "csp",
    "core",
    "accounts",
    "agencies",
    "cases",
    "notifications",
    "referrals",
    "meetings",
    "reports",
    "council",
]
if DEMO:
    if not (BASE_DIR / "demo").is_dir():
        raise ImproperlyConfigured("DEMO is on, but this build has no demo app.")
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Every view requires a signed-in user unless marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.IdleSessionMiddleware",
    "accounts.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.AuditMiddleware",
    "core.middleware.AuditDenialsMiddleware",
    "core.middleware.NoStoreForSignedInMiddleware",
    # Last, as django-axes asks: it answers locked-out sign-ins.
    "axes.middleware.AxesMiddleware",
]

# The benchmark (demo only) reads each request's SQL statements and rows read.
if DEMO and env.bool("BENCH", default=False):
    MIDDLEWARE.insert(0, "demo.bench_middleware.BenchMiddleware")

ROOT_URLCONF = "council.urls"
WSGI_APPLICATION = "council.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "council.context_processors.site",
            ],
        },
    },
    {
        # Hot, repeated rows only (core.fragments): found in each app's jinja2/ folder.
        "NAME": "fragments",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "core.fragments.environment"},
    },
]

# SQLite under var/ is only the zero-setup default of the demo run; the test
# suite and production use PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'tsunagu.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database that does not accept connections fails fast instead of hanging.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
else:
    # The ledger's indexes carry the id for PostgreSQL's index-only scans
    # (cases.Case.Meta); the SQLite demo builds them without it.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Username and password as Django does; permissions follow the council role.
# django-axes first: it refuses sign-ins of a locked account or address.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "accounts.backends.RoleBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# A session unused for this long ends (accounts.middleware.IdleSessionMiddleware).
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=30 * 60)

# --- Second factor (django-two-factor-auth / django-otp) -------------------
# Coordinators and site administrators must sign in with a second factor
# (TOTP, with backup codes); TWO_FACTOR_FOR_EVERYONE extends it to all users.
TWO_FACTOR_FOR_EVERYONE = env.bool("TWO_FACTOR_FOR_EVERYONE", default=False)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Tsunagu")
TWO_FACTOR_REMEMBER_COOKIE_AGE = None  # no "trust this browser": every sign-in asks

# --- Lockout (django-axes) --------------------------------------------------
# After AXES_FAILURE_LIMIT failed sign-ins an account, and separately an
# address, is locked until a coordinator unlocks it or the cool-off passes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.http.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_CALLABLE = "accounts.backends.attempted_username"
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # each failed sign-in, for the weekly summary
AXES_VERBOSE = False

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production serves hashed, compressed files collected by `collectstatic`;
# the demo and the tests serve them straight from static/ (STATIC_MANIFEST=false).
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# Registry import/export: one transaction per import, so nothing is half-imported.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -------------------------------------------------------------
# HTTPS is assumed in production (behind a proxy that sets X-Forwarded-Proto);
# HTTPS=false turns the redirect and secure cookies off for plain-HTTP runs.
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Proxies whose X-Forwarded-For is believed (addresses or networks): the client
# address in the audit log and the sign-in lockout (core.http.client_address).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (django-csp): only our own files run; no inline
# scripts or styles in our pages (behaviour lives in static/js/tsunagu.js).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Email ----------------------------------------------------------------
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
if "EMAIL_FILE_PATH" in _email:
    EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="tsunagu@example.jp")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[つなぐ] "
# A socket timeout for every SMTP conversation: a mail server that accepts the
# connection and never answers costs a sender this long, never a blocked worker.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# --- Celery ---------------------------------------------------------------
# The demo needs no broker server: kombu's filesystem transport keeps
# messages under var/. Production and tests point CELERY_BROKER_URL at Redis.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    _processed_dir = VAR_DIR / "celery" / "processed"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_processed_dir),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
    # The filesystem transport has no broadcast exchange for remote control.
    CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # A Redis that accepts connections and never answers (stopped, swapping)
    # must not hang whoever enqueues: a web request handing mail to a worker
    # gives up after these seconds and the beat's next run sends it instead.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_timeout": 5, "socket_connect_timeout": 3}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# No task may hold a pool process for ever (a stalled server, a hung query):
# the soft limit raises inside the task, which gives its claims back; the hard
# limit kills the child. Both stay far below EMAIL_CLAIM_LEASE_SECONDS, so a
# killed sender's claims expire only after it is gone, and a warm shutdown
# waits at most this long.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)

# --- Logging --------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Health check -----------------------------------------------------------
# /health/ answers up or down to anyone; its details (database, broker,
# backlog) go to site administrators and to callers that send this token
# ("Authorization: Bearer <token>"). Empty: no token is accepted.
HEALTH_TOKEN = env.str("HEALTH_TOKEN", default="")
# Each dependency gets this many seconds, whatever state its server is in.
HEALTH_CHECK_TIMEOUT = env.float("HEALTH_CHECK_TIMEOUT", default=2.0)

# --- Tsunagu --------------------------------------------------------------
COUNCIL_NAME = env.str("COUNCIL_NAME", default="みどり市子ども・若者支援地域協議会")
DIRECTORY_PAGE_SIZE = 20
CASE_LABEL_PREFIX = env.str("CASE_LABEL_PREFIX", default="A")
CASE_NOTE_MAX_LENGTH = 10000
CASE_LIST_PAGE_SIZE = 25
LEDGER_PAGE_SIZE = 50
NOTES_PAGE_SIZE = 10
# Closed cases' young people are anonymised this many years after the last
# case closed (manage.py anonymise_closed_cases).
RETENTION_YEARS = env.int("RETENTION_YEARS", default=5)
# URL namespaces of personal data whose refused attempts (403, 404) are audited.
AUDIT_DENIALS_IN = ["cases", "referrals", "meetings"]
# The weekly summary of unusual access flags a user who read more cases than
# this in a week, and an export of more cases than this.
AUDIT_MANY_CASES = env.int("AUDIT_MANY_CASES", default=30)
AUDIT_LARGE_EXPORT = env.int("AUDIT_LARGE_EXPORT", default=100)
# Ledger exports (issue 12): CSV always streams; an Excel file of more rows
# than this is built by a Celery task and its owner is notified when it is
# ready. Such files live in LEDGER_EXPORT_DIR (shared by web and worker) and
# are removed after LEDGER_EXPORT_KEEP_HOURS.
LEDGER_EXPORT_BACKGROUND_ROWS = env.int("LEDGER_EXPORT_BACKGROUND_ROWS", default=5000)
LEDGER_EXPORT_DIR = env.str("LEDGER_EXPORT_DIR", default=str(VAR_DIR / "exports"))
LEDGER_EXPORT_KEEP_HOURS = env.int("LEDGER_EXPORT_KEEP_HOURS", default=24)


# --- Notifications and reminders -------------------------------------------
# When reminders fire, relative to their source's date (local time). The
# rules are settings so a council can change them without code edits.
def _business_days(name: str, default: int) -> int:
    """<name>_BUSINESS_DAYS, or the older <name>_DAYS (now read as business days)."""
    return env.int(f"{name}_BUSINESS_DAYS", default=env.int(f"{name}_DAYS", default=default))


# Every kind counts business days (weekends, holidays, 29 Dec-3 Jan skipped),
# and any reminder that would fire on a closed day fires on the next business day.
REMINDER_RULES = {
    # a plan task: N business days before its due date, to the assigned agency
    "task_due": {"business_days_before": env.int("REMINDER_TASK_DUE_BUSINESS_DAYS", default=3)},
    # ...and N business days after it if still open, also to the key worker
    "task_overdue": {"business_days_after": _business_days("REMINDER_TASK_OVERDUE", 1)},
    # a case's next review: N business days before, to the key worker and coordinators
    "review_due": {"business_days_before": _business_days("REMINDER_REVIEW_DUE", 5)},
    # ...and once N business days after it has passed, to the coordinators
    "review_passed": {"business_days_after": _business_days("REMINDER_REVIEW_PASSED", 1)},
}
REMINDER_SEND_TIME = env.str("REMINDER_SEND_TIME", default="09:00")
# A reminder found more than REMINDER_LATE_AFTER_MINUTES after it was due
# (the workers were down) is still sent, marked "遅れて送信", up to this many
# hours late (two weeks: longer than any holiday closure); an older one is
# dropped and listed for the coordinators on the delivery page.
REMINDER_LATE_AFTER_MINUTES = env.int("REMINDER_LATE_AFTER_MINUTES", default=60)
REMINDER_MAX_LATENESS_HOURS = env.int("REMINDER_MAX_LATENESS_HOURS", default=24 * 14)
# A reminder made (or moved) for a moment already past is made only if the
# moment passed less than this long ago (after one went out: only if ahead).
REMINDER_CATCH_UP_HOURS = env.int("REMINDER_CATCH_UP_HOURS", default=72)
# The delivery page lists reminders not sent over this many days.
DELIVERY_DROPPED_DAYS = 30
NOTIFICATION_DIGEST_TIME = env.str("NOTIFICATION_DIGEST_TIME", default="08:30")

# Referral follow-ups (referrals.reminders): the loop closes on these clocks.
REFERRAL_RULES = {
    # not acknowledged after N business days: the receiving agency is reminded...
    "acknowledge_business_days": env.int("REFERRAL_ACKNOWLEDGE_BUSINESS_DAYS", default=2),
    # ...and after N business days the coordinating office is told too
    "escalate_business_days": env.int("REFERRAL_ESCALATE_BUSINESS_DAYS", default=5),
    # accepted but no movement for N days: the receiver is reminded, the sender asked to check in
    "progress_days": env.int("REFERRAL_PROGRESS_DAYS", default=14),
    # the sender's "did the young person get the help?" date, N days after sending by default
    "follow_up_days": env.int("REFERRAL_FOLLOW_UP_DAYS", default=30),
    # open referrals without movement for N days are flagged on the measures page
    "stale_days": env.int("REFERRAL_STALE_DAYS", default=30),
}
# The council's statistics are counted at most this often (seconds): they read
# every case of the year, and a yearly figure does not need the last minute.
REPORTS_CACHE_SECONDS = env.int("REPORTS_CACHE_SECONDS", default=300)

MEETING_RULES = {
    # invitees are reminded N days before the meeting, twice (a week, and the day before)
    "invitee_week_days_before": env.int("MEETING_REMIND_WEEK_DAYS", default=7),
    "invitee_day_days_before": env.int("MEETING_REMIND_DAY_DAYS", default=1),
    # the organiser, N days after a held meeting whose minutes are not confirmed (twice)
    "minutes_first_days_after": env.int("MEETING_MINUTES_FIRST_DAYS", default=3),
    "minutes_second_days_after": env.int("MEETING_MINUTES_SECOND_DAYS", default=7),
    # an action item: N business days before its due date, and N days after if still open
    "action_due_business_days_before": env.int("MEETING_ACTION_DUE_BUSINESS_DAYS", default=3),
    "action_overdue_days_after": env.int("MEETING_ACTION_OVERDUE_DAYS", default=1),
}
# A case review meeting's invitees outside the case team see the case on the
# meeting's pages until the minutes are confirmed, or this many days after it.
MEETING_GRANT_DAYS_AFTER = env.int("MEETING_GRANT_DAYS_AFTER", default=14)
MEETING_LIST_PAGE_SIZE = 20
# Email retries of temporary failures (4xx, network): attempts, then the first
# delay (doubling each time). A permanent failure (5xx) is not retried.
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=6)
EMAIL_RETRY_SECONDS = env.int("EMAIL_RETRY_SECONDS", default=60)
# A claimed email not marked sent after this long is claimed again (at least once).
# Each message renews its claim just before it is sent, so the lease only has
# to outlive one message, not a batch; it must exceed CELERY_TASK_TIME_LIMIT.
EMAIL_CLAIM_LEASE_SECONDS = env.int("EMAIL_CLAIM_LEASE_SECONDS", default=600)
# Emails per sending task; a full batch enqueues the next one, and each beat
# tick starts up to EMAIL_FAN_OUT batches at once, so throughput grows with
# the number of worker processes.
# A retry due within this many seconds is sent by the current run (the beat
# runs every 60 s; without it a retry lands one run late).
EMAIL_RETRY_TOLERANCE_SECONDS = env.int("EMAIL_RETRY_TOLERANCE_SECONDS", default=30)
EMAIL_BATCH_SIZE = env.int("EMAIL_BATCH_SIZE", default=100)
EMAIL_FAN_OUT = env.int("EMAIL_FAN_OUT", default=8)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# One beat process enqueues the sweeps; the rows in PostgreSQL are the truth.
_digest_hour, _digest_minute = (int(part) for part in NOTIFICATION_DIGEST_TIME.split(":"))
CELERY_BEAT_SCHEDULE = {
    "sweep-reminders": {"task": "notifications.tasks.sweep_reminders", "schedule": 60.0},
    "send-pending-emails": {"task": "notifications.tasks.send_pending_emails", "schedule": 60.0},
    "remove-expired-exports": {"task": "cases.tasks.remove_expired_exports", "schedule": 3600.0},
    "weekly-access-summary": {
        "task": "council.tasks.weekly_access_summary",
        "schedule": crontab(day_of_week="mon", hour=8, minute=0),
    },
    "send-digests": {
        "task": "notifications.tasks.send_digests",
        "schedule": crontab(hour=_digest_hour, minute=_digest_minute),
    },
}
