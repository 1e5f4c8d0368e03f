"""Document bodies: Markdown → numbered, lettered, footnoted, sanitised HTML."""

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from workshops.markdown import MarkdownError, render_body, validate_body

DATA = Path(__file__).resolve().parent / "data"
IC_2009_1 = (DATA / "IC-2009-1.md").read_text(encoding="utf-8")


def para_numbers(html: str) -> list[str]:
    return re.findall(
        r'<p class="para" id="para-(\d+)"><span class="para-number">(\d+)\.</span>', html
    )


def labels(html: str) -> list[str]:
    return re.findall(r'<span class="subitem-label">([^<]*)</span>', html)


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


# --- Paragraph numbering --------------------------------------------------------------------


def test_twelve_paragraphs_are_numbered_through_the_headings():
    parts = []
    for number in range(1, 13):
        if number % 3 == 1:
            parts.append(f"{'#' if number < 7 else '##'} Heading before {number}")
        parts.append(f"Paragraph {number} of the note.")
    html = render_body("\n\n".join(parts), language="en")

    assert para_numbers(html) == [(str(n), str(n)) for n in range(1, 13)]
    for number in range(1, 13):
        assert f'<span class="para-number">{number}.</span> Paragraph {number} of' in html
    headings = re.findall(r'<(h\d) class="doc-heading">([^<]*)</h\d>', html)
    assert [text for _tag, text in headings] == [f"Heading before {n}" for n in (1, 4, 7, 10)]
    # The first heading level used becomes h2 (the page's h1 is the document title).
    assert [tag for tag, _text in headings] == ["h2", "h2", "h3", "h3"]
    assert "para-number" not in "".join(re.findall(r"<h\d.*?</h\d>", html))


def test_blockquote_and_unnumbered_marker_are_not_numbered():
    html = render_body(
        "First.\n\n> A note to the reader.\n\n{.unnumbered} A centred line.\n\nSecond.",
        language="en",
    )
    assert para_numbers(html) == [("1", "1"), ("2", "2")]
    assert '<blockquote class="note">\n<p>A note to the reader.</p>' in html
    assert '<p class="unnumbered">A centred line.</p>' in html
    assert "{.unnumbered}" not in html


def test_html_comment_at_the_top_is_not_rendered():
    html = render_body("<!--\nSource: IC/2009/1 (.txt)\n-->\n\nFirst.", language="en")
    assert "Source" not in html
    assert para_numbers(html) == [("1", "1")]


def test_empty_body_renders_as_empty_string():
    assert render_body("", language="en") == ""
    assert render_body("  \n\n ", language="fr", for_print=True) == ""
    validate_body("")


# --- Lettered sub-items ---------------------------------------------------------------------

ELEVEN_ITEMS = "The principles:\n\n" + "\n".join(f"- Principle {n}." for n in range(1, 12))


def test_sub_items_are_lettered_a_to_k_in_english():
    html = render_body(ELEVEN_ITEMS, language="en")
    assert labels(html) == [f"({letter})" for letter in "abcdefghijk"]
    assert '<ol class="subitems">' in html
    assert '<li><span class="subitem-label">(a)</span> Principle 1.</li>' in html
    # The list belongs to paragraph 1: it is not a paragraph of its own.
    assert para_numbers(html) == [("1", "1")]


@pytest.mark.parametrize("language", ["fr", "es"])
def test_sub_items_are_lettered_without_opening_parenthesis_in_french_and_spanish(language):
    html = render_body(ELEVEN_ITEMS, language=language)
    assert labels(html) == [f"{letter})" for letter in "abcdefghijk"]
    assert '<li><span class="subitem-label">k)</span> Principle 11.</li>' in html


def test_written_labels_are_replaced_by_the_languages_labels():
    source = "Intro.\n\n(a) **Bold lead-in.** One.\n(b) Two.\n\n- (c) Three.\n- d) Four."
    assert labels(render_body(source, language="en")) == ["(a)", "(b)", "(c)", "(d)"]
    html = render_body(source, language="fr")
    assert labels(html) == ["a)", "b)", "c)", "d)"]
    assert '<span class="subitem-label">a)</span> <strong>Bold lead-in.</strong> One.' in html
    assert "(a)" not in html and "(c)" not in html


