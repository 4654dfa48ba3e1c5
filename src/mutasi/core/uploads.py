"""An upload handler that stops reading a file past the import's size limit.

Every file users upload is a workbook, so one limit serves them all: ``MUTASI_IMPORT_MAX_MB``.
Listed first in ``FILE_UPLOAD_HANDLERS``, it runs whoever parses the request first (a middleware
or the view); past the limit the file is dropped, the rest of the body is read and discarded, and
``request.upload_too_big`` holds the bytes received, for the view to say so.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


def upload_limit() -> int:
    return int(float(getattr(settings, "MUTASI_IMPORT_MAX_MB", 30)) * 1024 * 1024)


class SizeLimitHandler(FileUploadHandler):
    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.limit = upload_limit()
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            if self.request is not None:
                self.request.upload_too_big = self.received
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
