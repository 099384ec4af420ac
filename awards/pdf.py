"""Every PDF goes through here: templates under templates/pdf/ laid out by WeasyPrint, and what is done
to the result with pikepdf.

- **One fetch policy.** A template may read inline `data:` URIs and files under static/ (the bundled fonts
  in static/fonts/, our own style sheets); relative URLs resolve against static/. Anything else (a
  network URL, a file outside static/) is refused and the render fails loudly: a PDF never touches the
  network and prints the same on every machine.
- **Layer stamping** (`underlay_layers`): parts shared by many pages are laid out once, as extra pages,
  and stamped beneath the pages as PDF form XObjects (the certificates).
- **Splitting** (`split_pdf`, `split_documents`): many short documents laid out as ONE document (fonts
  and style sheet loaded once) and cut into one PDF per part (the feedback reports).
- **The worker process** (`split_documents`): from `PARALLEL_MIN_PARTS` parts on, half of them are laid
  out in a spawned process while this one lays out the other half.

Kept free of model imports at module level: a spawned worker imports this module before Django is set up.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import django
import pikepdf
import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

if TYPE_CHECKING:
    from awards.models import Entry, NdaAcceptance

logger = logging.getLogger(__name__)


class PdfResourceRefused(ValueError):
    """A template asked for a resource outside static/ (a bug: it would not print the same everywhere)."""


def static_dir() -> Path:
    """The one folder a PDF may read from (static/, with the bundled fonts in static/fonts/)."""
    return (Path(settings.BASE_DIR) / "static").resolve()


def fonts_dir() -> Path:
    return static_dir() / "fonts"


def fetch_static_only(url: str, *args, **kwargs):
    """WeasyPrint's URL fetcher for our PDFs: `data:` URIs and existing files under static/, nothing else."""
    if url.startswith("data:"):
        return weasyprint.default_url_fetcher(url)
    parts = urlsplit(url)
    if parts.scheme == "file" and parts.netloc in ("", "localhost"):
        path = Path(unquote(parts.path)).resolve()
        if path.is_relative_to(static_dir()) and path.is_file():
            return weasyprint.default_url_fetcher(path.as_uri())
    raise PdfResourceRefused(f"PDF resource outside static/ refused: {url[:120]}")


def render_html_document(html: str) -> weasyprint.Document:
    """HTML laid out with static files only (relative URLs from static/); anything else fails loudly."""
    refused: list[str] = []

    def fetch(url: str, *args, **kwargs):
        try:
            return fetch_static_only(url)
        except PdfResourceRefused:
            refused.append(url)  # WeasyPrint would only log it and leave the resource out
            raise

    document = weasyprint.HTML(string=html, base_url=static_dir().as_uri() + "/", url_fetcher=fetch).render()
    if refused:
        raise PdfResourceRefused(f"PDF resources outside static/ refused: {', '.join(u[:80] for u in refused)}")
    return document


def render_html_pdf(html: str) -> bytes:
    """HTML to PDF bytes with static files only."""
    return render_html_document(html).write_pdf()


def render_pdf(template_name: str, context: dict) -> bytes:
    """A template under templates/pdf/ to PDF bytes, with static files only."""
    return render_html_pdf(render_to_string(template_name, context))


# --- Layers and splitting (pikepdf) ----------------------------------------------------------------


def _own_resources(page: pikepdf.Page) -> pikepdf.Dictionary:
    """The page's resources cut down to the names its content stream uses (WeasyPrint shares one
    dictionary, holding every page's images and drawings, between all pages of a document)."""
    used = {
        operand
        for operands, _operator in pikepdf.parse_content_stream(page)
        for operand in operands
        if isinstance(operand, pikepdf.Name)
    }
    resources = pikepdf.Dictionary()
    for kind, entries in page.obj.Resources.items():
        if isinstance(entries, pikepdf.Dictionary):
            resources[kind] = pikepdf.Dictionary({name: value for name, value in entries.items() if name in used})
        else:
            resources[kind] = entries
    return resources


def underlay_layers(pdf: bytes, *, stacks: list[list[int]]) -> bytes:
    """Stamp layer pages beneath the pages before them, then drop the layer pages.

    The document's first `len(stacks)` pages are kept; the pages after them are layers. `stacks[i]` lists
    the layers (their index among the layer pages, lowest first) drawn beneath kept page `i`. Each layer
    becomes one form XObject that every page draws, so it is stored once.
    """
    kept = len(stacks)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        names, forms = [], []
        for index, page in enumerate(document.pages[kept:]):
            # Its own resource dictionary, which the forms placed on the kept pages below never enter.
            page.obj.Resources = _own_resources(page)
            forms.append(page.as_form_xobject())
            names.append(pikepdf.Name(f"/Layer{index}"))
        for page, stack in zip(document.pages[:kept], stacks, strict=True):
            placements = b""
            for index in stack:
                page.add_resource(forms[index], pikepdf.Name.XObject, name=names[index])
                placements += page.calc_form_xobject_placement(
                    forms[index], names[index], pikepdf.Rectangle(page.trimbox)
                )
            page.contents_add(placements, prepend=True)
            page.contents_coalesce()
        del document.pages[kept:]
        output = io.BytesIO()
        document.save(output, deterministic_id=True)
    return output.getvalue()


