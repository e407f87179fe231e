"""policykg: a knowledge graph of departments, tasks and cross-city policy links.

Library API (the CLI is a thin layer over it):

- ``extract(path)`` → an :class:`~policykg.model.Extraction` of one document;
- ``build(inputs, out)`` → build the graph of a corpus into a directory;
- ``open(out)`` → a :class:`~policykg.api.PolicyGraph` answering SPARQL, Cypher and named queries.
"""

from __future__ import annotations

from policykg.api import PolicyGraph, open_graph
from policykg.pipeline import build, extract_file

__all__ = ["PolicyGraph", "__version__", "build", "extract", "open"]

__version__ = "0.1.0"

extract = extract_file
open = open_graph
