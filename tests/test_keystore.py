"""KeyStore over real keyring backends, selected through keyring's own configuration.

Backends are chosen with PYTHON_KEYRING_BACKEND + keyring.core.init_backend(), as a user would.
The Secret Service tests need a session bus with an unlocked gnome-keyring; run them with
`scripts/with-secret-service env MCCDESK_REQUIRE_SECRET_SERVICE=1 uv run pytest ...`.
"""

from __future__ import annotations

import os
import secrets
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, suppress
from pathlib import Path

import keyring
import keyring.backend
import keyring.core
import keyring.errors
import pytest
from keyring.backends import SecretService

from mccdesk import errors
from mccdesk.storage.keystore import SERVICE, KeyStore
from tests.support.keyring_backends import ForgetfulKeyring, RaisingKeyring

PLAINTEXT = "keyrings.alt.file.PlaintextKeyring"
FAIL = "keyring.backends.fail.Keyring"
NULL = "keyring.backends.null.Keyring"
SECRET_SERVICE = "keyring.backends.SecretService.Keyring"
CHAINER = "keyring.backends.chainer.ChainerBackend"

Select = Callable[..., KeyStore]


def _dotted(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _assert_no_key(exc: BaseException, key: bytes) -> None:
    """Neither the shown messages nor anything in the exception chain contains the key."""
    assert isinstance(exc, errors.KeystoreUnavailable)
    forms = (key.hex(), key.hex().upper())
    texts = [exc.message("ja"), exc.message("en"), exc.detail, str(exc), repr(exc)]
    cause: BaseException | None = exc.__cause__
    while cause is not None:
        texts += [str(cause), repr(cause)]
        cause = cause.__cause__
    for text in texts:
        for form in forms:
            assert form not in text


@pytest.fixture
def select_backend(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Select]:
    """Select a keyring backend by name the way keyring users do; restore the old one after."""
    # Keep keyrings.alt's files and any keyringrc.cfg of this machine out of the tests.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(keyring.backend, "_limit", keyring.backend._limit)
    previous = keyring.get_keyring()

    def select(name: str, limit: Callable[[keyring.backend.KeyringBackend], bool] | None = None):
        monkeypatch.setenv("PYTHON_KEYRING_BACKEND", name)
        keyring.core.init_backend(limit)
        return KeyStore()

    yield select
    keyring.set_keyring(previous)


# --- a working backend (keyrings.alt plain text file, test only) --------------------------------


def test_plaintext_round_trip(select_backend: Select, tmp_path: Path) -> None:
    store = select_backend(PLAINTEXT)
    assert store.backend_name() == PLAINTEXT
    store.check_usable()
    key = secrets.token_bytes(32)

    assert store.get("book-1") is None
    store.put("book-1", key)
    assert store.get("book-1") == key
    # The contract other tools rely on: service, username and lowercase hex value.
    assert keyring.get_password(SERVICE, "casebook:book-1") == key.hex()
    assert (tmp_path / "data" / "python_keyring" / "keyring_pass.cfg").exists()

    store.delete("book-1")
    assert store.get("book-1") is None
    store.delete("book-1")  # already gone is fine


def test_plaintext_pending_slot_is_separate(select_backend: Select) -> None:
    store = select_backend(PLAINTEXT)
    current, pending = secrets.token_bytes(32), secrets.token_bytes(32)

    store.put("book-1", current)
    assert store.get("book-1", "pending") is None
    store.put("book-1", pending, slot="pending")
    assert store.get("book-1") == current
    assert store.get("book-1", slot="pending") == pending
    assert keyring.get_password(SERVICE, "casebook:book-1:pending") == pending.hex()

    store.delete("book-1", slot="pending")
    assert store.get("book-1", "pending") is None
    assert store.get("book-1") == current


def test_put_overwrites_and_books_are_separate(select_backend: Select) -> None:
    store = select_backend(PLAINTEXT)
    first, second, other = (secrets.token_bytes(32) for _ in range(3))
    store.put("book-1", first)
    store.put("book-2", other)
    store.put("book-1", second)
    assert store.get("book-1") == second
    assert store.get("book-2") == other


def test_malformed_entry_is_reported_without_its_value(select_backend: Select) -> None:
    store = select_backend(PLAINTEXT)
    keyring.set_password(SERVICE, "casebook:book-1", "hunter2-not-a-key")
    with pytest.raises(errors.KeystoreUnavailable) as info:
        store.get("book-1")
    assert "malformed" in info.value.detail
    assert "hunter2" not in info.value.message("ja")
    assert "hunter2" not in info.value.message("en")

    too_short = secrets.token_bytes(16).hex()
    keyring.set_password(SERVICE, "casebook:book-1", too_short)
    with pytest.raises(errors.KeystoreUnavailable) as info:
        store.get("book-1")
    assert too_short not in info.value.message("en")


def test_uppercase_hex_entry_is_read(select_backend: Select) -> None:
    store = select_backend(PLAINTEXT)
    key = secrets.token_bytes(32)
    keyring.set_password(SERVICE, "casebook:book-1", key.hex().upper())
    assert store.get("book-1") == key


@pytest.mark.parametrize("size", [0, 16, 31, 33, 64])
def test_put_rejects_wrong_key_size(select_backend: Select, size: int) -> None:
    store = select_backend(PLAINTEXT)
    with pytest.raises(ValueError):
        store.put("book-1", bytes(size))


@pytest.mark.parametrize(
    ("book_id", "slot"),
    [("book-1", "old"), ("", "current"), ("a:b", "current"), ("a\nb", "pending")],
)
def test_bad_book_id_or_slot(select_backend: Select, book_id: str, slot: str) -> None:
    store = select_backend(PLAINTEXT)
    with pytest.raises(ValueError):
        store.get(book_id, slot)
    with pytest.raises(ValueError):
        store.put(book_id, bytes(32), slot)
    with pytest.raises(ValueError):
        store.delete(book_id, slot)


def test_chainer_with_a_usable_backend(select_backend: Select) -> None:
    store = select_backend(CHAINER, limit=lambda b: type(b).__name__ == "PlaintextKeyring")
    assert store.backend_name() == f"{CHAINER}({PLAINTEXT})"
    key = secrets.token_bytes(32)
    store.put("book-1", key)
    assert store.get("book-1") == key


# --- backends that must fail closed -------------------------------------------------------------


@pytest.mark.parametrize("name", [FAIL, NULL])
def test_fail_and_null_backends_are_refused(select_backend: Select, name: str) -> None:
    store = select_backend(name)
    key = secrets.token_bytes(32)
    for call in (
        store.check_usable,
        lambda: store.get("book-1"),
        lambda: store.put("book-1", key),
        lambda: store.delete("book-1"),
    ):
        with pytest.raises(errors.KeystoreUnavailable) as info:
            call()
        assert name in info.value.detail  # says which backend, so support can act on it
        assert info.value.exit_code == 3
        _assert_no_key(info.value, key)


def test_chainer_without_usable_backends_is_refused(select_backend: Select) -> None:
    store = select_backend(CHAINER, limit=lambda b: False)
    with pytest.raises(errors.KeystoreUnavailable) as info:
        store.put("book-1", secrets.token_bytes(32))
    assert "no usable backends" in info.value.detail


def test_raising_backend(select_backend: Select) -> None:
    store = select_backend(_dotted(RaisingKeyring))
    store.check_usable()  # it looks fine until it is used
    key = secrets.token_bytes(32)
    for call in (
        lambda: store.get("book-1"),
        lambda: store.put("book-1", key),
        lambda: store.delete("book-1", "pending"),
    ):
        with pytest.raises(errors.KeystoreUnavailable) as info:
            call()
        assert isinstance(info.value.__cause__, keyring.errors.KeyringError)
        assert "backend exploded" in info.value.detail
        _assert_no_key(info.value, key)


def test_forgetful_backend_is_caught_on_read_back(select_backend: Select) -> None:
    store = select_backend(_dotted(ForgetfulKeyring))
    key = secrets.token_bytes(32)
    with pytest.raises(errors.KeystoreUnavailable) as info:
        store.put("book-1", key)
    assert "read back" in info.value.detail
    _assert_no_key(info.value, key)


def test_backend_error_text_containing_the_key_is_redacted() -> None:
    class LeakyKeyring(keyring.backend.KeyringBackend):
        viable = False  # never picked by keyring's autodetection
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return None

        def set_password(self, service: str, username: str, password: str) -> None:
            raise RuntimeError(f"could not store {password!r}")

        def delete_password(self, service: str, username: str) -> None:
            pass

    key = secrets.token_bytes(32)
    with pytest.raises(errors.KeystoreUnavailable) as info:
        KeyStore(LeakyKeyring()).put("book-1", key)
    assert "[redacted]" in info.value.detail
    assert key.hex() not in info.value.message("en")
    assert key.hex() not in info.value.message("ja")


def test_unloadable_backend_name_becomes_keystore_unavailable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # keyring resolves its configuration lazily, inside KeyStore's first call.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "no_such_module.Keyring")
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    with pytest.raises(errors.KeystoreUnavailable) as info:
        KeyStore().get("book-1")
    assert "could not select a backend" in info.value.detail


# --- a real Secret Service (gnome-keyring under dbus-run-session) -------------------------------


def _secret_service_problem() -> str | None:
    """Why keyring's SecretService backend cannot be used here, or None if it can."""
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return "DBUS_SESSION_BUS_ADDRESS is not set (no D-Bus session bus)"
    try:
        SecretService.Keyring.priority  # noqa: B018  # is the service running or activatable?
    except Exception as exc:
        return f"Secret Service not reachable: {exc}"
    # An activatable but fresh daemon has no unlocked default collection, and creating or
    # unlocking one needs a prompt nobody can answer headless. Look without prompting.
    import secretstorage  # Linux-only dependency of keyring; reached only with a session bus

    try:
        with closing(secretstorage.dbus_init()) as connection:
            if secretstorage.Collection(connection).is_locked():
                return "the Secret Service's default collection is locked"
    except secretstorage.exceptions.ItemNotFoundException:
        return "the Secret Service has no default collection"
    except Exception as exc:
        return f"Secret Service not usable: {exc}"
    return None


@pytest.fixture
def secret_service(select_backend: Select) -> KeyStore:
    problem = _secret_service_problem()
    if problem:
        hint = "; run under scripts/with-secret-service"
        if os.environ.get("MCCDESK_REQUIRE_SECRET_SERVICE") == "1":
            pytest.fail(f"MCCDESK_REQUIRE_SECRET_SERVICE=1 but {problem}{hint}")
        pytest.skip(problem + hint)
    store = select_backend(SECRET_SERVICE)
    assert isinstance(keyring.get_keyring(), SecretService.Keyring)
    return store


@pytest.fixture
def book_id(secret_service: KeyStore) -> Iterator[str]:
    # Unique, so a run never touches real entries, and cleaned up even when a test fails.
    book = f"test-{uuid.uuid4()}"
    yield book
    with suppress(errors.KeystoreUnavailable):  # the test has already failed if this raises
        for slot in ("current", "pending"):
            secret_service.delete(book, slot)


@pytest.mark.secretservice
def test_secret_service_round_trip(secret_service: KeyStore, book_id: str) -> None:
    store = secret_service
    assert store.backend_name() == SECRET_SERVICE
    store.check_usable()
    key = secrets.token_bytes(32)

    assert store.get(book_id) is None
    store.put(book_id, key)
    assert store.get(book_id) == key
    assert keyring.get_password(SERVICE, f"casebook:{book_id}") == key.hex()
    # A second KeyStore on an explicit backend instance sees the same entry.
    assert KeyStore(SecretService.Keyring()).get(book_id) == key

    store.delete(book_id)
    assert store.get(book_id) is None
    store.delete(book_id)  # already gone is fine


@pytest.mark.secretservice
def test_secret_service_pending_slot(secret_service: KeyStore, book_id: str) -> None:
    store = secret_service
    current, pending, replacement = (secrets.token_bytes(32) for _ in range(3))
    store.put(book_id, current)
    store.put(book_id, pending, slot="pending")
    assert store.get(book_id) == current
    assert store.get(book_id, "pending") == pending

    store.put(book_id, replacement, slot="pending")  # replaces, does not add a second item
    assert store.get(book_id, "pending") == replacement
    store.delete(book_id, "pending")
    assert store.get(book_id, "pending") is None
    assert store.get(book_id) == current


def test_autodetected_file_backend_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """keyrings.alt wins autodetection where installed; only configuration may choose it."""
    from keyrings.alt.file import PlaintextKeyring

    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    store = KeyStore(PlaintextKeyring())
    with pytest.raises(errors.KeystoreUnavailable, match="file"):
        store.check_usable()
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    store.check_usable()
