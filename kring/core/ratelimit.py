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
