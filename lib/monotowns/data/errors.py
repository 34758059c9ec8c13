"""The package's exception family: catch ``MonotownsError`` for any error of ours."""

from __future__ import annotations


class MonotownsError(Exception):
    """Base class of every error this package raises on purpose."""


class DataValidationError(MonotownsError):
    """A data file breaks its schema or a sanity rule.

    The message names the file, the row (1-based, the header is row 1, as a
    spreadsheet shows it) and the column, where there is one.
    """

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None, column: str | None = None):
        self.file, self.row, self.column, self.reason = file, row, column, message
        where = [
            f"{file}" if file else None,
            f"row {row}" if row is not None else None,
            f"column '{column}'" if column else None,
        ]
        where_s = ", ".join(w for w in where if w)
        super().__init__(f"{where_s}: {message}" if where_s else message)


class UnknownTownError(MonotownsError, KeyError):
    """A town name or id that the registry does not know."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])
