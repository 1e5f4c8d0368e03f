"""Benchmark of the note verbale check (issue 8, item 13): seconds to check an upload.

    .venv/bin/python bench/note_verbale.py [--repeat 5]

Times registrations.validators.validate_note_verbale, the whole check a focal point's upload
goes through (name, size, then pypdf in a one-off child with the time, memory and decoded-size
budgets), on:
  note        a real 5-page note verbale made by WeasyPrint (text, a JPEG and a PNG per page);
  bomb        the attack of the issue: ~400 KB whose one content stream expands to 400 MB;
  spread      20 pages of 20 MB each (no one stream large, 400 MB in all);
  parse only  pypdf alone reading the note and decoding its pages in this process: the floor.
Prints the median seconds and the peak memory of this process and of the largest check child.
No database is needed. Not a test: the numbers go to the README or the pull request.
"""

import argparse
import io
import os
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idm_portal.settings")

import django  # noqa: E402

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from bench._measure import timed  # noqa: E402
from registrations.validators import validate_note_verbale  # noqa: E402
from tests.registrations.pdf_files import (  # noqa: E402
    deflate_bomb_pdf,
    note_verbale_pdf,
    spread_bomb_pdf,
)


def check(content: bytes) -> str:
    """The check's answer on a fresh upload: "accepted" or the refusal's code."""
    try:
        validate_note_verbale(SimpleUploadedFile("note.pdf", content))
    except ValidationError as error:
        return error.error_list[0].code
    return "accepted"


def parse_only(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    decoded = sum(len(page.get_contents().get_data()) for page in reader.pages)
    return f"{len(reader.pages)} pages, {decoded:,} bytes decoded"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    files = {
        "note": note_verbale_pdf(pages=5),
        "bomb": deflate_bomb_pdf(),
        "spread": spread_bomb_pdf(),
    }
    check(files["note"])  # warm: imports pypdf in this process before the first fork
    for name, content in files.items():
        seconds, answer = timed(lambda c=content: check(c), args.repeat)
        print(f"{name:<10} {len(content) / 1024:7.0f} KB  {seconds:6.3f} s  {answer}")
    seconds, answer = timed(lambda: parse_only(files["note"]), args.repeat)
    print(f"{'parse only':<10} {len(files['note']) / 1024:7.0f} KB  {seconds:6.3f} s  {answer}")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"peak memory (max RSS): this process {own:.0f} MB, largest check child {children:.0f} MB "
        f"(median of {args.repeat} runs)"
    )


if __name__ == "__main__":
    main()
