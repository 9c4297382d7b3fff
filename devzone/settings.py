"""Django settings for DevZone. Everything a deployment changes comes from environment variables
(listed in README.md, section "Configuration")."""

import ipaddress
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

from devzone.localsecret import secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DEVZONE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


# Production (DEVZONE_PRODUCTION=1): every setting a deployment must choose is required, and DevZone refuses to
# start without it rather than invent one (a new secret key or seal key per host, an embedded SQLite database).
PRODUCTION = env_bool("DEVZONE_PRODUCTION", False)
PRODUCTION_REQUIRED = (
    "DATABASE_URL",
    "DEVZONE_SECRET_KEY",
    "DEVZONE_SEAL_MASTER_KEY",
    "DEVZONE_ALLOWED_HOSTS",
    "DEVZONE_PUBLIC_URL",
    "DEVZONE_HTTPS",
)
if PRODUCTION:
    _missing = [name for name in PRODUCTION_REQUIRED if not os.environ.get(name)]
    if _missing:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "DEVZONE_PRODUCTION=1 but these settings are missing (docs/operations.md): " + ", ".join(_missing)
        )
    # Set is not enough: DEVZONE_HTTPS=0 would give session and CSRF cookies without Secure and no HSTS, and
    # DEVZONE_DEBUG=1 shows tracebacks with the settings and the POSTed form (passwords) to anyone.
    _unsafe = [
        sentence
        for sentence, unsafe in (
            (
                "DEVZONE_HTTPS must be 1 (TLS at nginx: Secure cookies, HSTS)",
                not env_bool("DEVZONE_HTTPS", False),
            ),
            (
                "DEVZONE_DEBUG must be 0 or unset (DEBUG shows settings and POSTed passwords)",
                env_bool("DEVZONE_DEBUG", False),
            ),
        )
        if unsafe
    ]
    if _unsafe:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "DEVZONE_PRODUCTION=1 refuses to start (docs/operations.md): " + "; ".join(_unsafe) + "."
        )

SECRET_KEY = secret_key(VAR_DIR)
DEBUG = env_bool("DEVZONE_DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("DEVZONE_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DEVZONE_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "devzone.core",
    "devzone.projects",
    "devzone.approvals",
    "devzone.services",
    "devzone.investment",
    "devzone.performance",
    "devzone.personnel",
    "devzone.planning",
    "devzone.emergency",
    "devzone.exchange",
    "devzone.powers",
    "devzone.oversight",
    "devzone.dashboard",
]

MIDDLEWARE = [
    "devzone.core.metrics.MetricsMiddleware",  # first: the whole stack is in the time
    "devzone.core.clientip.ClientIpMiddleware",
    "devzone.core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "devzone.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "devzone.core.otp.DeviceMiddleware",  # django-otp's, its device read compiled once
    "devzone.core.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "devzone.core.otp.SecondFactorMiddleware",
    "devzone.core.idempotency.IdempotencyMiddleware",
    "devzone.core.middleware.MethodNotAllowedPageMiddleware",
    "devzone.core.middleware.DatabaseUnavailableMiddleware",
    "devzone.core.middleware.ZoneRequiredMiddleware",
]

ROOT_URLCONF = "devzone.urls"
WSGI_APPLICATION = "devzone.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "devzone" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "devzone.core.context_processors.shell",
            ],
        },
    }
]

# Forms and widgets render through Jinja2 (Django ships their templates for it; several times faster than the
# template language), the admin's widgets through the templates above (core.renderers).
FORM_RENDERER = "devzone.core.renderers.FormRenderer"

# --- Caches: "default" is each process's own memory (calendar, page fragments); "shared" is seen by every
# worker — rate limits and lockouts (core.ratelimit) — in the database (table devzone_cache, created by the
# migrations) on the embedded default, in Redis when DEVZONE_REDIS_URL is set.
REDIS_URL = os.environ.get("DEVZONE_REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "devzone_cache"}
    ),
}

