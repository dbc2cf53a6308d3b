"""One line per problem in trainer's logs, never a traceback.

Anyone signed in can send marimo a malformed kernel call or ask for a chart file that does not
exist; marimo, Starlette and uvicorn log each with a full traceback, so one person could flood
the published server's log (and bury what matters). garminconnect logs a traceback for every
answer it cannot decode, straight onto the terminal of a sync. Both keep the message and the
exception's type and first line instead.
"""

from __future__ import annotations

import logging


class OneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info or record.exc_text or record.stack_info:
            error = record.exc_info[1] if record.exc_info else None
            said = str(error).splitlines()[0][:200] if error is not None and str(error) else ""
            reason = f"{type(error).__name__}: {said}" if error is not None else ""
            first = record.getMessage().splitlines()[0] if record.getMessage() else ""
            record.msg, record.args = (f"{first} ({reason})" if reason else first), ()
            record.exc_info = record.exc_text = record.stack_info = None
        return True


def one_line_logs() -> None:
    """Put the filter on every handler that exists now (call once logging is configured)."""
    loggers = [
        logging.getLogger(),
        *(logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)),
    ]
    for logger in loggers:
        for handler in logger.handlers:
            if not any(isinstance(f, OneLine) for f in handler.filters):
                handler.addFilter(OneLine())


class _IntoTrainer(logging.Handler):
    """Hands a library's records to trainer's logger, made one line first."""

    def __init__(self) -> None:
        super().__init__()
        self.addFilter(OneLine())

    def emit(self, record: logging.LogRecord) -> None:
        logging.getLogger("trainer").handle(record)


def route_into_trainer(library: str) -> None:
    """Send ``library``'s log records through trainer's logger, one line each (safe to call often)."""
    logger = logging.getLogger(library)
    if not any(isinstance(handler, _IntoTrainer) for handler in logger.handlers):
        logger.addHandler(_IntoTrainer())
    logger.propagate = False
