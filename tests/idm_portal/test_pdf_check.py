"""The one-off child that checks untrusted files (idm_portal.pdf.run_limited) keeps its limits,
and the PDF check answers with the verdict each kind of file deserves."""

import os
import time

import pytest

from idm_portal.pdf import LimitedJobError, run_limited
from idm_portal.pdf import check as pdf_check
from tests.registrations.pdf_files import (
    TINY_PDF,
    deflate_bomb_pdf,
    encrypted_pdf,
    hand_written_pdf,
    html_with_pdf_marker,
    note_verbale_pdf,
    spread_bomb_pdf,
    truncated_pdf,
    zero_page_pdf,
)


def test_a_limited_job_returns_its_bytes_from_another_process():
    assert int(run_limited(lambda: str(os.getpid()).encode(), timeout=5, memory_mb=50)) != (
        os.getpid()
    )


def test_a_job_that_allocates_past_its_limit_fails_and_this_process_goes_on():
    def allocate():
        return bytes(1024 * 1024 * 1024)

    with pytest.raises(LimitedJobError) as error:
        run_limited(allocate, timeout=10, memory_mb=100)

    assert error.value.reason == "memory"


def test_a_job_past_its_time_is_killed():
    with pytest.raises(LimitedJobError) as error:
        run_limited(time.sleep, 30, timeout=0.2, memory_mb=50)

    assert error.value.reason == "time"


def test_a_job_that_raises_says_why():
    def broken():
        raise ValueError("no such page")

    with pytest.raises(LimitedJobError) as error:
        run_limited(broken, timeout=5, memory_mb=50)

    assert error.value.reason == "error"
    assert "ValueError: no such page" in str(error.value)


@pytest.mark.parametrize(
    ("build", "verdict"),
    [
        (html_with_pdf_marker, pdf_check.NOT_PDF),
        (truncated_pdf, pdf_check.DAMAGED),
        (encrypted_pdf, pdf_check.ENCRYPTED),
        (zero_page_pdf, pdf_check.NO_PAGES),
        (deflate_bomb_pdf, pdf_check.TOO_LARGE),
        (spread_bomb_pdf, pdf_check.TOO_LARGE),
    ],
)
def test_check_gives_each_hostile_file_its_verdict(build, verdict):
    assert pdf_check.check_pdf(build()).verdict == verdict


def test_the_decoded_budget_counts_every_page():
    page = hand_written_pdf([b"0 0 m 1 1 l S\n" * 1000], filtered=False)
    three_pages = hand_written_pdf([b"0 0 m 1 1 l S\n" * 1000] * 3, filtered=False)
    budget = 2 * 14_000

    assert pdf_check.check_pdf(page, max_decoded_bytes=budget).is_ok
    assert pdf_check.check_pdf(three_pages, max_decoded_bytes=budget).verdict == (
        pdf_check.TOO_LARGE
    )


def test_real_pdfs_pass_with_their_pages_counted():
    tiny = pdf_check.check_pdf(TINY_PDF)
    assert (tiny.verdict, tiny.pages) == (pdf_check.OK, 1)
    result = pdf_check.check_pdf(note_verbale_pdf(pages=5))
    assert result.is_ok
    assert result.pages == 5
