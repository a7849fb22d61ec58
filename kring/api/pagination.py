"""Page-number pagination with bounded numbers.

Ninja's PageNumberPagination accepts any page number; a huge one makes an OFFSET beyond what
SQLite (and PostgreSQL's bigint) can hold, which ends in a 500. Found by the schemathesis test.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination, paginate

MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 500


class BoundedPageNumberPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)


def paginated(view: Callable[..., Any]) -> Callable[..., Any]:
    """Paginate `view` with the bounded pagination.

    ninja's paginate wrapper resolves the view's (string) annotations in ninja's own module,
    where a bounded type such as kring.api.problems.Id does not exist; so they are resolved
    here first, in the view's module.
    """
    view.__annotations__ = inspect.get_annotations(view, eval_str=True)
    wrapped: Callable[..., Any] = paginate(BoundedPageNumberPagination)(view)
    return wrapped
