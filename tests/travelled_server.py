"""uvicorn at the session's moment: `python -m tests.travelled_server <uvicorn arguments>`.

Under LAKSA_TEST_NOW the test process runs at another moment (tests/conftest.py); a server it
starts must run there too, or what the server writes and what the test writes fall on different
days (the wall's "today" counters read the KPI days). tests/asgi_server.py starts this instead of
uvicorn itself, with LAKSA_SERVER_NOW set to the test's now; with one worker the app runs in this
process, which travels before uvicorn starts, the clock ticking on."""

from __future__ import annotations

import os
from datetime import datetime

import time_machine
from uvicorn.main import main

if __name__ == "__main__":
    moment = os.environ.get("LAKSA_SERVER_NOW")
    if moment:
        time_machine.travel(datetime.fromisoformat(moment), tick=True).start()
    main()
