"""The login form: Django's, with the wrong-password message in the product's own words."""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    # Django's Indonesian catalogue puts the field's name inside "Masukkan nama pengguna
    # %(username)s…", so the page read "nama pengguna nama pengguna". One plain sentence instead.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Nama pengguna (atau NIP) dan kata sandi tidak cocok. Periksa keduanya; huruf besar "
            "dan kecil dibedakan."
        ),
    }
