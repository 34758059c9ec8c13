"""Reading a number as the sources print it: comma decimals, signs with a space, thousands
separated by a space (``cells.parse_number``)."""

import pytest
from monotowns.data import cells


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("15", 15.0),
        ("6,2", 6.2),
        ("+ 6,2", 6.2),
        ("- 0,2", -0.2),
        ("-0,07", -0.07),
        ("3 529", 3529.0),
        ("68\u00a0132", 68132.0),
        ("\t4,1 ", 4.1),
        ("-", None),
        ("–", None),
    ],
)
def test_parse_number(raw, expected):
    assert cells.parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["267 2857", "12 34", "abc", "1,2,3", "15%"])
def test_parse_number_refuses_what_is_not_one_number(raw):
    with pytest.raises(ValueError):
        cells.parse_number(raw)


def test_parse_parts_splits_population_pairs():
    assert cells.parse_parts("298419/30403") == [298419.0, 30403.0]
    assert cells.parse_parts("36\u00a0887\u00a0/43716") == [36887.0, 43716.0]


def test_compound_amount_in_millions():
    assert cells.compound_amount("17 млрд. 250 млн. теңге") == 17250.0
    assert cells.compound_amount("5,2 млрд. теңге") is None
