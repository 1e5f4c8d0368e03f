"""The registration benchmark's own machinery (bench/registrations.py), without gunicorn: the
delegates it writes in bulk can register through the real form, and its "nothing lost" check
catches a lost, a doubled and an unannounced registration. No timing is asserted here."""

import pytest
from django.urls import reverse
from django.utils import translation

from bench import registrations as bench
from bench._http import percentile
from registrations.models.emails import RegistrationEmail
from registrations.models.lifecycle import Registration
from registrations.models.profiles import DelegateProfile
from tests.registrations.factories import DelegateProfileFactory, RegistrationFactory
from tests.workshops.factories import WorkshopFactory


def register_path(workshop) -> str:
    with translation.override("en"):
        return reverse("registrations:register", kwargs={"slug": workshop.slug})


def test_bench_defaults_and_refuses_to_drop_a_database_not_its_own(capsys):
    args = bench.parse_args([])
    assert (args.delegates, args.concurrency, args.keep) == (1000, 8, False)
    assert args.database_url.endswith("/idm_bench")
    with pytest.raises(SystemExit):
        bench.parse_args(["--database-url", "postgres://postgres@127.0.0.1:5432/idm"])
    assert "must name a PostgreSQL database" in capsys.readouterr().err


@pytest.mark.django_db
@pytest.mark.parametrize("with_profiles", [True, False], ids=["profiles", "profile-form"])
def test_bench_delegates_are_logged_in_and_register_through_the_form(with_profiles):
    workshop = WorkshopFactory()
    delegates = bench.create_delegates(3, with_profiles=with_profiles)

    # The written sessions log the delegates in; the form's tokens and (for first-time
    # delegates) the generated profile are accepted: each GET is a 200, each POST a 302.
    queries = bench.count_queries(register_path(workshop), delegates)

    assert len(queries) == 3
    assert (
        bench.nothing_lost(
            workshop_id=workshop.pk,
            user_ids=[d.user_id for d in delegates],
            redirected={d.user_id for d in delegates},
        )
        == []
    )
    assert DelegateProfile.objects.filter(user_id__in=[d.user_id for d in delegates]).count() == 3


@pytest.mark.django_db
def test_nothing_lost_names_lost_doubled_unannounced_and_silent_registrations():
    workshop = WorkshopFactory()
    kept, lost, doubled, unannounced, silent = (DelegateProfileFactory() for _ in range(5))
    for profile in (kept, doubled, unannounced, silent):
        registration = RegistrationFactory(delegate=profile, workshop=workshop)
        if profile is not silent:
            RegistrationEmail.objects.create(registration=registration, kind="received")
    earlier = RegistrationFactory(
        delegate=doubled, workshop=workshop, status=Registration.Status.CANCELLED
    )
    RegistrationEmail.objects.create(registration=earlier, kind="received")
    profiles = (kept, lost, doubled, unannounced, silent)

    problems = bench.nothing_lost(
        workshop_id=workshop.pk,
        user_ids=[p.user_id for p in profiles],
        redirected={p.user_id for p in (kept, lost, doubled, silent)},
    )

    assert problems == [
        f"1 redirected POSTs have no registration (users {lost.user_id}…)",
        f"1 delegates registered twice (users {doubled.user_id}…)",
        f"1 registrations without a redirect (users {unannounced.user_id}…)",
        f'1 registrations without exactly one "received" e-mail (users {silent.user_id}…)',
        "5 registrations for 4 redirected POSTs",
    ]


def test_percentile_interpolates_between_the_nearest_values():
    latencies = [float(n) for n in range(1, 101)]
    assert percentile(latencies, 50) == 50.5
    assert percentile(latencies, 95) == pytest.approx(95.05)
    assert percentile([], 95) == 0.0