def test_sub_item_continues_on_unmarked_lines_and_indented_paragraphs():
    source = (
        "Intro.\n\n(a) First line\ncontinued.\n\n    Second paragraph of (a).\n(b) Next.\n\nTwo."
    )
    html = render_body(source, language="en")
    assert (
        '<li><span class="subitem-label">(a)</span> First line\ncontinued.\n'
        "<p>Second paragraph of (a).</p>\n</li>"
    ) in html
    assert labels(html) == ["(a)", "(b)"]
    assert para_numbers(html) == [("1", "1"), ("2", "2")]


@pytest.mark.parametrize(("language", "inner"), [("en", "(ii)"), ("fr", "ii)"), ("es", "ii)")])
def test_list_inside_a_sub_item_is_numbered_in_roman(language, inner):
    source = "Intro.\n\n(a) Item:\n    (i) one\n    (ii) two\n    (iii) three\n(b) Next."
    html = render_body(source, language=language)
    assert '<ol class="subsubitems">' in html
    assert labels(html)[1:5] == [inner.replace("ii", n) for n in ("i", "ii", "iii")] + [
        "(b)" if language == "en" else "b)"
    ]


def test_an_empty_sub_item_keeps_its_letter():
    html = render_body("Intro.\n\n- \n- Second.\n- - Nested first.", language="en")
    assert labels(html) == ["(a)", "(b)", "(c)", "(i)"]


def test_sub_items_past_z_continue_aa_bb():
    source = "Intro.\n\n" + "\n".join(f"- Item {n}" for n in range(1, 29))
    assert labels(render_body(source, language="en"))[24:] == ["(y)", "(z)", "(aa)", "(bb)"]


def test_numbering_continues_after_a_list_and_lists_restart_at_a():
    source = "One.\n\n- x\n- y\n\nTwo.\n\n- z\n\nThree."
    html = render_body(source, language="en")
    assert para_numbers(html) == [("1", "1"), ("2", "2"), ("3", "3")]
    assert labels(html) == ["(a)", "(b)", "(a)"]


def test_bold_lead_in_words_stay_bold():
    html = render_body("**Funding approach.** The Administration seeks funding.", language="en")
    assert "<strong>Funding approach.</strong> The Administration" in html


# --- Footnotes ------------------------------------------------------------------------------

FOOTNOTED = """The mandate in the Constitution.[^c] Two workshops (7-8 July),[^w]
and the Council[^x]; see also the Strategy[^s]!

# Heading

(a) An item citing the report[^r].

[^s]: Strategy, activity 7.
[^c]: Article 1(1)(e).
[^x]: Council Session.
[^w]: www.iom.int/idm
[^r]: MC/2266.
"""


def test_footnotes_are_numbered_by_first_call_through_the_document():
    html = render_body(FOOTNOTED, language="en")
    calls = re.findall(r'<a href="#fn-(\d+)" id="fnref-(\d+)">(\d+)</a>', html)
    assert calls == [(str(n), str(n), str(n)) for n in range(1, 6)]
    notes = re.findall(r'<li id="fn-(\d+)"><p>(.*?) <a href="#fnref-\1"', html)
    assert notes == [
        ("1", "Article 1(1)(e)."),
        ("2", "www.iom.int/idm"),
        ("3", "Council Session."),
        ("4", "Strategy, activity 7."),
        ("5", "MC/2266."),
    ]
    assert html.index('<section class="footnotes"') > html.index("An item citing")


def test_english_footnote_call_stands_after_punctuation():
    text = text_of(render_body(FOOTNOTED, language="en"))
    assert "Constitution.1 Two" in text  # already after: unchanged
    assert "(7-8 July),2\nand" in text
    assert "the Council;3 see" in text  # moved after the semicolon
    assert "the Strategy!4" in text
    assert "the report.5" in text


@pytest.mark.parametrize("language", ["fr", "es"])
def test_french_and_spanish_footnote_call_stands_before_punctuation(language):
    text = text_of(render_body(FOOTNOTED, language=language))
    assert "Constitution1. Two" in text  # moved before the full stop
    assert "(7-8 July)2,\nand" in text
    assert "the Council3;" in text  # already before: unchanged
    assert "the Strategy4!" in text
    assert "the report5." in text


def test_french_call_goes_before_the_space_of_high_punctuation():
    html = render_body("Voir la Constitution ;[^1] et la suite.\n\n[^1]: Article 1.", language="fr")
    assert (
        'Constitution<sup class="footnote-ref"><a href="#fn-1" id="fnref-1">1</a></sup> ;' in html
    )


