"""The employee portal's reminder of a survey after a move (``participation.portal`` card)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from mutasi.participation.portal import PortalCard
from mutasi.people.models import Employee

from . import selectors


def survey_reminders(employee: Employee) -> list[PortalCard]:
    cards = []
    for due in selectors.open_surveys(employee):
        cards.append(
            PortalCard(
                title=_("Survei %(wave)d bulan setelah mutasi") % {"wave": due.wave},
                text=_("Bagaimana pengalaman Anda di %(unit)s? Mohon isi sebelum %(date)s.")
                % {
                    "unit": due.move.to_position.unit.name,
                    "date": due.closes.strftime("%d-%m-%Y"),
                },
                url=reverse("evaluation:employee_survey", args=[due.move.pk, due.wave]),
                link_text=_("Isi survei"),
                urgent=True,
            )
        )
    return cards
