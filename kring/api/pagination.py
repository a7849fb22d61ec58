"""Page-number pagination with bounded numbers.

Ninja's PageNumberPagination accepts any page number; a huge one makes an OFFSET beyond what
SQLite (and PostgreSQL's bigint) can hold, which ends in a 500. Found by the schemathesis test.
"""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 500


class BoundedPageNumberPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)
