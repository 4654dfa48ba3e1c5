"""``mutasi serve``: bring the database up to date, start the task worker, serve with waitress."""

from __future__ import annotations

import logging
import signal
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from mutasi.core import runtime
from mutasi.core.commands import OfficeCommand

logger = logging.getLogger(__name__)


def _stop_on_sigterm(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt  # unwinds waitress like Ctrl+C, so the worker is stopped with it


class Command(OfficeCommand):
    help = _(
        "Jalankan aplikasi web (waitress) beserta pekerja latar belakangnya, setelah basis data "
        "diperbarui."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help=_("alamat (bawaan 127.0.0.1)"))
        parser.add_argument(
            "--port", type=int, default=8000, help=_("porta (bawaan 8000; 0 = porta bebas)")
        )
        parser.add_argument("--threads", type=int, default=8, help=_("jumlah utas (bawaan 8)"))
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help=_("jangan jalankan pekerja latar belakang (bila pekerja berjalan di tempat lain)"),
        )

    def handle(
        self, *args: Any, host: str, port: int, threads: int, no_worker: bool, **options: Any
    ) -> None:
        from waitress import create_server

        if not 0 <= port <= 65535:
            # waitress would take it modulo 65536 (99999 served on 34463)
            message = _("--port harus antara 0 dan 65535, bukan %(port)s") % {"port": port}
            raise CommandError(message)
        try:
            runtime.check_serve_address(host)
            runtime.ensure_database()
        except runtime.RuntimeSetupError as error:
            raise CommandError(str(error)) from None
        # WhiteNoise serves from the app folders (finders); it only warns if STATIC_ROOT is absent.
        settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
        from mutasi.wsgi import application

        server = create_server(application, host=host, port=port, threads=threads, ident="mutasi")
        supervisor = None
        if not no_worker:
            from mutasi.core.worker import WorkerSupervisor

            supervisor = WorkerSupervisor()
            supervisor.start()
        # Before anything says the server is up: a SIGTERM from then on stops it cleanly.
        previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
        try:
            url_host = f"[{host}]" if ":" in host else host
            self.stdout.write(
                _("Mutasi berjalan di http://%(host)s:%(port)s/  (Ctrl+C untuk berhenti)")
                % {"host": url_host, "port": server.effective_port}
            )
            self.stdout.write(
                _("Pekerja latar belakang: tidak dijalankan (--no-worker)")
                if supervisor is None
                else _("Pekerja latar belakang berjalan (pid %(pid)s)")
                % {"pid": supervisor.process.pid if supervisor.process else "?"}
            )
            self.stdout.flush()
            logger.info("serving on %s:%s", host, server.effective_port)
            server.run()
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            server.close()
            if supervisor is not None:
                supervisor.stop()
            logger.info("server stopped")
