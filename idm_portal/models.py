from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: the e-mail address is the login."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("Language of the e-mails and documents the portal sends you."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        full_name = self.get_full_name()
        return f"{full_name} <{self.email}>" if full_name else self.email


def _generated_upload_to(instance: "GeneratedFile", filename: str) -> str:
    return f"generated/{instance.kind}/{instance.language}/{filename}"


class GeneratedFile(models.Model):
    """A file the portal makes in the background (a document's PDF, a list of participants, a
    visa letter …): one row per kind, object and language, reused for each new rendering.

    The file of the last good rendering stays until a new one replaces it, so a failed or a
    pending rendering never takes a published PDF away."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be made")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=50)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, verbose_name=_("type of object")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    file = models.FileField(_("file"), upload_to=_generated_upload_to, blank=True, max_length=300)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    input_hash = models.CharField(
        _("input hash"), max_length=64, blank=True, help_text=_("Hash of the input asked for.")
    )
    file_input_hash = models.CharField(
        _("file's input hash"),
        max_length=64,
        blank=True,
        help_text=_("Hash of the input that produced the current file."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    queued_at = models.DateTimeField(_("sent to the workers"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    # The lease of a running row: who is making the file and until when they are trusted to
    # be alive (renewed while the rendering lives, idm_portal.files.services). An expired lease is
    # taken over; a live one held by another run is left alone.
    lease_holder = models.CharField(
        _("lease holder"),
        max_length=200,
        blank=True,
        help_text=_("Host, process and run making the file now."),
    )
    lease_task_id = models.CharField(_("task holding the lease"), max_length=255, blank=True)
    lease_expires_at = models.DateTimeField(_("lease expires"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("generated file")
        verbose_name_plural = _("generated files")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "language"],
                name="unique_generated_file_per_object_language",
            )
        ]
        indexes = [models.Index(fields=["state", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id} ({self.language}): {self.get_state_display()}"

    @property
    def is_in_progress(self) -> bool:
        return self.state in (self.State.PENDING, self.State.RUNNING)

    @property
    def has_file(self) -> bool:
        return bool(self.file)

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""

    def get_download_url(self) -> str:
        """Where the file is served, after its kind's permission check (never MEDIA_URL)."""
        return reverse("generated_file", args=[self.pk, self.filename])

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None


class OutboundEmail(models.Model):
    """An e-mail the portal owes someone (idm_portal.queue.outbox): written `pending` in the
    transaction that decided to send it, sent after commit by a Celery task that claims the row
    first, retried with backoff, re-enqueued by a periodic sweep if a broker was down. The
    bodies are emptied once sent: they may hold sign-in links that must not lie in the
    database longer than needed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # Not to be sent any more: what it said no longer holds (a withdrawn invitation).
        CANCELLED = "cancelled", pgettext_lazy("e-mail status", "Cancelled")

    kind = models.CharField(
        _("kind"), max_length=100, blank=True, help_text=_("Which e-mail this is (its template).")
    )
    to = models.EmailField(_("recipient"), max_length=254)
    from_email = models.CharField(
        _("sender"), max_length=254, blank=True, help_text=_("Empty: DEFAULT_FROM_EMAIL.")
    )
    subject = models.CharField(_("subject"), max_length=500)
    text = models.TextField(_("plain text"), blank=True)
    html = models.TextField(_("HTML"), blank=True)
    # Text files sent with it (a calendar file): [{"filename", "content", "mimetype"}].
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    due_at = models.DateTimeField(
        _("due at"),
        null=True,
        blank=True,
        help_text=_("When a task was last due to send it (enqueued, or a retry's time)."),
    )
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbound e-mail")
        verbose_name_plural = _("outbound e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to} ({self.get_status_display()})"
