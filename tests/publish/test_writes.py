"""Writes never clobber: a link is written through, a special file or a folder is never
replaced, an existing file keeps its mode, an error names the file the user chose."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from monotowns.data.files import NotARegularFileError, atomic_write_text

MONOTOWNS = str(Path(sys.executable).parent / "monotowns")


def _no_temporaries(folder: Path) -> None:
    assert not [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def test_a_symlink_is_written_through(tmp_path):
    (tmp_path / "real.csv").write_text("old")
    (tmp_path / "link.csv").symlink_to("real.csv")
    atomic_write_text(tmp_path / "link.csv", "new")
    assert (tmp_path / "link.csv").is_symlink()
    assert os.readlink(tmp_path / "link.csv") == "real.csv"
    assert (tmp_path / "real.csv").read_text() == "new"
    _no_temporaries(tmp_path)


def test_a_chain_of_links_into_another_folder_is_written_through(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "real.csv").write_text("old")
    (tmp_path / "l1").symlink_to(tmp_path / "a" / "real.csv")
    (tmp_path / "l2").symlink_to("l1")
    atomic_write_text(tmp_path / "l2", "new")
    assert (tmp_path / "l2").is_symlink() and (tmp_path / "l1").is_symlink()
    assert (tmp_path / "a" / "real.csv").read_text() == "new"
    _no_temporaries(tmp_path)


def test_a_fifo_is_never_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(NotARegularFileError, match="pipe.*FIFO"):
        atomic_write_text(fifo, "x")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    _no_temporaries(tmp_path)


def test_a_link_to_a_device_is_refused_and_both_stay(tmp_path):
    link = tmp_path / "null"
    link.symlink_to(os.devnull)
    with pytest.raises(NotARegularFileError, match="character device"):
        atomic_write_text(link, "x")
    assert link.is_symlink() and stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_folder_is_refused_by_its_own_name(tmp_path):
    d = tmp_path / "out.csv"
    d.mkdir()
    with pytest.raises(NotARegularFileError) as e:
        atomic_write_text(d, "x")
    assert str(d) in str(e.value) and ".tmp" not in str(e.value) and "directory" in str(e.value)
    assert d.is_dir() and not list(d.iterdir())
    _no_temporaries(tmp_path)


def test_an_existing_file_keeps_its_mode(tmp_path):
    f = tmp_path / "private.csv"
    f.write_text("old")
    f.chmod(0o600)
    atomic_write_text(f, "new")
    assert stat.S_IMODE(f.stat().st_mode) == 0o600 and f.read_text() == "new"
    g = tmp_path / "fresh.csv"
    atomic_write_text(g, "x")
    assert stat.S_IMODE(g.stat().st_mode) == 0o644


def test_a_dangling_link_into_a_missing_folder_names_that_folder(tmp_path):
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere" / "x.csv")
    with pytest.raises(FileNotFoundError) as e:
        atomic_write_text(tmp_path / "dangling", "x")
    assert e.value.filename == str(tmp_path / "nowhere")
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.slow
def test_an_unwritable_folder_names_the_folder_not_a_temporary(tmp_path, unprivileged):
    """Runs as root too (CI), without the power to ignore permissions (``unprivileged``)."""
    d = tmp_path / "ro"
    d.mkdir()
    d.chmod(0o500)
    code = (
        "import sys\nfrom pathlib import Path\nfrom monotowns.data.files import atomic_write_text\n"
        "try:\n    atomic_write_text(Path(sys.argv[1]) / 'x.csv', 'x')\n"
        "except PermissionError as e:\n    print('PermissionError', e.filename)\n"
    )
    try:
        r = unprivileged.run([sys.executable, "-c", code, str(d)], capture_output=True, text=True, timeout=60)
    finally:
        d.chmod(0o700)
    assert r.stdout.strip() == f"PermissionError {d}", (r.stdout, r.stderr)
    assert list(d.iterdir()) == []  # no temporary left behind


# ------------------------------------------------------------ monotowns export --out


def _export(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([MONOTOWNS, "export", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def _one_line_error(r: subprocess.CompletedProcess, *fragments: str) -> None:
    assert r.returncode == 2 and r.stdout == "", (r.returncode, r.stdout[:200])
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    for f in fragments:
        assert f in r.stderr, (f, r.stderr)


@pytest.mark.slow
@pytest.mark.parametrize("value", ["", "  "])
def test_export_with_an_empty_out_is_refused_not_written_to_stdout(tmp_path, value):
    r = _export("--out", value, cwd=tmp_path)
    _one_line_error(r, "--out", "empty")
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
def test_export_onto_special_files_and_links(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "dir.csv").mkdir()
    (tmp_path / "null").symlink_to(os.devnull)
    for name, frag in (("pipe", "FIFO"), ("dir.csv", "directory"), ("null", "character device")):
        r = _export("--out", name, cwd=tmp_path)
        _one_line_error(r, name, frag)
        assert ".tmp" not in r.stderr
    assert stat.S_ISFIFO(os.lstat(tmp_path / "pipe").st_mode) and (tmp_path / "null").is_symlink()
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    (tmp_path / "real.csv").write_text("old")
    (tmp_path / "real.csv").chmod(0o600)
    (tmp_path / "link.csv").symlink_to("real.csv")
    r = _export("--out", "link.csv", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "link.csv").is_symlink()
    assert (tmp_path / "real.csv").read_text(encoding="utf-8").startswith("source,table,city_id")
    assert stat.S_IMODE((tmp_path / "real.csv").stat().st_mode) == 0o600
    _no_temporaries(tmp_path)


def test_the_export_stays_faithful_and_the_readme_says_what_a_spreadsheet_does_with_it():
    from monotowns.data import export, paths

    df = export.published_numbers()
    signed = df[df["value_raw"].astype(str).str.match(r"[+\-=@]")]
    assert len(signed) and {"+ 6,2", "-"} <= set(signed["value_raw"])  # as printed, not escaped
    text = export.to_csv_text(df)
    assert "\n'" not in text and ",'+" not in text and ",'-" not in text
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    using = readme[readme.index("## Using the data") :]
    assert "formula" in using and "value_raw" in using and "Text" in using
