"""Coaching pages: the caseload and the notes."""

from __future__ import annotations
