"""WSGI entry point (gunicorn ieum.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ieum.settings.production")
application = get_wsgi_application()

# Each web process loads the Korean morpheme model and imports every view as it starts, so that
# no request (the first search after a restart or a deploy) waits for them.
from django.urls import get_resolver  # noqa: E402

from ieum.core.search import warm_up  # noqa: E402

get_resolver().url_patterns  # noqa: B018 - imports the URLconf and with it every view
warm_up()
