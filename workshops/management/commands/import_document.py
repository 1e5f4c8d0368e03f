import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from workshops import services
from workshops.models import Document, Programme, Workshop


class Command(BaseCommand):
    help = (
        "Import a Markdown file as an official document (created, or updated if the symbol "
        "already exists in that language). The body is validated; its PDF is then queued. "
        "Example: manage.py import_document IC-2009-1.en.md --symbol IC/2009/1 --language en"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Markdown file (UTF-8)")
        parser.add_argument("--symbol", required=True, help="e.g. IC/2009/1")
        parser.add_argument("--language", required=True, choices=["en", "fr", "es"])
        parser.add_argument("--title", help="needed for a new document")
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--subtitle")
        parser.add_argument("--place")
        parser.add_argument("--original-language", choices=["en", "fr", "es"])
        parser.add_argument("--programme", type=int, help="year (default: the date's year)")
        parser.add_argument("--workshop", help="slug of the workshop, if any")
        parser.add_argument("--kind", choices=[value for value, _label in Document.Kind.choices])
        parser.add_argument(
            "--visibility", choices=[value for value, _label in Document.Visibility.choices]
        )
        parser.add_argument(
            "--publish-without-translations",
            metavar="REASON",
            help="publish before the other language versions exist, for this recorded reason",
        )

    def handle(self, *args, path: Path, symbol: str, language: str, **options):
        try:
            body = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from None
        existing = Document.objects.filter(symbol=symbol, language=language).first()
        title = options["title"] or (existing.title if existing else None)
        date = options["date"] or (existing.date if existing else None)
        if not title or not date:
            raise CommandError("A new document needs --title and --date (YYYY-MM-DD).")
        year = options["programme"] or (existing.programme.year if existing else date.year)
        programme = Programme.objects.filter(year=year).first()
        if programme is None:
            raise CommandError(f"There is no programme for {year}: pass --programme YEAR.")
        workshop = existing.workshop if existing else None
        if options["workshop"]:
            workshop = Workshop.objects.filter(slug=options["workshop"]).first()
            if workshop is None:
                raise CommandError(f"There is no workshop {options['workshop']!r}.")

        def pick(name: str, default):
            if options[name] is not None:
                return options[name]
            return getattr(existing, name) if existing else default

        try:
            document, created = services.import_document(
                body=body,
                symbol=symbol,
                language=language,
                programme=programme,
                title=title,
                date=date,
                subtitle=pick("subtitle", ""),
                place=pick("place", "Geneva"),
                original_language=pick("original_language", language),
                kind=pick("kind", Document.Kind.DISCUSSION_NOTE),
                visibility=pick("visibility", Document.Visibility.PUBLIC),
                workshop=workshop,
                translation_waiver_reason=options["publish_without_translations"],
            )
        except ValidationError as exc:
            messages = [
                f"{field}: {' '.join(errors)}" for field, errors in exc.message_dict.items()
            ]
            raise CommandError(f"{path} was not imported. " + " ".join(messages)) from None
        verb = "Created" if created else "Updated"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {document.symbol} ({document.language}): {document.title}")
        )
