"""``mutasi forget --nip N``: remove one person's personal data (UU 27/2022), audited.

The employee row keeps its place in approved plans with its personal fields replaced, the login
is disabled, later stages forget their rows about the person, and the audit log keeps every entry
with the person's data scrubbed out (``mutasi.people.privacy.do_forget_employee``).
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from mutasi.core.commands import OfficeCommand
from mutasi.people.models import Employee
from mutasi.people.privacy import do_forget_employee


class Command(OfficeCommand):
    help = _(
        "Hapus data pribadi seorang pegawai (UU 27/2022): data diri diganti, akun dinonaktifkan, "
        "preferensi dan aspirasi dihapus, log audit tetap ada tanpa data pribadinya."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--nip", required=True, help=_("NIP pegawai"))
        parser.add_argument(
            "--yes", action="store_true", help=_("jangan minta konfirmasi (untuk skrip)")
        )

    def handle(self, *args: Any, nip: str, yes: bool, **options: Any) -> None:
        employee = Employee.objects.select_related("position").filter(nip=nip.strip()).first()
        if employee is None:
            raise CommandError(_("Tidak ada pegawai dengan NIP %(nip)s.") % {"nip": nip})
        self.stdout.write(
            _(
                "Data pribadi %(name)s (NIP %(nip)s, %(post)s) akan dihapus; "
                "ini tidak dapat dibatalkan."
            )
            % {"name": employee.name, "nip": employee.nip, "post": employee.position.name}
        )
        if not yes and not self._confirmed(employee.nip):
            raise CommandError(_("Dibatalkan: tidak ada yang diubah."))
        scrubbed = do_forget_employee(employee, acting_user=None)
        self.stdout.write(
            _("Selesai: data pribadi dihapus, %(n)s entri audit dianonimkan.") % {"n": scrubbed}
        )

    def _confirmed(self, nip: str) -> bool:
        """The operator types the NIP again (a plain "y" is too easy to give by habit)."""
        if not sys.stdin.isatty():
            raise CommandError(
                _("Konfirmasi diperlukan: jalankan di terminal, atau tambahkan --yes.")
            )
        self.stdout.write(_("Ketik NIP itu sekali lagi untuk melanjutkan: "), ending="")
        self.stdout.flush()
        return input().strip() == nip
