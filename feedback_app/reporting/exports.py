"""Files for the monthly review: charts as PNG, SVG and PDF (vl-convert, offline) and the whole map page as PDF.

The map page PDF is printed by a headless chromium from the print page's HTML (styles and the emotion curve
inlined, so it needs no server and no network). Without chromium, `PdfUnavailable` says what to do instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import vl_convert

from feedback_app.common.texts import N_, Text

MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "/usr/bin/chromium")
PRINT_TIMEOUT = 90


class PdfUnavailable(RuntimeError):
    """The map page cannot be printed to PDF here; the message (a Text) says why and what to do instead."""

    def __init__(self, message: str, **params):
        self.text = Text(message, **params)
        super().__init__(self.text)


def chart_file(spec: dict, fmt: str) -> bytes:
    """A Vega-Lite spec as PNG (2x, for slides), SVG or PDF."""
    if fmt == "png":
        return vl_convert.vegalite_to_png(spec, scale=2)
    if fmt == "svg":
        return vl_convert.vegalite_to_svg(spec).encode("utf-8")
    if fmt == "pdf":
        return vl_convert.vegalite_to_pdf(spec)
    raise ValueError(f"unknown format '{fmt}': use png, svg or pdf")


def chart_svg(spec: dict) -> str:
    """Inline SVG for pages that must print without JavaScript."""
    return vl_convert.vegalite_to_svg(spec)


def find_chromium(configured: str | None = None) -> str | None:
    """FEEDBACK_CHROMIUM if set, else the first chromium on PATH."""
    for candidate in ([configured] if configured else []) + list(CHROMIUM_CANDIDATES):
        found = shutil.which(candidate) if candidate else None
        if found:
            return found
    return None


# Headless chromium with nothing that reaches the network (this may be a machine without internet).
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--no-pdf-header-footer",
)


def page_pdf(html: str, chromium: str | None) -> bytes:
    """Print a self-contained HTML page to PDF with headless chromium; PdfUnavailable when it cannot."""
    if chromium is None:
        raise PdfUnavailable(
            N_(
                "No chromium is installed on the server, so the map cannot be printed to PDF here. "
                "Open the printable page and use your browser's Print → Save as PDF, or install "
                "chromium (apt-get install chromium) or set FEEDBACK_CHROMIUM."
            )
        )
    with tempfile.TemporaryDirectory(prefix="map-pdf-") as folder:
        page, output = Path(folder) / "map.html", Path(folder) / "map.pdf"
        page.write_text(html, encoding="utf-8")
        command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={folder}/profile", f"--print-to-pdf={output}"]
        return _print(command + [page.as_uri()], output, folder)


def _print(command: list[str], output: Path, home: str) -> bytes:
    """Run chromium's print; the PDF's bytes, or PdfUnavailable with chromium's last words."""
    try:
        done = subprocess.run(command, capture_output=True, timeout=PRINT_TIMEOUT, env={**os.environ, "HOME": home})
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PdfUnavailable(
            N_("chromium could not print the map (%(problem)s); use the printable page instead"), problem=str(exc)
        ) from exc
    if not output.exists() or output.stat().st_size == 0:
        detail = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        raise PdfUnavailable(
            N_("chromium did not produce a PDF (%(problem)s); use the printable page instead"), problem=detail[0]
        )
    return output.read_bytes()
