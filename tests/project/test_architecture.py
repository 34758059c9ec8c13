"""The shape of the library: layers that import one way, no import cycle, one home for every
string a reader sees, a catalogue complete in every language, configuration passed explicitly."""

import ast
import re
import sys
from pathlib import Path

import pytest
from monotowns.data import paths
from monotowns.report import texts

LIB = paths.LIB_DIR
LAYERS = ("data", "method", "report", "publish")  # bottom to top


def _modules() -> list[Path]:
    return sorted(p for p in LIB.rglob("*.py") if "__pycache__" not in p.parts)


def test_import_linter_contract_is_kept():
    """pyproject.toml's [tool.importlinter] contract: data → method → report → publish."""
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(paths.ROOT / "pyproject.toml")) == 0


def test_a_wrong_way_import_breaks_the_contract(tmp_path, monkeypatch):
    """The contract can fail: a data module that imports the report layer, even inside a
    function, is caught."""
    import shutil

    from importlinter.cli import lint_imports

    pkg = tmp_path / "monotowns"
    shutil.copytree(LIB, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    bad = pkg / "data" / "cells.py"
    bad.write_text(
        bad.read_text(encoding="utf-8") + "\n\ndef _oops():\n    from monotowns.report import texts  # noqa\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    for m in [m for m in sys.modules if m == "monotowns" or m.startswith("monotowns.")]:
        monkeypatch.delitem(sys.modules, m)
    assert lint_imports(config_filename=str(paths.ROOT / "pyproject.toml"), no_cache=True) == 1


def test_no_import_cycle_between_modules():
    """No module imports (directly or through others) a module that imports it back."""
    import grimp

    g = grimp.build_graph("monotowns", cache_dir=None)
    mods = sorted(g.modules)
    edges = {m: {x for x in g.find_modules_directly_imported_by(m) if x in g.modules} for m in mods}
    # a package's __init__ importing its own modules lazily (the facades) is not a cycle of code
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(m: str, stack: list[str]) -> bool:
        state[m] = 1
        for n in sorted(edges[m]):
            if state.get(n) == 1:
                cycle.extend(stack[stack.index(n) :] + [m, n] if n in stack else [m, n])
                return True
            if state.get(n) is None and visit(n, stack + [n]):
                return True
        state[m] = 2
        return False

    for m in mods:
        if state.get(m) is None and visit(m, [m]):
            break
    assert not cycle, " → ".join(cycle)


def test_layers_are_the_subpackages_and_the_readme_describes_them():
    assert sorted(
        p.name for p in LIB.iterdir() if p.is_dir() and p.name != "__pycache__" and (p / "__init__.py").exists()
    ) == sorted(LAYERS)
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Description of the code") :]
    section = section[: section.index("\n## ", 4)]
    for p in _modules():
        rel = p.relative_to(LIB)
        if rel.name == "__init__.py":
            continue
        assert f"{rel.parent}/{rel.stem}" in section or f"`{rel.stem}`" in section, (
            f"README's code description misses {rel}"
        )


# ------------------------------------------------------------ strings


def test_no_language_branches_in_the_library():
    """A reader's text comes from the catalogue; code never compares lang with a literal."""
    hits = [
        f"{p.relative_to(LIB)}:{i}"
        for p in _modules()
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"lang\s*(==|!=)\s*['\"]", line)
    ]
    assert hits == []


def _string_constants(p: Path):
    tree = ast.parse(p.read_text(encoding="utf-8"))
    docstrings = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }
    for n in ast.walk(tree):
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings:
            yield n.lineno, n.value


def test_no_inline_kazakh_or_russian_text_in_report_and_publish_code():
    """Every Kazakh or Russian word a reader sees lives in data/texts.csv (or the data), not in
    the code of the report and publish layers."""
    hits = []
    # not text for a reader: the letters a chart test looks for; how the source numbers its
    # appendix tables (Ә.1, Б.1, В), part of the source ids' labels
    allowed = {"әғқңөұүһі", "Ә.1", "Б.1", "В"}
    for layer in ("report", "publish"):
        for p in sorted((LIB / layer).glob("*.py")):
            for line, s in _string_constants(p):
                if re.search(r"[\u0400-\u04FF]", s) and s not in allowed:
                    hits.append(f"{p.relative_to(LIB)}:{line}: {s[:40]!r}")
    assert hits == []


def test_every_key_has_a_text_in_every_language():
    assert texts.missing_translations() == []


