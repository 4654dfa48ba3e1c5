"""WSGI entry point (waitress, gunicorn or any WSGI server)."""

import os

from django.core.wsgi import get_wsgi_application

# Files created while serving (uploads, exports, decrees) are the server user's only: 0600/0700.
os.umask(0o077)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutasi.settings")
application = get_wsgi_application()
