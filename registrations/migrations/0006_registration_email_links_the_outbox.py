"""Registration e-mails go through the outbox: RegistrationEmail becomes a link to the
OutboundEmail row that carries the e-mail, and loses its own status, attempts and sent_at.

Rows sent or failed before keep their history in an outbox row of their own (no bodies: a sent
row's bodies are emptied anyway). A row still pending cannot be rendered here (templates and
code of the day are not a migration's to call): it gets a `failed` outbox row that says so;
staff can see it in the admin. Drain the queue before migrating to avoid any.
"""

import django.db.models.deletion
from django.db import migrations, models

NOT_SENT = "Was still waiting when registration e-mails moved to the outbox; not sent."


def link_existing_emails(apps, schema_editor):
    RegistrationEmail = apps.get_model("registrations", "RegistrationEmail")
    OutboundEmail = apps.get_model("idm_portal", "OutboundEmail")
    emails = RegistrationEmail.objects.select_related(
        "registration__delegate__user", "invitation"
    ).iterator()
    for email in emails:
        if email.registration_id:
            to = email.registration.delegate.user.email
        else:
            to = email.invitation.email
        pending = email.status == "pending"
        outbound = OutboundEmail.objects.create(
            kind=f"registrations/email/{email.kind}",
            to=to,
            subject="",
            status="failed" if pending else email.status,
            attempts=email.attempts,
            error=NOT_SENT if pending else "",
            sent_at=email.sent_at,
        )
        OutboundEmail.objects.filter(pk=outbound.pk).update(created_at=email.created_at)
        email.outbound_email = outbound
        email.save(update_fields=["outbound_email"])


def unlink(apps, schema_editor):
    """Back: each row takes its outbox row's state (a cancelled e-mail counts as failed)."""
    RegistrationEmail = apps.get_model("registrations", "RegistrationEmail")
    for email in RegistrationEmail.objects.select_related("outbound_email").iterator():
        outbound = email.outbound_email
        if outbound is None:
            continue
        status = {"sending": "pending", "cancelled": "failed"}.get(outbound.status, outbound.status)
        RegistrationEmail.objects.filter(pk=email.pk).update(
            status=status, attempts=outbound.attempts, sent_at=outbound.sent_at
        )


class Migration(migrations.Migration):
    dependencies = [
        ("idm_portal", "0006_outbound_email_cancelled"),
        ("registrations", "0005_delegate_invitations"),
    ]

    operations = [
        migrations.AddField(
            model_name="registrationemail",
            name="outbound_email",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="registration_email",
                to="idm_portal.outboundemail",
                verbose_name="outbound e-mail",
            ),
        ),
        migrations.RunPython(link_existing_emails, unlink),
        migrations.RemoveIndex(
            model_name="registrationemail",
            name="registratio_status_237f2c_idx",
        ),
        migrations.RemoveField(model_name="registrationemail", name="attempts"),
        migrations.RemoveField(model_name="registrationemail", name="sent_at"),
        migrations.RemoveField(model_name="registrationemail", name="status"),
    ]
