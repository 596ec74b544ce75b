"""A long day in the app: PySide6 6.12 on CPython 3.11 must not abort after thousands of calls."""

from __future__ import annotations

import os
import subprocess
import sys

DAY_OF_REPAINTS = """
import mccdesk.ui  # the guard applies on import
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
for i in range(50_000):  # each void call used to drop a reference to None
    label.update()
    label.setText("相談ケース")
    app.processEvents()
print("still here")
"""


def test_the_app_survives_fifty_thousand_repaints() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", DAY_OF_REPAINTS], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "still here"
