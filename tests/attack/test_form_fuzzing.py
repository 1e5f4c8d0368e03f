"""Issue 15, attack 2: hypothesis fuzzing of every public, delegate, focal-point and donor
form — random text, Unicode, NUL bytes, very long strings, HTML and SQL fragments, formula
prefixes — never a 500, no markup printed as typed, no NUL stored, no formula in an export.

Each form gets a modest number of examples (FUZZ), so the suite's time stays sane; the
examples of one test share its database state (a registration made by one is there for the
next), which is part of the attack. The portal has no contact form: its footer gives the
Secretariat's address (tests/idm_portal/test_contact.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from idm_portal.files.registry import get_renderer
from idm_portal.models import OutboundEmail
from surveys.models.surveys import Question
from tests.attack.fuzzing import (
    EXAMPLE_TEXTS,
    RAW_MARKUP,
    assert_answer_is_safe,
    assert_no_nul_stored,
    base_data,
    examples,
    form_data,
    formulas_in_xlsx,
    hostile_text,
)
from tests.attack.test_passport_leaks import text_of
from tests.attack.world import (
    ANONYMOUS,
    DELEGATE,
    DONOR,
    FOCAL_POINT,
    INVITEE,
    OTHER_DELEGATE,
    SECRETARIAT,
    World,
)
from tests.registrations.pdf_files import TINY_PDF
from tests.surveys.factories import survey_of_every_kind
from tests.surveys.results_helpers import answers_file, downloaded

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,  # no .hypothesis folder in the worktree; each run draws afresh
)


def _pages(world: World) -> list[tuple[str, str]]:
    """Pages that show what the forms store (read after every save that succeeded)."""
    return [
        (DELEGATE, reverse("registrations:profile")),
        (DELEGATE, reverse("registrations:my_registrations")),
        (FOCAL_POINT, reverse("registrations:delegation_board", args=[world.workshop.slug])),
        (SECRETARIAT, "/admin/registrations/delegateprofile/"),
        (SECRETARIAT, f"/admin/registrations/delegateprofile/{world.profile.pk}/change/"),
        (SECRETARIAT, "/admin/registrations/registration/"),
        (SECRETARIAT, "/admin/registrations/sponsorship/"),
        (SECRETARIAT, "/admin/registrations/delegateinvitation/"),
        (SECRETARIAT, "/admin/registrations/delegation/"),
        (SECRETARIAT, "/admin/idm_portal/user/"),
        (SECRETARIAT, reverse("admin:surveys_survey_results", args=[world.survey.pk])),
    ]


def _read_pages(world: World, clients) -> None:
    for role, url in _pages(world):
        assert_answer_is_safe(clients[role].get(url))


def _read_back(world: World, clients) -> None:
    """After the attack: every page that shows what people typed prints it escaped, the
    staff's export holds no formula and no NUL was stored."""
    _read_pages(world, clients)
    export = reverse("admin:registrations_registration_export")
    form = clients[SECRETARIAT].get(export).context["form"]
    data = {"format": "1", "resource": "0"}
    data.update({name: "on" for name in form.fields if name.startswith("registrationresource_")})
    response = clients[SECRETARIAT].post(export, data)
    assert response.status_code == 200
    assert formulas_in_xlsx(response.content) == []
    assert_no_nul_stored()
    # The e-mails written so far (invitations, confirmations): their HTML escapes names too.
    for html in OutboundEmail.objects.values_list("html", flat=True):
        assert not [markup for markup in RAW_MARKUP if markup in html]


# (test id, who fills it, its URL, the context names of its forms, fields kept as given)
FORMS: list[tuple[str, str, Callable[[World], str], tuple[str, ...]]] = [
    ("sign-up", ANONYMOUS, lambda w: reverse("account_signup"), ("form",)),
    ("login", ANONYMOUS, lambda w: reverse("account_login"), ("form",)),
    ("password reset", ANONYMOUS, lambda w: reverse("account_reset_password"), ("form",)),
    ("profile", DELEGATE, lambda w: reverse("registrations:profile"), ("form",)),
    ("e-mail address", DELEGATE, lambda w: reverse("account_email"), ("form",)),
    ("password change", DELEGATE, lambda w: reverse("account_change_password"), ("form",)),
    (
        "first registration with a profile",
        INVITEE,
        lambda w: reverse("registrations:register", args=[w.workshop.slug]),
        ("form", "profile_form"),
    ),
    (
        "cancel a registration",
        DELEGATE,
        lambda w: reverse("registrations:cancel", args=[w.registration.pk]),
        ("form",),
    ),
    (
        "sponsorship request",
        OTHER_DELEGATE,
        lambda w: reverse("registrations:request_sponsorship", args=[w.other_registration.pk]),
        ("form",),
    ),
    (
        "invitation answer",
        INVITEE,
        lambda w: reverse("registrations:invitation", args=[w.invitation_token]),
        ("form",),
    ),
    (
        "focal point registers a delegate",
        FOCAL_POINT,
        lambda w: reverse("registrations:delegation_register", args=[w.workshop.slug]),
        ("form",),
    ),
    (
        "focal point withdraws a registration",
        FOCAL_POINT,
        lambda w: reverse(
            "registrations:delegation_withdraw", args=[w.workshop.slug, w.registration.pk]
        ),
        ("form",),
    ),
]


