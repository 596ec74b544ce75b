"""A Qt object left in a reference cycle is freed on the GUI thread, even when a worker thread
is the one allocating (a worker freeing it crashed the prefecture's ingest tests)."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject

from mccdesk.ui.gui_gc import GuiThreadCollector


def _worker_makes_garbage() -> None:
    def churn() -> None:
        for _ in range(50_000):
            cycle: list[object] = []
            cycle.append(cycle)

    worker = threading.Thread(target=churn)
    worker.start()
    worker.join()


class _Probe(QObject):
    """Says on which thread its wrapper, and with it the C++ object, is freed."""

    def __init__(self, freed_on: list[int]) -> None:
        super().__init__()
        self.freed_on = freed_on
        self.itself = self  # only the cycle collector can free it

    def __del__(self) -> None:
        self.freed_on.append(threading.get_ident())


def _dropped_in_a_cycle(freed_on: list[int]) -> None:
    _Probe(freed_on)


def test_cycles_holding_qt_objects_are_freed_on_the_gui_thread(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    assert not gc.isenabled()  # the app's policy, installed for Qt tests by conftest
    collector = qapp.findChild(GuiThreadCollector)
    assert collector is not None and collector.timer.isActive()
    freed_on: list[int] = []
    _dropped_in_a_cycle(freed_on)
    _worker_makes_garbage()
    assert freed_on == []  # the worker did not collect it
    qtbot.waitUntil(lambda: freed_on != [], timeout=10_000)  # the timer did
    assert freed_on == [threading.get_ident()]


def test_without_it_a_worker_frees_them(qtbot) -> None:  # type: ignore[no-untyped-def]
    """What the collector prevents (checks the test above can fail)."""
    gc.collect()
    gc.enable()
    try:
        freed_on: list[int] = []
        _dropped_in_a_cycle(freed_on)
        _worker_makes_garbage()
        assert freed_on and freed_on[0] != threading.get_ident()
    finally:
        gc.disable()