def test_a_missing_translation_is_an_error_not_a_fallback(tmp_path, monkeypatch):
    cat = tmp_path / "texts.csv"
    cat.write_text("key,kk,ru,en\nhello,Сәлем,Привет,\n", encoding="utf-8")
    assert texts.missing_translations(str(cat)) == [("hello", "en")]
    monkeypatch.setattr(texts, "_catalogue", lambda path=None: texts._read_catalogue(str(cat)))
    with pytest.raises(texts.MonotownsError, match="no 'en' text"):
        texts.t("hello", "en")
    assert texts.t("hello", "kk") == "Сәлем"


def test_every_key_the_code_asks_for_is_in_the_catalogue():
    """T("key", …) / t("key", …) with a literal key: the key exists (others are built from ids)."""
    keys = set(texts.keys())
    asked = set()
    for p in _modules():
        src = p.read_text(encoding="utf-8")
        asked |= set(re.findall(r"\b[Tt]\(\s*\"([a-z0-9_]+)\"\s*[,)]", src))
        if p.name == "townreport.py":  # s(key) is the town report's t("town_" + key)
            asked |= {"town_" + k for k in re.findall(r"\bs\(\s*\"([a-z0-9_]+)\"\s*[,)]", src)}
    assert sorted(asked - keys) == []


def test_numbers_are_formatted_per_locale():
    assert texts.fmt_number(186080, "kk") == "186\u00a0080"
    assert texts.fmt_number(186080, "en") == "186,080"
    assert texts.fmt_number(4.6, "kk", 1) == "4,6" and texts.fmt_number(4.6, "en", 1) == "4.6"
    assert texts.fmt_percent(4.6, "kk") == "4,6\u00a0%" and texts.fmt_percent(4.6, "en") == "4.6%"
    assert texts.fmt_number(None, "en") == "–"


def test_grade_names_in_kazakh_are_the_printed_labels():
    """The catalogue's Kazakh grade names are the labels the source prints (method.CLASSES)."""
    from monotowns import method

    for cid, printed in method.CLASSES.items():
        assert texts.class_label(cid, "kk") == printed


# ------------------------------------------------------------ configuration


def test_no_environment_variable_is_read_at_import_time():
    """Configuration is a Context passed to what needs it (no module-level os.environ reads)."""
    hits = []
    for p in _modules():
        tree = ast.parse(p.read_text(encoding="utf-8"))
        for node in tree.body:  # module level only
            if re.search(r"os\.environ|getenv", ast.unparse(node)) and not isinstance(
                node, (ast.FunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)
            ):
                hits.append(f"{p.relative_to(LIB)}:{node.lineno}")
    assert hits == []


def test_no_css_in_the_python_of_the_report_and_publish_layers():
    """Styles live in publish/templates/report.css: no style attribute and no <style> element
    is written in Python (a diagram's width on paper is set by the figure's template)."""
    hits = []
    for layer in ("report", "publish"):
        for p in sorted((LIB / layer).glob("*.py")):
            for line, s in _string_constants(p):
                if re.search(r"\bstyle\s*=\s*['\"]|<style\b", s):
                    hits.append(f"{p.relative_to(LIB)}:{line}: {s[:50]!r}")
    assert hits == []


#: An HTML or SVG element written in a string: an opening or closing tag.
_TAG = re.compile(
    r"</?(?:p|div|span|table|thead|tbody|tr|td|th|caption|ul|ol|li|dl|dt|dd|a|h[1-6]|section|figure|"
    r"figcaption|img|b|i|strong|em|br|sup|sub|code|pre|style|svg|g|polygon|polyline|circle|text|title|"
    r"details|summary|nav|main|header|footer|html|head|body|meta|link)(?:\s[^<>]*)?/?>",
    re.I,
)
#: Modules that read built pages (they match tags; they write none).
_HTML_READERS = {"publish/pagecheck.py", "publish/claims.py", "publish/docx.py"}


def _html_strings(p: Path) -> list[tuple[int, str]]:
    return [(line, s) for line, s in _string_constants(p) if _TAG.search(s)]


def test_no_html_in_the_python_of_the_report_and_publish_layers(tmp_path):
    """Pages are assembled from the page model (report/page.py) and written by templates
    (report/templates/, publish/templates/): no string of the report or publish layers holds an
    HTML tag, except in the modules that read built pages. The check finds a tag in an f-string
    and leaves docstrings alone."""
    bad = tmp_path / "bad.py"
    bad.write_text('def f(x):\n    """Writes <p>x</p>."""\n    return f"<p class=\'note\'>{x}</p>"\n', encoding="utf-8")
    assert [line for line, _ in _html_strings(bad)] == [3, 3]  # the opening and the closing tag
    hits = []
    for layer in ("report", "publish"):
        for p in sorted((LIB / layer).glob("*.py")):
            rel = p.relative_to(LIB).as_posix()
            if rel in _HTML_READERS:
                continue
            hits += [f"{rel}:{line}: {s[:60]!r}" for line, s in _html_strings(p)]
    assert hits == []


