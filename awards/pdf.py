"""Every PDF goes through here: templates under templates/pdf/ laid out by WeasyPrint, and what is done
to the result with pikepdf.

- **One fetch policy.** A template may read inline `data:` URIs and files under static/ (the bundled fonts
  in static/fonts/, our own style sheets); relative URLs resolve against static/. Anything else (a
  network URL, a file outside static/) is refused and the render fails loudly: a PDF never touches the
  network and prints the same on every machine.
- **Layer stamping** (`underlay_layers`): parts shared by many pages are laid out once, as extra pages,
  and stamped beneath the pages as PDF form XObjects (the certificates).
- **Images placed after the layout** (`PdfImage`): a two-colour raster image (a certificate's QR code) goes into
  the PDF as its own pixels, drawn into the box of an empty element of its size, instead of through WeasyPrint.
- **Jobs and splitting** (`PdfJob`, `job_run`, `split_pdf`): many short documents laid out as one document
  (fonts and style sheet loaded once) and cut into one PDF per part (the feedback reports, in batches).
- **The worker process** (`jobs_run`, `PdfWorkers`): from `PARALLEL_MIN_PARTS` items on, the jobs are shared with
  one worker process, which dies with its parent (even on SIGKILL). On Linux it is forked, so it starts with
  WeasyPrint already imported (a spawned one spent a second of CPU importing it again); elsewhere it is spawned,
  and a caller that knows the size of its work ahead (the pack) starts it first, to overlap that start with its own
  preparation. Both processes take the jobs in the order given: largest first, so that the last ones are short and
  neither process waits long for the other.
- **Less work per document**: documents with the same `@font-face` rules share one font configuration per thread
  (the fonts are decoded and registered once, not per document), and the cyclic garbage collector is paused while
  a document is laid out and written (WeasyPrint's box trees are hundreds of thousands of objects; the collector's
  passes over them were a quarter of the CPU time) and run once after it.

Kept free of model imports at module level: a spawned worker imports this module before Django is set up.
"""

from __future__ import annotations

import ctypes
import gc
import io
import logging
import multiprocessing
import multiprocessing.util
import os
import re
import signal
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from queue import SimpleQueue
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import pikepdf
import weasyprint
from django.conf import settings
from django.utils import timezone
from weasyprint.text.fonts import FontConfiguration

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


# @font-face rules, as written in a template's style element (a rule holds no nested braces).
_FONT_FACE_RULE = re.compile(r"@font-face\s*\{[^{}]*\}")
_fonts = threading.local()  # this thread's font configurations, by their @font-face rules


class _OwnedFontConfiguration(FontConfiguration):
    """A font configuration that deletes its folder of decoded fonts only in the process that made it.

    WeasyPrint's deletes the folder when the object goes; a forked worker holds copies of its parent's objects, and
    dropping them there (at the fork, for other threads' configurations) deleted the folder under the parent."""

    def __init__(self) -> None:
        super().__init__()
        self._made_in = os.getpid()

    def __del__(self) -> None:
        if os.getpid() == getattr(self, "_made_in", None):
            super().__del__()


def _fonts_drop() -> None:
    """Drop this thread's font configurations (their folders go with them)."""
    vars(_fonts).clear()


def _font_configuration(html: str) -> FontConfiguration | None:
    """The font configuration shared by this thread's documents with exactly these `@font-face` rules.

    WeasyPrint makes a font configuration per document by default: it reads fontconfig's setup and decodes and
    registers every font of the document's `@font-face` rules each time (about 35 ms a document with the bundled
    fonts). Documents whose rules are the same find the same fonts under the same names, so they share one. A
    document without such rules in its HTML keeps a fresh configuration of its own (it must never see fonts that
    another document registered). Per thread: Pango's font map is not shared between threads."""
    faces = "\n".join(_FONT_FACE_RULE.findall(html))
    if not faces:
        return None
    configurations = getattr(_fonts, "by_rules", None)
    if configurations is None:
        configurations = _fonts.by_rules = {}
    if faces not in configurations:
        configurations[faces] = _OwnedFontConfiguration()
    return configurations[faces]


_gc_lock = threading.Lock()
_gc_pauses = [0, False]  # documents being laid out now; whether the collector was on when the first one started


