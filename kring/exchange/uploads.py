"""An upload handler that keeps uploads in memory only, and never more than the import limit.

Django's default handlers write uploads over 2.5 MB to a temporary file; SECURITY.md says
uploads are processed in memory and never stored. This handler keeps the first
MAX_BYTES + 1 bytes, counts the rest without keeping it, and reports the real size, so the
import can name the size of a file that is too large without ever holding it.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from kring.exchange.parsers import MAX_BYTES


class LimitedMemoryUploadHandler(FileUploadHandler):
    """Keep at most MAX_BYTES + 1 bytes of each uploaded file in memory; count the rest."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.seen = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.seen += len(raw_data)
        room = MAX_BYTES + 1 - self.buffer.tell()
        if room > 0:
            self.buffer.write(raw_data[:room])
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=self.seen,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
