"""The packaged program's entry point (PyInstaller runs this, not the console script)."""

import os
import sys

from mccdesk.cli import main

if __name__ == "__main__":
    # mccdeskw (no console) has no stdout/stderr: messages still go to the log file.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    sys.exit(main())