@pytest.mark.parametrize(("name", "role", "url", "form_names"), FORMS, ids=[f[0] for f in FORMS])
def test_a_form_never_fails_on_hostile_input(world_and_clients, name, role, url, form_names):
    world, clients = world_and_clients
    client = clients[role] if role != ANONYMOUS else Client()
    path = url(world)
    page = client.get(path)
    assert page.status_code == 200, f"{name}: {page.status_code}"
    forms = [page.context[form_name] for form_name in form_names if page.context.get(form_name)]
    assert forms, f"{name}: no form on the page"
    strategy = st.tuples(*(form_data(form) for form in forms)).map(
        lambda parts: {key: value for part in parts for key, value in part.items()}
    )

    @FUZZ
    @given(data=strategy)
    def attack(data):
        response = client.post(path, data)
        assert_answer_is_safe(response)
        if response.status_code == 302:  # saved: what it stored is shown escaped
            _read_pages(world, clients)

    bases = [base_data(form) for form in forms]
    for index, form in enumerate(forms):
        for tried in examples(form):
            others = {
                key: value
                for base in bases[:index] + bases[index + 1 :]
                for key, value in base.items()
            }
            attack = example(data={**others, **tried})(attack)
    attack()
    _read_back(world, clients)


def test_the_note_verbale_upload_never_fails_on_hostile_input(world_and_clients):
    world, clients = world_and_clients
    client = clients[FOCAL_POINT]
    path = reverse("registrations:delegation_note_verbale", args=[world.workshop.slug])
    form = client.get(path).context["form"]

    @FUZZ
    @given(
        data=form_data(form),
        filename=st.one_of(hostile_text(), st.just("note.pdf")).map(lambda n: (n or "x")[:200]),
        content=st.one_of(st.binary(max_size=2000), st.just(TINY_PDF)),
    )
    def attack(data, filename, content):
        upload = SimpleUploadedFile(filename, content, content_type="application/pdf")
        assert_answer_is_safe(client.post(path, {**data, "note_verbale": upload}))

    attack()
    _read_back(world, clients)


def _survey_fields(survey) -> dict[str, st.SearchStrategy]:
    fields: dict[str, st.SearchStrategy] = {"action": st.sampled_from(["save", "submit", "x"])}
    for question in survey.questions.prefetch_related("choices"):
        name = f"q{question.pk}"
        choices = [str(choice.pk) for choice in question.choices.all()]
        if question.kind == Question.Kind.RANKING:
            for choice in choices:
                fields[f"{name}-c{choice}"] = st.one_of(
                    st.sampled_from(["1", "2", "3"]), hostile_text()
                )
        elif choices:
            fields[name] = st.lists(st.one_of(st.sampled_from(choices), hostile_text()), max_size=3)
        else:
            fields[name] = st.one_of(st.sampled_from(["3", "12,5", "Words"]), hostile_text())
    return fields


def test_survey_answers_never_fail_on_hostile_input(world_and_clients):
    world, clients = world_and_clients
    survey = survey_of_every_kind(programme=world.programme)
    client = clients[FOCAL_POINT]
    path = reverse("surveys:answer", args=[survey.pk])
    assert client.get(path).status_code == 200

    @FUZZ
    @given(data=st.fixed_dictionaries(_survey_fields(survey)))
    def attack(data):
        assert_answer_is_safe(client.post(path, data))

    for text in EXAMPLE_TEXTS:
        for action in ("save", "submit"):
            data = dict.fromkeys(_survey_fields(survey), text)
            attack = example(data={**data, "action": action})(attack)
    attack()
    assert_answer_is_safe(clients[SECRETARIAT].get(f"/admin/surveys/survey/{survey.pk}/results/"))
    # The raw answers, through the file pipeline as staff ask for them.
    row = answers_file(clients[SECRETARIAT], survey, "xlsx")
    assert formulas_in_xlsx(downloaded(clients[SECRETARIAT], row)) == []
    _read_back(world, clients)


def test_the_donor_report_request_and_the_language_switch_never_fail(world_and_clients):
    world, clients = world_and_clients

    @FUZZ
    @given(language=hostile_text(), next_url=hostile_text())
    def attack(language, next_url):
        assert_answer_is_safe(
            clients[DONOR].post(reverse("funding:request_report"), {"language": language})
        )
        assert_answer_is_safe(
            clients[DONOR].get(reverse("funding:dashboard"), {"language": language})
        )
        response = Client().post("/i18n/setlang/", {"language": language, "next": next_url})
        assert_answer_is_safe(response)
        if response.status_code == 302:  # never away from the portal
            assert not response["Location"].startswith(("http:", "https:", "//"))

    attack()


def test_markup_typed_in_a_name_is_printed_as_text_in_the_letters(world_and_clients):
    """The PDFs are HTML rendered by WeasyPrint: a name holding markup is printed as the
    characters typed, never laid out (an <img> could fetch a file)."""
    world, _clients = world_and_clients
    profile = world.profile
    profile.given_names = "<b>Bold</b>"
    profile.family_name = "<img src='file:///etc/passwd'>"
    profile.save()
    for kind in ("confirmation_letter", "visa_letter"):
        # (The visa letter writes the family name in capitals, as the passport does.)
        text = text_of(get_renderer(kind).render(world.registration, "en").content).lower()
        assert "<b>bold</b>" in text, kind
        assert "<img src=" in text, kind