def test_a_footnote_called_twice_keeps_its_number_and_gets_two_back_links():
    html = render_body(
        "One[^a] and two[^b] and one again[^a].\n\n[^a]: A.\n[^b]: B.", language="en"
    )
    assert '<a href="#fn-1" id="fnref-1">1</a>' in html
    assert '<a href="#fn-1" id="fnref-1-2">1</a>' in html
    assert 'href="#fnref-1-2" class="footnote-backref"' in html
    assert html.count("<li id=") == 2


def test_print_puts_each_footnote_text_where_it_is_called():
    source = "See the Constitution.[^1] And the [site][^2]\n\n[^1]: Article *1(1)(e)*.\n"
    source += "[^2]: See [the IOM website](https://www.iom.int/idm) and **MC/2266**.\n"
    source = source.replace("[site]", "site")
    html = render_body(source, language="en", for_print=True)
    assert (
        'Constitution.<span class="footnote">Article <em>1(1)(e)</em>.</span> And the site'
        '<span class="footnote">See <a href="https://www.iom.int/idm">the IOM website</a> and '
        "<strong>MC/2266</strong>.</span></p>"
    ) in html
    assert "<section" not in html and "footnote-ref" not in html and "fn-1" not in html


def test_print_in_french_puts_the_note_before_the_full_stop():
    html = render_body(
        "La Constitution.[^1]\n\n[^1]: Article 1(1)(e).", language="fr", for_print=True
    )
    assert 'Constitution<span class="footnote">Article 1(1)(e).</span>.</p>' in html


def test_print_repeats_only_the_number_of_a_footnote_called_again():
    html = render_body("One[^a] and again[^a].\n\n[^a]: A.", language="en", for_print=True)
    assert html.count('<span class="footnote">A.</span>') == 1
    assert 'again.<sup class="footnote-repeat">1</sup></p>' in html


# --- Broken footnotes -----------------------------------------------------------------------


def test_footnote_called_but_never_defined_is_an_error():
    with pytest.raises(MarkdownError, match=r"Footnote \[\^4\] is referenced \(line 3\) but never"):
        render_body("One.[^1]\n\nTwo.[^4]\n\n[^1]: A.", language="en")
    with pytest.raises(MarkdownError, match=r"\[\^4\]"):
        validate_body("One.[^1]\n\nTwo.[^4]\n\n[^1]: A.")


def test_footnote_defined_but_never_called_is_an_error():
    with pytest.raises(MarkdownError, match=r"Footnote \[\^2\] is defined \(line 4\) but never"):
        validate_body("One.[^1]\n\n[^1]: A.\n[^2]: B.")


def test_footnote_defined_twice_is_an_error():
    with pytest.raises(MarkdownError, match=r"Footnote \[\^1\] is defined twice \(lines 3 and 5\)"):
        validate_body("One.[^1]\n\n[^1]: A.\n\n[^1]: B.")


def test_footnote_inside_a_footnote_is_an_error():
    with pytest.raises(MarkdownError, match=r"called inside footnote \[\^1\]"):
        validate_body("One.[^1]\n\n[^1]: A.[^2]\n\n[^2]: B.")


def test_markdown_error_is_a_value_error():
    assert issubclass(MarkdownError, ValueError)


def test_a_valid_body_validates():
    validate_body(IC_2009_1)


# --- Sanitising -----------------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    "Text <script>alert(1)</script> inline.",
    "<img src=x onerror=alert(1)>",
    "Inline <img src=x onerror=alert(1)> image.",
    "[x](javascript:alert(1))",
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    "[x](JaVaScRiPt:alert(1))",
    "[x]( java\tscript:alert(1))",
    "<javascript:alert(1)>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    '<p style="color:red" onclick="alert(1)">styled</p>',
    "<span style='position:fixed'>styled</span>",
    "<iframe src='https://example.org'></iframe>",
    "<style>body{display:none}</style>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="https://example.org" onmouseover="alert(1)">x</a>',
    "Footnote.[^1]\n\n[^1]: <img src=x onerror=alert(1)> [x](javascript:alert(1))",
]


ALLOWED_TAGS = {"p", "span", "sup", "a", "strong", "em", "ol", "li", "h2", "section"}
SAFE_URL = re.compile(r"^(https?://|mailto:|#|/)")


