"""Settings for the AIGA membership system.

One module, driven by environment variables (django-environ). The defaults are
the embedded ones for a first run on a laptop: SQLite, eager Celery tasks and
e-mails written to a folder. Production sets DATABASE_URL, CELERY_BROKER_URL,
EMAIL_URL and SECRET_KEY.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-development-key-only-for-debug-mode-aiga-0000000000"
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(a long random string), or set DEBUG=true for local development."
        )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "aiga",
    # Our apps in the order they build on each other (demo data is seeded in this order).
    "members",
    "billing",
    "members.admissions",
    "navi",
    "events",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "django_object_actions",
    # Failed log-ins, counted and recorded; the admin lists them (read-only).
    "axes",
    # The second factor (TOTP, recovery codes): members.middleware.SecondFactorMiddleware.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything else reads the request: 413 for a body declared too large.
    "aiga.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "aiga.middleware.JapaneseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Sessions idle too long end; staff and directors without the second factor go to it.
    "members.middleware.SessionIdleMiddleware",
    "members.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Who made each change to the reference data and the register (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a locked-out log-in into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "aiga.urls"

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
                "members.context_processors.site",
            ],
            "builtins": ["aiga.templatetags.aiga_format"],
        },
    },
]

WSGI_APPLICATION = "aiga.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: a request does not pay for a new PostgreSQL connection (about
# three quarters of a small page's time). Django checks a reused connection before the
# request uses it, so a restarted database costs one reconnect, not an error.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# The cache holds the rate-limit counters: Redis in production, so that every gunicorn
# worker counts together; in-process memory for a first run.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# django-ratelimit counts per client: the address django-axes sees too (TRUSTED_PROXY_COUNT
# below), not the reverse proxy's, which every visitor would share.
RATELIMIT_IP_META_KEY = "aiga.auth.client_ip_address"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "members.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The lock-out check first: a locked-out attempt never reaches the password check.
AUTHENTICATION_BACKENDS = [
    "aiga.auth.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Brute-force protection on every log-in path (/accounts/login/ and /admin/login/),
# django-axes. Failures are counted per (typed address, client IP): someone guessing
# elsewhere cannot lock the owner out, and the people behind one proxy do not lock each
# other out. The address is normalised (case, spaces, full-width) before it is counted.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # the log-in forms' name for the e-mail field
AXES_USERNAME_CALLABLE = "aiga.auth.client_username"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# A try during the lock-out starts the cool-off again: a script that keeps going stays out.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "aiga.views.login_locked_out"
# The client's IP: REMOTE_ADDR, unless the site runs behind reverse proxies that append to
# X-Forwarded-For (nginx: proxy_add_x_forwarded_for); then the number of those proxies.
# Never more than there are: the header's other entries are whatever the client sent.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "aiga.auth.client_ip_address"

# The second factor (django-otp: TOTP from an authenticator app, one-time recovery codes).
# Required of the secretariat and the board (and any staff account) unless switched off;
# off by default only with DEBUG, so that a first run needs no authenticator app (the demo
# seeds TOTP devices all the same: README). Members may turn it on for themselves.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = "AIGA"
# Minutes a session may stay idle: shorter for staff and directors, whose sessions reach
# every company's data, than for members'.
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)
MEMBER_SESSION_IDLE_MINUTES = env.int("MEMBER_SESSION_IDLE_MINUTES", default=8 * 60)
# Minutes a re-entered password counts for before a staff account may be changed.
REAUTHENTICATION_MINUTES = env.int("REAUTHENTICATION_MINUTES", default=10)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Internationalisation: Japanese first, English available.
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("日本語")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# Static files: vendored under static/, served by WhiteNoise.
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and env.bool("STATIC_MANIFEST", default=True)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)

# Public uploads (logos for the members' page) and private files (invoices,
# evidence, materials), which have no URL and are served by permission-checking views.
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private"))

# E-mail. EMAIL_URL e.g. smtp://user:pass@host:587 ; the default writes files.
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
_email_url = env.str("EMAIL_URL", default="filemail://" + EMAIL_FILE_PATH)
if _email_url.startswith("filemail://"):
    # django-environ drops the leading slash of an absolute path; keep it.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = _email_url.removeprefix("filemail://") or EMAIL_FILE_PATH
else:
    vars().update(environ.Env.email_url_config(_email_url))
# Seconds the SMTP connection waits for the server (connect, each reply). Without it a silent
# server holds a worker forever; a timed-out send is retried by the outbox with back-off.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="一般社団法人AIガバナンス協会 事務局 <office@example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SECRETARIAT_EMAIL = env.str("SECRETARIAT_EMAIL", default="office@example.org")

# Celery. Without a broker, tasks run eagerly in-process.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A broker that is down must not hang a web request: the outbox sweeper sends later.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# When a withdrawal (退会) takes effect: "fiscal_year_end" (the end of the fiscal year in which
# notice is given) or "wished_date". The association's 会員規程 decides: to confirm (README).
MEMBERSHIP_WITHDRAWAL_RULE = env.str("MEMBERSHIP_WITHDRAWAL_RULE", default="fiscal_year_end")

CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "aiga.tasks.outbox_sweep", "schedule": 60.0},
    "invoice-sweep": {"task": "billing.tasks.invoice_sweep", "schedule": 300.0},
    # Reminders (督促): hourly; each step is taken once per invoice however often it runs.
    "invoice-reminders": {"task": "billing.tasks.reminders_send", "schedule": 3600.0},
    "board-carry-over": {"task": "admissions.tasks.board_carry_over_due", "schedule": 86400.0},
    "onboarding-sweep": {"task": "admissions.tasks.onboarding_sweep", "schedule": 300.0},
    # Withdrawals whose effective date has come: membership closed, listing and log-ins end.
    "withdrawals-due": {"task": "members.tasks.withdrawals_complete_due", "schedule": 3600.0},
    # 一斉自己診断: opened and closed on their dates (Tokyo), reminders 7 days and 1 day before.
    "navi-rounds-due": {"task": "navi.tasks.rounds_due", "schedule": 3600.0},
    # Signs of life (aiga.health): beat writes its own as it ticks (the scheduler below); the
    # worker's is this task, queued by beat.
    "heartbeat": {"task": "aiga.tasks.heartbeat", "schedule": 60.0},
    # New failures (e-mails, onboarding steps, a stopped process) e-mailed to the secretariat.
    "failures-notify": {"task": "aiga.tasks.failures_notify", "schedule": 300.0},
    # Personal data past its retention period anonymised (docs/privacy.md).
    "privacy-anonymise": {"task": "admissions.tasks.privacy_anonymise_due", "schedule": 86400.0},
    # Events: the reminder the day before (each once), then no-shows and the thanks, and
    # guests' particulars erased after EVENT_GUEST_RETENTION_DAYS.
    "events-reminders": {"task": "events.tasks.events_reminders", "schedule": 3600.0},
    "events-after": {"task": "events.tasks.events_after", "schedule": 3600.0},
    "events-guests-anonymise": {
        "task": "events.tasks.events_guests_anonymise",
        "schedule": 86400.0,
    },
}
CELERY_BEAT_SCHEDULER = "aiga.beat.HeartbeatScheduler"
# Days a rejected or withdrawn application, or a contact who left, is kept before its
# personal data is anonymised (docs/privacy.md; the association's policy, to confirm).
PRIVACY_RETENTION_DAYS = env.int("PRIVACY_RETENTION_DAYS", default=1095)
# The shared token of the mail provider's bounce webhook (/hooks/email-bounce/); empty: off.
EMAIL_BOUNCE_TOKEN = env.str("EMAIL_BOUNCE_TOKEN", default="")
# A heartbeat older than this shows beat or the worker as stopped on the admin's index.
HEARTBEAT_STALE_SECONDS = env.int("HEARTBEAT_STALE_SECONDS", default=300)
# Days after a public event before its guests' names and addresses are erased (the counts
# stay); the registration page tells guests so. The association's policy to confirm.
EVENT_GUEST_RETENTION_DAYS = env.int("EVENT_GUEST_RETENTION_DAYS", default=365)
# A public event's guest registrations per client IP (django-ratelimit's notation).
EVENT_GUEST_RATE_PER_IP = env.str("EVENT_GUEST_RATE_PER_IP", default="10/h")

OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
# A message left in "sending" this long (its worker was killed mid-send) is sent again by
# the sweeper, with the same Message-ID. Well above EMAIL_TIMEOUT times a send's round trips.
OUTBOX_SENDING_GRACE_SECONDS = env.int("OUTBOX_SENDING_GRACE_SECONDS", default=600)
# Password-reset requests (/accounts/password_reset/) per typed address and per client IP;
# over either, the answer is the same page and no e-mail is queued (members/views/accounts.py).
PASSWORD_RESET_RATE_PER_ADDRESS = env.str("PASSWORD_RESET_RATE_PER_ADDRESS", default="5/h")
PASSWORD_RESET_RATE_PER_IP = env.str("PASSWORD_RESET_RATE_PER_IP", default="20/h")
# Days after a board meeting before undecided applications move to the next meeting
# (decisions are often typed in a few days after the meeting).
BOARD_CARRY_OVER_GRACE_DAYS = env.int("BOARD_CARRY_OVER_GRACE_DAYS", default=7)
# Working days before a board meeting by which an application must be (re)submitted to be on
# its agenda: the secretariat's checks and the board papers need them. The e-mails give the date.
BOARD_AGENDA_CLOSES_WORKING_DAYS = env.int("BOARD_AGENDA_CLOSES_WORKING_DAYS", default=5)
# The association's policy to confirm (README): a 変更届 whose capital or parent share crosses
# the SMB/startup line changes the tier from the next fiscal year, as the secretariat decides;
# the current year's fee stands. The notice and its e-mail to the secretariat say so.
SMB_TIER_CHANGE_FROM_NEXT_FISCAL_YEAR = env.bool(
    "SMB_TIER_CHANGE_FROM_NEXT_FISCAL_YEAR", default=True
)
# The yearly renewal run (年会費請求): its first e-mails go out at this rate so that the
# mail server is not flooded; a run silent this long is offered for resumption.
RENEWAL_EMAILS_PER_MINUTE = env.int("RENEWAL_EMAILS_PER_MINUTE", default=30)
RENEWAL_RUN_STALE_SECONDS = env.int("RENEWAL_RUN_STALE_SECONDS", default=300)
# Reminders (督促) of an unpaid invoice, in days after its due date: a polite e-mail, a
# second one, then the secretariat's call list (after which it may suspend the membership).
BILLING_REMINDER_FIRST_DAYS = env.int("BILLING_REMINDER_FIRST_DAYS", default=7)
BILLING_REMINDER_SECOND_DAYS = env.int("BILLING_REMINDER_SECOND_DAYS", default=30)
BILLING_REMINDER_CALL_DAYS = env.int("BILLING_REMINDER_CALL_DAYS", default=45)
# Days past the due date after which an unpaid first invoice shows in the overview.
APPLICATION_OVERDUE_DAYS = env.int("APPLICATION_OVERDUE_DAYS", default=30)
# A payment short by no more than this (yen) is a transfer fee the payer's bank took: it
# may be written off as 振込手数料 so that the invoice counts as paid.
BILLING_TRANSFER_FEE_TOLERANCE = env.int("BILLING_TRANSFER_FEE_TOLERANCE", default=880)
# "app_label.model" of a message's object → a function(message=) called when it is sent.

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security: with production values, `check --deploy` is clean.
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Request size. The whole body: at most MAX_REQUEST_BYTES, refused with 413 from its
# Content-Length before it is read (aiga.middleware), and uploaded files counted while they
# stream in, none larger than the largest a field accepts (aiga.uploads, 20 MB for a PDF).
# The form fields without the files: at most DATA_UPLOAD_MAX_MEMORY_SIZE, also 413.
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=25 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "aiga.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# The association's particulars, in one place: the pages' footer, the e-mails' signature and
# the issuer record the invoices start from.
# The change history is for reading: a change goes through the admin's form and its service.
SIMPLE_HISTORY_REVERT_DISABLED = True

# The public members' page shows which members are in the SMB・スタートアップ枠 only when
# this is on: the tier tells the world that a company's capital is ¥100M or less.
MEMBERS_PAGE_SHOW_SMB_TIER = env.bool("MEMBERS_PAGE_SHOW_SMB_TIER", default=False)

ASSOCIATION = {
    "name": "一般社団法人AIガバナンス協会",
    "name_en": "AI Governance Association",
    "postal_code": "104-0061",
    "address": "東京都中央区銀座1-12-4 N&E BLD.7階",
    "address_en": "N&E BLD. 7F, 1-12-4 Ginza, Chuo-ku, Tokyo 104-0061, Japan",
    # The secretariat as the e-mails sign: 「事務局（担当：…）」, its telephone and e-mail.
    "phone": env.str("ASSOCIATION_PHONE", default=""),
    "email": env.str("ASSOCIATION_EMAIL", default=SECRETARIAT_EMAIL),
    "contact_person": env.str("ASSOCIATION_CONTACT_PERSON", default=""),
    "contact_person_en": env.str("ASSOCIATION_CONTACT_PERSON_EN", default=""),
    # Who signs the membership certificates (members.services.certificates). The brochure
    # names three 代表理事: the secretariat confirms who signs (the English name too).
    "representative": env.str("ASSOCIATION_REPRESENTATIVE", default="代表理事 大柴 行人"),
    "representative_en": env.str("ASSOCIATION_REPRESENTATIVE_EN", default=""),
    # The association's public web site (not this system's address, SITE_URL).
    "website": env.str("ASSOCIATION_WEBSITE", default="https://www.ai-governance.jp/"),
}

# Error tracking (Sentry): off unless SENTRY_DSN is set. Personal data is scrubbed before an
# event leaves (aiga.observability.scrub_event; docs/privacy.md, §28).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from aiga.observability import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default=""),
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"no_permission_denied_traceback": {"()": "aiga.log_filters.NoPermissionDenied"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # A 403 is logged once, as one line, by the 403 handler (aiga.views.permission_denied).
        "django.request": {"filters": ["no_permission_denied_traceback"]},
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "kombu.connection": {"level": "ERROR"},
    },
}
if CELERY_TASK_ALWAYS_EAGER:
    # In-process tasks would log a line each; a real worker keeps its own task log.
    LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}
