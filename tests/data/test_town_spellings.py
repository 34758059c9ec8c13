"""A town by any spelling (issue "hard edges, third round"): the official Kazakh Latin
alphabet, decomposed Unicode, Latin and Cyrillic look-alikes, punctuation — one normalisation
(``towns.normalise``) used by ``resolve``, ``assess``, ``--town`` and ``--inputs``."""

import unicodedata

import pytest
from monotowns.data import towns
from monotowns.data.context import DEFAULT, Context
from monotowns.data.errors import DataValidationError, MonotownsError
from monotowns.method import assess
from monotowns.publish import build

SPELLINGS = {
    "Balqash": "balkhash",  # the official Kazakh Latin alphabet (2021), written plainly
    "Balqaş": "balkhash",
    "Arqalyq": "arkalyk",
    "Jezqazğan": "zhezkazgan",
    "Sätbaev": "satpayev",
    "Ekıbastūz": "ekibastuz",
    "Jañaözen": "zhanaozen",
    unicodedata.normalize("NFD", "Абай"): "abai",  # decomposed й
    unicodedata.normalize("NFD", "Сәтбаев"): "satpayev",
    "Сaтпаев": "satpayev",  # a Latin 'a' among Cyrillic letters
    "Kентау": "kentau",  # a Latin 'K'
    "Temirtаu": "temirtau",  # a Cyrillic 'а' among Latin letters
    "Zhana-ozen": "zhanaozen",
    "Жаңа өзен": "zhanaozen",
    "Ridder.": "ridder",
}


@pytest.mark.parametrize("name", list(SPELLINGS))
def test_a_known_town_by_any_spelling(name):
    assert towns.resolve(name) == SPELLINGS[name]


def test_the_kazakh_latin_alphabet_is_the_2021_one():
    assert [towns.kazakh_latin(x) for x in ("Балқаш", "Жезқазған", "Сәтбаев", "Екібастұз", "Шахтинск")] == [
        "Balqaş",
        "Jezqazğan",
        "Sätbaev",
        "Ekıbastūz",
        "Şahtinsk",
    ]


def _inputs(tmp_path, names):
    lines = (DEFAULT.data_dir / "assess_template.csv").read_text(encoding="utf-8").splitlines()
    row = lines[1].split(",", 1)[1]
    f = tmp_path / "my.csv"
    f.write_text("\n".join([lines[0]] + [f"{n},{row}" for n in names]) + "\n", encoding="utf-8")
    return f


@pytest.mark.parametrize("name", ["Balqash", unicodedata.normalize("NFD", "Абай"), "Сaтпаев"])
def test_assess_reads_a_known_town_by_any_spelling_as_that_town(name, tmp_path):
    """The town gets the published comparison, not a report of its own as a new town."""
    (inp,) = assess.read_inputs(_inputs(tmp_path, [name]))
    assert inp.town == SPELLINGS[name]


def test_two_new_towns_that_differ_only_by_punctuation_are_refused(tmp_path):
    """'Новый-город' and 'Новый город' were built into one file: one report lost, 'built 3'."""
    with pytest.raises(DataValidationError) as e:
        assess.read_inputs(_inputs(tmp_path, ["Новый-город", "Новый город"]))
    assert "duplicate town" in str(e.value) and "my.csv" in str(e.value)


def test_new_towns_whose_files_would_clash_are_refused(tmp_path, monkeypatch):
    """Should two names that the normalisation keeps apart still give one file name, the
    build refuses them instead of writing one report over the other."""
    f = _inputs(tmp_path, ["Town A", "Town B"])
    from monotowns.report import townreport

    monkeypatch.setattr(townreport, "slug", lambda t: "same")
    ctx = Context(outputs_dir=tmp_path / "out")
    with pytest.raises(MonotownsError) as e:
        build.with_inputs(build.all_jobs(ctx, towns=["saran"], langs=("en",)), f, ("en",), ctx)
    assert "Town A" in str(e.value) and "Town B" in str(e.value) and "same.html" in str(e.value)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_assess_output_is_wholly_in_its_language(lang):
    """'monotowns assess --lang en' printed Kazakh grade names in its list of differences
    ('recomputed grade орташадан жоғары') and the Kazakh name first."""
    from monotowns import method
    from monotowns.method import assess as method_assess
    from monotowns.report import console

    kazakh_only = set("әғқңөұүһі")
    for town in ("balkhash", "karazhal", "temirtau"):
        a = method_assess.assess(method.published_inputs(town))
        text = console.assessment_text(a, lang)
        first, rest = text.split("\n", 1)
        assert not kazakh_only & set(rest.lower()), [ln for ln in rest.splitlines() if kazakh_only & set(ln.lower())]
        assert first.startswith("== " + towns.town(town)[f"name_{lang}"])
        assert any(line.startswith("  - ") for line in rest.splitlines())  # the differences are there
