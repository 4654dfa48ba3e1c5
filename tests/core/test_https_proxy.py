"""Behind an HTTPS reverse proxy (MUTASI_BEHIND_HTTPS_PROXY=1) a login form posts and works."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "mutasi.settings"
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth.models import User
from django.test import Client
User.objects.create_user("perencana", password="rahasia-panjang-1")
client = Client(enforce_csrf_checks=True, HTTP_X_FORWARDED_PROTO="https")
page = client.get("/masuk/", HTTP_HOST="mutasi.example.go.id")
token = page.cookies["csrftoken"].value
secure = bool(page.cookies["csrftoken"]["secure"])
response = client.post(
    "/masuk/",
    {"username": "perencana", "password": "rahasia-panjang-1", "csrfmiddlewaretoken": token},
    HTTP_HOST="mutasi.example.go.id",
    HTTP_ORIGIN="https://mutasi.example.go.id",
)
print(response.status_code, secure)
"""


def _post_login(tmp_path, behind_proxy: str) -> str:  # type: ignore[no-untyped-def]
    env = {
        **os.environ,
        "MUTASI_DATA_DIR": str(tmp_path),
        "MUTASI_ALLOWED_HOSTS": "mutasi.example.go.id",
        "MUTASI_BEHIND_HTTPS_PROXY": behind_proxy,
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=False
    )
    return result.stdout.strip().splitlines()[-1] if result.returncode == 0 else result.stderr


def test_the_login_posts_through_the_proxy_and_cookies_stay_on_https(tmp_path):
    # 302: logged in and sent on to the dashboard; the CSRF cookie is marked Secure
    assert _post_login(tmp_path, "1") == "302 True"


def test_without_the_setting_the_https_origin_is_refused(tmp_path):
    assert _post_login(tmp_path, "") == "403 False"  # CSRF: origin https:// ≠ http://
