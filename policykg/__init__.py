"""policykg: a knowledge graph of departments, tasks and cross-city policy links.

Library API (the CLI is a thin layer over it):

- ``extract(path)`` → an :class:`~policykg.model.Extraction` of one document;
- ``build(inputs, out)`` → build the graph of a corpus into a directory;
- ``open(out)`` → a :class:`~policykg.api.PolicyGraph` answering SPARQL, Cypher and named queries.
"""

from __future__ import annotations

from pathlib import Path as _Path

# The subpackages (graph/, loaders/, ontology/, queries/, viz/) sit beside this folder in a
# source checkout and are mapped into policykg when installed. A process started inside the
# checkout imports this folder rather than the installed package, so look beside it too.
_checkout = _Path(__file__).resolve().parent.parent
if (_checkout / "pyproject.toml").is_file() and (_checkout / "queries" / "__init__.py").is_file():
    __path__.append(str(_checkout))

from policykg.api import PolicyGraph, open_graph  # noqa: E402
from policykg.pipeline import build, extract_file  # noqa: E402

__all__ = ["PolicyGraph", "__version__", "build", "extract", "open"]

__version__ = "0.1.0"

extract = extract_file
open = open_graph
