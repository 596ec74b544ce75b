"""Where the case book's key lives: the OS credential store, through `keyring`.

Fail closed: a backend that cannot keep secrets (keyring's fail/null backends, an empty chainer,
a backend that raises, one that accepts a key and forgets it) becomes errors.KeystoreUnavailable.
There is no plain-text fallback. Error messages name the backend and the operation, never a key.
"""

from __future__ import annotations

import hmac
import os
import re
from collections.abc import Callable
from typing import TypeVar

import keyring
import keyring.backend
import keyring.core
import keyring.errors
from keyring.backends import chainer, fail, null

from mccdesk import errors

__all__ = ["SERVICE", "SLOTS", "KeyStore"]

SERVICE = "mccdesk"
SLOTS = ("current", "pending")
KEY_BYTES = 32
# Which files this user holds keys for (ids only, never a key): when a key check file is lost,
# these are the keys tried, so the file still opens and the check is rebuilt.
INDEX = "casebook-index"
INDEX_SIZE = 40
_INDEX_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,99}")

_HEX_KEY = re.compile(r"[0-9a-fA-F]{64}")
# Anything that looks like key material is cut out of a backend's error text before we show it.
_HEXISH = re.compile(r"[0-9a-fA-F]{32,}")
_UNUSABLE = (fail.Keyring, null.Keyring)

T = TypeVar("T")


def _class_name(obj: object) -> str:
    cls = type(obj)
    return f"{cls.__module__}.{cls.__qualname__}"


