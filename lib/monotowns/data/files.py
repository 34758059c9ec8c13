"""Writing files so that no half-written file is ever visible, and nothing else is destroyed.

Every write goes to a temporary file in the target's folder and is renamed over the target.
What the rename would destroy is refused or respected instead:

- a symbolic link is written *through*: its target is replaced, the link stays;
- a directory, FIFO, device or socket is never replaced (``NotARegularFileError``);
- an existing file keeps its permission bits (and, for root, its owner).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from . import context
from .errors import MonotownsError


class NotARegularFileError(MonotownsError):
    """The target of a write exists and is not a regular file; it is left as it is."""


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write text to path via a temporary file in the same folder and a rename."""
    atomic_write_bytes(path, text.encode(encoding))


def write_target(path: Path) -> tuple[Path, os.stat_result | None]:
    """Where a write to ``path`` lands (a symlink's final target) and what is there now (None
    for nothing). Raises NotARegularFileError if that is not a regular file."""
    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return target, None
    except NotADirectoryError:
        return target, None  # a path through a file: the folder check below fails with its name
    if not stat.S_ISREG(st.st_mode):
        kind = next((k for test, k in _KINDS if test(st.st_mode)), "not a regular file")
        via = f" (the target of the link {path})" if target != path else ""
        raise NotARegularFileError(f"{target}{via} is {kind}, not a regular file; it was left unchanged")
    return target, st


#: The end of the name of every temporary file a write makes (``.<name>.<random>.monotowns.tmp``):
#: the build's clean-up removes these and nothing else.
TMP_SUFFIX = ".monotowns.tmp"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write bytes to path via a temporary file in the same folder and a rename. A new file gets
    mode 0644, an existing one keeps its mode; see the module's docstring for links and
    special files."""
    atomic_write_all({Path(path): data})


def atomic_write_all(contents: dict[Path, bytes], *, only_changed: bool = False) -> list[Path]:
    """Write several files all or none: every one goes to its temporary file first, and only
    when all are written are they renamed into place (a full disk leaves the old set, not one
    landing page of three). An error names the file it happened to. ``only_changed``: a file
    that already holds exactly these bytes is left as it is (its time stamp too), so a build
    that changes nothing in it does not touch it. Returns the files written."""
    if only_changed:
        contents = {p: b for p, b in contents.items() if not _holds(Path(p), b)}
    staged: list[tuple[Path, Path, str]] = []  # (path, target, temporary file)
    try:
        for path, data in contents.items():
            path = Path(path)
            staged.append((path, *_stage(path, data)))
        for path, target, tmp in staged:
            write_target(path)  # refuse still if something else appeared there meanwhile
            os.replace(tmp, target)
    except BaseException as e:
        for _, _, tmp in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
        if isinstance(e, OSError) and e.errno and not e.filename:  # e.g. a full disk
            where = staged[-1][0] if staged else next(iter(contents), "")
            raise type(e)(e.errno, e.strerror, str(where)) from None
        raise
    return [Path(p) for p in contents]


def write_if_changed(path: Path, data: bytes) -> bool:
    """``atomic_write_bytes`` unless the file holds exactly ``data`` already; True if written."""
    return bool(atomic_write_all({Path(path): data}, only_changed=True))


def _holds(path: Path, data: bytes) -> bool:
    """The file exists, is a regular file and holds exactly ``data``."""
    try:
        return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _stage(path: Path, data: bytes) -> tuple[Path, str]:
    """Write ``data`` to a temporary file beside ``path``'s target; (target, temporary file)."""
    target, st = write_target(path)
    if target == path:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TMP_SUFFIX)
    except OSError as e:  # name the folder the user chose, not our temporary file
        raise type(e)(e.errno, e.strerror, str(target.parent)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, stat.S_IMODE(st.st_mode) if st else 0o644)
        if st and os.geteuid() == 0 and (st.st_uid, st.st_gid) != (0, 0):
            os.chown(tmp, st.st_uid, st.st_gid)
    except BaseException as e:
        os.unlink(tmp)
        if isinstance(e, OSError) and e.errno and not e.filename:
            raise type(e)(e.errno, e.strerror, str(path)) from None
        raise
    return target, tmp


def file_stamp(path: Path) -> tuple:
    """A file's path, time and size (None, None if it cannot be read): what is computed from it
    may be kept under this key (a file saved since gives another key)."""
    try:
        st = path.stat()
        return (str(path), st.st_mtime_ns, st.st_size)
    except OSError:
        return (str(path), None, None)


_HASHES: dict[tuple, str] = {}


def content_hash(path: Path) -> str:
    """SHA-256 of a file's bytes ("" if it cannot be read), hashed again only when the file's
    time or size changed (``file_stamp``)."""
    import hashlib

    key = file_stamp(path)
    if key not in _HASHES:
        try:
            _HASHES[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return ""
    return _HASHES[key]


def package_fingerprint(data_dir: Path | None = None) -> str:
    """SHA-256 over every data file (names and bytes), the frozen sources excepted."""
    import hashlib

    base = Path(data_dir or _data_dir())
    h = hashlib.sha256()
    for p in sorted(x for x in base.rglob("*") if x.is_file() and "sources" not in x.parts):
        h.update(str(p.relative_to(base)).encode() + b"\0" + hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def _data_dir() -> Path:

    return context.current().data_dir
