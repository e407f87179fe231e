"""Errors the library raises; the CLI turns each into a one-line message."""

from __future__ import annotations

__all__ = ["InputError", "PolicyKGError", "SkipFile", "StoreError", "first_line"]


class PolicyKGError(Exception):
    """Base class of every error policykg raises on purpose."""


class InputError(PolicyKGError):
    """A file could not be read or understood (the build marks it failed)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class SkipFile(InputError):
    """A file that is deliberately not processed (the build marks it skipped)."""


class StoreError(PolicyKGError):
    """A graph directory is missing, locked or not a policykg build."""


def first_line(exc: BaseException) -> str:
    """An exception as one line (engines' messages run to many), or its type when it says nothing."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
