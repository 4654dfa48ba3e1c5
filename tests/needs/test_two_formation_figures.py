"""The dashboard's formation and the needs page's kebutuhan are two definitions, each labelled on
its page, and the needs page names the dashboard's figure beside its own (conftest's region:
recorded formations 4 + 2 + 2 + 5 = 13 on four posts, the fifth has none; the needs figure is
ABK 2 + 2 + 2, imported 5, staff 1 = 12)."""

from __future__ import annotations

import re

from django.urls import reverse

from tests.factories import make_planner


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_dashboard_and_the_needs_page_label_their_two_figures(client, region):
    client.force_login(make_planner())
    dashboard = client.get(reverse("dashboard"))
    assert dashboard.context["total"].formation == 13
    text = _text(dashboard.content.decode())
    assert "13 Formasi tercatat pada data jabatan" in text
    assert "Kebutuhan hasil ABK yang dipakai perencana ada di halaman Kebutuhan" in text

    needs = client.get(reverse("needs:index"))
    assert needs.context["total"].formation == 12
    assert needs.context["recorded_formation"] == 13
    text = _text(needs.content.decode())
    assert "12 Kebutuhan menurut ABK (dipakai perencana)" in text
    assert "Dasbor menampilkan formasi tercatat pada data jabatan: 13 (angka impor)" in text
