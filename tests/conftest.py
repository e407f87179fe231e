"""Shared fixtures: the sample corpus, its gold annotations and one sample document.

Any test that takes a ``corpus_file`` argument runs once per file of ``examples/corpus``.
The hand-checked gold annotations of the sample corpus live in ``tests/data/gold``
(``POLICYKG_GOLD`` may point elsewhere); tests that need them skip when they are absent.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest
from policykg.loaders import read_document

from policykg.model import Document

REPO = Path(__file__).resolve().parents[1]


def _load_helper(name: str) -> None:
    """tests/NAME.py as module ``policykg_tests_NAME`` (importlib mode keeps tests/ off sys.path)."""
    key = f"policykg_tests_{name}"
    spec = importlib.util.spec_from_file_location(key, Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    sys.modules[key] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sys.modules[key])


_load_helper("browser")
_load_helper("stores")
CORPUS_DIR = REPO / "examples" / "corpus"
GOLD_DIR = Path(os.environ.get("POLICYKG_GOLD", Path(__file__).parent / "data" / "gold"))
CORPUS_FILES = sorted(CORPUS_DIR.glob("*.txt"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "corpus_file" in metafunc.fixturenames:
        metafunc.parametrize("corpus_file", CORPUS_FILES, ids=[p.name[:3] for p in CORPUS_FILES])


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    assert len(CORPUS_FILES) == 5, f"expected the 5 sample documents in {CORPUS_DIR}"
    return CORPUS_DIR


@pytest.fixture(scope="session")
def corpus_text(corpus_dir: Path):
    """``corpus_text("002")``: the decoded raw text of the corpus file with that prefix."""

    def get(prefix: str) -> str:
        (path,) = corpus_dir.glob(f"{prefix}_*.txt")
        return path.read_text(encoding="utf-8")

    return get


@pytest.fixture(scope="session")
def gold():
    """``gold(path)``: the hand-checked annotation of a corpus file (skips without gold data)."""

    def get(path: Path) -> dict:
        file = GOLD_DIR / f"{path.stem}.json"
        if not file.exists():
            pytest.skip(f"gold annotations not found at {GOLD_DIR}")
        return json.loads(file.read_text(encoding="utf-8"))

    return get


@pytest.fixture(scope="session")
def sample_doc(corpus_dir: Path) -> Document:
    """001: an HTML page saved as .txt, with site navigation, breadcrumb, footer and an annex."""
    (path,) = corpus_dir.glob("001_*.txt")
    return read_document(path)


@pytest.fixture(scope="session")
def sample_build(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus built once per session (no graph.html); treat it as read-only."""
    import policykg

    out = tmp_path_factory.mktemp("sample-build") / "out"
    policykg.build([corpus_dir], out, html=False)
    return out
