"""`flask --app wsgi worker`: the huey consumer that runs the portal's jobs.

Threads share one process; several workers (on one host or several, with a Redis or PostgreSQL
queue) share the work. SIGTERM asks a worker to stop: it finishes the tasks it is running
first (a delivery round is at most 20 messages). SIGINT (Ctrl-C) does the same.
"""
from __future__ import annotations

import logging
import signal

from flask import Flask

from portal.jobs import init_app, queue


def run(app: Flask, threads: int, periodic: bool = True) -> None:
    init_app(app)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    consumer = queue.create_consumer(
        workers=threads, worker_type="thread", periodic=periodic, graceful_signal="TERM",
        # A new job is picked up within a second; an idle worker asks the queue once a second.
        initial_delay=0.1, backoff=1.15, max_delay=1.0, check_worker_health=True)
    # huey stops at once on the signal that is not its graceful one; Ctrl-C (SIGINT, also what
    # `make run` passes on) must not cut a message in half either: both stop gracefully.
    consumer._signal_actions[signal.SIGINT] = consumer._signal_actions[signal.SIGTERM]
    consumer.run()
