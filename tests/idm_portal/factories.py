import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from idm_portal.models import User
from idm_portal.roles import FINANCE, SECRETARIAT

PASSWORD = "correct-horse-battery-2009"


class UserFactory(factory.django.DjangoModelFactory):
    """A user who can log in with PASSWORD. `verified=True` adds allauth's verified e-mail."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)

    class Params:
        verified = factory.Trait(
            email_address=factory.RelatedFactory(
                "tests.idm_portal.factories.EmailAddressFactory", factory_related_name="user"
            )
        )

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))


class EmailAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailAddress

    user = factory.SubFactory(UserFactory)
    email = factory.SelfAttribute("user.email")
    verified = True
    primary = True


class DelegateFactory(UserFactory):
    """A signed-up delegate whose e-mail is verified."""

    verified = True


def _staff_groups(names: tuple[str, ...]):
    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            self.groups.add(*Group.objects.filter(name__in=extracted or names))

    return groups


class SecretariatStaffFactory(UserFactory):
    verified = True
    is_staff = True
    groups = _staff_groups((SECRETARIAT,))


class FinanceStaffFactory(UserFactory):
    verified = True
    is_staff = True
    groups = _staff_groups((FINANCE,))
