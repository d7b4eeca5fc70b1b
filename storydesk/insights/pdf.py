"""The report as PDF: WeasyPrint lays out the very HTML of index.html, charts and photos included."""
from __future__ import annotations

import logging
from pathlib import Path

from PIL import ImageFile

# What WeasyPrint loads at run time besides its Python packages (scripts/system-deps.sh installs them).
DEBIAN_PACKAGES = ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core")


class PdfUnavailable(Exception):
    """WeasyPrint, or a library it needs, cannot be loaded on this machine."""


def _import_weasyprint():
    # Importing WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES, which would make photo intake
    # accept damaged uploads in this process; the report embeds only whole images, so it is put back.
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        import weasyprint  # optional and heavy: loaded only to write a PDF, and may be missing
    except (ImportError, OSError) as missing:  # OSError: cffi could not open Pango or GObject
        raise PdfUnavailable(str(missing)) from missing
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before
    return weasyprint


def write_pdf(html: str, path: Path) -> None:
    # WeasyPrint narrates each step at INFO (from its import on); the command prints one line per file.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    weasyprint = _import_weasyprint()
    # The report embeds everything as data: URIs; refusing every other scheme keeps the PDF from fetching.
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(str(path))