class Elements(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def assert_nothing_hostile(html: str, allowed_tags: set[str]) -> None:
    for tag, attrs in Elements(html).elements:
        assert tag in allowed_tags, html
        assert not [name for name in attrs if name.startswith("on") or name == "style"], html
        assert "href" not in attrs or SAFE_URL.match(attrs["href"]), html
        assert "src" not in attrs, html
    lowered = html.lower()
    for needle in ["<script", "onerror=", "onclick=", "<style", "<iframe", "<img", 'href="java']:
        assert needle not in lowered, (needle, html)


@pytest.mark.parametrize("for_print", [False, True])
@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markup_never_survives(source, for_print):
    html = render_body(f"Before.\n\n{source}\n\nAfter.", language="en", for_print=for_print)
    assert_nothing_hostile(html, ALLOWED_TAGS)
    assert "Before." in html and "After." in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "Text <script>alert(1)</script>",
        "<svg><script>alert(1)</script></svg>",
        "<style>body{display:none}</style>",
    ],
)
def test_script_and_style_content_is_dropped_with_the_tag(source):
    html = render_body(source, language="en")
    assert "alert" not in html and "display" not in html


@pytest.mark.parametrize(
    "source",
    ["[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", '<a href="JaVaScRiPt:alert(1)">x</a>'],
)
def test_javascript_link_shows_only_its_text(source):
    html = render_body(source, language="en")
    assert html.strip() == '<p class="para" id="para-1"><span class="para-number">1.</span> x</p>'


def test_raw_html_keeps_its_text_but_not_its_tags():
    html = render_body('Some <b onclick="x()">bold</b> and <a href="/x">link</a>.', language="en")
    assert html == (
        '<p class="para" id="para-1"><span class="para-number">1.</span> Some bold and link.</p>\n'
    )


@pytest.mark.parametrize(
    ("source", "href"),
    [
        ("[a](https://www.iom.int/idm)", "https://www.iom.int/idm"),
        ("[a](http://www.iom.int)", "http://www.iom.int"),
        ("[a](mailto:idm@iom.int)", "mailto:idm@iom.int"),
        ("[a](/documents/ic-2009-1/)", "/documents/ic-2009-1/"),
        ("[a](#para-3)", "#para-3"),
        ("<https://www.iom.int>", "https://www.iom.int"),
    ],
)
def test_safe_links_are_kept(source, href):
    assert f'<a href="{href}">' in render_body(source, language="en")


@pytest.mark.parametrize(
    "source", ["[a](ftp://x.org/f)", "[a](file:///etc/passwd)", "[a](vbscript:x)"]
)
def test_other_url_schemes_lose_the_link_but_keep_the_text(source):
    html = render_body(source, language="en")
    assert "<a" not in html and "a</p>" in html


def test_image_is_shown_as_its_description():
    html = render_body("![Map of the region](https://example.org/map.png)", language="en")
    assert "<img" not in html and "example.org" not in html
    assert "Map of the region" in html


def hostile_in_a_long_table(source: str) -> str:
    """`source` in a cell of a 40-row table (a footnote definition goes after the table)."""
    cell, _, definition = source.partition("\n\n")
    rows = "".join(f"| Row {n} | {cell if n == 20 else 'x'} |\n" for n in range(1, 41))
    return f"Before.\n\n| Name | Note |\n|---|---|\n{rows}\nAfter.\n\n{definition}"


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markup_in_a_long_printed_table_never_survives(source):
    html = render_body(hostile_in_a_long_table(source), language="en", for_print=True)
    assert '<div class="long-table-rows">' in html
    assert_nothing_hostile(html, ALLOWED_TAGS | {"div"})
    lowered = html.lower()
    assert "alert(1)</script" not in lowered and "display:none" not in lowered
    assert "Before." in html and "After." in html and "Row 40" in html


# --- Tables ---------------------------------------------------------------------------------


def table(rows: int, row=None) -> str:
    """A Name | Position | Institution table of `rows` rows, between two paragraphs."""
    row = row or (lambda n: f"| Name {n} | Position {n} | Institution {n}, Geneva |")
    lines = ["| Name | Position | Institution |", "|---|:-:|---|"]
    lines += [row(n) for n in range(1, rows + 1)]
    return "Before the table.\n\n" + "\n".join(lines) + "\n\nAfter the table."


def printed_rows(html: str) -> list[str]:
    """The text lines of a table printed as rows (no-break spaces as spaces), whether they
    share a block (long-table-rows) or a row has its own (long-table-row)."""
    blocks = re.findall(r'<div class="long-table-rows?">(.*?)</div>', html, re.S)
    text = "\n".join(text_of(block) for block in blocks)
    return unescape(text).replace("\xa0", " ").split("\n") if blocks else []


