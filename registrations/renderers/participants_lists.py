"""The workshop's list of participants as generated files (idm_portal.files.registry): PDF and
XLSX, public and staff versions, in each language. Staff who may see profiles fetch them at
/files/…; the public gets the public version through registrations.participants_lists.views,
only while it is published. Each fingerprint is the very data the file shows plus a layout
version, so that a withdrawn consent or a new head makes a new file."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from idm_portal import pdf
from idm_portal.files.registry import Rendered, register
from idm_portal.guards import exports
from registrations.participants_lists import (
    PARTICIPANTS_PDF,
    PARTICIPANTS_STAFF_PDF,
    PARTICIPANTS_STAFF_XLSX,
    PARTICIPANTS_XLSX,
)
from registrations.participants_lists import selectors as participants_lists_selectors
from registrations.renderers import common
from workshops.models import Workshop

# Bump when templates/pdf/participants.html or static/css/pdf.css changes the output, so that
# the next request makes a new file.
# 2009.3: text cells never formulas; 2009.4: the public list says how many are not listed.
PARTICIPANTS_LAYOUT_VERSION = "2009.4"


def may_download_participants(user, workshop: Workshop) -> bool:
    """At /files/…: staff who may see registrations only. The public gets the public list
    through registrations.participants_lists.views.participants_list, which serves it only
    while it is published and up to date with the registrations (a withdrawn consent never
    lingers in it)."""
    return common.is_registrations_staff(user)


def participants_data(workshop: Workshop, language: str, *, staff: bool) -> dict:
    groups = participants_lists_selectors.participants_list(
        workshop, language=language, staff=staff
    )
    return {
        "workshop": common.workshop_facts(workshop, language),
        "groups": groups,
        "total": sum(group.count for group in groups),
        "staff": staff,
        # The staff version lists everyone; the public one says how many it leaves out.
        "unlisted": 0 if staff else participants_lists_selectors.unlisted_count(workshop),
    }


def unlisted_text(count: int) -> str:
    """'2 participants are not listed: they did not consent to appear in the public list.'"""
    return ngettext(
        "%(count)d participant is not listed: they did not consent to appear in the public list.",
        "%(count)d participants are not listed: they did not consent to appear in the public list.",
        count,
    ) % {"count": count}


def _participants_fingerprint(staff: bool):
    def fingerprint(workshop: Workshop, language: str) -> list:
        data = participants_data(workshop, language, staff=staff)
        return [
            PARTICIPANTS_LAYOUT_VERSION,
            staff,
            data["workshop"],
            participants_lists_selectors.participants_rows(data["groups"]),
            data["unlisted"],
        ]

    return fingerprint


# How static/css/pdf.css sets an entry of the list (.participant, .participant-lines): 9.5pt
# DejaVu Serif on A4 (21 cm) between 2.4 cm page margins, indented 0.6 cm.
LIST_FONT_SIZE_PT = 9.5
LIST_LINE_WIDTH_PT = (21 - 2 * 2.4 - 0.6) * pdf.POINTS_PER_CM


@dataclass(frozen=True)
class PrintBlock:
    """One block of the printed list: `text` is plain (the template escapes it)."""

    css_class: str
    text: str


def entry_text(
    person: participants_lists_selectors.Participant, head_mark: str | None = None
) -> str:
    """'H.E. Peter ZULU (Head of Delegation), Counsellor, Ministry of Foreign Affairs'."""
    head_mark = gettext("(Head of Delegation)") if head_mark is None else head_mark
    name = f"{person.name} {head_mark}" if person.is_head else person.name
    return ", ".join(part for part in (name, person.position, person.institution) if part)


def print_blocks(people, *, staff: bool) -> list[PrintBlock]:
    """An entity's people as the blocks WeasyPrint lays out, fewest first: consecutive people
    whose entry fits on one line share one block, one line each (`white-space: pre-line`);
    an entry that wraps gets a block of its own, so that its second line hangs indented.
    WeasyPrint spends about as much on a block as on a line, so a list of 2,000 one-line
    entries makes ~170 blocks, not 2,000 (bench/participants.py). The staff version gives
    everyone a block: a second line holds the role, status and e-mail."""
    head_mark = gettext("(Head of Delegation)")
    blocks: list[PrintBlock] = []
    run: list[str] = []

    def end_run() -> None:
        if run:
            blocks.append(PrintBlock("participant-lines", "\n".join(run)))
            run.clear()

    for person in people:
        text = entry_text(person, head_mark)
        if not staff and pdf.fits_on_one_line(text, LIST_LINE_WIDTH_PT, LIST_FONT_SIZE_PT):
            run.append(text)
            continue
        end_run()
        if staff:
            details = [person.role, person.status, person.email]
            if not person.is_listed_publicly:
                details.append(gettext("[not in the public list]"))
            text += "\n" + " · ".join(filter(None, details))
        blocks.append(PrintBlock("participant", text))
    end_run()
    return blocks


def participants_html(workshop: Workshop, language: str, *, staff: bool = False) -> str:
    data = participants_data(workshop, language, staff=staff)
    with translation.override(language):
        printed = [
            (
                group,
                [
                    (entity, print_blocks(entity.participants, staff=staff))
                    for entity in group.entities
                ],
            )
            for group in data["groups"]
        ]
        context = {
            **data,
            "printed_groups": printed,
            "language": language,
            "meeting": data["workshop"]["meeting"],
            "page_label_css": pdf.css_string(gettext("Page")),
            "unlisted_text": unlisted_text(data["unlisted"]) if data["unlisted"] else "",
        }
    return pdf.render_html("pdf/participants.html", context, language=language)


def participants_filename(workshop: Workshop, language: str, extension: str, *, staff: bool):
    if staff:
        token = common.private_token(f"participants-{extension}", workshop.pk)
        return f"participants-staff-{workshop.slug}-{language}-{token}.{extension}"
    return f"participants-{workshop.slug}-{language}.{extension}"


def download_name(workshop: Workshop, language: str, extension: str, *, staff: bool) -> str:
    """The name a reader's browser saves the list under (no token)."""
    prefix = "participants-staff" if staff else "participants"
    return f"{prefix}-{workshop.slug}-{language}.{extension}"


