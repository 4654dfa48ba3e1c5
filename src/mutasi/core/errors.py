"""Expected failures, typed: the user sees ``message`` (in their words); nothing else is shown.

Code that catches a failure decides by its type, never by the text of its message. Anything that
is not one of these is a bug: it is logged with its traceback and the user gets a reference.
"""

from __future__ import annotations


class UserError(Exception):
    """A failure the user can act on; ``message`` says what and where, in Indonesian."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DataError(UserError):
    """The data in the database cannot be used as it is (e.g. a code no table knows)."""