def printed_header(html: str) -> list[str]:
    headers = re.findall(r'<div class="long-table-head">(.*?)</div>', html, re.S)
    return [unescape(text_of(header)).replace("\xa0", " ") for header in headers]


def test_a_long_table_prints_as_rows_of_text_and_stays_a_table_on_the_web():
    source = table(40)

    html = render_body(source, language="en", for_print=True)

    assert "<table" not in html and "<td" not in html
    assert printed_header(html) == ["Name · Position · Institution"]
    # The header stands once, at the top.
    assert len(re.findall(r"Position(?! \d)", unescape(text_of(html)))) == 1
    assert printed_rows(html) == [
        f"Name {n} · Position {n} · Institution {n}, Geneva" for n in range(1, 41)
    ]
    # Rows go 25 to a block, one line each: no markup per row or per cell.
    blocks = re.findall(r'<div class="long-table-rows">(.*?)</div>', html, re.S)
    assert [block.count("\n") + 1 for block in blocks] == [25, 15]
    assert "<span" not in "".join(blocks) and "<div" not in "".join(blocks)
    assert html.index("Before the table.") < html.index("long-table") < html.index("After the")
    # The web page keeps the real table.
    web = render_body(source, language="en")
    assert "long-table" not in web
    assert web.count("<tr>") == 41 and "<th>Name</th>" in web
    assert "<td>Name 40</td>" in web
    # … in a region of its own that scrolls sideways and takes keyboard focus.
    regions = re.findall(r'<div class="table-scroll"[^>]*>', web)
    assert len(regions) == 1
    assert 'role="region"' in regions[0] and 'tabindex="0"' in regions[0]
    assert 'aria-label="Table (scroll sideways to see all of it)"' in regions[0]
    assert web.index(regions[0]) < web.index("<table>") < web.index("</table>\n</div>")


def test_only_a_table_of_more_than_thirty_rows_prints_as_rows():
    thirty = render_body(table(30), language="en", for_print=True)
    assert "<table>" in thirty and thirty.count("<tr>") == 31 and "long-table" not in thirty
    assert "<th>Institution</th>" in thirty and "<td>Name 30</td>" in thirty

    thirty_one = render_body(table(31), language="en", for_print=True)
    assert "<table" not in thirty_one
    assert len(printed_rows(thirty_one)) == 31


def test_empty_cells_leave_no_dangling_separator_in_a_printed_table():
    def row(n: int) -> str:
        return {2: "| Name 2 |  | Geneva |", 3: "| | Position 3 | |", 4: "| | | |"}.get(
            n, f"| Name {n} | Position {n} | Geneva |"
        )

    rows = printed_rows(render_body(table(35, row), language="en", for_print=True))
    assert rows[:4] == [
        "Name 1 · Position 1 · Geneva",
        "Name 2 · Geneva",
        "Position 3",
        "Name 5 · Position 5 · Geneva",
    ]
    assert len(rows) == 34  # the empty row 4 leaves no empty line
    assert not [line for line in rows if line.startswith(" ·") or line.endswith("· ")]


def test_a_row_too_long_for_one_line_prints_in_a_block_of_its_own():
    long_position = "Senior Adviser on Labour Mobility, Diaspora Engagement and Human Development"

    def row(n: int) -> str:
        position = long_position if n == 10 else f"Position {n}"
        return f"| Name {n} | {position} | Permanent Mission to the United Nations |"

    html = render_body(table(40, row), language="en", for_print=True)

    blocks = re.findall(r'<div class="(long-table-rows?)">(.*?)</div>', html, re.S)
    assert [css for css, _text in blocks] == [
        "long-table-rows",
        "long-table-row",
        "long-table-rows",
        "long-table-rows",
    ]
    assert [len(text.split("\n")) for _css, text in blocks] == [9, 1, 25, 5]
    assert long_position in blocks[1][1]
    assert len(printed_rows(html)) == 40


@pytest.mark.parametrize(
    ("cell", "second", "markup"),
    [
        # Short enough in the regular face, too wide in bold.
        (
            "Intergovernmental Consultations on Migration, Asylum and Refugees",
            "Observer organization",
            "**{}**",
        ),
        # Fits one line in the serif face, not in monospace.
        (
            'idm.participants.list.filter(title__in=["first", "title"])'
            ".filter(is_public=True).first()",
            "Observer",
            "`{}`",
        ),
    ],
)
def test_rows_are_measured_in_the_face_they_print_in(cell, second, markup):
    """The same row shares a block in the regular face and gets its own in bold or code."""
    for face, expected in (("{}", "long-table-rows"), (markup, "long-table-row")):
        rows = [f"| {face.format(cell)} | {second} |"] * 31
        source = "| A | B |\n|---|---|\n" + "\n".join(rows)

        html = render_body(source, language="en", for_print=True)

        assert re.findall(r'<div class="(long-table-rows?)">', html)[0] == expected


