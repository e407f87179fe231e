"""Quantified targets in task text (filled in by the targets extractor)."""

from __future__ import annotations

from policykg.model import Target

__all__ = ["find_targets"]


def find_targets(text: str, offset: int = 0) -> list[Target]:
    return []
