"""The log file handler: a rotating file in the data folder, created on the first record."""

from __future__ import annotations

import logging.handlers
from pathlib import Path


class DataDirFileHandler(logging.handlers.RotatingFileHandler):
    """``RotatingFileHandler`` that creates its folder when it first writes (the data folder may
    not exist yet when logging is configured, e.g. on a fresh install)."""

    def _open(self):  # type: ignore[no-untyped-def]
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()
