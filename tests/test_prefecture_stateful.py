"""Promise 19, stateful: drops, re-drops, reorders and deletions never count a file twice, nor
a bad one once, and the tables always hold exactly the chain's prefix that has arrived."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from mccdesk.prefecture import model
from mccdesk.prefecture.office import PrefectureOffice
from tests.support.prefecture import Signer, put

BRANCHES = ("B01", "B02")
PERIODS = ("FY2024-Q1", "FY2024-Q2")


@dataclass(frozen=True)
class Made:
    branch: str
    name: str
    data: bytes
    good: bool
    seq: int  # 0 for bad files
    period: str
    revision: int
    marker: int

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


class Drop(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        root = Path(tempfile.mkdtemp())
        self.office, _ = PrefectureOffice.create(root / "pref")
        self.drop = root / "drop"
        self.drop.mkdir()
        self.signers = {b: Signer(b) for b in BRANCHES}
        for signer in self.signers.values():
            path = root / f"{signer.branch}.mcckey"
            path.write_bytes(signer.registration())
            self.office.register(path, signer.fingerprint)
        self.made: list[Made] = []
        self.revisions: dict[tuple[str, str], int] = {}

    def teardown(self) -> None:
        self.office.close()

    @rule(
        branch=st.sampled_from(BRANCHES), period=st.sampled_from(PERIODS), marker=st.integers(0, 99)
    )
    def approve(self, branch: str, period: str, marker: int) -> None:
        revision = self.revisions.get((branch, period), -1) + 1
        self.revisions[(branch, period)] = revision
        signer = self.signers[branch]
        name, data = signer.file(period, revision, self.office.sealing_public, marker=marker)
        self.made.append(Made(branch, name, data, True, signer.seq, period, revision, marker))

    @rule(branch=st.sampled_from(BRANCHES), how=st.sampled_from(("flip", "stranger", "replay")))
    def forge(self, branch: str, how: str) -> None:
        signer = self.signers[branch]
        if how == "stranger":
            name, data = Signer(branch).file("FY2024-Q1", 0, self.office.sealing_public, marker=500)
        elif how == "replay":  # validly signed, but an old sequence number (seq 1 again)
            old = Signer(branch, private=signer.private)
            name, data = old.file("FY2024-Q3", 7, self.office.sealing_public, marker=500)
            if not any(
                r.branch == branch and r.status == model.ACCEPTED for r in self.office.received()
            ):
                # Until the branch's genuine seq 1 is accepted, this file would be its first
                # (accepted, and the genuine one the replay): made too early, not a replay.
                return
        else:
            name, data = signer.file("FY2024-Q4", 0, self.office.sealing_public, chain=False)
            data = data[:-1] + bytes([data[-1] ^ 1])
        self.made.append(Made(branch, name, data, False, 0, "", 0, 500))

    @rule(data=st.data())
    def put_on_drop(self, data: st.DataObject) -> None:
        if not self.made:
            return
        item = data.draw(st.sampled_from(self.made))
        folder = data.draw(st.sampled_from((item.branch, *BRANCHES)))
        put(self.drop, folder, item.name, item.data)

    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        files = sorted((self.drop / "inbox").glob("*/*")) if (self.drop / "inbox").is_dir() else []
        if files:
            data.draw(st.sampled_from(files)).unlink()

    @rule()
    def ingest(self) -> None:
        report = self.office.ingest(self.drop)
        on_drop = {hashlib.sha256(p.read_bytes()).hexdigest() for p in self.drop.glob("inbox/*/*")}
        names = [o.file_name for o in report.outcomes]
        assert len(names) == len(set(names))  # one answer per content, however many copies
        # Every file on the drop is answered (plus held ones released, even if deleted since).
        assert {m.name for m in self.made if m.digest in on_drop} <= set(names)

    @invariant()
    def tables_hold_exactly_the_arrived_prefix(self) -> None:
        received = {r.file_hash: r for r in self.office.received()}
        assert set(received) <= {m.digest for m in self.made}  # one record per content
        by_hash = {m.digest: m for m in self.made}
        for branch in BRANCHES:
            good = sorted(
                (m for m in self.made if m.branch == branch and m.good), key=lambda m: m.seq
            )
            arrived = {m.seq for m in good if m.digest in received}
            prefix = 0
            while prefix + 1 in arrived:
                prefix += 1
            for m in good:
                if m.digest not in received:
                    continue
                status = received[m.digest].status
                expected = model.ACCEPTED if m.seq <= prefix else model.HELD
                assert status == expected, (branch, m.seq, prefix, status)
            for period in PERIODS:
                accepted = [
                    m
                    for m in good
                    if m.seq <= prefix and m.period == period and m.digest in received
                ]
                current = [s for s in self.office.current_summaries([period]) if s.branch == branch]
                if not accepted:
                    assert current == []
                    continue
                latest = max(accepted, key=lambda m: m.revision)
                (summary,) = current
                assert summary.file_hash == latest.digest
                cells = summary.document["scopes"]["quarter"]["activities_by_kind"]
                assert cells["total"] == latest.marker
        for file_hash, record in received.items():
            if not by_hash[file_hash].good:
                assert record.status == model.QUARANTINED


def test_drops_redrops_reorders_and_deletions() -> None:
    run_state_machine_as_test(
        Drop,
        settings=settings(
            max_examples=30,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
