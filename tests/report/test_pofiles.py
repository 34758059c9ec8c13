"""The translations as gettext catalogues (issue 25: a proofreader's standard tool): exported
from the CSV files, read back into them, a stale translation fuzzy until it is checked."""

from __future__ import annotations

import csv
import io
import shutil

import pytest
from babel.messages.pofile import read_po, write_po
from monotowns.data.context import DEFAULT
from monotowns.data.errors import MonotownsError
from monotowns.report import pofiles, texts


@pytest.fixture
def data(tmp_path, folders):
    """A copy of the text catalogue and the translations, made the current data folder."""
    d = tmp_path / "data"
    d.mkdir()
    for p in DEFAULT.data_dir.glob("texts*.csv"):
        shutil.copy(p, d / p.name)
    shutil.copytree(DEFAULT.data_dir / "translations", d / "translations")
    folders(data_dir=d)
    return d


def _catalogue(body: bytes):
    return read_po(io.BytesIO(body))


def _save(cat, path):
    buf = io.BytesIO()
    write_po(buf, cat, width=0)
    path.write_bytes(buf.getvalue())
    return path


def _snapshot(d):
    return {p: p.read_bytes() for p in sorted(d.rglob("*.csv"))}


def test_every_text_and_every_source_word_is_a_message_in_its_place(data):
    cat = _catalogue(pofiles.export("ru"))
    by_ctx = {m.context: m for m in cat if m.id}
    for p in sorted(data.glob("texts*.csv")):
        for r in csv.DictReader(open(p, encoding="utf-8", newline="")):
            m = by_ctx[r["key"]]
            assert (m.id, m.string) == (r["kk"], r["ru"]), r["key"]
            assert m.locations[0][0] == f"data/{p.name}"
    pairs = {(m.context, m.id): m.string for m in cat if m.id}
    t1 = list(csv.DictReader(open(data / "translations" / "T1.csv", encoding="utf-8", newline="")))
    assert all(pairs[(f"T1:{r['field']}", r["kk"])] == r["ru"] for r in t1)
    errata = list(csv.DictReader(open(data / "translations" / "errata.csv", encoding="utf-8", newline="")))
    assert all(pairs[(f"errata:{r['field']}", r["en"])] == r["ru"] for r in errata)  # ours, written in English


def test_a_catalogue_read_back_unchanged_changes_no_byte(data, tmp_path):
    before = _snapshot(data)
    path = tmp_path / "ru.po"
    path.write_bytes(pofiles.export("ru"))
    assert pofiles.update(path) == []
    assert _snapshot(data) == before


def test_a_proofread_translation_is_written_into_its_row_only(data, tmp_path):
    before = _snapshot(data)
    cat = _catalogue(pofiles.export("en"))
    cat.get("Қазақша", context="lang_kk").string = "Kazakh (proofread)"
    t1 = next(m for m in cat if m.context == "T1:text")
    t1.string = "A proofread sentence"
    changed = pofiles.update(_save(cat, tmp_path / "en.po"))
    assert len(changed) == 2 and "(lang_kk)" in changed[0]
    assert texts.t("lang_kk", "en") == "Kazakh (proofread)"
    assert texts.source_text("T1", "text", t1.id, "en") == "A proofread sentence"
    after = _snapshot(data)
    differ = [p.name for p in before if before[p] != after[p]]
    assert differ == ["texts.csv", "T1.csv"]
    old, new = before[data / "texts.csv"].decode().split("\n"), after[data / "texts.csv"].decode().split("\n")
    assert [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b] == [
        next(i for i, line in enumerate(old) if line.startswith("lang_kk,"))
    ]


def test_a_changed_kazakh_text_is_fuzzy_until_it_is_checked(data, tmp_path):
    path = data / "texts.csv"
    text = path.read_text(encoding="utf-8")
    line = next(x for x in text.split("\n") if x.startswith("source_line,"))
    path.write_text(text.replace(line, line.replace("source_line,жол,", "source_line,жолы,", 1)), encoding="utf-8")
    assert [k for _, _, k, _ in texts.stale_translations()] == ["source_line"]
    cat = _catalogue(pofiles.export("ru"))
    m = cat.get("жолы", context="source_line")
    assert "fuzzy" in m.flags
    pofiles.update(_save(cat, tmp_path / "still.po"))  # still fuzzy: still stale
    assert [k for _, _, k, _ in texts.stale_translations()] == ["source_line"]
    m.flags.discard("fuzzy")  # the proofreader checked the Russian against the new Kazakh
    changed = pofiles.update(_save(cat, tmp_path / "checked.po"))
    assert changed == [
        f"data/texts.csv, line {text.split(chr(10)).index(line) + 1} (source_line): checked against the Kazakh"
    ]
    assert texts.stale_translations() == []


def test_a_catalogue_of_an_older_kazakh_text_is_refused(data, tmp_path):
    path = tmp_path / "ru.po"
    path.write_bytes(pofiles.export("ru"))
    texts_csv = data / "texts.csv"
    text = texts_csv.read_text(encoding="utf-8")
    texts_csv.write_text(text.replace("source_line,жол,", "source_line,жолы,", 1), encoding="utf-8")
    before = _snapshot(data)
    with pytest.raises(MonotownsError, match="'source_line' translates 'жол'.*now reads 'жолы'"):
        pofiles.update(path)
    assert _snapshot(data) == before  # nothing written


def test_a_message_whose_source_text_changed_is_refused_and_nothing_is_written(data, tmp_path):
    cat = _catalogue(pofiles.export("ru"))
    cat.get("Қазақша", context="lang_kk").string = "Казахский (вычитано)"  # a change that would be written
    path = _save(cat, tmp_path / "ru.po")
    t1 = data / "translations" / "T1.csv"
    rows = t1.read_text(encoding="utf-8").split("\n")
    first_kk = next(csv.reader([rows[1]]))[1]
    t1.write_text(
        "\n".join([rows[0], rows[1].replace(first_kk, first_kk + " (түзетілген)", 1), *rows[2:]]), encoding="utf-8"
    )
    before = _snapshot(data)
    with pytest.raises(MonotownsError, match="match no row of the data any more, e.g. 'T1:"):
        pofiles.update(path)
    assert _snapshot(data) == before  # not even texts.csv, whose message still matched


def test_the_command_writes_and_reads_the_catalogue(data, tmp_path, capsys):
    from monotowns.publish import cli

    out = tmp_path / "en.po"
    assert cli.main(["texts", "--po", "en", "--out", str(out)]) == 0
    assert _catalogue(out.read_bytes()).get("Қазақша", context="lang_kk").string == "Kazakh"
    assert cli.main(["texts", "--update", str(out)]) == 0
    assert cli.main(["texts", "--stale"]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said == [f"wrote {out}", "nothing changed"]
