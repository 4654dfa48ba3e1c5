"""``mutasi setup``: record the office this installation serves (asked for, or given as options)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mutasi.core.commands import OfficeCommand
from mutasi.core.models import HeadTitle, Instance
from mutasi.people.instance import InstanceError, do_update_instance

# (field, option, question)
QUESTIONS = [
    ("region_name", "--region", gettext_lazy("Nama daerah (mis. Kabupaten Bukitintan)")),
    ("province_name", "--province", gettext_lazy("Nama provinsi")),
    ("head_title", "--head-title", gettext_lazy("Sebutan kepala daerah (%(choices)s)")),
    ("head_name", "--head-name", gettext_lazy("Nama kepala daerah")),
    ("office_name", "--office", gettext_lazy("Nama BKPSDM")),
    ("office_head_name", "--office-head", gettext_lazy("Nama kepala BKPSDM")),
    ("office_head_nip", "--office-head-nip", gettext_lazy("NIP kepala BKPSDM")),
    ("decree_place", "--place", gettext_lazy("Tempat penetapan SK (mis. Bukitintan)")),
    ("letterhead", "--letterhead", gettext_lazy("Teks kop surat (baris dipisah dengan |)")),
]


class Command(OfficeCommand):
    help = _(
        "Catat instansi: nama daerah dan provinsi, sebutan dan nama kepala daerah, kepala BKPSDM, "
        "kop surat dan logo. Tanpa opsi, pertanyaan diajukan satu per satu."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        for field, option, _question in QUESTIONS:
            parser.add_argument(
                option, dest=field, help=str(Instance._meta.get_field(field).verbose_name)
            )
        parser.add_argument("--logo", type=Path, help=_("berkas logo (PNG atau JPEG)"))
        parser.add_argument(
            "--no-input", action="store_true", help=_("jangan bertanya; pakai opsi saja")
        )

    def handle(self, *args: Any, no_input: bool, logo: Path | None, **options: Any) -> None:
        current = Instance.current()
        values: dict[str, str] = {}
        ask = not no_input and sys.stdin.isatty()
        for field, _option, question in QUESTIONS:
            given = options.get(field)
            if given is None and ask:
                default = getattr(current, field)
                if field == "letterhead":
                    default = " | ".join(current.letterhead_lines())
                text = (
                    question % {"choices": " / ".join(HeadTitle.values)}
                    if "%(" in question
                    else question
                )
                answer = input(f"{text} [{default}]: ").strip()
                given = answer or None
            if given is not None:
                values[field] = (
                    "\n".join(p.strip() for p in given.split("|"))
                    if field == "letterhead"
                    else given
                )
        content = None
        if logo is not None:
            try:
                content = logo.read_bytes()
            except OSError as error:
                raise CommandError(
                    _("Logo %(f)s tidak dapat dibaca: %(e)s") % {"f": logo, "e": error.strerror}
                ) from None
        try:
            instance = do_update_instance(values=values, logo=content, acting_user=None)
        except InstanceError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_("Instansi tersimpan:"))
        for field, _option, _question in QUESTIONS:
            label = Instance._meta.get_field(field).verbose_name
            value = getattr(instance, field).replace("\n", " | ")
            self.stdout.write(f"  {label}: {value or '—'}")
        self.stdout.write(
            f"  {Instance._meta.get_field('logo').verbose_name}: {instance.logo.name or '—'}"
        )
        if not instance.is_configured:
            self.stdout.write(
                _("Belum lengkap: nama daerah, sebutan dan nama kepala daerah dibutuhkan untuk SK.")
            )
