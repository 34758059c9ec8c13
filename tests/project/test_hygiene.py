"""Publishing hygiene: licences and citation present, every declared dependency used and every
used one declared, the pins of pyproject.toml, environment.yml and requirements.lock in step."""

import ast
import json
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

import pytest
from monotowns.data import paths

ROOT = paths.ROOT
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
OPTIONAL = PYPROJECT["project"]["optional-dependencies"]
#: What the build and the tests install (requirements.lock pins these and all they need).
DECLARED = PYPROJECT["project"]["dependencies"] + OPTIONAL["dev"]
#: What scripts/ needs besides (run by hand, once, to make two data files).
SCRIPTS = OPTIONAL["scripts"]

#: Declared packages that are used without being imported by our code, and how.
USED_WITHOUT_IMPORT = {
    "jupyter": "the notebook UI a student opens the notebooks in (README: Teaching)",
    "ipykernel": "the kernel papermill runs every report's notebook in (kernel_name='python3')",
    "ruff": "run by tests/e2e/test_malformed_inputs.py as a command (lint and format)",
}


def _name(pin: str) -> str:
    return re.split(r"[=<>!~\[ ]", pin, maxsplit=1)[0].lower().replace("_", "-")


def _python_sources():
    yield from (ROOT / "lib").rglob("*.py")
    yield from (ROOT / "tests").rglob("*.py")
    yield from (ROOT / "scripts").glob("*.py")
    yield ROOT / "run_all.py"


def _imported_top_level() -> set[str]:
    mods: set[str] = set()
    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in _python_sources()]
    for nb in (ROOT / "notebooks").glob("*.ipynb"):
        for c in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            if c["cell_type"] == "code":
                trees.append(ast.parse("".join(c["source"])))
    for tree in trees:
        for n in ast.walk(tree):
            if isinstance(n, ast.Import):
                mods |= {a.name.split(".")[0] for a in n.names}
            elif isinstance(n, ast.ImportFrom) and not n.level and n.module:
                mods.add(n.module.split(".")[0])
    return mods - set(sys.stdlib_module_names) - {"monotowns"}


def _distributions(mods: set[str]) -> set[str]:
    dists = packages_distributions()
    return {d.lower().replace("_", "-") for m in mods for d in dists.get(m, [m])}


def test_licence_rights_and_citation_are_present():
    lic = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in lic and "CC BY 4.0" in lic and "data/sources" in lic
    assert PYPROJECT["project"]["license"] == "MIT"
    assert "cff-version" in (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Statement about rights and licences" in readme


@pytest.mark.slow
def test_every_imported_package_is_declared():
    declared = {_name(p) for p in DECLARED + SCRIPTS} | {"shapefile"}  # pyshp's module is shapefile
    used = _distributions(_imported_top_level())
    # nbformat, jupyter-client and IPython come pinned with nbconvert / papermill / ipykernel
    # (requirements.lock pins the whole environment)
    undeclared = sorted(used - declared - {"nbformat", "jupyter-client", "ipython"})
    assert undeclared == [], "imported without a pin in pyproject.toml"


@pytest.mark.slow
def test_every_declared_package_is_used():
    used = _distributions(_imported_top_level())
    unused = sorted(_name(p) for p in DECLARED if _name(p) not in used and _name(p) not in USED_WITHOUT_IMPORT)
    assert unused == []


def test_environment_yml_has_the_pins_of_pyproject():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    pins = [m.group(1) for m in re.finditer(r"^\s+- ([A-Za-z0-9_.\-]+==[^\s]+)$", text, re.M)]
    assert sorted(pins) == sorted(DECLARED)
    assert "python=3.11" in text


def test_requirements_lock_has_the_pins_of_pyproject():
    lock = {
        _name(x): x.split("==")[1].strip()
        for x in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
        if "==" in x
    }
    for pin in DECLARED:
        name, version = _name(pin), pin.split("==")[1]
        assert lock.get(name) == version, pin


def test_every_notebook_s_language_parameter_names_the_three_languages():
    """Every parameter cell said `lang = "kk"  # … or en`: Russian, a language of every report,
    was missing."""
    import json

    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        params = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert params, nb.name
        line = next(ln for ln in "".join(params[0]["source"]).splitlines() if ln.startswith("lang ="))
        assert all(code in line.split("#", 1)[1] for code in ("kk", "ru", "en")), (nb.name, line)