def _describe(exc: BaseException) -> str:
    text = _HEXISH.sub("[redacted]", str(exc))[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _username(book_id: str, slot: str) -> str:
    if slot not in SLOTS:
        raise ValueError(f"slot must be one of {SLOTS}, got {slot!r}")
    # A ":" in the id could make one book's current entry collide with another's pending one.
    if not book_id or ":" in book_id or not book_id.isprintable():
        raise ValueError("book_id must be non-empty, printable and contain no ':'")
    return f"casebook:{book_id}" if slot == "current" else f"casebook:{book_id}:pending"


def _insecure(backend: keyring.backend.KeyringBackend) -> bool:
    return type(backend).__module__.startswith("keyrings.alt")


def _plaintext(backend: keyring.backend.KeyringBackend) -> bool:
    """keyrings.alt's backends other than its encrypted file keep secrets readable on disk."""
    return _insecure(backend) and "Encrypted" not in type(backend).__qualname__


_warned: set[str] = set()


def _warn_plaintext(name: str) -> None:
    if name not in _warned:
        _warned.add(name)
        errors.announce(errors.PlaintextKeyring(backend=name))


def _explicitly_configured() -> bool:
    """True when keyring's own configuration (environment or keyringrc.cfg) names a backend."""
    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        return True
    try:
        return keyring.core.load_config() is not None
    except Exception:
        return False


class KeyStore:
    """The case book keys of this OS user, one entry per book and slot."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        # None: ask keyring at each call, so its configuration (env, keyringrc.cfg) is honoured.
        self._backend = backend

    def _resolve(self) -> keyring.backend.KeyringBackend:
        if self._backend is not None:
            return self._backend
        try:
            return keyring.get_keyring()
        except Exception as exc:  # e.g. PYTHON_KEYRING_BACKEND names a missing/unviable backend
            raise errors.KeystoreUnavailable(
                f"keyring could not select a backend ({_describe(exc)})"
            ) from exc

    def _usable(self) -> keyring.backend.KeyringBackend:
        backend = self._resolve()
        name = _class_name(backend)
        if isinstance(backend, _UNUSABLE):
            raise errors.KeystoreUnavailable(f"backend {name} cannot store secrets")
        if isinstance(backend, chainer.ChainerBackend):
            try:
                chained = list(backend.backends)
            except Exception as exc:
                raise errors.KeystoreUnavailable(
                    f"backend {name} could not list its backends ({_describe(exc)})"
                ) from exc
            if not [b for b in chained if not isinstance(b, _UNUSABLE)]:
                raise errors.KeystoreUnavailable(f"backend {name} has no usable backends")
            if all(_insecure(b) for b in chained) and not _explicitly_configured():
                raise errors.KeystoreUnavailable(f"backend {name} would store the key in a file")
            if any(_plaintext(b) for b in chained):
                _warn_plaintext(self.backend_name())
        elif _insecure(backend) and not _explicitly_configured():
            # keyrings.alt's file backends win autodetection wherever that package is installed;
            # a key may land there only when an administrator chose it by configuration.
            raise errors.KeystoreUnavailable(f"backend {name} would store the key in a file")
        elif _plaintext(backend):
            _warn_plaintext(name)  # chosen on purpose, but never silently (stderr, self-test)
        return backend

    def _call(self, backend: keyring.backend.KeyringBackend, op: str, fn: Callable[[], T]) -> T:
        try:
            return fn()
        except Exception as exc:
            raise errors.KeystoreUnavailable(
                f"backend {_class_name(backend)}: {op} failed ({_describe(exc)})"
            ) from exc

    def check_usable(self) -> None:
        """Raise errors.KeystoreUnavailable unless the backend can plausibly keep a secret."""
        self._usable()

    def plaintext_backend(self) -> str | None:
        """The backend's name when it keeps keys readable in a file (keyrings.alt), else None."""
        try:
            backend = self._resolve()
            chained = list(backend.backends) if isinstance(backend, chainer.ChainerBackend) else []
        except Exception:
            return None
        if _plaintext(backend) or any(_plaintext(b) for b in chained):
            return self.backend_name()
        return None

    def backend_name(self) -> str:
        """Dotted class name of the backend (with the chained ones), for diagnostics."""
        backend = self._resolve()
        name = _class_name(backend)
        if isinstance(backend, chainer.ChainerBackend):
            try:
                inner = ", ".join(_class_name(b) for b in backend.backends)
            except Exception:
                inner = "?"
            return f"{name}({inner})"
        return name

    def get(self, book_id: str, slot: str = "current") -> bytes | None:
        """The stored key, or None if this user has no entry for the book and slot."""
        username = _username(book_id, slot)
        backend = self._usable()
        value = self._call(backend, "get", lambda: backend.get_password(SERVICE, username))
        if value is None:
            return None
        if not isinstance(value, str) or not _HEX_KEY.fullmatch(value):
            raise errors.KeystoreUnavailable(
                f"backend {_class_name(backend)}: the entry {username!r} is malformed "
                "(expected 64 hex characters)"
            )
        return bytes.fromhex(value)

    def put(self, book_id: str, key: bytes, slot: str = "current") -> None:
        """Store the key, then read it back: a backend that accepts and forgets is an error."""
        if len(key) != KEY_BYTES:
            raise ValueError(f"a case book key is exactly {KEY_BYTES} bytes, got {len(key)}")
        username = _username(book_id, slot)
        backend = self._usable()
        hexkey = bytes(key).hex()
        self._call(backend, "set", lambda: backend.set_password(SERVICE, username, hexkey))
        stored = self._call(backend, "read-back", lambda: backend.get_password(SERVICE, username))
        if not isinstance(stored, str) or not hmac.compare_digest(stored.encode(), hexkey.encode()):
            what = "nothing" if stored is None else "a different value"
            raise errors.KeystoreUnavailable(
                f"backend {_class_name(backend)} accepted the key for {username!r} "
                f"but returned {what} when read back"
            )
        if slot == "current":
            self._remember(backend, book_id)

    def known_ids(self) -> list[str]:
        """The ids of the files this user stored keys for, newest first (see INDEX)."""
        backend = self._usable()
        value = self._call(backend, "get", lambda: backend.get_password(SERVICE, INDEX))
        if not isinstance(value, str):
            return []
        return [i for i in value.split() if _INDEX_ID.fullmatch(i)][:INDEX_SIZE]

    def _remember(self, backend: keyring.backend.KeyringBackend, book_id: str) -> None:
        if not _INDEX_ID.fullmatch(book_id):
            return
        ids = self.known_ids()
        if ids[:1] == [book_id]:
            return
        value = " ".join([book_id, *[i for i in ids if i != book_id]][:INDEX_SIZE])
        self._call(backend, "set", lambda: backend.set_password(SERVICE, INDEX, value))

    def delete(self, book_id: str, slot: str = "current") -> None:
        """Remove the entry; an entry that is already missing is fine."""
        username = _username(book_id, slot)
        backend = self._usable()
        try:
            backend.delete_password(SERVICE, username)
        except keyring.errors.PasswordDeleteError:
            pass  # usually "not found"; the read below tells that apart from a real failure
        except Exception as exc:
            raise errors.KeystoreUnavailable(
                f"backend {_class_name(backend)}: delete failed ({_describe(exc)})"
            ) from exc
        left = self._call(backend, "check", lambda: backend.get_password(SERVICE, username))
        if left is not None:
            raise errors.KeystoreUnavailable(
                f"backend {_class_name(backend)} still holds {username!r} after delete"
            )
