"""Check that an uploaded file is a real PDF before the portal keeps it (a note verbale).

A file passes when pypdf parses it, it is not encrypted, it has at least one page, and every
page's content streams (with the form XObjects they draw, each once) decode to at most
`max_decoded_bytes` in all. The parsing runs in a one-off child (``pdf.run_limited``) with a
wall-clock budget and an address-space limit: a deflate bomb stops at the budget, and a file
built to make the parser spin or allocate costs the child, never the web worker. The checker
answers with a verdict code; the app that asked words it for its own users.

Images are not decoded: their codecs (JPEG, JPEG 2000, JBIG2, CCITT) are the viewer's business,
pypdf passes most of them through anyway, and a scanned page decoded to pixels is legitimately
tens of megabytes. Their compressed bytes are bounded by the upload's own size limit.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import warnings
from dataclasses import asdict, dataclass

from idm_portal.pdf.child import LimitedJobError, run_limited

logger = logging.getLogger(__name__)

OK = "ok"
NOT_PDF = "not_pdf"  # no PDF header at the start, and it does not parse
DAMAGED = "damaged"  # a PDF header, but truncated or unparsable
ENCRYPTED = "encrypted"
NO_PAGES = "no_pages"
TOO_LARGE = "too_large"  # expands past the budget, or passes the memory limit
TOO_SLOW = "too_slow"  # did not finish within the time budget

DEFAULT_MAX_DECODED_BYTES = 50 * 1024 * 1024
DEFAULT_TIMEOUT = 5.0
DEFAULT_MEMORY_MB = 300


@dataclass(frozen=True)
class PdfCheck:
    verdict: str
    pages: int = 0
    decoded_bytes: int = 0

    @property
    def is_ok(self) -> bool:
        return self.verdict == OK


def check_pdf(
    data: bytes,
    *,
    max_decoded_bytes: int = DEFAULT_MAX_DECODED_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
) -> PdfCheck:
    """The verdict on `data`, within `timeout` seconds whatever the file is."""
    if b"%PDF-" not in data[:1024]:
        return PdfCheck(NOT_PDF)  # not worth a child: no reader would take it for a PDF
    _pypdf()  # imported before the fork, so that the child never imports anything
    try:
        reply = run_limited(_inspect, data, max_decoded_bytes, timeout=timeout, memory_mb=memory_mb)
    except LimitedJobError as error:
        if error.reason == "time":
            return PdfCheck(TOO_SLOW)
        if error.reason == "memory":
            return PdfCheck(TOO_LARGE)
        logger.warning("An uploaded PDF could not be checked: %s", error)
        return PdfCheck(DAMAGED)
    return PdfCheck(**json.loads(reply))


def _pypdf():
    import pypdf  # noqa: PLC0415 - only where a PDF is checked

    return pypdf


def _inspect(data: bytes, max_decoded_bytes: int) -> bytes:
    """The check itself, run in the child: the verdict as JSON."""
    with _quiet_pypdf():
        return json.dumps(asdict(_verdict(data, max_decoded_bytes))).encode()


@contextlib.contextmanager
def _quiet_pypdf():
    """pypdf logs a warning for each flaw it works around: a hostile file would flood the log."""
    pypdf_logger = logging.getLogger("pypdf")
    level = pypdf_logger.level
    pypdf_logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        pypdf_logger.setLevel(level)


def _verdict(data: bytes, budget: int) -> PdfCheck:
    pypdf = _pypdf()
    from pypdf.errors import LimitReachedError  # noqa: PLC0415

    looks_like_pdf = data.startswith(b"%PDF-")
    if b"%%EOF" not in data[-1024:]:
        # Every PDF ends with %%EOF; a file cut short while saving or sending does not.
        return PdfCheck(DAMAGED if looks_like_pdf else NOT_PDF)
    limit = budget + 1  # one stream may not pass the whole budget either
    limits = {
        "zlib_maximum_output_length": limit,
        "lzw_maximum_output_length": limit,
        "run_length_maximum_output_length": limit,
        "brotli_maximum_output_length": limit,
        "array_based_stream_maximum_output_length": limit,
        "jbig2dec_binary": None,  # never start a program for a file someone sent
    }
    pages = decoded = 0
    try:
        with pypdf.apply_configuration(**limits):
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                return PdfCheck(ENCRYPTED)
            seen: set = set()
            for page in reader.pages:
                pages += 1
                for stream in _content_streams(page, seen):
                    decoded += len(stream.get_data())
                    if decoded > budget:
                        return PdfCheck(TOO_LARGE, pages, decoded)
    except LimitReachedError:
        return PdfCheck(TOO_LARGE, pages, decoded)
    except MemoryError:
        raise  # the parent reports it as the memory limit
    except Exception:  # noqa: BLE001 - whatever pypdf trips on, the file does not parse
        return PdfCheck(DAMAGED if looks_like_pdf else NOT_PDF, pages, decoded)
    if not pages:
        return PdfCheck(NO_PAGES)
    return PdfCheck(OK, pages, decoded)


def _content_streams(page, seen: set):
    """The streams that draw `page`: its /Contents, then the form XObjects of its resources
    and of theirs. A stream shared by several pages or forms comes once (`seen`), which also
    ends a form that draws itself."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject  # noqa: PLC0415

    def fresh(value):
        key = (value.idnum, value.generation) if isinstance(value, IndirectObject) else id(value)
        if key in seen:
            return None
        seen.add(key)
        return value.get_object()

    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    parts = list(contents) if isinstance(contents, ArrayObject) else [contents]
    for part in parts:
        stream = fresh(part) if part is not None else None
        if isinstance(stream, StreamObject):
            yield stream
    resources = [page.get("/Resources")]
    while resources:
        holder = resources.pop()
        holder = holder.get_object() if holder is not None else None
        if not isinstance(holder, DictionaryObject):
            continue
        xobjects = holder.get("/XObject")
        xobjects = xobjects.get_object() if xobjects is not None else None
        if not isinstance(xobjects, DictionaryObject):
            continue
        for value in xobjects.values():
            stream = fresh(value)
            if isinstance(stream, StreamObject) and stream.get("/Subtype") == "/Form":
                yield stream
                resources.append(stream.get("/Resources"))
