"""The analyst's loop (one report built on its own): what keeps its fixed work small."""

from __future__ import annotations

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
