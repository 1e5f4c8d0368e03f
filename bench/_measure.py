"""What the PDF benchmarks share: the median timing, the floor's inlined CSS, bare paragraphs,
page counts and the peak-memory line. Import after django.setup() (the memory line stops the
renderer child)."""

import io
import resource
import statistics
import time
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
PDF_CSS_LINK = '<link rel="stylesheet" href="/static/css/pdf.css">'


def timed(function, repeat: int):
    """The median wall-clock seconds of `repeat` calls, and the last call's result."""
    times, result = [], b""
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def inline_pdf_css(html: str) -> str:
    """`html` with static/css/pdf.css inlined, for WeasyPrint alone (no URL fetcher)."""
    css = (ROOT / "static" / "css" / "pdf.css").read_text(encoding="utf-8")
    assert PDF_CSS_LINK in html
    return html.replace(PDF_CSS_LINK, f"<style>{css}</style>")


def bare_paragraphs_html(texts: list[str], *, font_size_pt: float, gap_pt: float = 0) -> str:
    """One bare <p> per (already escaped) text, in the PDFs' font and page and nothing else:
    what any layout with a box per row costs WeasyPrint at least."""
    paragraphs = "".join(f"<p>{text}</p>" for text in texts)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><style>"
        "@page { size: A4; margin: 2.2cm 2.4cm 2.4cm 2.4cm }"
        f"html {{ font-family: 'DejaVu Serif', serif; font-size: {font_size_pt}pt; "
        "line-height: 1.3 }"
        f"body {{ margin: 0 }} p {{ margin: 0 0 {gap_pt}pt }}"
        f"</style></head><body>{paragraphs}</body></html>"
    )


def pdf_pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def print_peak_memory(repeat: int) -> None:
    import weasyprint

    from idm_portal import pdf

    pdf.shutdown_renderer()  # a child's peak counts once it has exited and been reaped
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"peak memory (max RSS): this process {own:.0f} MB, rendering child {children:.0f} MB "
        f"(median of {repeat} runs; WeasyPrint {weasyprint.__version__})"
    )
