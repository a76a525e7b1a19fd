"""Settings of the floor: one view, no apps, no middleware, no database. What is left is Django's
request handling and gunicorn's, which every Laksa request pays too."""

SECRET_KEY = "bench-floor-only-" + "x" * 40
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.floor.urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict[str, dict[str, str]] = {}
USE_TZ = True
