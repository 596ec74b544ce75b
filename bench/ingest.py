"""Ingest benchmark: 2,000 summary files (8 areas × 4 quarters × many years, plus noise).

    uv run python -m bench.ingest [--years 60]
    uv run python -m bench.ingest --junk 200 [--good 1800] [--junk-size 2097152]

Default: builds a drop with 8 branches (the reference has 6 areas: two areas get two branches)
× 4 quarters × `--years` fiscal years ≈ 2,000 files (made with the tests' Signer), plus noise
(a bad signature, an unregistered key, garbage, a partial file per 100 files), registers them,
then times one cold `ingest`. In the same run, the signature checks alone (Ed25519 verify of
every file) are timed as the baseline. Goal printed, never asserted: ingest < 5 s.

`--junk N` (issue 13, item 10): the same `--good` files twice, once alone (the baseline) and
once with N junk files of `--junk-size` bytes among them (random bytes, each different, at most
the size cap so that each is read), each ingested into its own copy of one store, each run in a
fresh process so that its peak memory (RSS, from getrusage) is its own. Printed per run: time,
peak RSS, and how much the store (prefecture.db and its WAL) grew.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from mccdesk.prefecture.office import PrefectureOffice
from mccdesk.reference import reference
from mccdesk.sync import envelope
from tests.support.prefecture import Signer, put


def _environment(root: Path) -> None:
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    os.environ.setdefault("XDG_DATA_HOME", str(root / "xdg"))


def _office(root: Path) -> tuple[PrefectureOffice, list[Signer]]:
    areas = [a.code for a in reference().areas]
    office, _ = PrefectureOffice.create(root / "pref")
    signers = [Signer(f"B{i + 1:02d}", areas[i % len(areas)]) for i in range(8)]
    for s in signers:
        path = root / f"{s.branch}.mcckey"
        path.write_bytes(s.registration())
        office.register(path, s.fingerprint)
    return office, signers


def _summaries(
    signers: list[Signer], sealing: bytes, drop: Path, limit: int
) -> list[tuple[str, bytes]]:
    files: list[tuple[str, bytes]] = []
    year = 1990
    while len(files) < limit:
        for q in (1, 2, 3, 4):
            for s in signers:
                if len(files) == limit:
                    return files
                name, data = s.file(f"FY{year}-Q{q}", 0, sealing, marker=q)
                put(drop, s.branch, name, data)
                files.append((name, data))
        year += 1
    return files


def speed(years: int) -> None:
    root = Path(tempfile.mkdtemp(prefix="mccdesk-bench-"))
    _environment(root)
    office, signers = _office(root)
    drop = root / "drop"
    drop.mkdir()
    start = time.perf_counter()
    files = _summaries(signers, office.sealing_public, drop, 8 * 4 * years)
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
    shutil.rmtree(root, ignore_errors=True)


# --- junk: time, peak memory and store growth, against the same good files alone --------------


def _store_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.name.startswith("prefecture.db"))


def child(folder: Path, drop: Path) -> None:
    """One ingest in this fresh process; prints its figures as JSON."""
    before = _store_bytes(folder)
    with PrefectureOffice.open(folder) as office:
        start = time.perf_counter()
        report = office.ingest(drop)
        seconds = time.perf_counter() - start
        grown_open = _store_bytes(folder) - before
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux
    figures = {
        "seconds": seconds,
        "peak_rss_mb": peak_kb / 1024,
        "grown_mb": (_store_bytes(folder) - before) / 1e6,  # after close (WAL checkpointed)
        "grown_open_mb": grown_open / 1e6,  # with the WAL, before close
        "accepted": report.count("accepted"),
        "quarantined": report.count("quarantined"),
    }
    print(json.dumps(figures))


def _run_child(folder: Path, drop: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.ingest", "--child", str(folder), str(drop)],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def junk(good: int, count: int, size: int) -> None:
    root = Path(tempfile.mkdtemp(prefix="mccdesk-bench-junk-"))
    _environment(root)
    office, signers = _office(root)
    sealing = office.sealing_public
    office.close()
    clean, dirty = root / "drop-clean", root / "drop-junk"
    start = time.perf_counter()
    files = _summaries(signers, sealing, clean, good)
    shutil.copytree(clean, dirty)
    for i in range(count):
        put(dirty, signers[i % len(signers)].branch, f"junk{i:04d}.mccsum", os.urandom(size))
    made = time.perf_counter() - start
    junk_mb = count * size / 1e6
    print(
        f"files: {len(files)} summaries; with junk: + {count} junk files of {size:,} bytes"
        f" ({junk_mb:.0f} MB) = {len(files) + count} (made in {made:.1f} s)"
    )
    for copy in ("pref-clean", "pref-junk"):
        shutil.copytree(root / "pref", root / copy)
    start_size = _store_bytes(root / "pref") / 1e6
    base = _run_child(root / "pref-clean", clean)
    with_junk = _run_child(root / "pref-junk", dirty)
    print(f"store before: {start_size:.2f} MB (each run ingests into its own copy)")
    print(f"{'':26}{'time':>8}{'peak RSS':>11}{'store grew':>12}{'(open, WAL)':>13}  decided")
    for label, f in (("baseline (good only)", base), (f"with {count} junk files", with_junk)):
        print(
            f"{label:26}{f['seconds']:7.2f}s{f['peak_rss_mb']:8.0f} MB{f['grown_mb']:9.2f} MB"
            f"{f['grown_open_mb']:10.2f} MB  {f['accepted']:.0f} accepted,"
            f" {f['quarantined']:.0f} quarantined"
        )
    extra = with_junk["grown_mb"] - base["grown_mb"]
    print(
        f"junk cost: {with_junk['seconds'] - base['seconds']:+.2f} s,"
        f" {with_junk['peak_rss_mb'] - base['peak_rss_mb']:+.0f} MB peak RSS,"
        f" {extra:+.2f} MB of store ({extra * 1e6 / max(count, 1):.0f} bytes per junk file)"
    )
    shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--years", type=int, default=62)
    ap.add_argument("--junk", type=int, default=0, help="compare with this many junk files")
    ap.add_argument("--good", type=int, default=1800)
    ap.add_argument("--junk-size", type=int, default=envelope.MAX_FILE)
    ap.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
    elif args.junk:
        junk(args.good, args.junk, args.junk_size)
    else:
        speed(args.years)


if __name__ == "__main__":
    main()
