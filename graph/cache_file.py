"""A build's cache files that hold one value under the key it was computed from.

Similarity links, statistics and the build-wide rows' memo are functions of their inputs
and of the code; each is kept with a key made of both, and the next build reuses it only
under the same key. marshal's format: plain strings, numbers and containers, read in a
tenth of the time JSON takes, and nothing in it is executed. A file that is missing,
unreadable or written by another Python is no value: the build computes it again.
"""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any

__all__ = ["read_keyed", "write_keyed"]


def read_keyed(path: Path | None, key: object) -> Any | None:
    """The value kept at ``path`` under ``key``, or None."""
    if path is None:
        return None
    try:
        got, value = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return value if got == key else None


def write_keyed(path: Path, key: object, value: object) -> None:
    path.write_bytes(marshal.dumps((key, value)))
