"""The cross-city comparison report: one offline HTML page, or Markdown, or CSV.

>>> from policykg.viz.compare import write_compare
>>> write_compare("policykg-out", "report.html")              # doctest: +SKIP
{'format': 'html', 'documents': 5, 'jurisdictions': 5, 'tasks': 189, ...}

The three formats carry the same sections, from the same data (:func:`compare_data`):

- ``html``: one self-contained page (inline CSS, no script, no remote reference), heat maps
  as coloured tables.
- ``md``: Markdown tables, one per section; text from documents has ``<``, ``>``, ``&`` and
  ``|`` escaped, so a renderer shows it as text and the tables keep their shape.
- ``csv``: one long-format file (UTF-8, header row) with a ``section`` column, so one
  ``read_csv`` and a filter give any section. Columns: ``section, item, label_zh,
  label_en, jurisdiction, document, metric, value, unit, year, text``. Sections and their
  rows: ``summary`` (item = what is counted), ``documents`` (value = tasks, year = issue
  year, text = document number), ``themes`` (item = theme key, metric = ``tasks``),
  ``workload`` (item = department-type key, metric = role), ``units`` (the busiest units,
  metric = role or ``tasks``), ``targets`` (item = normalised indicator, metric =
  comparator, ``text`` = the evidence sentence), ``initiatives`` (shared ones, metric =
  ``tasks``), ``citations`` (every cited document, metric = ``cites``/``basedOn``/
  ``implements``), ``similar`` (item = pair rank, one row per side, value = score, unit =
  task number, label_en = shared bigrams, text = task text), ``hierarchy`` (metric =
  ``within`` with the parent as value, ``documents``, ``tasks``).

Writes are atomic (a temporary file renamed over the destination), and the output is a
function of the graph alone: no timestamps, so the same graph gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from policykg.viz.compare_data import compare_data
from policykg.viz.compare_html import render_compare_html
from policykg.viz.compare_text import TITLE, render_csv, render_markdown
from policykg.viz.html import write_atomic

__all__ = ["FORMATS", "compare_data", "render_compare", "write_compare"]

FORMATS = ("html", "md", "csv")


def render_compare(data: dict[str, Any], fmt: str = "html") -> str:
    """The report text in one of :data:`FORMATS`."""
    if fmt == "html":
        return render_compare_html(data, title=TITLE)
    if fmt == "md":
        return render_markdown(data)
    if fmt == "csv":
        return render_csv(data)
    raise ValueError(f"unknown report format {fmt!r} (one of {', '.join(FORMATS)})")


def write_compare(
    out_dir: Path | str, dest: Path | str, fmt: str = "html", *, top_pairs: int = 20
) -> dict[str, Any]:
    """Write the comparison report of the build in ``out_dir`` to ``dest``.

    Args:
        out_dir: a ``policykg build`` output directory (read-only).
        dest: the file to write, atomically.
        fmt: ``html``, ``md`` or ``csv`` (see the module docstring for the CSV layout).
        top_pairs: how many cross-jurisdiction similar-task pairs to show.

    Returns:
        The corpus summary (documents, jurisdictions, tasks…) plus ``format`` and ``path``.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r} (one of {', '.join(FORMATS)})")
    data = compare_data(out_dir, top_pairs=top_pairs)
    write_atomic(Path(dest), render_compare(data, fmt))
    return {"format": fmt, "path": str(dest), **data["summary"]}
