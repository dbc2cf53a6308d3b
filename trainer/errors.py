"""Errors a user can act on. The CLI prints their message on one line and exits with ``exit_code``."""


class TrainerError(Exception):
    """A mistake or condition the user can fix; the message says how."""

    exit_code = 2


class UnknownAthlete(TrainerError):
    def __init__(self, name: str):
        super().__init__(
            f"no athlete named {name!r}: see `trainer athlete list`, or add one with `trainer athlete add {name}`"
        )


class DatabaseError(TrainerError):
    """The database cannot be opened, is locked, or is at a schema this version does not know."""


class InputError(TrainerError):
    """Input data is malformed: the message names the file, column or field and the first bad rows."""