def _forked_child_reset() -> None:
    """A forked worker starts with this module's state fresh: no lock held by a thread it does not have, no pause
    counted for a document it is not laying out, and no font configuration of its parent's (its own, made on first
    use, in its own Pango font map and folder; the parent's copies go without touching the parent's folders)."""
    global _gc_lock, _fonts
    _gc_lock = threading.Lock()
    _gc_pauses[:] = [0, False]
    _fonts = threading.local()


os.register_at_fork(after_in_child=_forked_child_reset)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Lay out with Python's cyclic garbage collector paused, and collect once at the end.

    A laid-out document is hundreds of thousands of objects that live until it is written; each of the collector's
    passes walks them again (a quarter of the CPU time of the feedback reports and the certificates). Reference
    counting still frees nearly everything at once; the cycles left are collected in one pass afterwards (the peak
    memory is the same, measured). Counted, so that documents laid out at once in two threads both finish before the
    collector is turned back on."""
    with _gc_lock:
        if _gc_pauses[0] == 0:
            _gc_pauses[1] = gc.isenabled()
            gc.disable()
        _gc_pauses[0] += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses[0] -= 1
            resume = _gc_pauses[0] == 0 and _gc_pauses[1]
            if resume:
                gc.enable()
        if resume:
            gc.collect(0)  # everything allocated meanwhile is in the youngest generation


def render_html_document(html: str) -> weasyprint.Document:
    """HTML laid out with static files only (relative URLs from static/); anything else fails loudly."""
    refused: list[str] = []

    def fetch(url: str, *args, **kwargs):
        try:
            return fetch_static_only(url)
        except PdfResourceRefused:
            refused.append(url)  # WeasyPrint would only log it and leave the resource out
            raise

    document = weasyprint.HTML(string=html, base_url=static_dir().as_uri() + "/", url_fetcher=fetch).render(
        font_config=_font_configuration(html)
    )
    if refused:
        raise PdfResourceRefused(f"PDF resources outside static/ refused: {', '.join(u[:80] for u in refused)}")
    return document


def render_html_pdf(html: str) -> bytes:
    """HTML to PDF bytes with static files only."""
    with _cyclic_gc_paused():
        return render_html_document(html).write_pdf()


def render_pdf(template_name: str, context: dict) -> bytes:
    """A template under templates/pdf/ to PDF bytes, with static files only."""
    from django.template.loader import render_to_string  # here: the worker process never renders templates

    return render_html_pdf(render_to_string(template_name, context))


# --- Layers and splitting (pikepdf) ----------------------------------------------------------------


# A name token of a content stream: a solidus and the regular characters after it (ISO 32000-1, 7.3.5).
_NAME_TOKEN = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]+)")


def _names_in_content(page: pikepdf.Page) -> set[str]:
    """Every name the page's content stream mentions (`/F3`, `/Im7`, ...), read straight from its bytes: parsing
    the stream into operators (`pikepdf.parse_content_stream`) was a sixth of the feedback reports' split. A name
    inside a string operand would only keep one more resource, never drop one; WeasyPrint writes text as hex
    glyph strings, which hold no solidus."""
    contents = page.obj.get("/Contents")
    if contents is None:
        return set()
    streams = contents if isinstance(contents, pikepdf.Array) else [contents]
    data = b"\n".join(stream.read_bytes() for stream in streams)
    return {
        "/" + re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), raw).decode("latin-1")
        for raw in set(_NAME_TOKEN.findall(data))
    }


def _own_resources(page: pikepdf.Page) -> pikepdf.Dictionary:
    """The page's resources cut down to the names its content stream uses (WeasyPrint shares one
    dictionary, holding every page's images and drawings, between all pages of a document)."""
    used = _names_in_content(page)
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
    return _finished(pdf, stacks=stacks, images=[])


def _underlay(document: pikepdf.Pdf, stacks: Sequence[Sequence[int]]) -> None:
    kept = len(stacks)
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
            placements += page.calc_form_xobject_placement(forms[index], names[index], pikepdf.Rectangle(page.trimbox))
        page.contents_add(placements, prepend=True)
        page.contents_coalesce()
    del document.pages[kept:]


