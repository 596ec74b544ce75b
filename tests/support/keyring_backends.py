"""Keyring backends that misbehave on purpose, for tests only.

Select them the way keyring users do, e.g.
PYTHON_KEYRING_BACKEND=tests.support.keyring_backends.RaisingKeyring.

keyring registers every backend class on import. `viable = False` keeps these out of its
autodetection and out of the chainer (so importing this module cannot change which backend
other tests get), while `keyring.core.load_keyring()` still accepts them by name.
"""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import KeyringError


class RaisingKeyring(KeyringBackend):
    """Every operation fails, like a locked or crashed credential store."""

    viable = False

    @properties.classproperty
    def priority(cls) -> float:
        return 1

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringError("backend exploded")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringError("backend exploded")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringError("backend exploded")


class ForgetfulKeyring(KeyringBackend):
    """Accepts every secret and never returns it: the trap of keyring's null backend."""

    viable = False

    @properties.classproperty
    def priority(cls) -> float:
        return 1

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        pass

    def delete_password(self, service: str, username: str) -> None:
        pass
