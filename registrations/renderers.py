"""Generated files of the registrations app, registered with the portal's pipeline: the
delegate's confirmation letter and the workshop's list of participants (PDF and XLSX, public
and staff versions).

Each fingerprint is the very data the file shows (built by the same function the renderer
uses) plus a layout version, so that any change to what a reader would see makes a new file.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext, pgettext_lazy

from idm_portal import exports, pdf
from idm_portal.generated import Rendered, register
from idm_portal.templatetags.portal import date_range
from registrations import reports
from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile
from registrations.participants_lists import (
    PARTICIPANTS_PDF,
    PARTICIPANTS_STAFF_PDF,
    PARTICIPANTS_STAFF_XLSX,
    PARTICIPANTS_XLSX,
)
from workshops.models import Workshop

CONFIRMATION_LETTER = "confirmation_letter"
# Bump when a template (templates/pdf/confirmation_letter.html, participants.html) or
# static/css/pdf.css changes the output, so that the next request makes a new file.
LETTER_LAYOUT_VERSION = "2009.2"
PARTICIPANTS_LAYOUT_VERSION = "2009.3"  # 2009.3: text cells never formulas


# Staff who may see delegates' profiles may fetch every registration document (letters, staff
# lists of participants); seeing registrations alone (Finance) is not enough.
STAFF_PERMISSION = "registrations.view_delegateprofile"


def _is_registrations_staff(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_staff
        and user.has_perm(STAFF_PERMISSION)
    )


def may_download_letter(user, registration: Registration) -> bool:
    """At /files/…: the registration's own delegate while the seat holds, and staff who may see
    registrations (the admin). The delegate's page uses its own view, with the same rule."""
    if _is_registrations_staff(user):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and registration.delegate.user_id == user.pk
        and reports.has_seat(registration)
    )


def may_download_participants(user, workshop: Workshop) -> bool:
    """At /files/…: staff who may see registrations only. The public gets the public list
    through registrations.participants_lists.views.participants_list, which serves it only
    while it is published and up to date with the registrations (a withdrawn consent never
    lingers in it)."""
    return _is_registrations_staff(user)


def private_token(kind: str, pk: int) -> str:
    """An unguessable part of a private file's stored name, should the media folder ever be
    served: private files are only ever handed out by views that check who asks."""
    return salted_hmac("registrations.generated-file", f"{kind}:{pk}").hexdigest()[:20]


def _meeting(workshop: Workshop) -> str:
    return gettext("International Dialogue on Migration %(year)s") % {
        "year": workshop.programme.year
    }


def _workshop_facts(workshop: Workshop, language: str) -> dict:
    with translation.override(language):
        return {
            "title": workshop.title,
            "dates": date_range(workshop.start_date, workshop.end_date),
            "start_date": workshop.start_date,
            "end_date": workshop.end_date,
            "venue": workshop.venue,
            "year": workshop.programme.year,
            "theme": workshop.programme.theme,
            "meeting": _meeting(workshop),
        }


# --- Confirmation letter ----------------------------------------------------------------------

Title = DelegateProfile.Title
Gender = DelegateProfile.Gender
# The letter's salutation, by title and, where a language's form depends on it, by gender:
# English "Dear Ms Diallo,", French "Madame,", Spanish "Estimada Sra. Diallo:". The English
# text repeats across genders; the context tells the translator which form each one is, and
# that a language greeting by title alone may leave the name out (tests/test_translations.py).
_SALUTATIONS = {
    (Title.MR, None): pgettext_lazy(
        "letter salutation to a man (the name may be left out)", "Dear Mr %(name)s,"
    ),
    (Title.MS, None): pgettext_lazy(
        "letter salutation to a woman (the name may be left out)", "Dear Ms %(name)s,"
    ),
    (Title.MRS, None): pgettext_lazy(
        "letter salutation to a woman (the name may be left out)", "Dear Mrs %(name)s,"
    ),
    (Title.DR, Gender.FEMALE): pgettext_lazy(
        "letter salutation to a woman (the name may be left out)", "Dear Dr %(name)s,"
    ),
    (Title.DR, Gender.MALE): pgettext_lazy(
        "letter salutation to a man (the name may be left out)", "Dear Dr %(name)s,"
    ),
    (Title.DR, None): pgettext_lazy(
        "letter salutation, gender not given (the name may be left out)", "Dear Dr %(name)s,"
    ),
    (Title.PROF, Gender.FEMALE): pgettext_lazy(
        "letter salutation to a woman (the name may be left out)", "Dear Professor %(name)s,"
    ),
    (Title.PROF, Gender.MALE): pgettext_lazy(
        "letter salutation to a man (the name may be left out)", "Dear Professor %(name)s,"
    ),
    (Title.PROF, None): pgettext_lazy(
        "letter salutation, gender not given (the name may be left out)", "Dear Professor %(name)s,"
    ),
    (Title.HE, Gender.FEMALE): pgettext_lazy(
        "letter salutation to a woman (the name may be left out)", "Your Excellency,"
    ),
    (Title.HE, Gender.MALE): pgettext_lazy(
        "letter salutation to a man (the name may be left out)", "Your Excellency,"
    ),
    (Title.HE, None): pgettext_lazy(
        "letter salutation, gender not given (the name may be left out)", "Your Excellency,"
    ),
}
_NO_TITLE = pgettext_lazy(
    "letter salutation, no title given (the name may be left out)", "Dear %(name)s,"
)


