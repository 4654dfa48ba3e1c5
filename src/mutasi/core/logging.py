"""Log filters: an ordinary refusal is one line, not a traceback."""

from __future__ import annotations

import logging


class RefusalWithoutTraceback(logging.Filter):
    """Drops the traceback Django attaches to its "Forbidden (Permission denied)" warning.

    A 403 is the permission check doing its job, not a fault: one line (who asked for what) is
    enough, and a log full of tracebacks hides the real errors. 500s keep their traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in (400, 403, 404, 405) and record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True
