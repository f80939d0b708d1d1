"""One JSON object per log line (for journald, Loki, Elasticsearch...), with the request id."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from talenta.core.request_id import current_request_id

# The attributes every LogRecord has; anything else was passed with `extra=` and is kept.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = current_request_id()
        return True


class RefusalWithoutTraceback(logging.Filter):
    """Django logs every 403 and 404 ("Forbidden", "Not Found") with the exception's traceback. A refusal is
    the access policy working, not a fault: its line keeps the message, status and request id, without
    the stack (a probe of a thousand ids would otherwise write a thousand tracebacks). A 5xx keeps its."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.name == "django.request" and isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        data.update({k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")})
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)
