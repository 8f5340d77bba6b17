"""gunicorn settings: `gunicorn -c gunicorn.conf.py wsgi:app`. Environment variables override."""
import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that no worker grows without bound; jitter avoids all
# workers restarting at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # empty: no access log
# %(U)s is the path without the query string: query strings can carry member IDs.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
errorlog = "-"


# --- gunicorn's own error answers ----------------------------------------------------------------
# A request gunicorn refuses before the app sees it (a malformed request line, a header too long)
# is answered by gunicorn itself: with no security headers, and with the offending text echoed
# back (a request line can carry a member ID). Its error writer is replaced by one that sends
# the headers every portal page has, a strict policy for a page that needs nothing, and a fixed
# message. (gunicorn looks the writer up in gunicorn.util at every error: this covers every
# worker, which forks from this master.)
import gunicorn.util as _gunicorn_util  # noqa: E402

_ERROR_HEADERS = (
    "Connection: close\r\nContent-Type: text/html; charset=utf-8\r\n"
    "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'\r\n"
    "X-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\nReferrer-Policy: same-origin\r\n"
    "Cache-Control: no-store\r\n"
    + ("Strict-Transport-Security: max-age=31536000; includeSubDomains\r\n"
       if os.environ.get("PORTAL_ENV") == "production" or os.environ.get("PORTAL_PRODUCTION", "").lower()
       in ("1", "true", "yes", "on") else "")
)


def _write_error(sock, status_int, reason, mesg):
    reason = "".join(c for c in str(reason) if c.isalnum() or c in " -")[:60] or "Bad Request"
    body = (f"<!doctype html><html lang=\"en\"><head><title>{reason}</title></head><body><h1>{reason}</h1>"
            "<p>The portal could not read this request. Go back and try again.</p></body></html>").encode()
    head = f"HTTP/1.1 {int(status_int)} {reason}\r\n{_ERROR_HEADERS}Content-Length: {len(body)}\r\n\r\n"
    _gunicorn_util.write_nonblock(sock, head.encode("latin-1") + body)


_gunicorn_util.write_error = _write_error
