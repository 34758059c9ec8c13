"""How a command ends (``monotowns …``, ``run_all.py``, ``monotowns build``): the one place
their errors are handled — one line naming the command and a status, never a traceback for
what a user can cause — and output that degrades instead of crashing on a terminal that cannot
show Kazakh letters."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
from typing import NoReturn

from monotowns.data.errors import MonotownsError


def degrade_output() -> None:
    """Make standard output and error print what their encoding cannot hold as "?" (stderr: as
    an escape) instead of stopping with a traceback (a terminal or a log in Latin-1 or ASCII
    receiving Kazakh names)."""
    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        with contextlib.suppress(AttributeError, ValueError):  # a replaced or closed stream
            stream.reconfigure(errors=errors)


def _interrupts() -> list:
    """Ctrl-C that Python swallowed: a KeyboardInterrupt raised while a finalizer ran ("Exception
    ignored in …") is recorded and raised again in the command's own code, so the command still
    stops and says so in one line, instead of printing a traceback and finishing with status 0."""
    seen: list = []

    def again(signum, frame) -> None:
        raise KeyboardInterrupt

    def hook(u) -> None:
        if isinstance(u.exc_value, KeyboardInterrupt):
            seen.append(True)
            # raised again 10 ms later, outside the finalizer (raised here it is swallowed too)
            signal.signal(signal.SIGALRM, again)
            signal.setitimer(signal.ITIMER_REAL, 0.01)
            return
        sys.__unraisablehook__(u)

    sys.unraisablehook = hook
    return seen


def guarded(prog: str, work) -> int:
    """Run a command's ``work()`` and turn what stops it into one line and a status — the one
    place every command (``monotowns …``, ``run_all.py``) handles its errors: an invalid data
    file, another build running, a refused or failed write: ``<prog>: error: …``, status 2; a
    closed pipe (``… --list | head``): status 0; Ctrl-C, even one Python swallowed in a
    finalizer: status 130, no half-written file left."""
    degrade_output()
    swallowed = _interrupts()
    try:
        code = work()
        if swallowed:  # the interrupt came back where nothing could raise it again
            raise KeyboardInterrupt
        return code
    except BrokenPipeError:  # the reader has all it wants
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        # Ctrl-C reaches the report's kernel too; the execution task that saw it die is dropped
        # with the build, and asyncio would print its traceback when it is collected at exit
        logging.getLogger("asyncio").setLevel(logging.CRITICAL)
        end_of_bar = "\n" if sys.stderr.isatty() else ""  # after a progress bar's line
        print(f"{end_of_bar}{prog}: interrupted; no half-written file was left", file=sys.stderr)
        return 130
    except MonotownsError as e:  # an invalid data file, another build running, a refused write
        print(f"{prog}: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:  # an unwritable or full outputs folder, a missing folder ...
        where = f"{e.filename}: " if getattr(e, "filename", None) else ""
        print(f"{prog}: error: {where}{e.strerror or e}", file=sys.stderr)
        return 2


def leave(code: int | None) -> NoReturn:
    """End a command's process with ``code`` once it is done: every file written and closed,
    every worker and kernel stopped, the exit handlers run (multiprocessing's among them: its
    semaphores released) — without tearing down the interpreter's heap (pandas, WeasyPrint, the
    loaded data: 0.3 s of a one-town build). Only for a script's last line."""
    import atexit

    atexit._run_exitfuncs()
    end_now(code)


def end_now(code: int | None = 0) -> NoReturn:
    """Flush the standard streams and end the process with ``code`` at once, its exit handlers
    already run (``leave``; or, registered first as one, the last of them)."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a reader that closed the pipe has all it wants
        pass
    os._exit(code or 0)
