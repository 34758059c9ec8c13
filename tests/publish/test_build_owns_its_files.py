"""The build owns exactly what it writes (issue "hard edges, third round"): it removes only its
own temporary files, and refuses an outputs folder that is not a build's (the root, the
project, the data or the notebooks, a folder holding other files) before it writes anything."""

import os
from pathlib import Path

import pytest
from monotowns.data import files, paths
from monotowns.data.context import Context
from monotowns.data.errors import MonotownsError
from monotowns.data.files import atomic_write_text
from monotowns.publish import build


def test_the_clean_up_removes_only_the_build_s_own_temporaries(tmp_path):
    """An interrupted build's temporaries go; another program's in-flight '.*.tmp' files stay
    (a build into a home folder swept them all)."""
    out = tmp_path / "out"
    (out / "reports" / "en").mkdir(parents=True)
    (out / "towns" / "en").mkdir(parents=True)
    theirs = [out / ".session.a1b2c3.tmp", out / ".~lock.budget.xlsx.tmp"]
    for p in theirs:
        p.write_text("another program's work")
    ours = [
        out / "reports" / "en" / f".02_1.html.abcd1234{files.TMP_SUFFIX}",
        out / f".index.html.x9{files.TMP_SUFFIX}",
    ]
    for p in ours:
        p.write_text("half written")
    build.remove_temporaries(Context(outputs_dir=out))
    assert all(p.exists() for p in theirs)
    assert not any(p.exists() for p in ours)


def test_an_atomic_write_leaves_a_temporary_the_clean_up_knows(tmp_path, monkeypatch):
    """The temporaries the build makes carry its suffix (the clean-up's only target)."""
    seen = []
    real = os.replace

    def spy(src, dst):
        seen.append(Path(src).name)
        return real(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    atomic_write_text(tmp_path / "a.csv", "x\n")
    assert seen and seen[0].endswith(files.TMP_SUFFIX), seen


@pytest.mark.parametrize(
    "where",
    ["root", "project", "data", "data_sub", "notebooks", "foreign"],
)
def test_an_outputs_folder_that_is_not_a_build_s_is_refused(where, tmp_path):
    foreign = tmp_path / "home"
    foreign.mkdir()
    (foreign / "thesis.docx").write_text("mine")
    (foreign / ".bashrc").write_text("mine")
    folder = {
        "root": Path("/"),
        "project": paths.ROOT,
        "data": paths.DATA_DIR,
        "data_sub": paths.DATA_DIR / "out",
        "notebooks": paths.NOTEBOOKS_DIR / "out",
        "foreign": foreign,
    }[where]
    with pytest.raises(MonotownsError) as e:
        build.check_outputs(Context(outputs_dir=folder))
    assert str(folder) in str(e.value)
    if where == "foreign":
        assert "thesis.docx" in str(e.value)
    assert not (folder / ".build.lock").exists() or where == "project"


@pytest.mark.parametrize("what", ["new", "empty", "earlier build", "default"])
def test_a_build_s_folder_is_accepted(what, tmp_path):
    folder = {"new": tmp_path / "new" / "out", "empty": tmp_path, "earlier build": tmp_path / "b", "default": None}[
        what
    ]
    if what == "earlier build":
        for name in ("reports", "towns", ".cache"):
            (folder / name).mkdir(parents=True)
        for name in ("index.html", "manifest.csv", ".build.lock", "errata.csv"):
            (folder / name).write_text("")
    ctx = Context(outputs_dir=folder) if folder else Context()
    build.check_outputs(ctx)  # no error


@pytest.mark.slow
def test_run_all_refuses_a_foreign_folder_before_writing(tmp_path):
    import subprocess
    import sys

    (tmp_path / "notes.txt").write_text("mine")
    before = sorted(p.name for p in tmp_path.iterdir())
    args = ["--town", "balkhash", "--lang", "en", "--format", "html", "--outputs", str(tmp_path)]
    r = subprocess.run(
        [sys.executable, "run_all.py", *args], cwd=paths.ROOT, capture_output=True, text=True, timeout=300
    )
    assert r.returncode == 2, r.stderr
    assert r.stderr.count("\n") == 1 and "notes.txt" in r.stderr and str(tmp_path) in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_partial_build_s_landing_page_links_only_what_exists(tmp_path):
    """A --town build into a new folder left a landing page whose map and table linked 26 pages
    that were not there; a town of the analyst's own (from --inputs) was linked from nowhere.
    (The header's contents menu stays the site's whole plan: pages built in parallel must not
    differ by which others happened to exist.)"""
    import re

    from monotowns.publish import site

    out = tmp_path / "out"
    (out / "towns" / "en").mkdir(parents=True)
    (out / "towns" / "en" / "saran.html").write_text("built")
    (out / "towns" / "en" / "newtown.html").write_text("built")
    site.write_index(Context(outputs_dir=out))
    page = (out / "index-en.html").read_text(encoding="utf-8")
    page = page[page.index("<main>") :]  # the header's contents menu is the site's plan, the same on every page
    hrefs = re.findall(r'href="(towns/[^"]+)"', page)
    assert hrefs and set(hrefs) == {"towns/en/saran.html", "towns/en/newtown.html"}, sorted(set(hrefs))
    assert page.count('href="towns/en/saran.html"') == 3  # the map, the key figures, the list by region
    assert "Your own towns" in page and ">newtown</a>" in page


@pytest.mark.slow
def test_a_one_town_build_rewrites_nothing_outside_that_town_s_files(tmp_path):
    """(issue "an analyst's loop in seconds") Rebuilding one town's report left the exports,
    errata, audit, manifest and landing pages rewritten although none of them changed."""
    import subprocess
    import sys

    out = tmp_path / "out"
    args = ["--quiet", "--lang", "en", "--format", "html", "--outputs", str(out)]

    def run(*more: str) -> None:
        r = subprocess.run(
            [sys.executable, "run_all.py", *args, *more], cwd=paths.ROOT, capture_output=True, text=True, timeout=600
        )
        assert r.returncode == 0, r.stderr

    def stamps() -> dict[str, int]:
        return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}

    run("--town", "abai", "--town", "saran")
    before = stamps()
    run("--town", "saran", "--force")
    after = stamps()
    changed = sorted(k for k in after if before.get(k) != after[k])
    own = {"towns/en/saran.html", "notebooks/town/en/saran.ipynb", ".cache/town/en/saran.json"}
    own |= {k for k in after if k.startswith("towns/en/saran/")}  # the CSVs of its tables and charts
    assert set(changed) - own <= {".cache/complete.json", ".build.lock"}, changed  # the build's own records
    assert "towns/en/saran.html" in changed  # it did rebuild
    assert set(before) == set(after)


