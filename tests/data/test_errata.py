"""The errata: recomputed from the published inputs, by hand here and by the library."""

import math

import pandas as pd
import pytest
from monotowns.data import errata
from monotowns.data.context import DEFAULT

from ..conftest import source_lines


def _committed() -> pd.DataFrame:
    return pd.read_csv(DEFAULT.errata_csv, dtype=str, keep_default_na=False)


def test_errata_file_is_what_the_checks_find():
    """Changing a published value or a rule without updating data/errata.csv fails here."""
    found = errata.find_all().astype(str).replace({"nan": ""})
    committed = _committed()
    assert list(found["erratum_id"]) == list(committed["erratum_id"])
    for col in ("published", "severity", "likely_intended", "line"):
        assert list(found[col]) == list(committed[col]), col
    rec_f = [float(x) if x else math.nan for x in found["recomputed"]]
    rec_c = [float(x) if x else math.nan for x in committed["recomputed"]]
    for a, b in zip(rec_f, rec_c, strict=True):
        assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, abs=1e-3)


def test_every_erratum_points_at_its_printed_cell():
    for _, r in _committed().iterrows():
        line = source_lines("diss")[int(r["line"]) - 1]
        pub = r["published"]
        assert pub in line or pub.split("/")[0] in line.replace("\u00a0", " ") or pub in line.replace("\u00a0", " "), (
            r["erratum_id"],
            pub,
            line,
        )


def _get(eid: str) -> pd.Series:
    df = _committed().set_index("erratum_id")
    assert eid in df.index, f"{eid} missing from errata.csv"
    return df.loc[eid]


# Hand computations from the printed cells (source lines in comments).


def test_t6_shakhty_change_has_the_wrong_sign():
    # line 915: 57447/56986; line 916: +0,8
    assert (56986 - 57447) / 57447 * 100 == pytest.approx(-0.8025, abs=1e-4)
    e = _get("T6-population_change_pct-shakhtinsk")
    assert e["published"] == "+0,8" and float(e["recomputed"]) == pytest.approx(-0.8025, abs=1e-4)


def test_t6_ekibastuz_change_has_the_wrong_sign():
    # line 961: 143164/143276 ; line 962: -0,07
    assert (143276 - 143164) / 143164 * 100 == pytest.approx(0.0782, abs=1e-4)
    assert _get("T6-population_change_pct-ekibastuz")["severity"] == "error"


def test_t6_karatau_2017_population_has_a_digit_too_many():
    # line 873: 298419/30403 -> 298419 / 30403 = 9.8
    assert 298419 / 30403 == pytest.approx(9.8155, abs=1e-3)
    e = _get("T6-population-karatau-2017")
    assert e["published"] == "298419/30403" and e["likely_intended"] == "29841"


def test_t6_rounding_within_half_a_unit_is_not_an_erratum():
    # Abai, line 920-921: 28486/28802 -> +1.11, printed +1 (integer): consistent
    assert abs((28802 - 28486) / 28486 * 100 - 1) < 0.5
    assert "T6-population_change_pct-abai" not in set(_committed()["erratum_id"])


def test_t15_growth_is_divided_by_the_end_year():
    # Balkhash, T15: the printed growth 58 equals (I2021 - I2017) / I2021, not / I2017
    t15 = pd.read_csv(DEFAULT.tables_dir / "T15.csv")
    b = t15[(t15.city_id == "balkhash") & (t15.indicator == "fixed_capital_investment")].set_index("year")
    i17, i21 = b.loc[2017, "value"], b.loc[2021, "value"]
    assert round((i21 - i17) / i21 * 100) == 58
    assert (i21 - i17) / i17 * 100 == pytest.approx(
        float(_get("T15-investment_growth_2017_2021_pct-balkhash")["recomputed"]), abs=1e-3
    )


def test_t13_saran_share_is_truncated():
    # 2 loss-making of 7 = 28.571..., printed 28,5 (line 1847)
    assert 2 / 7 * 100 == pytest.approx(28.5714, abs=1e-4)
    assert _get("T13-loss_making_share_pct-saran-2021")["severity"] == "minor"


def test_t22_jobs_ratio_is_ten_times_too_small():
    # Balkhash line 3070: 298/12300 = 2.42 %; printed part 0,2 (line 3080)
    assert 298 / 12300 * 100 == pytest.approx(2.4228, abs=1e-4)
    assert _get("T22-TDzhia3_pct-balkhash")["severity"] == "error"


def test_t11_wage_2017_2021_row_reproduces_only_with_the_garbled_cell():
    # Balkhash: 2017 wage 143 155 (line 1619); 2021 printed '267 2857' (line 1579); row prints 94
    assert (2672857 - 143155) / 2672857 * 100 == pytest.approx(94.64, abs=0.01)
    assert (267285 - 143155) / 267285 * 100 == pytest.approx(46.44, abs=0.01)
    e = _get("T11-avg_monthly_nominal_wage_2017_2021-balkhash")
    assert e["likely_intended"] == "46.4"


def test_t9_population_disagrees_with_t6():
    # Karazhal: T9 7,7 thousand (line 1349) vs T6 2021 18586 persons (line 894)
    assert abs(7.7 - 18.586) / 18.586 > 0.02
    assert _get("T9-population-karazhal-2021")["severity"] == "error"


@pytest.mark.parametrize(
    "printed, raw, rec, expected",
    [
        (6.2, "+ 6,2", 6.24, None),
        (6.2, "6,2", 6.29, "minor"),
        (28.5, "28,5", 28.5714, "minor"),
        (15, "15", 18.5, "error"),
        (-0.07, "-0,07", 0.078, "error"),
        (1, "+1", 1.11, None),
    ],
)
def test_classify(printed, raw, rec, expected):
    assert errata.classify(printed, raw, rec) == expected
