"""Work that outlives its request: run in a thread of the worker, inside an app context.

Used for imports started from the admin page (the page returns at once and shows the import's
ImportRun row, which the job updates; large files go through the CLI instead), and for the
password reset's work, so that the answer takes as long whether the address has an account or
not. With JOBS_INLINE (the tests) the job runs before the request ends.
"""
from __future__ import annotations

import threading
from collections.abc import Callable

from flask import Flask


def run_in_background(app: Flask, target: Callable[..., None], *args) -> threading.Thread | None:
    def run() -> None:
        with app.app_context():
            try:
                target(*args)
            except Exception:  # the job records its own failure; never lose the trace
                app.logger.exception("background job %s failed", getattr(target, "__name__", target))

    if app.config.get("JOBS_INLINE"):  # tests: done before the request ends, in its own app context
        run()
        return None
    thread = threading.Thread(target=run, name="portal-job", daemon=True)
    thread.start()
    return thread
