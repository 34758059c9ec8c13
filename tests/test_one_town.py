"""The analyst's loop (one report built on its own): what keeps its fixed work small."""

from __future__ import annotations

import os
import subprocess
import sys


def test_importing_the_library_defers_jsonschema_s_iri_grammar_yet_checks_iris_for_real():
    # rfc3987_syntax compiles 38 grammars (2 s) when jsonschema imports it; every process of
    # the build imports jsonschema (nbformat, papermill, frictionless) and none checks an IRI
    code = (
        "import sys, monotowns, nbformat, jsonschema\n"
        "print('lark' in sys.modules)\n"
        "from jsonschema import Draft202012Validator as V, FormatChecker\n"
        "v = V({'format': 'iri'}, format_checker=FormatChecker())\n"
        "print(v.is_valid('https://stat.gov.kz/ru/'), v.is_valid('a b:// ^'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "False", "importing jsonschema after the library compiled the IRI grammars"
    assert out[1] == "True False", "an IRI check after the deferral gave a different answer"


def test_a_derived_step_runs_again_only_when_its_key_or_its_files_changed(tmp_path):
    # the exports, manifest and landing pages of a one-town build: not computed again when
    # neither the data, the code nor (the landing pages) the list of reports changed
    from monotowns.data.context import Context
    from monotowns.publish import build

    ctx = Context(outputs_dir=tmp_path)
    target = tmp_path / "manifest.csv"
    runs = []

    def make() -> None:
        runs.append(1)
        target.write_text(f"run {len(runs)}\n")

    assert build.derived(ctx, "manifest", "k1", [target], make) is True
    assert build.derived(ctx, "manifest", "k1", [target], make) is False
    assert len(runs) == 1
    assert build.derived(ctx, "manifest", "k2", [target], make) is True  # the data or code changed
    target.write_text("edited by hand\n")
    assert build.derived(ctx, "manifest", "k2", [target], make) is True  # its file is not as it left it
    target.unlink()
    assert build.derived(ctx, "manifest", "k2", [target], make) is True  # its file is gone
    assert len(runs) == 4 and target.read_text() == "run 4\n"


def test_the_listing_the_landing_pages_follow_changes_with_a_new_report_not_with_themselves(tmp_path):
    from monotowns.data.context import Context
    from monotowns.publish import build

    ctx = Context(outputs_dir=tmp_path)
    (tmp_path / "towns" / "en").mkdir(parents=True)
    (tmp_path / "towns" / "en" / "saran.html").write_text("x")
    landing = [tmp_path / "index.html"]
    first = build.listing(ctx, but=landing)
    (tmp_path / "index.html").write_text("landing")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "x.json").write_text("{}")
    assert build.listing(ctx, but=landing) == first
    (tmp_path / "towns" / "en" / "abai.html").write_text("x")
    assert build.listing(ctx, but=landing) != first


def test_what_the_profile_keeps_is_computed_again_when_a_table_s_file_changes(data_copy, monkeypatch):
    from monotowns.data import package, paths
    from monotowns.report import profile

    monkeypatch.setattr(paths, "DATA_DIR", data_copy)
    before = package.stamp("t6")
    calls = []

    @profile._kept("t6")
    def population_total() -> int:
        calls.append(1)
        return len(calls)

    assert population_total() == population_total() == 1
    t6 = data_copy / package.resource_descriptor("t6")["path"]
    st = t6.stat()
    os.utime(t6, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # saved again (an editor's save)
    assert package.stamp("t6") != before
    assert population_total() == 2