# --- Database: embedded SQLite (WAL) by default, PostgreSQL through DATABASE_URL -------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'devzone.sqlite3'}",
        conn_max_age=int(os.environ.get("DEVZONE_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; "
            "PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    # The connection is kept between requests, as on PostgreSQL (DEVZONE_DB_CONN_MAX_AGE): opening the file and
    # running the PRAGMAs above cost every request ~6 ms of CPU (a bare insert 6.4 ms instead of 0.4 ms). A restore
    # never writes over a live database (docs/operations.md), so no open connection outlives its file.
# PostgreSQL: the statements of core.prepared (every request's session and user reads, every audit row) bind their
# parameters on the server and are prepared once a connection has run them five times (psycopg's threshold; Django
# turns it off by default for poolers). Set DEVZONE_DB_PREPARED_STATEMENTS=0 behind a pooler that keeps no prepared
# statements (PgBouncer before 1.21, or without max_prepared_statements). Every other query binds on the client.
DEVZONE_DB_PREPARED_STATEMENTS = os.environ.get("DEVZONE_DB_PREPARED_STATEMENTS", "1") != "0"
# A PostgreSQL streaming standby for the city's statistics (core.replica; docs/operations.md, "Read replica").
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
for database in DATABASES.values():  # the primary and the standby alike
    if database["ENGINE"] == "django.db.backends.postgresql" and DEVZONE_DB_PREPARED_STATEMENTS:
        database.setdefault("OPTIONS", {})["prepare_threshold"] = 5
DATABASE_ROUTERS = ["devzone.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Passwords, login, lockout, sessions -----------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "devzone.core.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "devzone.core.passwords.CharacterClassValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "devzone.core.backends.AccountBackend",
    "devzone.core.sso.ProvinceBackend",  # answers only the provider's callback (core.sso); inert when it is off
]

# --- Single sign-on: the province's unified identity platform (OpenID Connect; core.sso, docs/integration.md) ---
# Off unless the issuer is set. The endpoints default to the issuer's paths of a django-oauth-toolkit provider
# (the one the tests run); a province's platform names its own in the environment.
DEVZONE_OIDC_ISSUER = os.environ.get("DEVZONE_OIDC_ISSUER", "").rstrip("/")
DEVZONE_OIDC_CREDIT_CODE_CLAIM = os.environ.get("DEVZONE_OIDC_CREDIT_CODE_CLAIM", "credit_code")
OIDC_RP_CLIENT_ID = os.environ.get("DEVZONE_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("DEVZONE_OIDC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("DEVZONE_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("DEVZONE_OIDC_SCOPES", "openid profile")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get(
    "DEVZONE_OIDC_AUTHORIZATION_ENDPOINT", f"{DEVZONE_OIDC_ISSUER}/authorize/"
)
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("DEVZONE_OIDC_TOKEN_ENDPOINT", f"{DEVZONE_OIDC_ISSUER}/token/")
OIDC_OP_USER_ENDPOINT = os.environ.get("DEVZONE_OIDC_USERINFO_ENDPOINT", f"{DEVZONE_OIDC_ISSUER}/userinfo/")
OIDC_OP_JWKS_ENDPOINT = os.environ.get(
    "DEVZONE_OIDC_JWKS_ENDPOINT", f"{DEVZONE_OIDC_ISSUER}/.well-known/jwks.json"
)
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("DEVZONE_OIDC_LOGOUT_ENDPOINT", f"{DEVZONE_OIDC_ISSUER}/logout/")
OIDC_OP_LOGOUT_URL_METHOD = "devzone.core.sso.logout_url"
OIDC_STORE_ID_TOKEN = True  # the hint of the provider's logout
OIDC_CREATE_USER = True  # core.sso decides: a legal person's first login only, everyone else refused
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "login"

AXES_FAILURE_LIMIT = int(os.environ.get("DEVZONE_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("DEVZONE_LOCKOUT_MINUTES", "15")) / 60  # hours
# Lock the account *from that source*: nobody can lock a colleague out from elsewhere, and a whole office
# behind one NAT address is not locked for one person's typos. Spraying one password over many accounts from one
# source is stopped by core.ratelimit's per-source limit (DEVZONE_LOGIN_SOURCE_FAILURES).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "devzone.core.clientip.lockout_ip"  # an IPv6 client by its /64 (rotating guesses)
AXES_USERNAME_CALLABLE = "devzone.core.ratelimit.axes_username"  # cut to a user name's length
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# What django-axes keeps of a failed attempt's form (axes_accessattempt.post_data, shown in the Django admin):
# every field that carries a secret is masked — axes itself masks only "password". The login and the admin's
# (password), 修改密码 (current_password, password1, password2; and core.services.accounts sends it without its
# form), Django's own password forms (new_password1/2, old_password), second-factor and SMS codes, tokens, and
# the CSRF token. Keep "username" masked too (axes' default): a name typed into the password box is a password.
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "password",
    "password1",
    "password2",
    "current_password",
    "old_password",
    "new_password1",
    "new_password2",
    "code",
    "otp_token",
    "token",
    "csrfmiddlewaretoken",
]

SESSION_IDLE_TIMEOUT = int(os.environ.get("DEVZONE_SESSION_IDLE_MINUTES", "30")) * 60
# The absolute limit: a session ends this long after its login however busy it is (core.middleware: the login
# time is kept in the session, and the stored expiry and the cookie never pass login + this limit).
SESSION_ABSOLUTE_TIMEOUT = int(os.environ.get("DEVZONE_SESSION_MAX_HOURS", "12")) * 3600
SESSION_ENGINE = "devzone.core.sessions"  # Django's database sessions, the read by key compiled once
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT  # a session without a login (anonymous) lives no longer either
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "devzone.core.views_errors.csrf_failure"  # a Chinese page in the site's frame
HTTPS = env_bool("DEVZONE_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: everything from the app itself; no inline script anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
if DEVZONE_OIDC_ISSUER:  # logging out posts a form whose redirect goes on to the provider's end-session page
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        "{0.scheme}://{0.netloc}".format(urlsplit(DEVZONE_OIDC_ISSUER))
    )

# --- Language, time ----------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "devzone" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
FORMAT_MODULE_PATH = ["devzone.formats"]  # 11月2日, not Django's 11月02日
USE_TZ = True
LANGUAGE_COOKIE_NAME = "devzone_language"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files: front-end packages from npm, served by the app (WhiteNoise), no CDN ---------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "devzone" / "static",
    ("vendor/tabler", NODE_MODULES / "@tabler" / "core" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]
# Of the npm folders above, the files the pages load (and the source maps they name): nothing else of them is
# found, collected or served (core.staticfiles.VendorFinder). A page that loads another adds it here.
VENDOR_STATIC_FILES = {
    "vendor/tabler/css/tabler.min.css",
    "vendor/tabler/css/tabler.min.css.map",
    "vendor/tabler/js/tabler.min.js",
    "vendor/tabler/js/tabler.min.js.map",
    "vendor/echarts/echarts.min.js",
}
STATICFILES_FINDERS = [
    "devzone.core.staticfiles.VendorFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # collected files named by their content's hash and served as immutable (core.staticfiles)
    "staticfiles": {"BACKEND": "devzone.core.staticfiles.StaticStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600  # uploads readable by the service user only
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Background work: django-tasks with its database backend; periodic jobs by devzone.core.scheduler --
TASKS = {
    "default": {
        "BACKEND": os.environ.get("DEVZONE_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Logging: to stderr; the audit trail lives in the database -----------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "refusals": {"()": "devzone.core.logs.RefusalsWithoutTraceback"},
        "no_trace": {"()": "devzone.core.logs.NoTraceFilter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["no_trace", "refusals"]}},
    # the loggers that name a request drop no-trace requests before any handler sees them
    "loggers": {name: {"filters": ["no_trace"]} for name in ("django.request", "django.security")},
    "root": {"handlers": ["console"], "level": os.environ.get("DEVZONE_LOG_LEVEL", "WARNING")},
}

# --- DevZone -----------------------------------------------------------------------------------
# The seal master key (64 hex digits or base64 of 32 bytes) that encrypts the approval seals' private keys;
# empty: generated once into VAR_DIR/seal_master_key (approvals/seal.py). Back it up with the database.
DEVZONE_SEAL_MASTER_KEY = os.environ.get("DEVZONE_SEAL_MASTER_KEY", "")
# The reverse proxies whose X-Forwarded-For is believed (comma-separated addresses or networks; core.clientip).
DEVZONE_TRUSTED_PROXIES = [p for p in os.environ.get("DEVZONE_TRUSTED_PROXIES", "").split(",") if p.strip()]
# 数据交换: how long a subscriber's receiver may take to answer one delivery, in seconds (exchange.delivery).
DEVZONE_EXCHANGE_TIMEOUT = float(os.environ.get("DEVZONE_EXCHANGE_TIMEOUT", "5"))
# A receiver inside DevZone to try a subscription with (/exchange/sandbox/<id>/): on for the demo only.
DEVZONE_EXCHANGE_SANDBOX = os.environ.get("DEVZONE_EXCHANGE_SANDBOX", "") == "1"
# 数据交换: the networks a receiver may be in although they are not public (comma-separated CIDRs, e.g. the
# provincial platform's "10.20.0.0/16"); any other loopback, link-local (the cloud's metadata service), private,
# reserved, multicast or unspecified address is refused (exchange.addresses). With the sandbox on (the demo, whose
# receiver is DevZone itself) the default is loopback; otherwise none. A malformed network stops the start here.
DEVZONE_EXCHANGE_ALLOWED_NETWORKS = [
    str(ipaddress.ip_network(n.strip(), strict=False))
    for n in os.environ.get(
        "DEVZONE_EXCHANGE_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128" if DEVZONE_EXCHANGE_SANDBOX else ""
    ).split(",")
    if n.strip()
]
# Who may read /metrics (comma-separated addresses or networks; core.metrics): the monitoring host.
DEVZONE_METRICS_ALLOW = [
    p for p in os.environ.get("DEVZONE_METRICS_ALLOW", "127.0.0.1/32,::1/128").split(",") if p.strip()
]
# Failed logins from one source (any accounts) in 15 minutes before that source must wait (password spraying).
DEVZONE_LOGIN_SOURCE_FAILURES = int(os.environ.get("DEVZONE_LOGIN_SOURCE_FAILURES", "30"))
# Where the keys of sealed boxes live — an open round's ballots, an open survey's answers (one file each, owner-only,
# destroyed at closing; core/sealbox.py). Keep it out of database backups: a backup with both could open a box.
DEVZONE_BALLOT_KEY_DIR = Path(os.environ.get("DEVZONE_BALLOT_KEY_DIR", VAR_DIR / "ballot_keys"))
# Where the keys of long-lived sealed data live — candidates' identity numbers, phones and documents (personnel.vault),
# the exchange's subscriber secrets (exchange.secrets_box); core/sealbox.py. Unlike the ballot keys these are in
# every backup (inside its encryption) and restored with it: without them the restored data cannot be read.
DEVZONE_DATA_KEY_DIR = Path(os.environ.get("DEVZONE_DATA_KEY_DIR", VAR_DIR / "data_keys"))
# Candidates' phone verification (personnel.sms): "console" (the log), "file" (lines in DEVZONE_SMS_FILE) or the
# dotted path of a gateway class with send(phone, text) for a real SMS provider.
DEVZONE_SMS_BACKEND = os.environ.get("DEVZONE_SMS_BACKEND", "console")
DEVZONE_SMS_FILE = Path(os.environ.get("DEVZONE_SMS_FILE", VAR_DIR / "sms.log"))
# The public base of certificate QR codes and printed verification addresses, always a full URL (a relative
# "/verify/" cannot be scanned). The default suits `make demo`; `devzone check --deploy` warns while it is local.
DEVZONE_PUBLIC_URL = os.environ.get("DEVZONE_PUBLIC_URL", "http://127.0.0.1:8000")
# A task still RUNNING after this long was abandoned by its worker: queued again, or failed after the attempts.
DEVZONE_TASK_STALE_SECONDS = int(os.environ.get("DEVZONE_TASK_STALE_SECONDS", "1800"))
# The hour (Beijing time, 0–23) from which the daily digest goes out (core.tasks.daily_digest).
DEVZONE_DIGEST_HOUR = int(os.environ.get("DEVZONE_DIGEST_HOUR", "8"))
# Installation-wide rules of 大审批, each from DEVZONE_APPROVALS_<NAME> when set (their defaults and meaning:
# devzone/approvals/conf.py): WARN_FRACTION, PRE_ACCEPTANCE_DAYS (only ever shortens the law's), COMMITMENT_BAR_MONTHS,
# POST_CHECK_DAYS.
DEVZONE_APPROVALS = {
    name: kind(os.environ[f"DEVZONE_APPROVALS_{name}"])
    for name, kind in (
        ("WARN_FRACTION", float),
        ("PRE_ACCEPTANCE_DAYS", int),
        ("COMMITMENT_BAR_MONTHS", int),
        ("POST_CHECK_DAYS", int),
    )
    if os.environ.get(f"DEVZONE_APPROVALS_{name}", "").strip()
}
DEVZONE_TASK_MAX_ATTEMPTS = 3
# Answers a department needs in a closed survey before any figure of it is shown or counts toward pay.
DEVZONE_SURVEY_MIN_ANSWERS = int(os.environ.get("DEVZONE_SURVEY_MIN_ANSWERS", "5"))
# The roles that need a second factor (TOTP) after the password (core.otp); comma-separated in the environment.
DEVZONE_OTP_ROLES = tuple(
    r.strip()
    for r in os.environ.get("DEVZONE_OTP_ROLES", "zone_leader,tally_staff,city_officer,sysadmin").split(",")
    if r.strip()
)
OTP_TOTP_ISSUER = "DevZone"
DEVZONE_TOKEN_MAX_DAYS = int(
    os.environ.get("DEVZONE_TOKEN_MAX_DAYS", "365")
)  # the longest an API token lives
DEVZONE_PAGE_SIZE = (
    25  # rows of a list page, and the API's default page size (core.web.page_of, core.schemas.Page)
)
DEVZONE_API_MAX_PAGE_SIZE = 200  # the largest page_size the API serves
DEVZONE_UPLOAD_MAX_BYTES = 20 * 1024 * 1024  # materials, reports, attachments (core.files.check_upload)
# The largest request body read at all (several uploads in one form); larger ones are refused unread (413).
DEVZONE_REQUEST_MAX_BYTES = int(os.environ.get("DEVZONE_REQUEST_MAX_MB", "100")) * 1024 * 1024
DEVZONE_PHOTO_MAX_BYTES = 5 * 1024 * 1024  # site-visit photos
DEVZONE_UPLOAD_MAX_EXPANDED_BYTES = 100 * 1024 * 1024  # a Word file's parts unzipped: more is a zip bomb
DEVZONE_IMPORT_MAX_BYTES = 5 * 1024 * 1024  # Excel ledgers (core.ledger.read_sheet)
DEVZONE_IMPORT_MAX_ROWS = 5000