@dataclass(frozen=True)
class PdfImage:
    """A two-colour raster image (a certificate's QR code) that pikepdf draws, after the layout, into the box of the
    element whose id is `anchor` (an empty element of the image's size in the HTML).

    WeasyPrint would read such an image from a `data:` URI in the HTML, decode it with Pillow and encode it again
    for the PDF, per image; here its pixels go into the PDF as they are. `bits`: rows of one bit a pixel (0 dark,
    1 light), the most significant bit first, each row padded to a whole byte; never interpolated when scaled."""

    anchor: str
    width: int
    height: int
    bits: bytes
    dark: str  # "#rrggbb"; light is white


CSS_PX_PT = 0.75  # WeasyPrint's anchors are in CSS pixels (96 a inch), the PDF in points (72 an inch)


def _draw_images(document: pikepdf.Pdf, placed: Sequence[tuple[int, tuple[float, ...], PdfImage]]) -> None:
    """Draw each image over the page `placed` names, into its element's box (x1, y1, x2, y2 in CSS pixels from the
    page's top left)."""
    for index, (number, (x1, y1, x2, y2), image) in enumerate(placed):
        page = document.pages[number]
        llx, _, _, ury = (float(value) for value in page.mediabox)
        stream = pikepdf.Stream(document, zlib.compress(image.bits))
        stream.Type, stream.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        stream.Width, stream.Height, stream.BitsPerComponent = image.width, image.height, 1
        stream.ColorSpace = pikepdf.Array(
            [pikepdf.Name.Indexed, pikepdf.Name.DeviceRGB, 1, pikepdf.String(bytes.fromhex(image.dark[1:] + "ffffff"))]
        )
        stream.Filter, stream.Interpolate = pikepdf.Name.FlateDecode, False
        name = pikepdf.Name(f"/PlacedImage{index}")  # WeasyPrint's pages share one resource dictionary
        page.add_resource(stream, pikepdf.Name.XObject, name=name)
        width, height = (x2 - x1) * CSS_PX_PT, (y2 - y1) * CSS_PX_PT
        left, bottom = llx + x1 * CSS_PX_PT, ury - y2 * CSS_PX_PT
        # The page's own drawing is wrapped in q/Q so that the image is placed in the page's default coordinates.
        page.contents_add(b"q\n", prepend=True)
        page.contents_add(f"Q\nq {width:.4f} 0 0 {height:.4f} {left:.4f} {bottom:.4f} cm {name} Do Q\n".encode())
    _drop_destinations(document, {image.anchor for _, _, image in placed})


def _drop_destinations(document: pikepdf.Pdf, anchors: set[str]) -> None:
    """Remove the named destinations WeasyPrint made of the images' element ids: places to draw, not to link to."""
    names = document.Root.get("/Names")
    dests = names.get("/Dests") if names is not None else None
    if dests is None or "/Names" not in dests:
        return
    pairs = list(dests.Names)
    kept = []
    for key, value in zip(pairs[::2], pairs[1::2], strict=True):
        if str(key) not in anchors:
            kept += [key, value]
    if kept:
        dests.Names = pikepdf.Array(kept)
        return
    del names.Dests
    if not names.keys():
        del document.Root.Names