@pytest.mark.slow
def test_the_data_package_is_validated_again_only_where_it_or_its_validator_changed(
    data_copy, tmp_path, monkeypatch, folders
):
    """Validating all 109 resources took 7 s of every build, one town's included; an edit of
    one table in the analyst's loop validates that table, an edit of the registry all of them."""
    from monotowns import data
    from monotowns.data import package

    folders(data_dir=data_copy)
    ctx = Context(outputs_dir=tmp_path / "out")
    checked = []
    real = package.validate_resource
    monkeypatch.setattr(package, "validate_resource", lambda res, *a: checked.append(res["name"]) or real(res, *a))
    names, now = build.validate_data(ctx)
    assert len(names) > 100 and now == names == checked
    checked.clear()
    assert build.validate_data(ctx) == (names, []) and checked == []  # nothing changed: nothing validated
    t14 = data_copy / data.resource_descriptor("t14")["path"]
    text = t14.read_text(encoding="utf-8")
    t14.write_text(text, encoding="utf-8")  # saved again, the same bytes: no change
    assert build.validate_data(ctx)[1] == []
    lines = text.split("\n")
    lines[1], lines[2] = lines[2], lines[1]  # a valid edit: two rows swapped
    t14.write_text("\n".join(lines), encoding="utf-8")
    assert build.validate_data(ctx)[1] == ["t14"]
    towns = data_copy / data.resource_descriptor("towns")["path"]
    rows = towns.read_text(encoding="utf-8").split("\n")
    rows[1], rows[2] = rows[2], rows[1]
    towns.write_text("\n".join(rows), encoding="utf-8")  # the registry: every row is checked against it
    assert build.validate_data(ctx)[1] == names
    t14.write_text(text.replace(',"37,2",37.2,', ',"37,2",abc,', 1), encoding="utf-8")
    with pytest.raises(MonotownsError, match="(?i)t14.csv, row 2, column 'value'"):
        build.validate_data(ctx)
    with pytest.raises(MonotownsError, match="(?i)t14.csv, row 2"):  # an invalid table is not remembered as valid
        build.validate_data(ctx)
    # a watching build's process was told its package was validated: its next validation is real
    monkeypatch.setenv(data.VALIDATED_ENV, data.package_fingerprint())
    package._trusted.cache_clear()
    assert package._trusted()
    with pytest.raises(MonotownsError, match="(?i)t14.csv, row 2"):
        build.validate_data(ctx)
    package._trusted.cache_clear()
