from django.core.management.base import BaseCommand
from django.db import transaction

from idm_portal import demo as accounts_demo
from registrations import demo as registrations_demo
from workshops import demo as workshops_demo


class Command(BaseCommand):
    help = "Load the IDM 2008 and 2009 demo programme and demo accounts (safe to run again)."

    @transaction.atomic
    def handle(self, *args, **options):
        workshops_demo.load()
        workshops_demo.load_documents()
        logins = accounts_demo.load()
        registrations_demo.load()
        self.stdout.write(self.style.SUCCESS("IDM demo data loaded."))
        self.stdout.write(f"Demo logins (password: {accounts_demo.DEMO_PASSWORD}):")
        for email, role in logins:
            self.stdout.write(f"  {email:<28} {role}")
        self.stdout.write(accounts_demo.admin_note())
