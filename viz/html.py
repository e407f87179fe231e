"""The graph page: pyvis with vis-network inlined, then made self-contained and safe.

pyvis 0.3.2 with ``cdn_resources="in_line"`` inlines vis-network but still links
bootstrap from a CDN, and its template has no search, filters or details panel. The page
is therefore pyvis's output post-processed: remote links removed (an offline reader must
get a working page, and a page that phones home leaks what is being read), our CSS, UI
skeleton, data and script added, and a final check that no remote ``src``/``href`` is
left. Document text is untrusted: pyvis embeds node data through Jinja's ``tojson``
(which escapes ``<``, ``>``, ``&``), our data goes in a JSON script block escaped the same
way, and the page script only ever writes text nodes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import tempfile
from importlib.resources import files
from pathlib import Path
from typing import Any

from policykg.viz.views import View

__all__ = ["REMOTE_REF", "render_html", "script_json", "write_atomic"]

REMOTE_REF = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
_REMOTE_TAGS = (
    re.compile(r"""<link\b[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?//[^>]*>\s*""", re.I),
    re.compile(r"""<script\b[^>]*\bsrc\s*=\s*["']?\s*(?:https?:)?//[^>]*>\s*</script>\s*""", re.I),
)
_EXECUTABLE_SCRIPT = re.compile(r"""<script(?:\s+type=["']text/javascript["'])?>(.*?)</script>""", re.S)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>\s*")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _asset(name: str) -> str:
    return files("policykg.viz").joinpath(name).read_text(encoding="utf-8")


def script_json(value: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``</script>``, no ``<!--``, no raw U+2028/9.

    >>> script_json({"a": "</script><b>&"})
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group(0)], text)


def _options(view: View) -> dict[str, Any]:
    """vis options: physics stabilises (fewer iterations for big pictures), then the page stops it."""
    n = len(view.nodes)
    iterations = 300 if n <= 400 else 200 if n <= 1000 else 150
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": False},
        # labels: sized per node in Python (kind and task count), capped on screen when zoomed
        # in (maxVisible) and hidden when tiny (drawThreshold): the overview names the busy
        # bureaus and themes, zooming in names everything at a readable size
        "nodes": {
            "scaling": {
                "min": 7,
                "max": 38,
                "label": {"enabled": False, "maxVisible": 22, "drawThreshold": 6},
            }
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": False}},
            "scaling": {"min": 1, "max": 9, "label": {"enabled": False}},
            "selectionWidth": 1.5,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": n > 600,
            "hideEdgesOnZoom": n > 600,
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -70,
                "centralGravity": 0.012,
                "springLength": 80,
                "springConstant": 0.06,
                "damping": 0.55,
                "avoidOverlap": 0.4,
            },
            "maxVelocity": 80,
            "minVelocity": 1.5,
            "timestep": 0.5,
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 25, "fit": True},
        },
    }


def _network(view: View) -> Any:
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", bgcolor="#fbfbf8")
    for node in view.nodes:
        opts = dict(node)
        nid, label, shape, color = opts.pop("n_id"), opts.pop("label"), opts.pop("shape"), opts.pop("color")
        net.add_node(nid, label=label or nid, shape=shape, color=color, **opts)
    for edge in view.edges:
        opts = dict(edge)
        net.add_edge(opts.pop("source"), opts.pop("to"), arrows="", **opts)
    net.options = _options(view)
    return net


def _replace_once(html: str, old: str, new: str, *, last: bool = False) -> str:
    """Replace one anchor of pyvis's template, failing loudly if the template changed."""
    pos = html.rfind(old) if last else html.find(old)
    if pos < 0:
        raise RuntimeError(f"pyvis template changed: anchor {old!r} not found")
    return html[:pos] + new + html[pos + len(old) :]


def render_html(view: View, *, title: str = "policykg · 政策知识图谱") -> str:
    """The complete, self-contained page for a view."""
    import html as htmlmod

    page = _network(view).generate_html(name="graph.html")
    for pattern in _REMOTE_TAGS:
        page = pattern.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    head = (
        '<head>\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{htmlmod.escape(title)}</title>\n<style>\n{_asset('graph.css')}</style>"
    )
    page = _replace_once(page, "<head>", head)
    page = _replace_once(page, "<html>", '<!DOCTYPE html>\n<html lang="zh-CN">')
    page = _replace_once(page, "</head>", f"<script>\n{_asset('graph.js')}</script>\n</head>", last=True)
    body = (
        f"<body>\n{_asset('ui.html')}"
        f'<script type="application/json" id="policykg-data">{script_json(view.data)}</script>\n'
    )
    page = _replace_once(page, "<body>", body)
    page = _replace_once(page, "drawGraph();", "drawGraph();\n              policykgInit();", last=True)
    page = page.replace("\r\n", "\n")
    bad = REMOTE_REF.search(page)
    if bad:
        raise RuntimeError(f"remote reference left in the page: {page[bad.start() : bad.start() + 80]!r}")
    return _replace_once(page, "<head>\n", f"<head>\n{_csp(page)}\n")


def _csp(page: str) -> str:
    """A Content-Security-Policy allowing exactly the page's own inline scripts (by hash).

    Defence in depth behind the escaping: markup that slipped into the page could not run
    (inline event handlers and unknown scripts are refused), and nothing can be fetched
    from anywhere (``default-src 'none'``), so the page stays offline even if a remote
    reference were ever introduced.
    """
    hashes = sorted(
        {
            base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
            for body in _EXECUTABLE_SCRIPT.findall(page)
        }
    )
    scripts = " ".join(f"'sha256-{h}'" for h in hashes)
    policy = f"default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; img-src data: blob:"
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'


def write_atomic(dest: Path, text: str) -> None:
    """Write via a temporary file in the same directory and ``os.replace``: readers see the
    old page or the new one, never half a page, even if the process dies mid-write."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
