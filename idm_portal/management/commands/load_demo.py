import contextlib
import logging

from django.core.management.base import BaseCommand
from django.db import transaction

from idm_portal import demo

# Loading the demo runs its PDFs and e-mails in-process (Celery eager): their loggers report
# every task at INFO ("Task … succeeded … : False", "No hostname was supplied"), which reads
# like failures. The command says what it loaded and the logins, nothing else.
CHATTY_LOGGERS = ("celery", "kombu")


@contextlib.contextmanager
def quiet(names=CHATTY_LOGGERS, level=logging.WARNING):
    loggers = [logging.getLogger(name) for name in names]
    previous = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(level)
    try:
        yield
    finally:
        for logger, old in zip(loggers, previous, strict=True):
            logger.setLevel(old)


class Command(BaseCommand):
    help = "Load the IDM 2008 and 2009 demo programme and demo accounts (safe to run again)."

    def handle(self, *args, **options):
        with quiet(), transaction.atomic():
            logins = demo.load()
            for load in demo.loaders():  # each app's, registered in its demo.py
                load()
        self.stdout.write(self.style.SUCCESS("IDM demo data loaded."))
        self.stdout.write(f"Demo logins (password: {demo.DEMO_PASSWORD}):")
        for email, role in logins:
            self.stdout.write(f"  {email:<28} {role}")
        self.stdout.write(demo.admin_note())
