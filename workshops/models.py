from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from idm_portal.fields import bounded_text_field
from idm_portal.kept import reverse
from workshops import dates, hooks, names, parity
from workshops.markdown import MarkdownError, validate_body
from workshops.parity_fields import TranslationWaiver


class MemberState(models.Model):
    """An IOM member or observer state, as the membership stood in 2009."""

    class Status(models.TextChoices):
        MEMBER = "member", _("Member state")
        OBSERVER = "observer", _("Observer state")

    class Region(models.TextChoices):
        AFRICA = "africa", _("Africa")
        AMERICAS = "americas", _("Americas")
        ASIA = "asia", _("Asia")
        EUROPE = "europe", _("Europe")
        OCEANIA = "oceania", _("Oceania")

    class DacCategory(models.TextChoices):
        # OECD DAC List of ODA Recipients (flows of 2008-2010); NONE = not on the list.
        LDC = "ldc", _("Least developed country")
        OLIC = "olic", _("Other low-income country")
        LMICT = "lmict", _("Lower middle-income country or territory")
        UMICT = "umict", _("Upper middle-income country or territory")
        NONE = "", _("Not on the DAC list")

    country = CountryField(_("country"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.MEMBER
    )
    admission_year = models.PositiveSmallIntegerField(_("admission year"), null=True, blank=True)
    region = models.CharField(_("region"), max_length=10, choices=Region.choices)
    dac_category = models.CharField(
        _("DAC category"), max_length=5, choices=DacCategory.choices, blank=True, default=""
    )
    is_eligible_override = models.BooleanField(
        _("sponsorship eligibility override"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty to follow the DAC list; Yes or No overrides it for travel sponsorship."
        ),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("member state")
        verbose_name_plural = _("member states")
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "name"]), models.Index(fields=["region"])]

    def __str__(self) -> str:
        return names.state_name(self)  # in the reader's language

    @property
    def is_on_dac_list(self) -> bool:
        return bool(self.dac_category)

    @property
    def is_sponsorship_eligible(self) -> bool:
        if self.is_eligible_override is not None:
            return self.is_eligible_override
        return self.is_on_dac_list


class Programme(models.Model):
    """One year of the International Dialogue on Migration and its overarching theme."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    theme = models.CharField(_("overarching theme"), max_length=300)
    summary = bounded_text_field(_("summary"), max_length=5000, blank=True)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"IDM {self.year}: {self.theme}"

    def get_absolute_url(self) -> str:
        return reverse("workshops:programme", kwargs={"year": self.year})


class KeyDate(models.Model):
    """A date of the programme other than a workshop: consultations, Council sessions."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="key_dates", verbose_name=_("programme")
    )
    title = models.CharField(_("title"), max_length=300)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("key date")
        verbose_name_plural = _("key dates")
        ordering = ["start_date"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "title"], name="unique_key_date_title")
        ]

    def __str__(self) -> str:
        return self.title


