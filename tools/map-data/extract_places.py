#!/usr/bin/env python3
"""Copy the positions of the places the maps mark out of Natural Earth's populated places.

Reads geopandas 0.14.4's wheel (a zip; see requirements.txt for its hash), whose dataset
`naturalearth_cities` is Natural Earth's 1:110m populated places (public domain), and
writes places.json beside this script: the source name and the point of each place in
WANTED, nothing else. convert.mjs reads places.json; it is committed so that the map data
can be rebuilt from the npm packages alone.

    pip download --no-deps --require-hashes -r tools/map-data/requirements.txt -d /tmp/wheel
    python3 tools/map-data/extract_places.py /tmp/wheel/geopandas-0.14.4-py3-none-any.whl
"""

import hashlib
import json
import pathlib
import struct
import sys
import zipfile

WHEEL_SHA256 = "3bb6473cb59d51e1a7fe2dbc24a1a063fb0ebdeddf3ce08ddbf8c7ddc99689aa"
DATASET = "geopandas/datasets/naturalearth_cities/naturalearth_cities"
# The capitals of the six countries the site covers, by their name in the dataset.
WANTED = ["Beijing", "Nur-Sultan", "Bishkek", "Dushanbe", "Ashgabat", "Tashkent"]


def points(shp):
    """The (lon, lat) of every record of a point shapefile, in record order."""
    found = []
    offset = 100  # the file header
    while offset < len(shp):
        _, words = struct.unpack(">II", shp[offset : offset + 8])
        shape, lon, lat = struct.unpack("<idd", shp[offset + 8 : offset + 28])
        if shape != 1:
            sys.exit(f"record at byte {offset} is shape type {shape}, not a point")
        found.append((lon, lat))
        offset += 8 + words * 2
    return found


def names(dbf, encoding):
    """The first (text) field of every record of a dBase table."""
    count = struct.unpack("<I", dbf[4:8])[0]
    header, record = struct.unpack("<HH", dbf[8:12])
    width = dbf[32 + 16]  # the first field descriptor's length byte
    return [
        dbf[header + i * record + 1 : header + i * record + 1 + width].decode(encoding).strip()
        for i in range(count)
    ]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    wheel = pathlib.Path(sys.argv[1]).read_bytes()
    digest = hashlib.sha256(wheel).hexdigest()
    if digest != WHEEL_SHA256:
        sys.exit(f"{sys.argv[1]}: sha256 {digest}, expected {WHEEL_SHA256}")
    with zipfile.ZipFile(sys.argv[1]) as z:
        shp = z.read(DATASET + ".shp")
        dbf = z.read(DATASET + ".dbf")
        encoding = z.read(DATASET + ".cpg").decode().strip()
    table = dict(zip(names(dbf, encoding), points(shp)))
    missing = [n for n in WANTED if n not in table]
    if missing:
        sys.exit(f"not in the dataset: {', '.join(missing)}")
    places = [{"name": n, "lon": table[n][0], "lat": table[n][1]} for n in WANTED]
    out = {
        "source": "Natural Earth 1:110m populated places, as shipped in the PyPI package "
        "geopandas 0.14.4 (dataset naturalearth_cities)",
        "licence": "public domain",
        "places": places,
    }
    target = pathlib.Path(__file__).with_name("places.json")
    target.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {target} ({len(places)} places)")


if __name__ == "__main__":
    main()