def test_inline_markup_and_footnote_calls_work_in_a_printed_long_table():
    def row(n: int) -> str:
        if n == 7:
            cell = "[IOM](https://www.iom.int) and [x](javascript:y)[^1]"
            return f"| **Bold name** | *Director* | {cell} |"
        if n == 8:  # a line separator typed (pasted) inside a cell
            return "| Name\u2028eight | Position 8 | Geneva |"
        return f"| Name {n} | Position {n} | Geneva |"

    source = (
        table(32, row)
        + "\n\n[^1]: A note on\ntwo lines, see [the site](https://www.iom.int/idm).\n"
    )

    html = render_body(source, language="en", for_print=True)

    rows = printed_rows(html)
    assert len(rows) == 32, "a newline in a cell's footnote must not start a new row"
    assert rows[7] == "Name eight · Position 8 · Geneva"
    assert rows[6] == (
        "Bold name · Director · IOM and x"
        "A note on two lines, see the site."  # the footnote's text, floated to the page foot
    )
    assert (
        "<strong>Bold name</strong>\xa0· <em>Director</em>\xa0· "
        '<a href="https://www.iom.int">IOM</a> and x<span class="footnote">A note on two lines, '
        'see <a href="https://www.iom.int/idm">the site</a>.</span>'
    ) in unescape(html)
    assert "javascript" not in html


# --- IC/2009/1 ------------------------------------------------------------------------------


def test_ic_2009_1_has_twelve_paragraphs_eleven_principles_three_footnotes():
    html = render_body(IC_2009_1, language="en")
    assert para_numbers(html) == [(str(n), str(n)) for n in range(1, 13)]
    assert labels(html) == [f"({letter})" for letter in "abcdefghijk"]
    assert re.findall(r'<li id="fn-(\d)">', html) == ["1", "2", "3"]
    headings = re.findall(r'<h\d class="doc-heading">([^<]*)</h\d>', html)
    assert headings[0] == "IDM 2008: Lessons learned on Return Migration"
    assert "Funding approach" in headings and len(headings) == 5
    # The principles are paragraph 3's: between paragraphs 3 and 4.
    assert html.index('id="para-3"') < html.index('class="subitems"') < html.index('id="para-4"')
    assert "(7-8 July).<sup" in html  # footnote 2, after the full stop
    assert "<!--" not in html and "Source:" not in html
    assert "Article 1(1)(e)." in html


def test_ic_2009_1_for_print_has_each_footnote_inline():
    html = render_body(IC_2009_1, language="en", for_print=True)
    assert html.count('<span class="footnote">') == 3
    assert 'Constitution<span class="footnote">Article 1(1)(e).</span> and activity 7' in html
    assert len(para_numbers(html)) == 12


def test_project_copy_of_ic_2009_1_is_the_tested_file():
    project_copy = Path(__file__).resolve().parents[2] / "workshops" / "data" / "IC-2009-1.en.md"
    assert project_copy.read_text(encoding="utf-8") == IC_2009_1


# --- Kept renders -----------------------------------------------------------------------------


def test_a_body_rendered_again_keeps_the_page_language_of_its_labels():
    """The HTML of a body is kept per process; the labels the page adds ("Footnotes") follow
    the page's language, not the language of the first visitor who made it."""
    from django.utils import translation

    with translation.override("en"):
        english = render_body(FOOTNOTED, language="en")
    with translation.override("fr"):
        french_page = render_body(FOOTNOTED, language="en")
    with translation.override("en"):
        again = render_body(FOOTNOTED, language="en")
    assert 'aria-label="Footnotes"' in english or ">Footnotes<" in english
    assert "Footnotes" not in french_page and "Notes" in french_page
    assert again == english


def test_an_edited_body_is_rendered_anew():
    first = render_body("First version.", language="en")
    edited = render_body("Second version.", language="en")
    assert "First version." in first and "Second version." in edited
    assert "First version." not in edited


def test_a_body_that_cannot_render_fails_each_time():
    for _ in range(2):
        with pytest.raises(MarkdownError):
            render_body("One.[^1]\n\nTwo.[^4]\n\n[^1]: A.", language="en")
