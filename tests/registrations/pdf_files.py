"""PDF files to upload as a note verbale: a real one (WeasyPrint, with images and compressed
streams), the smallest real one, and the hostile ones the check must refuse, each built here
from scratch. Also used by bench/note_verbale.py."""

import base64
import functools
import io
import zlib

import pytest

MB = 1024 * 1024


def hand_written_pdf(contents: list[bytes], *, filtered: bool = True) -> bytes:
    """A PDF written byte by byte: one A4 page per content stream, with a correct cross-reference
    table. `filtered` marks the streams as /FlateDecode (give them compressed)."""
    count = len(contents)
    kids = " ".join(f"{3 + 2 * index} 0 R" for index in range(count))
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        f"<</Type/Pages/Kids[{kids}]/Count {count}>>".encode(),
    ]
    for index, stream in enumerate(contents):
        objects.append(
            f"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents {4 + 2 * index} 0 R"
            "/Resources<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>>>>>".encode()
        )
        flate = "/Filter/FlateDecode" if filtered else ""
        objects.append(
            f"<</Length {len(stream)}{flate}>>\nstream\n".encode() + stream + b"\nendstream"
        )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


# The smallest real note verbale: one page saying so.
TINY_PDF = hand_written_pdf(
    [zlib.compress(b"BT /F1 12 Tf 72 760 Td (Note verbale KEN/2009/117) Tj ET")]
)


@functools.cache
def note_verbale_pdf(pages: int = 3) -> bytes:
    """A note verbale as a mission would send it: `pages` A4 pages of text, each with a JPEG
    (a scanned seal) and a PNG (a letterhead), made by WeasyPrint."""
    import weasyprint  # noqa: PLC0415 - heavy
    from PIL import Image  # noqa: PLC0415 - a WeasyPrint dependency

    def data_url(image, kind: str) -> str:
        buffer = io.BytesIO()
        image.save(buffer, kind.upper())
        return f"data:image/{kind};base64,{base64.b64encode(buffer.getvalue()).decode()}"

    seal = data_url(Image.effect_noise((300, 200), 40).convert("RGB"), "jpeg")
    letterhead = data_url(Image.linear_gradient("L").resize((400, 60)), "png")
    paragraph = (
        "The Permanent Mission of the Republic of Kenya to the United Nations Office at Geneva "
        "presents its compliments to the International Organization for Migration and has the "
        "honour to submit the composition of its delegation to the intersessional workshop. "
    )
    body = "".join(
        f'<section style="page-break-after: always"><img src="{letterhead}">'
        f"<h1>Note verbale KEN/2009/117 ({number + 1}/{pages})</h1>"
        f'<p>{paragraph * 4}</p><img src="{seal}"></section>'
        for number in range(pages)
    )
    return weasyprint.HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def _zeros_deflated(megabytes: int) -> bytes:
    """`megabytes` MB of zero bytes, deflated (about 1,000 to 1), never all held at once."""
    compressor = zlib.compressobj(9)
    chunk = bytes(MB)
    return b"".join(compressor.compress(chunk) for _ in range(megabytes)) + compressor.flush()


@functools.cache
def deflate_bomb_pdf() -> bytes:
    """The attack of issue 8: about 400 KB whose one content stream expands to 400 MB."""
    return hand_written_pdf([_zeros_deflated(400)])


@functools.cache
def spread_bomb_pdf() -> bytes:
    """Twenty pages of 20 MB each: no one stream is large, the whole is 400 MB."""
    return hand_written_pdf([_zeros_deflated(20)] * 20)


def html_with_pdf_marker() -> bytes:
    """What the magic-bytes check stored: a web page with a PDF header in a comment."""
    return (
        b"<!DOCTYPE html>\n<html><!-- %PDF-1.4 -->\n<head><title>Note verbale</title></head>\n"
        b"<body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"
    )


def truncated_pdf() -> bytes:
    """A real note verbale cut off halfway, as an interrupted upload or copy leaves it."""
    whole = note_verbale_pdf()
    return whole[: len(whole) // 2]


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter  # noqa: PLC0415

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(note_verbale_pdf())))
    writer.encrypt(user_password="kenya", owner_password="mission")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zero_page_pdf() -> bytes:
    from pypdf import PdfWriter  # noqa: PLC0415

    out = io.BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


def oversized_pdf() -> bytes:
    """A real PDF padded past 5 MB by a comment after its end (readers ignore it)."""
    return TINY_PDF + b"%" + b"0" * (5 * MB)


# Each hostile file and the words of the message the focal point reads next to the field
# (in English), for the service's and the form's tests.
HOSTILE = [
    pytest.param(html_with_pdf_marker, "This file is not a PDF document.", id="html-with-marker"),
    pytest.param(deflate_bomb_pdf, "expands to more than 50.0\xa0MB", id="deflate-bomb"),
    pytest.param(spread_bomb_pdf, "expands to more than 50.0\xa0MB", id="bomb-over-many-pages"),
    pytest.param(truncated_pdf, "This PDF is incomplete or damaged", id="truncated"),
    pytest.param(encrypted_pdf, "This PDF is protected by a password", id="encrypted"),
    pytest.param(zero_page_pdf, "This PDF has no pages.", id="zero-pages"),
    pytest.param(oversized_pdf, "the note verbale may be at most 5.0\xa0MB", id="over-5-MB"),
]
