"""Measuring text before layout: the advance widths of the PDF's fonts, so that a list or a
table can be set as lines that are known to fit."""

from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess

logger = logging.getLogger(__name__)

# --- Measuring text before layout ---------------------------------------------------------------

# Where Debian's fonts-dejavu-core puts the fonts static/css/pdf.css names (this machine, the
# Dockerfile's image); elsewhere fontconfig's fc-match is asked.
_FONT_FILES = {
    "DejaVu Serif": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "DejaVu Serif:bold": "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
    "DejaVu Serif:italic": "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf",
    "DejaVu Serif:bold:italic": "/usr/share/fonts/truetype/dejavu/DejaVuSerif-BoldItalic.ttf",
    "monospace": "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
}
POINTS_PER_CM = 72 / 2.54


@functools.cache
def _advance_widths(font: str) -> tuple[dict[int, int], int] | None:
    """Each character's advance in `font` (fontconfig's name), and the font's units per em;
    None when the font file cannot be found or read."""
    path = _FONT_FILES.get(font)
    fc_match = shutil.which("fc-match")
    if not (path and os.path.exists(path)) and fc_match:
        found = subprocess.run(  # noqa: S603 - a font name of this module, no shell
            [fc_match, "--format=%{file}", font], capture_output=True, text=True, timeout=10
        )
        path = found.stdout.strip() if found.returncode == 0 else None
    if not (path and os.path.exists(path)):
        return None
    try:
        from fontTools.ttLib import TTFont  # noqa: PLC0415 - a WeasyPrint dependency

        with TTFont(path, lazy=True) as ttf:
            metrics = ttf["hmtx"].metrics
            widths = {code: metrics[glyph][0] for code, glyph in ttf.getBestCmap().items()}
            return widths, ttf["head"].unitsPerEm
    except Exception:  # noqa: BLE001 - a font we cannot read just means "no estimate"
        logger.warning("Cannot read the font file %s to measure text", path, exc_info=True)
        return None


def text_width(text: str, size_pt: float, font: str = "DejaVu Serif") -> float | None:
    """The width in points of `text` set on one line in `font` at `size_pt`, from the font's
    advance widths: no kerning or ligature, which only ever narrow a line, so a text this says
    fits does fit. A character the font lacks counts as one em (the fallback font is
    unknown). None when the font cannot be read: the caller then assumes nothing fits."""
    metrics = _advance_widths(font)
    if metrics is None:
        return None
    widths, units_per_em = metrics
    units = sum(widths.get(ord(ch), units_per_em) for ch in text)
    return units * size_pt / units_per_em


def fits_on_one_line(text: str, width_pt: float, size_pt: float, font="DejaVu Serif") -> bool:
    """Whether `text` (plain, no newline) surely fits a line `width_pt` wide, with 2 % to spare
    for what the measure cannot see (a font substituted for a few characters, rounding)."""
    width = text_width(text, size_pt, font)
    return width is not None and "\n" not in text and width <= width_pt * 0.98
