"""Interactive HTML graph of a built policykg graph: one offline file, safe with untrusted text.

>>> from policykg.viz import write_graph_html
>>> write_graph_html(Path("policykg-out"), Path("graph.html"), city="贵阳市")  # doctest: +SKIP
{'nodes': 262, 'edges': 1007, 'omitted': {'nodes': 0, 'tasks': 0, 'edges': 0}, 'view': 'tasks'}
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["write_graph_html"]


def write_graph_html(
    out_dir: Path,
    dest: Path,
    *,
    city: str | None = None,
    theme: str | None = None,
    department: str | None = None,
    max_nodes: int = 1500,
    view: str = "auto",
) -> dict[str, Any]:
    """Render the graph in ``out_dir`` (a build directory) to the HTML file ``dest``.

    Args:
        out_dir: a ``policykg build`` output directory (read-only; its Oxigraph store is queried).
        dest: the page to write, atomically (a reader never sees half a file).
        city: keep tasks of documents issued in this jurisdiction or within it (e.g. 贵州省).
        theme: keep tasks with this theme (Chinese or English label, or key such as ``tcm``).
        department: keep tasks naming this department (canonical or written name).
        max_nodes: most nodes drawn; above it the page says what was left out.
        view: ``tasks`` (every task a node), ``aggregate`` (tasks folded into weighted
            department–theme and department–department edges) or ``auto`` (tasks when the
            task-level picture fits in ``max_nodes``).

    Returns:
        ``{"nodes", "edges", "omitted": {"nodes", "edges", "tasks"}, "view"}``.

    Raises:
        ValueError: a filter names nothing in the graph, or a bad ``view``/``max_nodes``.
    """
    from policykg.viz.data import Reader
    from policykg.viz.html import render_html, write_atomic
    from policykg.viz.views import build_view

    reader = Reader(Path(out_dir))
    try:
        scope = reader.scope(city, theme, department)
        picture = build_view(reader, scope, max_nodes=max_nodes, view=view)
    finally:
        reader.graph.close()  # the LadybugDB handle, if the page opened one
    write_atomic(Path(dest), render_html(picture))
    return {
        "nodes": len(picture.nodes),
        "edges": len(picture.edges),
        "omitted": picture.omitted,
        "view": picture.kind,
    }