def _finished(pdf: bytes, *, stacks: Sequence[Sequence[int]] | None, images: Sequence) -> bytes:
    """WeasyPrint's PDF with its images drawn (`_draw_images`) and its layers stamped (`_underlay`), in one pass."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        if images:
            _draw_images(document, images)
        if stacks is not None:
            _underlay(document, stacks)
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
class PdfJob:
    """HTML laid out as one WeasyPrint document, and what becomes of it (plain data: the worker receives it).

    With several `filenames`, the document holds several parts, each starting at the element whose id is its
    anchor (in page order), and is split into a PDF per part. With one, it is kept whole; `stacks`, if given,
    stamps the layer pages after the kept pages beneath them (`underlay_layers`), and `images` are drawn into their
    elements' boxes (`PdfImage`). `stage` and `count` say what
    finishing it means for the progress shown to people (the stage, and how many of its items it makes)."""

    html: str
    filenames: tuple[str, ...]
    anchors: tuple[str, ...] = ()
    stacks: tuple[tuple[int, ...], ...] | None = None
    stage: str = ""
    count: int = 1
    images: tuple[PdfImage, ...] = ()


def job_run(job: PdfJob) -> dict[str, bytes]:
    """Lay out the job's HTML and make its PDFs (file name -> bytes).

    Also run in the worker process: no database, plain strings in, bytes out."""
    with _cyclic_gc_paused():
        return _job_files(job)


def _job_files(job: PdfJob) -> dict[str, bytes]:
    laid_out = render_html_document(job.html)
    if len(job.filenames) == 1:
        placed = _images_placed(laid_out, job.images)
        pdf = laid_out.write_pdf()
        if job.stacks is not None or placed:
            pdf = _finished(pdf, stacks=job.stacks, images=placed)
        return {job.filenames[0]: pdf}
    if job.images:
        raise ValueError("images are drawn only into a job kept whole")
    starts: dict[str, int] = {}
    for number, page in enumerate(laid_out.pages):
        for anchor in page.anchors:
            starts.setdefault(anchor, number)  # a part split over pages repeats its anchor
    bounds = [starts[anchor] for anchor in job.anchors] + [len(laid_out.pages)]
    pdf = laid_out.write_pdf()
    del laid_out  # the laid-out boxes are the bulk of the memory; the split needs only the bytes
    return split_pdf(pdf, {name: range(bounds[i], bounds[i + 1]) for i, name in enumerate(job.filenames)})


def _images_placed(laid_out: weasyprint.Document, images: Sequence[PdfImage]) -> list:
    """Each image with the page and the box of its element (an element missing from the layout is a bug)."""
    if not images:
        return []
    boxes = {}
    for number, page in enumerate(laid_out.pages):
        for anchor, box in page.anchors.items():
            boxes.setdefault(anchor, (number, box))
    return [(*boxes[image.anchor], image) for image in images]


# From this many items on (feedback reports, certificates...), `jobs_run` shares the jobs with a second process:
# layout is CPU-bound, the server has 2 cores, and starting the worker (~1 s, while this process already works)
# is then repaid. Below it everything is laid out here.
PARALLEL_MIN_PARTS = 24


def batches_tapered(items: Sequence, *, largest: int, smallest: int) -> list[list]:
    """The items in batches that shrink from `largest` to `smallest`: each about a quarter of the items left.

    Two processes taking them in this order both stay busy to the end: the batches left when one of them finishes
    are short (with even batches, one process sat idle for most of a batch while the other laid out the last)."""
    items, out = list(items), []
    while items:
        size = min(largest, max(smallest, -(-len(items) // 4)))
        out.append(items[:size])
        items = items[size:]
    return out


def _die_with_parent(parent: int) -> None:
    """End this process when `parent` ends, even by SIGKILL: a killed export leaves no worker behind.

    Linux: the kernel sends SIGKILL on the parent's death (prctl PR_SET_PDEATHSIG). Elsewhere a thread watches
    for the parent to go (this process is then re-parented)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    else:

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _worker_setup(parent: int) -> None:
    """The worker: tied to its parent's life. It never touches the database (the jobs are plain data): spawned,
    Django is not set up and the settings module, from the inherited environment, is read on first use (static/);
    forked, the parent's connections are left alone, and the worker ends with `os._exit`, as multiprocessing ends a
    forked process, so nothing closes them from here."""
    _die_with_parent(parent)
    # A forked process ends with os._exit, which runs no finalizer: drop the fonts it decoded (their folder) as
    # multiprocessing ends it.
    multiprocessing.util.Finalize(None, _fonts_drop, exitpriority=10)


Progress = Callable[[PdfJob], None]


def _worker_ready() -> int:
    """A first task for the worker: submitting it starts the process (spawned, its imports take about a second)."""
    return os.getpid()