def salutation(profile: DelegateProfile, language: str) -> str:
    """How the letter greets the delegate, formally, in `language`."""
    gender = profile.gender if profile.gender in (Gender.FEMALE, Gender.MALE) else None
    message = _SALUTATIONS.get((profile.title, gender)) or _SALUTATIONS.get((profile.title, None))
    with translation.override(language):
        if message is None:
            return str(_NO_TITLE) % {"name": f"{profile.given_names} {profile.family_name}"}
        return str(message) % {"name": profile.family_name}


def letter_data(registration: Registration, language: str) -> dict:
    """Everything the confirmation letter shows, as plain values in `language`."""
    profile = registration.delegate
    workshop = registration.workshop
    with translation.override(language):
        title = profile.get_title_display() if profile.title else ""
        state = reports.state_name(profile.member_state, language)
        workshop_path = reverse("workshops:detail", kwargs={"slug": workshop.slug})
        return {
            "reference": f"IDM/{workshop.programme.year}/REG/{registration.pk:05d}",
            "date": reports.seat_confirmed_on(registration),
            "place": gettext("Geneva"),
            "title": title,
            "salutation": salutation(profile, language),
            "given_names": profile.given_names,
            "family_name": profile.family_name.upper(),
            "position": profile.position,
            "institution": profile.institution,
            "represents": reports.represents(profile, language),
            "state": state,
            "is_state": bool(profile.member_state_id),
            "participant_type": profile.get_participant_type_display(),
            "role": registration.get_role_display(),
            "status": registration.status,
            "status_label": registration.get_status_display(),
            "has_seat": reports.has_seat(registration),
            "is_head": reports.is_head_of_delegation(registration),
            "workshop": _workshop_facts(workshop, language),
            "workshop_url": settings.PORTAL_BASE_URL.rstrip("/") + workshop_path,
        }


def letter_fingerprint(registration: Registration, language: str) -> list:
    return [LETTER_LAYOUT_VERSION, letter_data(registration, language)]


def letter_html(registration: Registration, language: str) -> str:
    letter = letter_data(registration, language)
    with translation.override(language):
        context = {
            "letter": letter,
            "language": language,
            "meeting": letter["workshop"]["meeting"],
            "page_label_css": pdf.css_string(gettext("Page")),
        }
    return pdf.render_html("pdf/confirmation_letter.html", context, language=language)


def render_confirmation_letter(registration: Registration, language: str) -> Rendered:
    if not reports.has_seat(registration):
        raise pdf.RenderError("A confirmation letter is made only for a confirmed seat.")
    content = pdf.html_to_pdf(letter_html(registration, language))
    token = private_token(CONFIRMATION_LETTER, registration.pk)
    return Rendered(content=content, filename=f"confirmation-letter-{language}-{token}.pdf")


def letter_download_name(registration: Registration, language: str) -> str:
    return f"confirmation-letter-{registration.workshop.slug}-{language}.pdf"


# --- List of participants ---------------------------------------------------------------------


def participants_data(workshop: Workshop, language: str, *, staff: bool) -> dict:
    groups = reports.participants_list(workshop, language=language, staff=staff)
    return {
        "workshop": _workshop_facts(workshop, language),
        "groups": groups,
        "total": sum(group.count for group in groups),
        "staff": staff,
    }


def _participants_fingerprint(staff: bool):
    def fingerprint(workshop: Workshop, language: str) -> list:
        data = participants_data(workshop, language, staff=staff)
        return [
            PARTICIPANTS_LAYOUT_VERSION,
            staff,
            data["workshop"],
            reports.participants_rows(data["groups"]),
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


def entry_text(person: reports.Participant, head_mark: str | None = None) -> str:
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
        }
    return pdf.render_html("pdf/participants.html", context, language=language)


def participants_filename(workshop: Workshop, language: str, extension: str, *, staff: bool):
    if staff:
        token = private_token(f"participants-{extension}", workshop.pk)
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
    Names and titles are typed by people: idm_portal.exports writes them as text."""
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
        for row in reports.participants_rows(data["groups"]):
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


register(
    CONFIRMATION_LETTER,
    render=render_confirmation_letter,
    fingerprint=letter_fingerprint,
    can_download=may_download_letter,
)
for _kind, _staff, _render in (
    (PARTICIPANTS_PDF, False, _render_participants_pdf),
    (PARTICIPANTS_STAFF_PDF, True, _render_participants_pdf),
    (PARTICIPANTS_XLSX, False, _render_participants_xlsx),
    (PARTICIPANTS_STAFF_XLSX, True, _render_participants_xlsx),
):
    register(
        _kind,
        render=_render(staff=_staff),
        fingerprint=_participants_fingerprint(staff=_staff),
        can_download=may_download_participants,
    )
