"""Django settings for Mutasi.

The embedded default is a SQLite file (no set-up); set ``DATABASE_URL`` (for example
``postgres://postgres@127.0.0.1:5432/test``) to use PostgreSQL.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent


def default_data_dir() -> Path:
    """The per-user data folder, the same whatever the current directory is.

    ``$XDG_DATA_HOME/mutasi`` (usually ``~/.local/share/mutasi``) on Linux and other Unix systems,
    ``%LOCALAPPDATA%\\mutasi`` on Windows. ``MUTASI_DATA_DIR`` overrides it; every ``mutasi``
    command prints the folder it uses on its first line (on stderr).
    """
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "mutasi"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "mutasi"


# Where the SQLite file, the generated documents, uploads and the log file live.
DATA_DIR = Path(os.environ.get("MUTASI_DATA_DIR") or default_data_dir()).expanduser().resolve()

# The built-in key only suits a demo on this machine: `mutasi serve` refuses to listen on any
# other address than loopback while it is in use (mutasi.core.runtime.check_serve_address).
# It starts with "django-insecure", so `check --deploy` also flags it.
DEMO_SECRET_KEY = "django-insecure-demo-key-set-MUTASI_SECRET_KEY-in-production"
SECRET_KEY = os.environ.get("MUTASI_SECRET_KEY") or DEMO_SECRET_KEY
DEBUG = os.environ.get("MUTASI_DEBUG", "") == "1"
# Served over HTTPS (directly or behind a proxy that terminates TLS): the browser is told to use
# HTTPS only (HSTS), plain HTTP is redirected, and cookies travel over HTTPS only.
HTTPS = os.environ.get("MUTASI_HTTPS", "") == "1"
ALLOWED_HOSTS = os.environ.get("MUTASI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
# Behind a reverse proxy that terminates HTTPS and sets X-Forwarded-Proto (docs/operations.md):
# trust that header, so that Django sees the request as secure (CSRF checks of the https origin
# pass) and sends its cookies only over HTTPS. Set only when the proxy always sets the header.
if os.environ.get("MUTASI_BEHIND_HTTPS_PROXY", "") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "mutasi.core",
    "mutasi.people",
    "mutasi.needs",
    "mutasi.participation",
    "mutasi.plans",
    "mutasi.training",
    "mutasi.evaluation",
    "mutasi.demo",
    "mutasi.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "mutasi.core.middleware.LocaleMiddleware",  # Indonesian unless the user switches
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Refuses an over-long parameter with a 400 page before any view (see core/bounds.py).
    "mutasi.core.bounds.InputBoundsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Pages and files about people are not kept by browsers or proxies (see core/middleware.py).
    "mutasi.core.middleware.NoStoreMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mutasi.urls"
WSGI_APPLICATION = "mutasi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mutasi.core.context_processors.instance",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'mutasi.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while a background plan run writes. Transactions take the
    # write lock when they begin (IMMEDIATE): two writers (two workers, or a worker and a page)
    # then wait for each other up to the timeout, instead of one failing at once with "database
    # is locked" when its read turns into a write.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Uploaded files and their folders: readable by the server's own user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Refuse a request body past 10 MB before a view reads it (the largest import workbook of a
# province is a few MB); uploads stream to disk past 2.5 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "landing"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Failed logins are counted per user name + client address (django-axes, database handler): after
# AXES_FAILURE_LIMIT failures that pair is locked out for AXES_COOLOFF_TIME. Not by address alone,
# because a whole office shares one address behind NAT. Tests reset it with axes.utils.reset().
AUTHENTICATION_BACKENDS = [
    "mutasi.core.accounts.LoginAttemptsBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
# Across user names, one address may fail this often within AXES_COOLOFF_TIME (core/accounts.py).
LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("MUTASI_LOGIN_FAILURES_PER_ADDRESS", "30"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "participation/lockout.html"
AXES_VERBOSE = False

# Bahasa Indonesia by default, English when the user switches.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
# Backups keep every microsecond of a time stamp (mutasi.core.exact_json).
SERIALIZATION_MODULES = {"exactjson": "mutasi.core.exact_json"}

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
# The project's own static folder (vendored Bootstrap and Chart.js, app.css): not an app's folder.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Serve straight from the package's static folders (no collectstatic step for the demo).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"
OUTPUT_DIR = DATA_DIR / "output"

# Background tasks (plan runs, training plans, decree PDFs). The database backend is the default:
# nothing to install, `mutasi serve` starts its worker. MUTASI_TASKS=rq puts the queue in Redis
# (django-tasks-rq): any number of `mutasi rqworker` processes, on any machine that reaches Redis
# and the same PostgreSQL, take runs from it (docs/scaling.md).
TASK_QUEUE_BACKEND = os.environ.get("MUTASI_TASKS", "db").strip().lower() or "db"
if TASK_QUEUE_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {
        # django-tasks' tasks go to its "default" queue; offices sharing one Redis use their own
        # database number in the URL (redis://host:6379/3).
        "default": {
            "URL": os.environ.get("MUTASI_REDIS_URL", "redis://127.0.0.1:6379/0"),
            # A run of the 50,000 demo takes minutes; RQ kills a job past this.
            "DEFAULT_TIMEOUT": 4 * 60 * 60,
        }
    }
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_rq.RQBackend",
            "QUEUES": ["default"],
            "OPTIONS": {},
        }
    }
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

if HTTPS and not DEBUG:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if host]
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# sha256 of the handler "window.print()" (the print buttons of the receipt and the code sheets).
PRINT_BUTTON_HASH = "'sha256-MguIPR6qNR8D3B+eAlK+bIRTZe8t3wkOY4B/56Me9FU='"
# Content-Security-Policy (django-csp): only this site's own scripts, styles, images and fonts.
# Inline style attributes (bar widths, heat-map colours) need 'unsafe-inline' for styles; the two
# "print" buttons' handler is allowed by its hash, nothing else inline runs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-hashes'", PRINT_BUTTON_HASH],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The integration API (Django REST framework): token or session authentication, the same roles
# as the pages (mutasi/api/permissions.py), OpenAPI 3 by drf-spectacular.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "mutasi.api.pagination.StrictLimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_RATES": {"user": "600/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mutasi API",
    "DESCRIPTION": "Units, posts, employees, needs, approved plans and their moves, plan runs, "
    "and workbook imports, with the same roles as the web pages.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "mutasi.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "GolonganEnum": "mutasi.people.models.GOLONGAN_CHOICES",
        "EducationEnum": "mutasi.people.models.EDUCATION_CHOICES",
    },
}

# The cache of figures computed from the data (mutasi.core.cache): in each process by default,
# shared by every process through Redis when MUTASI_REDIS_URL is set.
if os.environ.get("MUTASI_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["MUTASI_REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 200},
        }
    }

# Keeping times of personal data in days (UU 27/2022), applied by `mutasi retention`; each kind
# is registered by the app that owns it (mutasi.core.privacy), which also sets its default.
MUTASI_RETENTION_DAYS = {
    key.removeprefix("MUTASI_RETENTION_").removesuffix("_DAYS").lower(): int(value)
    for key, value in os.environ.items()
    if key.startswith("MUTASI_RETENTION_") and key.endswith("_DAYS") and value.isdigit()
}

# Import limits: a workbook (or CSV folder) above either is refused before it is read, with the
# limit in the message. 50,000 employees with 100,000 history rows make an 11 MB workbook.
MUTASI_IMPORT_MAX_ROWS = int(os.environ.get("MUTASI_IMPORT_MAX_ROWS", "250000"))  # per sheet
MUTASI_IMPORT_MAX_MB = float(os.environ.get("MUTASI_IMPORT_MAX_MB", "30"))
# Uploads stop being read past that size, whichever code reads the request first.
FILE_UPLOAD_HANDLERS = [
    "mutasi.core.uploads.SizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# A plan run whose process stops writing its heartbeat for this many seconds is marked failed
# (the worker was killed or ran out of memory); see mutasi.plans.heartbeat.
PLAN_HEARTBEAT_TIMEOUT = int(os.environ.get("MUTASI_PLAN_HEARTBEAT_TIMEOUT", "60"))

# Decree files rendered by the worker are kept in OUTPUT_DIR/sk up to this size (oldest go first).
DOCUMENT_CACHE_MAX_BYTES = int(os.environ.get("MUTASI_DOCUMENT_CACHE_MB", "500")) * 1024 * 1024
# An office's own SK template (.docx with docxtpl placeholders); an uploaded one takes precedence.
DECREE_TEMPLATE = os.environ.get("MUTASI_DECREE_TEMPLATE", "")

LOG_DIR = DATA_DIR / "logs"
LOG_LEVEL = os.environ.get("MUTASI_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s"},
    },
    # An ordinary refusal (400/403/404/405) is one line: no traceback (mutasi.core.logging).
    "filters": {"refusals": {"()": "mutasi.core.logging.RefusalWithoutTraceback"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "level": "WARNING",
            "formatter": "plain",
            "filters": ["refusals"],
        },
        # Everything from INFO up, kept in the data folder (5 files of 5 MB).
        "file": {
            "class": "mutasi.core.logfile.DataDirFileHandler",
            "filename": str(LOG_DIR / "mutasi.log"),
            "maxBytes": 5 * 1024 * 1024,
            "backupCount": 5,
            "encoding": "utf-8",
            "delay": True,
            "formatter": "plain",
            "filters": ["refusals"],
        },
    },
    "root": {"handlers": ["console", "file"], "level": LOG_LEVEL},
    "loggers": {
        # Django logs every 4xx as a warning with its request; the access log is the proxy's job.
        "django.request": {"level": "ERROR"},
    },
}
