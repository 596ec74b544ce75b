"""Cyclic garbage collected on the GUI thread only.

CPython runs the cycle collector in whichever thread happens to allocate past the threshold. A
Qt object whose Python wrapper sits in a reference cycle is then freed there, and its C++
destructor runs on a worker thread: the process dies (seen: "Fatal Python error: Segmentation
fault … Garbage-collecting" in the prefecture's ingest worker). So while the app runs, automatic
collection is off and a timer on the GUI thread collects, generation by generation, with
CPython's own thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 200  # often enough that each collection is small
_NAME = "mccdeskGuiThreadCollector"


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName(_NAME)
        self.threshold = gc.get_threshold()
        self.long_lived = 0  # objects in the oldest generation after the last full collection
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        gc.disable()
        self.timer.start()

    def stop(self) -> None:
        """Collect everything here, then hand collection back to CPython."""
        self.timer.stop()
        gc.collect()
        gc.enable()

    def check(self) -> None:
        young, middle, old = gc.get_count()
        if young <= self.threshold[0]:
            return
        gc.collect(0)
        if middle <= self.threshold[1]:
            return
        gc.collect(1)
        if old <= self.threshold[2]:
            return
        # CPython's rule against quadratic time on a big heap (100,000 cases loaded): a full
        # collection only once what reached the oldest generation since the last one is a
        # quarter of what was there.
        now = len(gc.get_objects(generation=2))
        if now - self.long_lived > self.long_lived // 4:
            gc.collect(2)
            self.long_lived = len(gc.get_objects(generation=2))


def collect_on_gui_thread(app: QCoreApplication) -> GuiThreadCollector:
    """Start collecting on `app`'s thread (the GUI thread); once per application."""
    collector = app.findChild(GuiThreadCollector, _NAME)
    if collector is None:
        collector = GuiThreadCollector(app)
    collector.start()
    return collector
