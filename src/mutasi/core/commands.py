"""The base of the product's commands (those ``mutasi`` lists)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    SystemCheckError,
)
from django.utils.translation import gettext as _

# Django's options of every command, for developers: they still work, but a command's --help
# lists only its own (to an office's user "--pythonpath" and "--skip-checks" are noise)
DEVELOPER_OPTIONS = frozenset(
    {
        "--version",
        "--verbosity",
        "--settings",
        "--pythonpath",
        "--traceback",
        "--no-color",
        "--force-color",
        "--skip-checks",
    }
)


class OfficeCommand(BaseCommand):
    """A command of the product: its help shows its own options, not Django's, and its errors
    read "Kesalahan: ..." on the command line, not the exception's class name."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # ``suppressed_base_arguments`` would not reach --skip-checks (added apart)
        for action in parser._actions:
            if DEVELOPER_OPTIONS.intersection(action.option_strings):
                action.help = argparse.SUPPRESS
        return parser

    def execute(self, *args: Any, **options: Any) -> Any:
        try:
            return super().execute(*args, **options)
        except CommandError as error:
            # Django would print "CommandError: ..."; from code (call_command) it stays raised
            quiet = self._called_from_command_line and not options.get("traceback")
            if not quiet or isinstance(error, SystemCheckError):
                raise
            self.stderr.write(_("Kesalahan: %(message)s") % {"message": error})
            sys.exit(error.returncode)
