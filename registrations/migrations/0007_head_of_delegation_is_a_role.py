"""The head of a delegation is stored once: the role of one registration (it was stored twice,
as Delegation.head_of_delegation and Registration.role, which could disagree).

Existing data: the head named on a delegation keeps (or takes) the role of head; every other
registration holding the role becomes a delegate, and so does a head whose registration has
ended (cancelled, declined) or belongs to no delegation. A delegation whose heads all held the
role only keeps its earliest active one. Reversing names each delegation's head again.
"""

from django.conf import settings
from django.db import migrations, models

HEAD, DELEGATE = "head", "delegate"
ENDED = ("cancelled", "declined")


def one_head_per_delegation(apps, schema_editor):
    Delegation = apps.get_model("registrations", "Delegation")
    Registration = apps.get_model("registrations", "Registration")
    heads = {}  # delegation id -> registration id
    named = Delegation.objects.filter(head_of_delegation__isnull=False).exclude(
        head_of_delegation__status__in=ENDED
    )
    for delegation_id, head_id in named.values_list("pk", "head_of_delegation_id"):
        heads[delegation_id] = head_id
    by_role = (
        Registration.objects.filter(role=HEAD, delegation__isnull=False)
        .exclude(status__in=ENDED)
        .order_by("created_at", "pk")
    )
    for delegation_id, registration_id in by_role.values_list("delegation_id", "pk"):
        heads.setdefault(delegation_id, registration_id)
    Registration.objects.filter(role=HEAD).exclude(pk__in=heads.values()).update(role=DELEGATE)
    Registration.objects.filter(pk__in=heads.values()).update(role=HEAD)


def name_heads_on_delegations(apps, schema_editor):
    Delegation = apps.get_model("registrations", "Delegation")
    Registration = apps.get_model("registrations", "Registration")
    for head in Registration.objects.filter(role=HEAD, delegation__isnull=False):
        Delegation.objects.filter(pk=head.delegation_id).update(head_of_delegation=head.pk)


class Migration(migrations.Migration):

    dependencies = [
        ('registrations', '0006_registration_email_links_the_outbox'),
        ('workshops', '0005_text_length_limits'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(one_head_per_delegation, name_heads_on_delegations),
        migrations.RemoveField(
            model_name='delegation',
            name='head_of_delegation',
        ),
        migrations.RemoveField(
            model_name='historicaldelegation',
            name='head_of_delegation',
        ),
        migrations.AddConstraint(
            model_name='registration',
            constraint=models.UniqueConstraint(condition=models.Q(('role', 'head')), fields=('delegation',), name='one_head_per_delegation', violation_error_code='one_head', violation_error_message='This delegation already has a head of delegation.'),
        ),
        migrations.AddConstraint(
            model_name='registration',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('role', 'head'), _negated=True), models.Q(('delegation__isnull', False), models.Q(('status__in', ['cancelled', 'declined']), _negated=True)), _connector='OR'), name='head_of_delegation_is_active_in_a_delegation', violation_error_code='head_not_eligible', violation_error_message="Only an active registration in a member state's delegation can be its head."),
        ),
    ]
