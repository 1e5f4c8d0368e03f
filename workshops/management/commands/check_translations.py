from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from workshops import parity


class Command(BaseCommand):
    help = (
        "List every missing French or Spanish translation of published content (programmes, "
        "workshops and their agenda, key dates, principles, public documents, and what other "
        "apps publish). Exits non-zero while one is missing and was not published anyway with "
        "a recorded reason: usable in CI."
    )

    def add_arguments(self, parser):
        parser.add_argument("--language", choices=parity.OTHER_LANGUAGES, help="only this language")

    def handle(self, *args, language=None, **options):
        with translation.override("en"):
            gaps = [gap for gap in parity.report() if language is None or gap.language == language]
            for code in parity.OTHER_LANGUAGES:
                mine = [gap for gap in gaps if gap.language == code]
                if not mine:
                    continue
                self.stdout.write(f"{parity.language_name(code)}:")
                for gap in mine:
                    what = ", ".join(gap.fields) or "the whole version"
                    waived = f"  [published anyway: {gap.waiver}]" if gap.waiver else ""
                    self.stdout.write(f"  {gap.kind} “{gap.obj}”: {what}{waived}")
            missing = parity.unwaived(gaps)
        if missing:
            raise CommandError(f"{len(missing)} published item(s) lack a translation (see above).")
        self.stdout.write(self.style.SUCCESS("Every published text is translated."))
