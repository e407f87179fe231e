"""A small lazy plugin registry: names map to ``"module:attr"`` strings imported on first use.

Built-in loaders, exporters and stores register through the same call a third-party
plugin would, and heavy dependencies are imported only when their entry is used.
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from typing import Any

__all__ = ["Registry"]


class Registry:
    """Names → lazily imported objects, plus the file extensions each name handles."""

    def __init__(self, group: str) -> None:
        self.group = group
        self._targets: dict[str, str] = {}
        self._loaded: dict[str, Any] = {}
        self._extensions: dict[str, str] = {}
        self._entry_points_read = False

    def register(self, name: str, target: str, *, extensions: tuple[str, ...] = ()) -> None:
        self._targets[name] = target
        self._loaded.pop(name, None)
        for ext in extensions:
            self._extensions[ext] = name

    def _read_entry_points(self) -> None:
        if self._entry_points_read:
            return
        self._entry_points_read = True
        for ep in entry_points(group=self.group):
            self._targets.setdefault(ep.name, ep.value)

    def names(self) -> list[str]:
        self._read_entry_points()
        return sorted(self._targets)

    def for_extension(self, ext: str) -> str | None:
        return self._extensions.get(ext)

    def get(self, name: str) -> Any:
        if name not in self._loaded:
            self._read_entry_points()
            try:
                target = self._targets[name]
            except KeyError:
                raise KeyError(
                    f"no {self.group} entry named {name!r}; known: {', '.join(self.names())}"
                ) from None
            module, _, attr = target.partition(":")
            self._loaded[name] = getattr(importlib.import_module(module), attr)
        return self._loaded[name]
