"""The floor's WSGI application: `gunicorn bench.floor.wsgi:application` (bench/http.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.floor.settings"
application = get_wsgi_application()
