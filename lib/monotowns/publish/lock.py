"""One build at a time per outputs folder (an advisory lock with the holder's process id in
the refusal), and the folder's ownership: a build writes only into a folder that is a build's,
and removes the temporary files an interrupted build left.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from monotowns.data import files, paths
from monotowns.data.context import DEFAULT, LANGS, Context
from monotowns.data.errors import MonotownsError

from .jobs import nav_landing


class BuildLockedError(MonotownsError):
    """Another build is writing into the same outputs folder."""


@contextlib.contextmanager
def lock(ctx: Context = DEFAULT):
    """Hold the build lock of the outputs folder (``.build.lock``, an advisory lock the system
    releases when the holder dies, however it dies); BuildLockedError if another build holds
    it. Two builds into one folder would sweep away each other's temporary files."""
    import fcntl

    if ctx.outputs_dir.exists() and not ctx.outputs_dir.is_dir():
        raise MonotownsError(f"the outputs folder {ctx.outputs_dir} is not a folder")
    check_outputs(ctx)
    ctx.outputs_dir.mkdir(parents=True, exist_ok=True)
    path = ctx.outputs_dir / ".build.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = os.pread(fd, 20, 0).decode("ascii", "replace").strip() or "?"
            raise BuildLockedError(
                f"another build (process {pid}) is writing into {ctx.outputs_dir}; wait for it to "
                "finish, or build into another folder with --outputs DIR"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield path
    finally:
        os.close(fd)


#: What a build writes at the top of its outputs folder (``nav`` names the landing pages).
OWN_FOLDERS = ("reports", "towns", "teaching", "tables", "figures", "notebooks", "failed", ".cache")


OWN_FILES = (
    ".build.lock",
    ".gitkeep",
    "audit.csv",
    "audit.md",
    "errata.csv",
    "manifest.csv",
    "manifest.md",
    "published_numbers.csv",
)


def _own_names() -> set[str]:
    return set(OWN_FOLDERS) | set(OWN_FILES) | {nav_landing(lang) for lang in LANGS}


def _is_own_temporary(name: str) -> bool:
    return name.startswith(".") and name.endswith(files.TMP_SUFFIX)


def check_outputs(ctx: Context) -> None:
    """Refuse an outputs folder that is not a build's, before anything is written there: the
    file system's root, the project itself, a folder inside the data or the notebooks, or a
    folder that holds files the build did not write (a home or documents folder). A new or empty
    folder, or one holding only what a build writes, is a build's."""
    out = Path(ctx.outputs_dir).resolve()
    inside = [(Path(ctx.data_dir).resolve(), "the data"), (Path(ctx.notebooks_dir).resolve(), "the notebooks")]
    hint = "; build into a new or empty folder (--outputs DIR)"
    if out == Path(out.anchor):
        raise MonotownsError(f"the outputs folder {out} is the file system's root{hint}")
    if out == paths.ROOT.resolve():
        raise MonotownsError(f"the outputs folder {out} is the project itself{hint}")
    for folder, what in inside:
        if out == folder or folder in out.parents:
            raise MonotownsError(f"the outputs folder {out} is inside {what} ({folder}){hint}")
    if not out.is_dir():
        return
    own = _own_names()
    try:
        foreign = sorted(p.name for p in out.iterdir() if p.name not in own and not _is_own_temporary(p.name))
    except OSError as e:
        raise MonotownsError(f"the outputs folder {out} cannot be read: {e.strerror or e}") from None
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise MonotownsError(f"the outputs folder {out} holds files a build did not write ({shown}){hint}")


def remove_temporaries(ctx: Context) -> None:
    """Remove the temporary files of an interrupted or killed build (they never replaced a real
    output): files named ``.*.monotowns.tmp`` (``files.TMP_SUFFIX``) at the top of the outputs
    folder and in the folders the build writes — never another program's. Only under the build
    lock: another build's would be in use."""
    out = ctx.outputs_dir
    if not out.is_dir():
        return
    found = [p for p in out.iterdir() if _is_own_temporary(p.name)]
    for folder in OWN_FOLDERS:
        if (out / folder).is_dir() and not (out / folder).is_symlink():
            found += [p for p in (out / folder).rglob(f".*{files.TMP_SUFFIX}")]
    for p in found:
        try:
            p.unlink()
        except OSError:
            pass
