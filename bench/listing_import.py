"""The brokers' listing import: upload, preview and confirm of a workshop file of N rows on the demo
region, and the matching of the imported listings in one pass (`matching.recompute_for_listings`)
against the baseline of one recompute per listing (`recompute_for_listing`, what a saved listing
uses), measured in the same run on the same listings.

    .venv/bin/python bench/listing_import.py --rows 1000
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WORDS = ["Sågspån", "Pallar", "Spillvärme", "Praktikplats", "Flis", "Kartong", "Metallskrot", "Gödsel"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args()
    from flask_migrate import upgrade

    from siru_exchange import create_app
    from siru_exchange.extensions import db
    from siru_exchange.models import Organisation, User
    from siru_exchange.services import demo, listing_import, matching

    folder = tempfile.mkdtemp()
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3"})
    with app.test_request_context("/"):
        upgrade()
        demo.load()
        broker = db.session.query(User).filter(User.role == "broker").first()
        orgs = [o.org_number for o in db.session.query(Organisation)]
        lines = ["organisation;typ;titel;beskrivning;mängd;enhet;frekvens"]
        lines += [f"{orgs[i % len(orgs)]};{'erbjudande' if i % 2 else 'behov'};{WORDS[i % 8]} parti {i};"
                  f"Rad {i} från workshopen;{i % 50 + 1};ton;varje månad" for i in range(args.rows)]
        content = "\r\n".join(lines).encode("utf-8-sig")
        matching.engine()  # warm: the first sync loads the region
        t0 = time.perf_counter()
        kept = listing_import.upload(broker, content, "bench.csv")
        t1 = time.perf_counter()
        preview = listing_import.preview(broker, kept.token)
        t2 = time.perf_counter()
        done = listing_import.confirm(broker, kept.token, only_valid=False)
        t3 = time.perf_counter()
        matching.recompute_for_listings(done.created)
        t4 = time.perf_counter()
        for listing in done.created:
            matching.recompute_for_listing(listing)
        t5 = time.perf_counter()
    batched, single = t4 - t3, t5 - t4
    print(f"rows {args.rows} ({len(content) // 1024} kB): upload {t1 - t0:.2f} s, preview {t2 - t1:.2f} s "
          f"({len(preview.new)} new), confirm with matching {t3 - t2:.2f} s; matching the imported listings "
          f"in one pass {batched:.2f} s, one recompute per listing {single:.2f} s: {single / batched:.1f}x")


if __name__ == "__main__":
    main()