def split_pdf(pdf: bytes, parts: dict[str, range]) -> dict[str, bytes]:
    """One PDF per part (name -> its page numbers, from 0), each holding only what its own pages draw.

    Each page first gets its own resource dictionary with only the names it uses, so a part never
    carries another part's drawings (the feedback reports' charts, say); the fonts stay shared.
    """
    files = {}
    with pikepdf.open(io.BytesIO(pdf)) as whole:
        for page in whole.pages:
            page.obj.Resources = _own_resources(page)
        for name, pages in parts.items():
            part = pikepdf.new()
            part.pages.extend(whole.pages[pages.start : pages.stop])
            for key, value in whole.docinfo.items():
                part.docinfo[key] = value
            if pikepdf.Name.Lang in whole.Root:
                part.Root.Lang = whole.Root.Lang
            output = io.BytesIO()
            part.save(output, deterministic_id=True)
            files[name] = output.getvalue()
    return files


@dataclass(frozen=True)
class SplitDocument:
    """HTML holding several parts, each starting at the element whose id is its anchor, in page order.

    Plain strings only: it is what the worker process receives."""

    html: str
    anchors: tuple[str, ...]
    filenames: tuple[str, ...]


def split_document(document: SplitDocument) -> dict[str, bytes]:
    """Lay out the HTML as one document and split it into a PDF per part (file name -> bytes).

    Also run in the worker process: no database, plain strings in, bytes out."""
    laid_out = render_html_document(document.html)
    starts: dict[str, int] = {}
    for number, page in enumerate(laid_out.pages):
        for anchor in page.anchors:
            starts.setdefault(anchor, number)  # a part split over pages repeats its anchor
    bounds = [starts[anchor] for anchor in document.anchors] + [len(laid_out.pages)]
    pdf = laid_out.write_pdf()
    if len(document.filenames) == 1:
        return {document.filenames[0]: pdf}
    return split_pdf(pdf, {name: range(bounds[i], bounds[i + 1]) for i, name in enumerate(document.filenames)})


# From this many parts on, `batches` makes two halves and `split_documents` lays out one of them in a second
# process: layout is CPU-bound, the server has 2 cores, and starting the worker (~1.5 s) is then repaid.
PARALLEL_MIN_PARTS = 24


def batches(items: Sequence) -> list[list]:
    """The items as one batch, or as two halves from `PARALLEL_MIN_PARTS` on when there are two cores."""
    items = list(items)
    if len(items) < PARALLEL_MIN_PARTS or (os.cpu_count() or 1) < 2:
        return [items]
    half = len(items) // 2
    return [items[:half], items[half:]]


def _worker_setup() -> None:
    """Django set up in a freshly spawned worker (the settings module comes from the inherited environment)."""
    django.setup()


def split_documents(documents: Sequence[Callable[[], SplitDocument]]) -> dict[str, bytes]:
    """Each document (made by its callable, in this process) laid out and split; the first laid out here,
    the others at the same time in a spawned worker process. File name -> bytes, for every part.

    The later documents are made and handed to the worker first, so the worker starts while this process
    makes and lays out the first. Spawned, never forked from a process holding database connections; a
    spawned worker re-imports the calling script, which must guard its entry point
    (`if __name__ == "__main__"`, as manage.py does). Should the worker fail, this process lays out its
    documents itself.
    """
    if not documents:
        return {}
    if len(documents) == 1:
        return split_document(documents[0]())
    later = [make() for make in documents[1:]]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=len(later), mp_context=context, initializer=_worker_setup) as pool:
        futures = [pool.submit(split_document, document) for document in later]
        files = split_document(documents[0]())
        for document, future in zip(later, futures, strict=True):
            try:
                files.update(future.result())
            except BrokenProcessPool:
                logger.warning("PDF worker process failed; laying out its document here")
                files.update(split_document(document))
    return files


# --- The awards app's own small documents ------------------------------------------------------------


def nda_acceptance_pdf(acceptance: NdaAcceptance) -> bytes:
    """The signed copy of an NDA or a judge's confidentiality agreement: both languages and the signature."""
    version = acceptance.version
    return render_pdf(
        "pdf/nda.html",
        {
            "acceptance": acceptance,
            "version": version,
            "edition": version.edition,
            "company": acceptance.company,
            "accepted_at": timezone.localtime(acceptance.accepted_at),
        },
    )


def nda_acceptance_filename(acceptance: NdaAcceptance) -> str:
    version = acceptance.version
    return f"{version.edition.slug}-{version.audience}-nda-{version.version_label}-signed-{acceptance.pk}.pdf"


def entry_receipt_pdf(entry: Entry) -> bytes:
    """The entry receipt, for the download and the confirmation e-mail."""
    return render_pdf(
        "pdf/entry_receipt.html",
        {
            "entry": entry,
            "edition": entry.category.edition,
            "documents": list(entry.documents.order_by("uploaded_at", "pk")),
            "generated_at": timezone.now(),
        },
    )