def _render_participants_pdf(staff: bool):
    def render(workshop: Workshop, language: str) -> Rendered:
        content = pdf.html_to_pdf(participants_html(workshop, language, staff=staff))
        return Rendered(
            content=content,
            filename=participants_filename(workshop, language, "pdf", staff=staff),
        )

    return render


def participants_xlsx(workshop: Workshop, language: str, *, staff: bool = False) -> bytes:
    """One sheet: a bold, frozen header row, then one row per participant in list order.
    Names and titles are typed by people: idm_portal.guards.exports writes them as text."""
    data = participants_data(workshop, language, staff=staff)
    with translation.override(language):
        yes = gettext("Yes")
        no = gettext("No")
        columns = [
            (gettext("Group"), 28),
            (gettext("State or organization"), 32),
            (gettext("Title"), 8),
            (gettext("Family name"), 22),
            (gettext("Given names"), 22),
            (gettext("Position"), 34),
            (gettext("Ministry or institution"), 38),
            (gettext("Head of delegation"), 12),
        ]
        if staff:
            columns += [
                (gettext("Role"), 18),
                (gettext("Status"), 14),
                (gettext("E-mail"), 32),
                (gettext("In the public list"), 12),
            ]
        rows = []
        for row in participants_lists_selectors.participants_rows(data["groups"]):
            group, entity, title, family, given, position, institution, is_head = row[:8]
            values = [
                group,
                entity,
                title,
                family.upper(),
                given,
                position,
                institution,
                yes if is_head else "",
            ]
            if staff:
                is_public, role, status, email = row[8], row[9], row[10], row[11]
                values += [role, status, email, yes if is_public else no]
            rows.append(values)
        if data["unlisted"]:
            # Below the list, after an empty row: the file says who it leaves out, in numbers.
            rows += [[], [unlisted_text(data["unlisted"])]]
        return exports.xlsx_bytes(
            [label for label, _width in columns],
            rows,
            title=gettext("Participants"),
            widths=[width for _label, width in columns],
        )


def _render_participants_xlsx(staff: bool):
    def render(workshop: Workshop, language: str) -> Rendered:
        return Rendered(
            content=participants_xlsx(workshop, language, staff=staff),
            filename=participants_filename(workshop, language, "xlsx", staff=staff),
        )

    return render


for kind, is_staff_version, renderer_for, label in (
    (PARTICIPANTS_PDF, False, _render_participants_pdf, _("Public list of participants (PDF)")),
    (PARTICIPANTS_STAFF_PDF, True, _render_participants_pdf, _("Staff list of participants (PDF)")),
    (PARTICIPANTS_XLSX, False, _render_participants_xlsx, _("Public list of participants (XLSX)")),
    (
        PARTICIPANTS_STAFF_XLSX,
        True,
        _render_participants_xlsx,
        _("Staff list of participants (XLSX)"),
    ),
):
    register(
        kind,
        render=renderer_for(staff=is_staff_version),
        fingerprint=_participants_fingerprint(staff=is_staff_version),
        can_download=may_download_participants,
        label=label,
    )