def test_a_test_of_the_fast_tier_cannot_start_a_process():
    """The fast tier runs in process (``tests/conftest.py``): a command started by a test not
    marked slow fails it with the reason."""
    import subprocess

    with pytest.raises(AssertionError, match="not marked slow started a process \\(true\\); mark it slow"):
        subprocess.run(["true"], check=False)


def test_every_option_the_readme_names_is_one_a_command_takes():
    """The README's commands are the commands as they are: an option it names for the build
    (`run_all.py`, `bash run.sh build`, `monotowns build`) is the build command's, and every
    `--option` it names is one of the build's, a `monotowns` subcommand's or the benchmark's
    (`--to` is nbconvert's, in the naive chain it describes)."""
    import re

    from monotowns.publish import cli, command

    build_options = set(command.parser()._option_string_actions)
    subparsers = next(a for a in cli.build_parser()._actions if a.choices and "export" in a.choices).choices
    cli_options = {o for p in subparsers.values() for o in p._option_string_actions}
    bench = (paths.ROOT / "scripts" / "benchmark.py").read_text(encoding="utf-8")
    bench_options = set(re.findall(r'add_argument\(\s*"(--[a-z-]+)"', bench))
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", readme))
    unknown = named - build_options - cli_options - bench_options - {"--to"}
    assert not unknown, f"the README names options no command takes: {sorted(unknown)}"
    for span in re.findall(r"`([^`\n]*(?:run_all\.py|run\.sh build|monotowns build)[^`\n]*)`", readme):
        wrong = set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", span)) - build_options
        assert not wrong, f"the README gives the build options it does not take: {span!r} {sorted(wrong)}"
    assert {"--town", "--lang", "--format", "--watch", "--force"} <= named & build_options


def test_monotowns_build_is_the_build_command_and_run_all_py_a_door_to_it(capsys):
    """`monotowns build` takes the build's options and names itself in its messages; run_all.py
    only calls the same command (issue "architecture, second step")."""
    from monotowns.publish import cli

    assert cli.main(["build", "--lang", "xx"]) == 2
    assert capsys.readouterr().err.startswith("monotowns build: error: unknown language 'xx'")
    with pytest.raises(SystemExit):
        cli.main(["build", "--help"])
    assert "--watch" in capsys.readouterr().out
    door = (paths.ROOT / "run_all.py").read_text(encoding="utf-8")
    assert "from monotowns.publish.command import run" in door and len(door.splitlines()) < 15, door


def test_the_configured_folders_are_read_through_a_context_only():
    """Issue 25: the data, notebooks and outputs folders are a ``Context``'s (its own, or
    ``context.current()``); no module of the library reads them from ``paths``, where they are
    only the defaults. (``paths.ROOT`` and ``LIB_DIR``, where the code is, are not configuration.)"""
    configured = re.compile(r"\bpaths\.(DATA_DIR|NOTEBOOKS_DIR|OUTPUTS_DIR)\b")
    lib = paths.LIB_DIR
    allowed = {lib / "data" / "paths.py", lib / "data" / "context.py"}
    found = [
        f"{p.relative_to(lib)}:{n}"
        for p in sorted(lib.rglob("*.py"))
        if p not in allowed
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if configured.search(line.split("#")[0])
    ]
    assert found == [], found
    assert not hasattr(paths, "TABLES_DIR") and not hasattr(paths, "DATAPACKAGE")  # a context's, by name


def test_a_context_made_inside_another_keeps_its_folders(tmp_path):
    from monotowns.data import context
    from monotowns.data.context import Context

    inner = Context(data_dir=tmp_path / "data", notebooks_dir=tmp_path / "nb")
    with context.use(inner):
        assert context.current() is inner
        made = Context(outputs_dir=tmp_path / "out")  # as now, but the outputs elsewhere
        assert (made.data_dir, made.notebooks_dir) == (tmp_path / "data", tmp_path / "nb")
        assert made.tables_dir == tmp_path / "data" / "tables"
    assert context.current() is context.DEFAULT
    with context.use(Context()):  # equal to the default: leaving it leaves the default in place
        pass
    assert context.current() is context.DEFAULT and len(context._current) == 1
