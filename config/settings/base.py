"""Settings shared by every environment.

Every value that differs between a laptop and production is read from the environment
(see `.env.example`). The defaults are the embedded ones, so that `make run` serves the
whole portal with nothing else installed: SQLite in WAL mode, Celery's filesystem
transport, e-mail written to files.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-key-change-me-in-production")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Our page for an expired form (templates/403_csrf.html), in the portal's layout.
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
# The portal's address, the one source of every e-mail's links (core.links.portal_url):
# scripts/serve.sh sets it from HOST/PORT for the web, the worker and beat.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
SITE_ID = 1

INSTALLED_APPS = [
    # Our apps first: their templates take precedence over the libraries'. (Translations
    # come from LOCALE_PATHS, which wins over every app: our "Filtrer", not the admin's "Filtre".)
    # Lowest layer first; a lower app never imports a higher one.
    "core",
    "accounts",
    "admissions",
    "notifications",
    "candidates",
    # Payments sit above candidates: the fee of a dossier lives in candidates.fees, which
    # learns what was paid through the fee ledger that payments registers at start-up.
    "payments",
    "jury",
    # The probatory tests: `selection` holds the tests' registry and the admissibility
    # deliberation; each test's app sits above it and registers itself there.
    "selection",
    "english_test",
    "interviews",
    "video_interview",
    "company_search",
    "apprenticeship",
    # Retention, the complete data download, the register: it reads every app's data.
    "privacy",
    # The living demo (load_demo): it tells candidates' stories through every app's services.
    "demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "django_celery_beat",
    # Imports every app's rules.py: the permissions exist before the first request.
    "rules.apps.AutodiscoverRulesConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.headers.PermissionsPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",
    # Axes last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]
# The load test's measure of each request's CPU and database time (core.middleware).
PORTAL_SERVER_TIMING = env.bool("PORTAL_SERVER_TIMING", default=False)
if PORTAL_SERVER_TIMING:
    MIDDLEWARE.insert(0, "core.middleware.ServerTimingMiddleware")

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
                "core.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite by default, in WAL mode with immediate transactions so that the embedded portal
# (web + worker + beat) does not trip over "database is locked". PostgreSQL in production
# and CI through DATABASE_URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out attempt before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    # Answers has_perm from each app's rules.py (it never authenticates anyone).
    "rules.permissions.ObjectPermissionBackend",
]
# Argon2id first (accounts.hashers, OWASP's parameters by default: 19 MiB, t=2, p=1): new
# passwords use it; a PBKDF2 hash or a hash with Django's Argon2 parameters still verifies and is
# rewritten at its owner's next login. Measured (benchmarks/password_hashers.py): 43 ms of CPU per
# hash or check, against 0.33 s with Django's Argon2 parameters and 0.50 s for PBKDF2 at 1,000,000
# iterations: the sign-ups and logins saturated the web tier on deadline night (docs/scaling.md).
PASSWORD_ARGON2_MEMORY_KIB = env.int("PASSWORD_ARGON2_MEMORY_KIB", default=19 * 1024)
PASSWORD_ARGON2_TIME_COST = env.int("PASSWORD_ARGON2_TIME_COST", default=2)
PASSWORD_ARGON2_PARALLELISM = env.int("PASSWORD_ARGON2_PARALLELISM", default=1)
PASSWORD_HASHERS = [
    "accounts.hashers.PortalArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "admissions:home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "accounts.adapters.PortalAccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.CandidateSignupForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
# Rate limits: the per-address limit is high because a whole school (one NAT address) may
# log in on deadline night. The per-account cool-off is axes' (per account AND address): a
# limit per account alone ("/key") would let anyone lock the owner out from everywhere by
# typing wrong passwords on their e-mail (tests/accounts/test_brute_force.py). Sign-ups: 20 a
# minute per address (allauth's default, kept explicit). Logins: allauth's default of 30 a
# minute per address refused a school's 31st candidate (benchmarks/load: one address).
ACCOUNT_RATE_LIMITS = {"login_failed": "60/m/ip", "signup": "20/m/ip", "login": "300/m/ip"}
# The reverse proxies in front of the portal (production: one, the school's). allauth's limits
# per address read the client's address through them, from X-Forwarded-For; without it every
# candidate behind the proxy has the proxy's address, and the 21st sign-up of a minute on the
# whole portal is refused (benchmarks/load: virtual candidates from their own addresses).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="Portail admissions")

# Brute-force protection: a cool-off, never a permanent lock-out (deadline night).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=8)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_MINUTES", default=15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A failure during the cool-off must not extend it: the pause stays a few minutes.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_FORM_FIELD = "login"
# allauth authenticates with `email=`, which axes does not read: without this the lock-out
# would fall on the address alone (a whole school behind one NAT).
AXES_USERNAME_CALLABLE = "accounts.security.axes_username"
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_VERBOSE = False

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
# One catalogue per language: it wins over the apps' and libraries' (see docs/glossary.md).
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # English short dates day first, as the notice writes them
LANGUAGE_COOKIE_NAME = "portal_language"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded candidate files are private: no MEDIA_URL is ever routed; they are served
# through permission-checked views only.
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/private-media-is-never-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
PORTAL_UPLOAD_MAX_BYTES = env.int("PORTAL_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# Pictures are decoded before storage: beyond this many pixels (64 MP covers phone cameras)
# they are refused unread (decompression bombs; core.file_checks).
PORTAL_UPLOAD_MAX_PIXELS = env.int("PORTAL_UPLOAD_MAX_PIXELS", default=64 * 1024 * 1024)

# The video interview (video_interview): the largest part of a recording one request may
# carry (a few MB: no request holds a web worker for long), and Debian's ffmpeg/ffprobe.
VIDEO_CHUNK_MAX_BYTES = env.int("VIDEO_CHUNK_MAX_BYTES", default=4 * 1024 * 1024)
VIDEO_FFMPEG = env("VIDEO_FFMPEG", default="ffmpeg")
VIDEO_FFPROBE = env("VIDEO_FFPROBE", default="ffprobe")

AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    # Private bucket, short-lived signed URLs, never a public ACL.
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default="eu-west-3"),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- E-mail ---------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Admissions IMT Mines Alès <admissions@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The outbox (notifications): attempts at a transient SMTP failure, and the first retry's
# delay (doubled at each attempt); a queued row older than LOST_AFTER is dispatched again
# (the broker lost its task), a row `sending` for longer than SENDING_TIMEOUT is retried
# (the worker died mid-send).
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=5)
NOTIFICATIONS_RETRY_BASE_SECONDS = env.int("NOTIFICATIONS_RETRY_BASE_SECONDS", default=60)
NOTIFICATIONS_LOST_AFTER_SECONDS = env.int("NOTIFICATIONS_LOST_AFTER_SECONDS", default=300)
NOTIFICATIONS_SENDING_TIMEOUT_SECONDS = env.int("NOTIFICATIONS_SENDING_TIMEOUT_SECONDS", default=600)

# --- The dossier ----------------------------------------------------------------------
# How long a referee's link stays valid, and how often the candidate may send a reminder.
PORTAL_REFEREE_LINK_DAYS = env.int("PORTAL_REFEREE_LINK_DAYS", default=30)
PORTAL_REFEREE_REMINDER_HOURS = env.int("PORTAL_REFEREE_REMINDER_HOURS", default=24)
# Document types (codes) a candidate whose diploma is in progress may send after submitting.
PORTAL_LATE_DOCUMENT_CODES = env.list("PORTAL_LATE_DOCUMENT_CODES", default=["diploma", "transcripts"])

# --- The CFA: job sheets --------------------------------------------------------------
# How long an employer's private link to a job sheet stays valid (R-CFA-2).
PORTAL_JOB_SHEET_LINK_DAYS = env.int("PORTAL_JOB_SHEET_LINK_DAYS", default=60)
# The CFA's own address: told when an approved sheet waits for a place (R-ADMIT-2).
PORTAL_CFA_EMAIL = env("PORTAL_CFA_EMAIL", default="cfa@example.org")

# --- Cache ----------------------------------------------------------------------------
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# A PDF printed once is kept this long for the same HTML (core.pdf): the receipt printed by the
# worker at submission serves the candidate's download. It holds personal data: hours, not weeks.
PORTAL_PDF_CACHE_SECONDS = env.int("PORTAL_PDF_CACHE_SECONDS", default=48 * 3600)

# --- Celery ---------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _celery_dir = VAR_DIR / "celery"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_celery_dir / "out"),
        "data_folder_out": str(_celery_dir / "out"),
        "processed_folder": str(_celery_dir / "processed"),
        # kombu writes its exchange table to ./control by default: keep it under var/ too.
        "control_folder": str(_celery_dir / "control"),
        "store_processed": False,
    }
    # Any process may queue a task first (load_demo before the worker starts on a fresh
    # clone): the transport's folders must exist before the first message is written.
    for _folder in ("out", "processed", "control"):
        (_celery_dir / _folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 4
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp; ASVS 3.4): scripts and styles from our own static files
# only, never inline (no 'unsafe-inline', no 'unsafe-eval'); a view that needs more says so
# with csp.decorators.csp_update. Chromium checks form-action on the redirect that answers a
# form too: the pay form's answer is a redirect to Stripe's hosted checkout page.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "media-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", "https://checkout.stripe.com"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Payments (processing fees, R-FEES-*) -----------------------------------------------
# Providers offered to candidates, in order. "sandbox" is the embedded test checkout: never
# list it in production. Stripe is offered only when STRIPE_SECRET_KEY is set.
PAYMENT_PROVIDERS = env.list("PAYMENT_PROVIDERS", default=["sandbox", "stripe"])
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")

# --- English test (R-TEST-4, R-TEST-5) ---------------------------------------------------
# "sandbox": the built-in test page of the portal (the embedded default, never in
# production); "generic": a real provider, invited by ENGLISH_TEST_INVITE_URL ("{reference}"
# replaced by the test's reference), results by a webhook signed with the shared secret.
ENGLISH_TEST_PROVIDER = env("ENGLISH_TEST_PROVIDER", default="sandbox")
ENGLISH_TEST_INVITE_URL = env("ENGLISH_TEST_INVITE_URL", default="")
ENGLISH_TEST_WEBHOOK_SECRET = env("ENGLISH_TEST_WEBHOOK_SECRET", default="")
# A callback whose timestamp is further from now is refused (stale).
ENGLISH_TEST_CALLBACK_MAX_AGE_SECONDS = env.int("ENGLISH_TEST_CALLBACK_MAX_AGE_SECONDS", default=300)
# The provider's score scale (0 to this); the jury sees it on 20.
ENGLISH_TEST_SCORE_MAX = env.int("ENGLISH_TEST_SCORE_MAX", default=100)

# Live interviews: each slot's video-conference room is <base URL>/<unguessable name>
# (a Jitsi Meet server by default; a school's own server in production).
INTERVIEWS_VIDEO_BASE_URL = env("INTERVIEWS_VIDEO_BASE_URL", default="https://meet.jit.si")
