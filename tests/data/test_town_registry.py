"""The registry of the 27 towns (data/towns.csv, town_variants.csv): every spelling in the
tables resolves to one town, and a broken registry is one validation error."""

import csv
import re

import pytest
from monotowns.data import towns
from monotowns.data.context import DEFAULT
from monotowns.data.errors import MonotownsError, UnknownTownError

from ..conftest import source_lines

EXPECTED_IDS = [
    "stepnogorsk",
    "khromtau",
    "tekeli",
    "kulsary",
    "aksai",
    "karatau",
    "zhanatas",
    "balkhash",
    "zhezkazgan",
    "karazhal",
    "saran",
    "satpayev",
    "temirtau",
    "shakhtinsk",
    "abai",
    "arkalyk",
    "zhitikara",
    "lisakovsk",
    "rudny",
    "zhanaozen",
    "aksu",
    "ekibastuz",
    "altai",
    "kurchatov",
    "ridder",
    "serebryansk",
    "kentau",
]


def _variants():
    with open(DEFAULT.town_variants_csv, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_registry_has_exactly_the_27_ids():
    assert towns.town_ids() == EXPECTED_IDS


def test_karaganda_eight():
    assert set(towns.karaganda_ids()) == {
        "balkhash",
        "zhezkazgan",
        "karazhal",
        "saran",
        "satpayev",
        "temirtau",
        "shakhtinsk",
        "abai",
    }


@pytest.mark.parametrize("t", towns.registry(), ids=lambda t: t["city_id"])
def test_every_registry_name_resolves(t):
    for col in ("city_id", "name_kk", "name_ru", "name_en"):
        assert towns.resolve(t[col]) == t["city_id"]


@pytest.mark.parametrize("v", _variants(), ids=lambda v: v["variant"])
def test_every_variant_resolves_and_occurs_where_recorded(v):
    assert towns.resolve(v["variant"]) == v["city_id"]
    lines = source_lines(v["source"])
    i = int(v["line"]) - 1
    joined = lines[i].rstrip() + lines[i + 1].lstrip()  # a name hyphenated across a line break
    assert v["variant"] in lines[i] or v["variant"] in joined


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Шахты", "shakhtinsk"),
        ("Шахтинск", "shakhtinsk"),
        ("Жетіқара", "zhitikara"),
        ("Сәтпаев", "satpayev"),
        ("Сәтбаев", "satpayev"),
        ("Зыряновск", "altai"),
        ("Bamkam", "balkhash"),
        ("  балқаш қ. ", "balkhash"),
        ("Хромтау қ.", "khromtau"),
        ("ТЕМІРТАУ", "temirtau"),
    ],
)
def test_spellings_of_the_issue(name, expected):
    assert towns.resolve(name) == expected


def test_the_sources_town_names_all_resolve():
    """Every town a table row names (town_raw in the numeric tables) resolves."""
    import pandas as pd

    for p in sorted(DEFAULT.tables_dir.glob("*.csv")):
        df = pd.read_csv(p, dtype=str, keep_default_na=False)
        if "town_raw" not in df or "city_id" not in df:
            continue
        for tr, cid in zip(df["town_raw"], df["city_id"], strict=True):
            if tr and cid in towns.town_ids():
                assert towns.resolve(tr) == cid, (p.name, tr)


@pytest.mark.parametrize("bad", ["Алматы", "Temirtauu", "", "x/../y"])
def test_unknown_names_fail_clearly(bad):
    with pytest.raises(UnknownTownError) as e:
        towns.resolve(bad)
    assert "unknown town name" in str(e.value)
    assert isinstance(e.value, MonotownsError)


def test_unknown_name_suggests_the_closest():
    with pytest.raises(UnknownTownError, match="балқаш"):
        towns.resolve("Балкаш")


def test_town_lookup_by_id():
    assert towns.town("altai")["name_ru"] == "Алтай"
    with pytest.raises(UnknownTownError, match="valid ids"):
        towns.town("almaty")


def test_names_are_cyrillic_or_latin_only():
    for t in towns.registry():
        assert re.fullmatch(r"[А-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІіЁё \-]+", t["name_kk"])
        assert re.fullmatch(r"[A-Za-z \-]+", t["name_en"])


@pytest.mark.parametrize(
    "typo, town",
    [("Balkash", "balkhash"), ("Балхащ", "balkhash"), ("Temirtua", "temirtau"), ("Karazhl", "karazhal")],
)
def test_a_near_spelling_is_caught(typo, town):
    assert towns.near_misses(typo)[0] == town


@pytest.mark.parametrize("other", ["Almaty", "Aksuat", "Temir", "Kokshetau", "Astana", "balkhash", "Балқаш"])
def test_another_town_or_a_known_spelling_is_no_near_miss(other):
    assert towns.near_misses(other) == []


@pytest.mark.parametrize(
    "damage, fragments",
    [
        (lambda p: p.unlink(), ["towns.csv", "cannot read"]),
        (lambda p: p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes()), ["towns.csv", "row 1", "byte-order mark"]),
        (
            lambda p: p.write_bytes(p.read_text(encoding="utf-8").encode("cp1251", errors="replace")),
            ["towns.csv", "row 2", "not UTF-8"],
        ),
        (lambda p: p.write_text(p.read_text().replace("city_id", "id", 1)), ["row 1", "column 'city_id'"]),
    ],
)
def test_a_broken_registry_is_one_validation_error(damage, fragments, data_copy, monkeypatch, folders):
    from monotowns.data.errors import DataValidationError

    folders(data_dir=data_copy)
    try:
        damage(data_copy / "towns.csv")
        with pytest.raises(DataValidationError) as e:
            towns.registry()
        for f in fragments:
            assert f in str(e.value), (f, str(e.value))
    finally:
        towns._registry.cache_clear()
