"""A wrong password is refused with one plain sentence that names the username once."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from tests.factories import make_planner

pytestmark = pytest.mark.django_db


def _error(client) -> str:  # type: ignore[no-untyped-def]
    make_planner()
    response = client.post("/masuk/", {"username": "perencana", "password": "salah-sekali"})
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1
    return str(errors[0])


def test_a_wrong_password_names_the_username_once(client):
    error = _error(client)
    assert len(re.findall("nama pengguna", error, re.IGNORECASE)) == 1, error
    assert "kata sandi tidak cocok" in error


def test_the_english_message_names_the_username_once(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    error = _error(client)
    assert len(re.findall("username", error, re.IGNORECASE)) == 1, error
    assert "password do not match" in error
