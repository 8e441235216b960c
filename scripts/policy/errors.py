"""The one error type of the tools, with the exit status it stands for.

Rules and loaders report ``Problem``s; an error is raised only when a command cannot go on. The
CLI maps it to its exit status in one place: 1 when the data has findings, 2 for usage or I/O.
"""

from __future__ import annotations

from collections.abc import Sequence

from .problem import Problem


class PolicyError(Exception):
    """A command cannot go on. ``problems`` are printed under ``message`` when there are any."""

    exit_code = 1

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = tuple(problems)


class DataError(PolicyError):
    """The data does not pass its checks, or cannot be used for what was asked (exit 1)."""

    exit_code = 1


class UsageError(PolicyError):
    """The command line or a file named on it is wrong (exit 2)."""

    exit_code = 2
