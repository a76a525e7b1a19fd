import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laksa.settings")
application = get_wsgi_application()

from django.core.signals import request_finished  # noqa: E402

from laksa.lib import heap  # noqa: E402
from laksa.lib.production import refuse_unsafe_start  # noqa: E402

refuse_unsafe_start()
# Each web worker's heap frozen now and after its first requests: a full collection walked it
# for 100-160 ms in the middle of a request (laksa.lib.heap).
heap.settle()
request_finished.connect(heap.on_request_finished, dispatch_uid="laksa.heap")
