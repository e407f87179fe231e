"""Reader for legacy Word .doc files, through an external converter.

The binary Word format is read by the first converter found on PATH: ``antiword`` (Debian
package antiword), ``catdoc`` (catdoc), else LibreOffice (``soffice --headless
--convert-to txt``). Without any, the file is skipped with the install hint. Government sites
often serve other formats under a .doc name; a .docx package, an HTML page ("Save as Web
Page") and RTF are recognised by their first bytes and read as what they are.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from policykg.loaders.docx import ENCRYPTED_STREAM

from policykg.errors import InputError, SkipFile
from policykg.model import Document

__all__ = ["CONVERTERS", "NO_CONVERTER", "find_converter", "read_doc"]

NO_CONVERTER = "no .doc converter installed (apt-get install antiword)"
NO_RTF_CONVERTER = "no converter installed (apt-get install libreoffice-writer-nogui)"
TIMEOUT = 120
# Programs tried in this order; the first one on PATH that yields text wins.
CONVERTERS: tuple[str, ...] = ("antiword", "catdoc", "soffice", "libreoffice")


def find_converter() -> str | None:
    """The first converter program on PATH, or None."""
    for name in CONVERTERS:
        if shutil.which(name):
            return name
    return None


def read_doc(source: str, data: bytes) -> Document:
    """A .doc file converted to UTF-8 text; SkipFile when no converter is installed."""
    ole = data.startswith(b"\xd0\xcf\x11\xe0")
    head = data[:2048].lstrip().lower()
    if not ole and data.startswith(b"PK\x03\x04"):
        from policykg.loaders.docx import read_docx

        return read_docx(source, data)
    if not ole and head.startswith(b"mime-version"):
        from policykg.loaders.mhtml import read_mhtml

        return read_mhtml(source, data)
    if not ole and (head.startswith((b"<!doctype", b"<html", b"<?xml")) or b"<html" in head):
        from policykg.loaders.text import read_html

        return read_html(source, data)
    rtf = head.startswith(b"{\\rtf")
    if not rtf and not ole:
        if b"\x00" not in data[:4096]:  # plain text saved under a .doc name
            from policykg.loaders.text import read_text

            return read_text(source, data)
        raise InputError(source, "not a Word .doc file (no OLE2 header)")
    if ENCRYPTED_STREAM in data:
        raise SkipFile(source, "encrypted Word file (password-protected)")
    programs = [p for p in CONVERTERS if shutil.which(p)]
    if rtf:  # antiword and catdoc read only the binary format
        programs = [p for p in programs if p in ("soffice", "libreoffice")]
        if not programs:
            raise SkipFile(source, f"RTF saved as .doc; {NO_RTF_CONVERTER}")
    if not programs:
        raise SkipFile(source, NO_CONVERTER)
    errors = []
    with tempfile.TemporaryDirectory(prefix="policykg-doc-") as tmp:
        path = Path(tmp) / "input.doc"
        path.write_bytes(data)
        for program in programs:
            try:
                text = _convert(program, path, Path(tmp))
            except _ConversionError as exc:
                errors.append(f"{program}: {str(exc).replace(str(path), Path(source).name)}")
                continue
            if text.strip():
                digest = hashlib.sha256(data).hexdigest()
                return Document(source, "doc", text, program, digest, len(data))
            errors.append(f"{program}: no text")
    raise InputError(source, f"cannot convert .doc ({'; '.join(errors)})")


class _ConversionError(Exception):
    pass


def _convert(program: str, path: Path, tmp: Path) -> str:
    exe = shutil.which(program) or program
    env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
    if program == "antiword":
        # -m UTF-8.txt: UTF-8 output; -w 0: a whole paragraph on one line.
        argv = [exe, "-m", "UTF-8.txt", "-w", "0", str(path)]
    elif program == "catdoc":
        argv = [exe, "-d", "utf-8", "-w", str(path)]
    else:
        out = tmp / "out"
        argv = [
            exe,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp / 'profile'}",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(out),
            str(path),
        ]
    try:
        proc = subprocess.run(argv, capture_output=True, timeout=TIMEOUT, env=env, check=False)
    except subprocess.TimeoutExpired:
        raise _ConversionError(f"timed out after {TIMEOUT} s") from None
    except OSError as exc:
        raise _ConversionError(str(exc)) from None
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _ConversionError(lines[0] if lines else f"exit status {proc.returncode}")
    if program in ("soffice", "libreoffice"):
        result = tmp / "out" / "input.txt"
        if not result.exists():
            raise _ConversionError("no output file")
        raw = result.read_bytes()
    else:
        raw = proc.stdout
    return raw.decode("utf-8-sig", "replace").replace("\r\n", "\n").replace("\x0c", "\n")
