"""PyInstaller runtime hook: name the platform's credential store explicitly.

keyring finds its backends through package metadata (entry points), which a frozen app may not
carry: it would then fall back to the "fail" backend and every real case book would be locked.
An administrator's own choice (PYTHON_KEYRING_BACKEND or keyringrc.cfg) still wins.
"""

import os
import sys

_BACKENDS = {
    "win32": "keyring.backends.Windows.WinVaultKeyring",
    "darwin": "keyring.backends.macOS.Keyring",
}


def _configured() -> bool:
    try:
        import keyring.core

        return keyring.core.load_config() is not None
    except Exception:
        return False


if not os.environ.get("PYTHON_KEYRING_BACKEND") and not _configured():
    os.environ["PYTHON_KEYRING_BACKEND"] = _BACKENDS.get(
        sys.platform, "keyring.backends.SecretService.Keyring"
    )
