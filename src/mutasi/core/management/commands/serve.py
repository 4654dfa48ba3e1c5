"""``mutasi serve``: migrate the database, then serve the app with waitress."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the web app (waitress) after bringing the database schema up to date."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host: str, port: int, threads: int, **options):  # type: ignore[no-untyped-def]
        from waitress import serve

        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        # WhiteNoise serves from the app folders (finders); it only warns if STATIC_ROOT is absent.
        settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
        call_command("migrate", verbosity=0, interactive=False)
        from mutasi.wsgi import application

        self.stdout.write(f"Mutasi berjalan di http://{host}:{port}/  (Ctrl+C untuk berhenti)")
        serve(application, host=host, port=port, threads=threads, ident="mutasi")