def _worker_start_method() -> str:
    """Fork where it is safe and cheap, spawn otherwise.

    Forked (Linux), the worker shares the imported WeasyPrint and starts in milliseconds. Only from a process with
    one thread (the background worker, the export command): a fork copies the locks other threads hold at that
    moment (fontconfig's, say, in a threaded server rendering another PDF) and the child would wait on them for
    ever. It happens before this module starts a thread of its own. macOS's system libraries are not safe to use
    in a forked child at all."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


def parallel_worthwhile(items: int) -> bool:
    """Whether `items` items (feedback reports, certificates...) are laid out faster with the worker process."""
    return items >= PARALLEL_MIN_PARTS and (os.cpu_count() or 1) >= 2


class PdfWorkers:
    """This process and, when `parallel` (see `parallel_worthwhile`), one worker process, to lay out jobs.

    A context manager: the worker starts on entering, so a caller that knows the size of its work before it has
    made its jobs (the pack: before opening the scorecards and rendering the templates) has it ready when they are.
    The worker ends on leaving, and dies with this process (`_die_with_parent`). It is forked on Linux
    (`_worker_start_method`) and never uses the database connections it inherits; where it is spawned it re-imports
    the calling script, which must guard its entry point (`if __name__ == "__main__"`, as manage.py does)."""

    def __init__(self, *, parallel: bool) -> None:
        self.parallel = parallel
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> PdfWorkers:
        if self.parallel:
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context(_worker_start_method()),
                initializer=_worker_setup,
                initargs=(os.getpid(),),
            )
            self._pool.submit(_worker_ready)
        return self

    def __exit__(self, *exc_info) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def run(self, jobs: Sequence[PdfJob], *, progress: Progress | None = None) -> dict[str, bytes]:
        """Every job's files (file name -> bytes), calling `progress(job)` in this process as each job is done.

        With the worker, the jobs are shared: each process takes the next job in the order given as it finishes one
        (a thread here hands the worker its jobs and waits for them), so give them largest first: the last ones are
        then short, and both processes finish at about the same time. Should the worker fail, this process lays out
        its jobs itself."""
        report = progress or (lambda job: None)
        files: dict[str, bytes] = {}
        if self._pool is None or len(jobs) < 2:
            for job in jobs:
                files.update(job_run(job))
                report(job)
            return files
        queue = _JobQueue(len(jobs))
        finished: SimpleQueue = SimpleQueue()  # (index, files, error) from the worker's side
        feeder = threading.Thread(target=_feed_worker, args=(self._pool, jobs, queue, finished), daemon=True)
        feeder.start()
        pending = len(jobs)

        def finish(index: int, made: dict[str, bytes] | None, error: BaseException | None) -> None:
            nonlocal pending
            if error is not None:
                raise error
            if made is None:  # the worker process failed
                logger.warning("PDF worker process failed; laying out its job here")
                made = job_run(jobs[index])
            files.update(made)
            pending -= 1
            report(jobs[index])

        try:
            while (index := queue.take()) is not None:
                files.update(job_run(jobs[index]))
                pending -= 1
                report(jobs[index])
                while not finished.empty():  # the worker's finished jobs, shown as they finish
                    finish(*finished.get())
            while pending:
                finish(*finished.get())
        finally:
            queue.close()
            feeder.join()
        return files


class _JobQueue:
    """Job indexes, in order, shared by two takers: the worker's feeder and this process."""

    def __init__(self, count: int) -> None:
        self._lock = threading.Lock()
        self._next, self._count = 0, count

    def take(self) -> int | None:
        with self._lock:
            if self._next >= self._count:
                return None
            self._next += 1
            return self._next - 1

    def close(self) -> None:
        """No more jobs for anyone (this process stopped, on an error)."""
        with self._lock:
            self._next = self._count


def _feed_worker(pool: ProcessPoolExecutor, jobs: Sequence[PdfJob], queue: _JobQueue, finished: SimpleQueue) -> None:
    """Hand the worker one job at a time and pass on what it made; on a broken worker, hand its job back (files
    None) and stop feeding it."""
    while (index := queue.take()) is not None:
        try:
            finished.put((index, pool.submit(job_run, jobs[index]).result(), None))
        except BrokenProcessPool:
            finished.put((index, None, None))
            while (index := queue.take()) is not None:
                finished.put((index, None, None))
            return
        except BaseException as error:  # a job that fails fails the whole run, as it would here
            finished.put((index, None, error))
            queue.close()
            return


def jobs_run(
    jobs: Sequence[PdfJob], *, progress: Progress | None = None, workers: PdfWorkers | None = None
) -> dict[str, bytes]:
    """Every job's files (file name -> bytes), calling `progress(job)` in this process as each job is done.

    With `workers` (started by the caller), laid out by them; otherwise from `PARALLEL_MIN_PARTS` items on, with two
    cores, shared with a worker process started here (`PdfWorkers`)."""
    if workers is not None:
        return workers.run(jobs, progress=progress)
    parallel = len(jobs) >= 2 and parallel_worthwhile(sum(job.count for job in jobs))
    with PdfWorkers(parallel=parallel) as started:
        return started.run(jobs, progress=progress)


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