class PolicyPrinciple(models.Model):
    """A key policy principle that came out of a year's dialogue (IC/2009/1, para. 3)."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="principles",
        verbose_name=_("programme"),
    )
    letter = models.CharField(_("letter"), max_length=3)
    heading = bounded_text_field(_("heading"), max_length=1000)

    class Meta:
        verbose_name = _("key policy principle")
        verbose_name_plural = _("key policy principles")
        ordering = ["programme", "letter"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "letter"], name="unique_principle_letter")
        ]

    def __str__(self) -> str:
        return f"({self.letter}) {self.heading}"


class Workshop(TranslationWaiver):
    """An intersessional workshop of the programme."""

    class RegistrationStatus(models.TextChoices):
        OPEN = "open", _("Registration open")
        CLOSED = "closed", _("Registration closed")

    class FundingStatus(models.TextChoices):
        # Not stored: computed from the budget and the money (is_subject_to_funding).
        SUBJECT_TO_FUNDING = "subject_to_funding", _("Subject to funding")
        FUNDED = "funded", _("Funded")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="workshops", verbose_name=_("programme")
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    venue = models.CharField(_("venue"), max_length=200, default="Geneva")
    venue_address = bounded_text_field(
        _("venue address"),
        max_length=500,
        blank=True,
        help_text=_("The postal address delegates travel to, one line per line."),
    )
    description = bounded_text_field(_("description"), max_length=10000, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), default=150)
    sponsored_seats = models.PositiveIntegerField(_("sponsored seats"), default=0)
    registration_status = models.CharField(
        _("registration"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CLOSED,
        help_text=_("Set by staff; open registration closes after the deadline or at the start."),
    )
    registration_deadline = models.DateField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("The last day delegates can register. Leave empty: until the workshop starts."),
    )

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="workshop_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(sponsored_seats__lte=models.F("capacity")),
                name="workshop_sponsored_seats_within_capacity",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshops:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        deadline, start = self.registration_deadline, self.start_date
        if deadline and start and deadline >= start:
            message = _("The registration deadline must come before the workshop starts.")
            raise ValidationError({"registration_deadline": message})
        # The admin's change form checks the agenda as submitted, in its inline formset.
        agenda = [] if getattr(self, "agenda_checked_by_formset", False) else None
        if refusal := parity.opening_refusal(self, agenda):
            raise ValidationError({"registration_status": refusal})

    @property
    def has_started(self) -> bool:
        return dates.has_started(self)

    @property
    def registration_closed_reason(self) -> str | None:
        """Why delegates cannot register today, or None (workshops.dates: the one rule)."""
        return dates.registration_closed_reason(self)

    @property
    def is_registration_open(self) -> bool:
        return dates.is_registration_open(self)

    @property
    def registration_state_label(self) -> str:
        """ "Registration open" or "Registration closed", as of today."""
        status = self.RegistrationStatus
        return (status.OPEN if self.is_registration_open else status.CLOSED).label

    @property
    def is_subject_to_funding(self) -> bool:
        """Until its budget is covered; computed by the app that holds the money, through
        workshops.hooks (pages attach it for all their workshops at once: attach_funding_states).
        """
        if getattr(self, "_funding_batch", None) is None:
            hooks.attach_funding_states([self])
        return self._funding_batch.is_subject_to_funding(self)

    @property
    def funding_state(self) -> "Workshop.FundingStatus":
        """The badge: "Funded" or "Subject to funding"."""
        status = self.FundingStatus
        return status.SUBJECT_TO_FUNDING if self.is_subject_to_funding else status.FUNDED


class AgendaItem(models.Model):
    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("workshop")
    )
    day = models.DateField(_("day"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    speakers = bounded_text_field(
        _("speakers"), max_length=2000, blank=True, help_text=_("One speaker per line.")
    )
    moderator = models.CharField(_("moderator"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["workshop", "day", "start_time"]

    def __str__(self) -> str:
        return self.title

    @property
    def speaker_list(self) -> list[str]:
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]

    @property
    def time_span(self) -> str:
        """ "09:30–10:45" or "09:30", in every language (cheaper than the |time filter)."""
        start = self.start_time.strftime("%H:%M")
        return f"{start}–{self.end_time.strftime('%H:%M')}" if self.end_time else start


def validate_markdown_body(text: str) -> None:
    """A body that would not render (e.g. a footnote called but never written) is refused."""
    try:
        validate_body(text)
    except MarkdownError as exc:
        raise ValidationError(
            _("The text cannot be rendered: %(reason)s"),
            code="invalid_markdown",
            params={"reason": str(exc)},
        ) from None


class Document(TranslationWaiver):
    """An official document of the programme (IC/2009/1 …), written in Markdown and published
    as a web page and an IOM meeting-document PDF. Translations share the symbol."""

    class Kind(models.TextChoices):
        DISCUSSION_NOTE = "discussion_note", _("Discussion note")
        AGENDA = "agenda", _("Agenda")
        BACKGROUND_PAPER = "background_paper", _("Background paper")
        REPORT = "report", _("Report")
        LIST_OF_PARTICIPANTS = "list_of_participants", _("List of participants")
        FUNDING_REPORT = "funding_report", _("Funding report")
        SURVEY_REPORT = "survey_report", _("Survey report")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        STAFF = "staff", _("IOM staff only")

    symbol = models.CharField(
        _("symbol"),
        max_length=50,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9./-]*$",
                _("Use letters, digits, “/”, “.” and “-” only, as in IC/2009/1."),
            )
        ],
        help_text=_("For example IC/2009/1; translations share it."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100, default="Geneva")
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="documents", verbose_name=_("programme")
    )
    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("workshop"),
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    body = bounded_text_field(
        _("body"),
        max_length=500_000,
        validators=[validate_markdown_body],
        help_text=_(
            "Markdown: each top-level paragraph is numbered; “(a) …” lines are lettered "
            "sub-items; “## …” is an unnumbered heading; “[^1]” calls a footnote."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-date", "symbol", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["symbol", "language"], name="unique_document_symbol_language"
            )
        ]
        indexes = [models.Index(fields=["programme", "visibility", "date"])]

    def __str__(self) -> str:
        return f"{self.symbol} ({self.language}) {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "workshops:document", kwargs={"symbol": self.symbol, "language": self.language}
        )

    def clean(self) -> None:
        if (
            self.workshop_id
            and self.programme_id
            and self.workshop.programme_id != self.programme_id
        ):
            raise ValidationError({"workshop": _("This workshop belongs to another programme.")})
        taken = Document.objects.filter(symbol=self.symbol, language=self.language)
        if self.symbol and self.language and taken.exclude(pk=self.pk).exists():
            # Said at the field (the constraint alone would give a generic form-wide error).
            raise ValidationError(
                {
                    "symbol": _("A document with this symbol already exists in %(language)s.")
                    % {"language": self.get_language_display()}
                }
            )
        if refusal := parity.publishing_refusal(self):
            raise ValidationError({"visibility": refusal})

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC
