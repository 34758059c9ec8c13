"""Writing files so that no half-written file is ever visible."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write text to path via a temporary file in the same folder and a rename."""
    atomic_write_bytes(path, text.encode(encoding))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write bytes to path via a temporary file in the same folder and a rename (mode 0644)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def package_fingerprint(data_dir: Path | None = None) -> str:
    """SHA-256 over every data file (names and bytes), the frozen sources excepted."""
    import hashlib

    base = Path(data_dir or _data_dir())
    h = hashlib.sha256()
    for p in sorted(x for x in base.rglob("*") if x.is_file() and "sources" not in x.parts):
        h.update(str(p.relative_to(base)).encode() + b"\0" + hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def _data_dir() -> Path:
    from . import paths

    return paths.DATA_DIR
