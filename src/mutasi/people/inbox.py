"""What the people stage puts in the planner's inbox: web imports checked and waiting to be
confirmed (registered in ``PeopleConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mutasi.core.inbox import InboxItem, InboxLink
from mutasi.core.models import Role

from .models import ImportStatus, ImportUpload

SHOWN = 5


def inbox(user: Any, role: str) -> list[InboxItem]:
    if role != Role.PLANNER:
        return []
    ready = ImportUpload.objects.filter(status=ImportStatus.READY).order_by("-uploaded_at", "-id")
    first = list(ready.select_related("uploaded_by")[:SHOWN])
    return [
        InboxItem(
            key="imports-ready",
            title=_("Impor data yang sudah diperiksa dan menunggu diterapkan"),
            count=ready.count(),
            url=reverse("people:import_list"),
            action=_("Periksa dan terapkan"),
            links=[
                InboxLink(
                    upload.original_name,
                    reverse("people:import_detail", args=[upload.pk]),
                    _("diunggah %(when)s")
                    % {
                        "when": formats.date_format(
                            timezone.localtime(upload.uploaded_at), "j M Y H:i"
                        )
                    },
                )
                for upload in first
            ],
            order=25,
        )
    ]
