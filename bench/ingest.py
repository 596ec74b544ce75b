"""Ingest benchmark: 2,000 summary files (8 areas × 4 quarters × many years, plus noise).

    uv run python -m bench.ingest [--years 60]

Builds a drop with 8 branches (the reference has 6 areas: two areas get two branches) × 4
quarters × `--years` fiscal years ≈ 2,000 files (made with the tests' Signer), plus noise
(a bad signature, an unregistered key, garbage, a partial file per 100 files), registers them,
then times one cold `ingest`. In the same run, the signature checks alone (Ed25519 verify of
every file) are timed as the baseline. Goal printed, never asserted: ingest < 5 s.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from mccdesk.prefecture.office import PrefectureOffice
from mccdesk.reference import reference
from mccdesk.sync import envelope
from tests.support.prefecture import Signer, put


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--years", type=int, default=62)
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="mccdesk-bench-"))
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    os.environ.setdefault("XDG_DATA_HOME", str(root / "xdg"))
    areas = [a.code for a in reference().areas]
    office, _ = PrefectureOffice.create(root / "pref")
    drop = root / "drop"
    drop.mkdir()
    signers = [Signer(f"B{i + 1:02d}", areas[i % len(areas)]) for i in range(8)]
    for s in signers:
        path = root / f"{s.branch}.mcckey"
        path.write_bytes(s.registration())
        office.register(path, s.fingerprint)
    files: list[tuple[str, bytes]] = []
    start = time.perf_counter()
    for year in range(1990, 1990 + args.years):
        for q in (1, 2, 3, 4):
            for s in signers:
                name, data = s.file(f"FY{year}-Q{q}", 0, office.sealing_public, marker=q)
                put(drop, s.branch, name, data)
                files.append((name, data))
    noise = 0
    for i, (name, data) in enumerate(files[::100]):
        put(drop, "B01", f"flip{i}.mccsum", data[:-1] + bytes([data[-1] ^ 1]))
        stranger = Signer("B02").file("FY2000-Q1", 0, office.sealing_public)
        put(drop, "B02", *stranger)
        put(drop, "B03", f"junk{i}.mccsum", os.urandom(300))
        put(drop, "B04", name + ".partial", data[:50])
        noise += 3
    made = time.perf_counter() - start
    total = len(files) + noise
    print(f"files: {len(files)} summaries + {noise} noise = {total} (made in {made:.1f} s)")

    keys = {envelope.key_id(s.public): s.public for s in signers}
    start = time.perf_counter()
    for _, data in files:
        signed, header_bytes, _ = envelope.split(data)
        kid = header_bytes.split(b'"key_id":"')[1][:64].decode()
        Ed25519PublicKey.from_public_bytes(keys[kid]).verify(
            data[len(signed) :], envelope.CONTEXT + b"\x00" + signed
        )
    sig = time.perf_counter() - start

    start = time.perf_counter()
    report = office.ingest(drop)
    full = time.perf_counter() - start
    start = time.perf_counter()
    office.ingest(drop)
    again = time.perf_counter() - start
    office.close()
    accepted = report.count("accepted")
    print(f"accepted {accepted}, quarantined {report.count('quarantined')}")
    print(f"signature checks alone: {sig:.2f} s ({sig / len(files) * 1e3:.3f} ms/file)")
    print(
        f"ingest (cold):          {full:.2f} s ({full / total * 1e3:.3f} ms/file)"
        f"  = {full / sig:.1f} × signatures   goal < 5 s: {'OK' if full < 5 else 'MISSED'}"
    )
    print(f"ingest again (no-op):   {again:.2f} s")


if __name__ == "__main__":
    main()
