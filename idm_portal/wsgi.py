import os

from django.core.wsgi import get_wsgi_application

from idm_portal.db import limit_web_statements

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idm_portal.settings")
application = get_wsgi_application()
# Web requests get the database's statement timeout; workers and commands do not.
limit_web_statements()
