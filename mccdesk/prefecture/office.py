"""PrefectureOffice: the prefecture mode's facade (what the command line and screens call).

    office, key = PrefectureOffice.create(folder, name)   # key: show once as the recovery key
    with PrefectureOffice.open(folder) as office:
        office.register(path, fingerprint); office.publish(drop); office.ingest(drop)
        office.current_summaries(["FY2024-Q1"]); office.completeness("FY2024-Q1", today)

The store holds the prefecture's two key pairs: the Ed25519 signing key (signs reference
packages and acks; its fingerprint is what branches pin) and the X25519 key summaries are sealed
to. Both are made at `create` and never leave the encrypted store.

Deadline rule (completeness, promise 21): a quarter's summary is due by the last day of the month
after the quarter ends (Q1 April–June → 31 July; Q4 January–March → 30 April). A branch is
"missing" once that day has passed with nothing accepted for the period; "late" marks a summary
whose first accepted revision arrived after it. Expected branches: every registered branch with
a key not revoked before the quarter began.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from mccdesk import safe_files
from mccdesk.errors import BadInput, UsageError
from mccdesk.periods import FiscalQuarter
from mccdesk.prefecture import ingest, model, publish, registry
from mccdesk.reference import Reference, reference
from mccdesk.storage import prefecture_store as store
from mccdesk.storage import recovery_key
from mccdesk.storage.keystore import KeyStore
from mccdesk.sync import disclosure, envelope

SIGNING, SEALING = "signing", "sealing"


class UnknownBranch(BadInput):
    ja = "登録されていないブランチです: {branch}"
    en = "No branch is registered under this id: {branch}"


class NotAFile(UsageError):
    ja = "ファイルを読めません: {path}"
    en = "The file cannot be read: {path}"


@dataclass(frozen=True)
class Fingerprints:
    signing: str  # what branches check when pinning the package
    sealing: str


def deadline(period: FiscalQuarter) -> date:
    after = period.end + timedelta(days=1)
    return date(after.year, after.month, calendar.monthrange(after.year, after.month)[1])


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _read_registration_file(path: Path) -> bytes:
    """Only a regular file (not a link, FIFO or device), read to at most the cap: it may come
    from the drop, which others can write."""
    try:
        return safe_files.read_regular(path, registry.MAX_REGISTRATION)
    except safe_files.TooLarge:
        raise registry.RegistrationRejected(reason="file too large") from None
    except OSError:
        raise NotAFile(path=safe_files.shown(str(path), 400)) from None


class PrefectureOffice:
    def __init__(self, opened: store.OpenStore, ref: Reference | None = None) -> None:
        self._store = opened
        self.ref = ref or reference()

    # --- life ---------------------------------------------------------------------------------

    @classmethod
    def create(
        cls, folder: Path, name: str = "", keystore: KeyStore | None = None
    ) -> tuple[PrefectureOffice, bytes]:
        opened, key = store.create(folder, keystore or KeyStore(), {"office_name": name})
        signing = Ed25519PrivateKey.generate()
        sealing = X25519PrivateKey.generate()
        engine = opened.engine
        store.add_own_key(
            engine, SIGNING, signing.private_bytes_raw(), signing.public_key().public_bytes_raw()
        )
        store.add_own_key(
            engine, SEALING, sealing.private_bytes_raw(), sealing.public_key().public_bytes_raw()
        )
        return cls(opened), key

    @classmethod
    def open(cls, folder: Path, keystore: KeyStore | None = None) -> PrefectureOffice:
        return cls(store.open_store(folder, keystore or KeyStore()))

    @staticmethod
    def unlock(folder: Path, recovery_text: str, keystore: KeyStore | None = None) -> None:
        store.unlock(folder, keystore or KeyStore(), recovery_key.decode(recovery_text))

    @staticmethod
    def restore(
        folder: Path,
        source: Path,
        ask_recovery_key: Callable[[object], str] | None = None,
        keystore: KeyStore | None = None,
    ) -> store.Restored:
        """Replace the store with a verified backup, or restore one into an empty folder (a
        new PC); `ask_recovery_key(info)` gives the recovery key when no stored key opens it."""
        ask = None
        if ask_recovery_key is not None:
            ask = lambda info: recovery_key.decode(ask_recovery_key(info))  # noqa: E731
        return store.restore(folder, keystore or KeyStore(), source, ask)

    def backup(self, target: Path) -> Path:
        """An encrypted, verified copy, with `<target>.keyinfo.json` naming its key ID."""
        return store.backup(self._store, target)

    @property
    def key_id(self) -> str:
        return self._store.key_id

    @staticmethod
    def recovery_key_text(key: bytes) -> str:
        return recovery_key.encode(key)

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> PrefectureOffice:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def engine(self):  # type: ignore[no-untyped-def]
        return self._store.engine

    def _key(self, purpose: str) -> tuple[bytes, bytes]:
        found = store.own_key(self.engine, purpose)
        if found is None:
            raise BadInput(detail=f"the store has no {purpose} key")
        return found

    def name(self) -> str:
        """The office's name given at `create` (e.g. 総合事務局), for the window's status bar."""
        return store.meta(self.engine).get("office_name", "")

    # --- keys ---------------------------------------------------------------------------------

    def fingerprints(self) -> Fingerprints:
        return Fingerprints(
            envelope.fingerprint(self._key(SIGNING)[1]),
            envelope.fingerprint(self._key(SEALING)[1]),
        )

    @property
    def signing_public(self) -> bytes:
        return self._key(SIGNING)[1]

    @property
    def sealing_public(self) -> bytes:
        return self._key(SEALING)[1]

    def register(self, path: Path, fingerprint: str) -> tuple[registry.Registration, bool]:
        """Add a branch key from its registration file, once its fingerprint is confirmed.

        Returns the registration and whether it was new (False: the key was registered already).
        """
        data = _read_registration_file(path)
        found = registry.read_registration(data, self.ref)
        registry.confirm(found, fingerprint)
        key = model.BranchKey(
            found.branch,
            found.branch_name,
            found.area,
            found.public_key,
            found.key_id,
            found.fingerprint,
            _now(),
            None,
        )
        return found, store.add_branch_key(self.engine, key, data)

    def read_registration(self, path: Path) -> registry.Registration:
        """For asking: the registration's branch and fingerprint, before anything is added."""
        return registry.read_registration(_read_registration_file(path), self.ref)

    def revoke(self, branch: str, from_: datetime, key_id: str | None = None) -> int:
        """Refuse files the branch's keys (or one key) sign at or after `from_` (UTC)."""
        if not any(k.branch == branch for k in self.branch_keys()):
            raise UnknownBranch(branch=branch)
        return store.revoke(self.engine, branch, from_, key_id)

    def branch_keys(self) -> list[model.BranchKey]:
        return store.branch_keys(self.engine)

    # --- publishing ---------------------------------------------------------------------------

    def policy(self) -> disclosure.Policy:
        text = store.meta(self.engine).get("policy", "")
        return disclosure.Policy.from_json(text) if text else disclosure.DEFAULT_POLICY

    def publish(self, drop_dir: Path) -> tuple[int, Path]:
        """Sign the next reference package, keep it, write it to drop/reference/."""
        last = store.last_package(self.engine)
        version = 1 if last is None else last[0] + 1
        data = publish.package_bytes(
            self._key(SIGNING)[0],
            self._key(SEALING)[1],
            version,
            self.branch_keys(),
            self.policy(),
            _now(),
        )
        path = publish.write(drop_dir, version, data)  # the drop first: unreachable → no version
        store.add_package(self.engine, version, data)
        return version, path

    def package(self) -> tuple[int, bytes] | None:
        """The last package published (version, bytes): to hand to a new branch for `init`."""
        return store.last_package(self.engine)

    # --- ingest -------------------------------------------------------------------------------

    def ingest(self, drop_dir: Path, progress: ingest.Progress | None = None) -> model.IngestReport:
        keys_by_id = {k.key_id: k for k in self.branch_keys()}
        run = ingest.Ingest(
            self.engine, keys_by_id, self._key(SIGNING)[0], self._key(SEALING)[0], self.ref
        )
        return run.run(drop_dir, progress)

    def received(self, statuses: Iterable[str] | None = None) -> list[model.ReceivedFile]:
        wanted = None if statuses is None else set(statuses)
        return [
            r.received() for r in store.records(self.engine) if wanted is None or r.status in wanted
        ]

    def quarantine(self) -> list[model.ReceivedFile]:
        """Held and quarantined files, with their reasons; their counts reach no table."""
        return self.received((model.QUARANTINED, model.HELD))

    def quarantined_file(self, file_hash: str) -> bytes | None:
        return store.file_data(self.engine, file_hash)

    def current_summaries(self, period_codes: Iterable[str] | None) -> list[model.AcceptedSummary]:
        """Per branch and period, the accepted file with the highest revision, opened."""
        best: dict[tuple[str, str], store.FileRecord] = {}
        for r in store.accepted_documents(self.engine, period_codes):
            key = (r.branch, r.period)
            if key not in best or ((r.revision or 0), (r.seq or 0)) > (
                (best[key].revision or 0),
                (best[key].seq or 0),
            ):
                best[key] = r
        return [
            model.AcceptedSummary(
                r.branch,
                r.area,
                r.period,
                r.revision or 0,
                r.seq or 0,
                r.received_at,
                json.loads(r.document or b"{}"),
                r.file_name,
                r.file_hash,
            )
            for _, r in sorted(best.items())
        ]

    def completeness(self, period: str | FiscalQuarter, today: date) -> model.Completeness:
        quarter = period if isinstance(period, FiscalQuarter) else FiscalQuarter.parse(period)
        due = deadline(quarter)
        began = datetime.combine(quarter.start, datetime.min.time())
        names: dict[str, str] = {}
        for k in self.branch_keys():
            if k.revoked_from is None or k.revoked_from > began:
                names.setdefault(k.branch, k.branch_name)
        records = [r for r in store.records(self.engine) if r.period == quarter.code]
        rows = []
        for branch, name in sorted(names.items()):
            mine = [r for r in records if r.branch == branch]
            accepted = [r for r in mine if r.status == model.ACCEPTED]
            held = sum(r.status in (model.HELD, model.QUARANTINED) for r in mine)
            if accepted:
                current = max(accepted, key=lambda r: ((r.revision or 0), (r.seq or 0)))
                first = min(r.received_at for r in accepted)
                rows.append(
                    model.BranchCompleteness(
                        branch,
                        name,
                        model.RECEIVED,
                        current.revision,
                        current.received_at,
                        first.date() > due,
                        held,
                    )
                )
            else:
                state = model.MISSING if today > due else model.WAITING
                rows.append(model.BranchCompleteness(branch, name, state, None, None, False, held))
        return model.Completeness(quarter.code, due, tuple(rows))
