"""A small fixed-window rate limiter on the shared cache (Redis in production)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache


def client_ip(request: object) -> str:
    """Return the client address Django saw (the proxy is trusted to set REMOTE_ADDR)."""
    meta = getattr(request, "META", {})
    return str(meta.get("REMOTE_ADDR", "") or "unknown")


def hit(action: str, key: str) -> bool:
    """Count one attempt at `action` by `key`; return False once the limit is passed."""
    limit, window = settings.KRING_RATE_LIMITS[action]
    cache_key = f"rl:{action}:{key}"
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        count = 1
    return count <= limit


def is_limited(action: str, key: str) -> bool:
    """Return whether `key` has used up its attempts at `action`, without counting this one.

    For limits on failures only (wrong second-step codes): check with this before trying,
    and `hit` only when the try failed, so many right answers never lock the owner out.
    """
    limit, _window = settings.KRING_RATE_LIMITS[action]
    count = cache.get(f"rl:{action}:{key}", 0)
    return isinstance(count, int) and count >= limit


class RateLimited(Exception):
    """A service refuses an action tried too often; pages answer 429, the API a 429 problem."""

    def __init__(self, action: str) -> None:
        super().__init__(f"too many attempts at {action}")
        self.action = action


def limit(action: str, key: str) -> None:
    """Count one attempt at `action` by `key`; raise RateLimited once the limit is passed.

    Services call this, not views, so the page and the API share one counter per action.
    """
    if not hit(action, key):
        raise RateLimited(action)
