"""The shared table plumbing and the shared periodic job, through models and controllers a
coordinator sees."""

from __future__ import annotations

import threading
from datetime import date

from PySide6.QtCore import QModelIndex, Qt

from mccdesk.ui.models.row_table_model import (
    RIGHT,
    ColumnSpec,
    ReadOnlyTableModel,
    RowTableModel,
)
from mccdesk.ui.models.summary_list_model import SummaryListModel
from mccdesk.ui.periodic_job import PeriodicJob

Role = Qt.ItemDataRole


class NumbersModel(RowTableModel):
    context = "NumbersModel"
    sort_role = Role.UserRole + 2


def numbers_model() -> NumbersModel:
    columns = (
        ColumnSpec("名前", lambda r: r[0], lambda r: f"{r[0]}さん", sort_key=lambda r: r[0]),
        ColumnSpec("件数", lambda r: f"{r[1]:,}", bold=lambda r: r[1] > 100, alignment=RIGHT),
    )
    return NumbersModel(columns, {Role.UserRole + 1: lambda r: r})


def test_rows_headers_and_roles_come_from_the_column_specs(qtbot) -> None:
    model = numbers_model()
    with qtbot.waitSignal(model.modelReset):
        model.set_rows([("佐藤", 1200), ("鈴木", 3)])
    assert (model.rowCount(), model.columnCount()) == (2, 2)
    assert model.rowCount(model.index(0, 0)) == 0  # a flat table: no children
    assert model.headerData(1, Qt.Orientation.Horizontal) == "件数"
    assert model.headerData(2, Qt.Orientation.Horizontal) is None
    first, count = model.index(0, 0), model.index(0, 1)
    assert model.data(first) == "佐藤" and model.data(count) == "1,200"
    assert model.data(first, Role.ToolTipRole) == "佐藤さん"
    assert model.data(count, Role.ToolTipRole) is None
    assert model.data(count, Role.FontRole).bold()
    assert model.data(model.index(1, 1), Role.FontRole) is None
    assert model.data(count, Role.TextAlignmentRole) == int(RIGHT)
    assert model.data(first, model.sort_role) == "佐藤"
    assert model.data(count, Role.UserRole + 1) == ("佐藤", 1200)  # the whole row, any column
    assert model.data(QModelIndex()) is None
    assert model.row_where(lambda r: r[0] == "鈴木") == 1
    assert model.row_where(lambda r: r[0] == "田中") == -1


class LettersModel(ReadOnlyTableModel):
    """A model answering data() itself, as the cases table does, on the shared plumbing."""

    context = "LettersModel"

    def data(self, index, role: int = Role.DisplayRole) -> object:  # type: ignore[no-untyped-def]
        if role != Role.DisplayRole or not index.isValid() or index.row() >= len(self.rows):
            return None
        return self.rows[index.row()][index.column()]


def test_the_read_only_base_gives_counts_headers_flags_and_row_lookup(qtbot, qtmodeltester) -> None:
    model = LettersModel(("一", "二"))
    assert (model.rowCount(), model.columnCount()) == (0, 2)
    model.rows = ["ab", "cd", "ef"]
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (3, 2)
    assert model.rowCount(model.index(0, 0)) == model.columnCount(model.index(0, 0)) == 0
    assert model.headerData(1, Qt.Orientation.Horizontal) == "二"
    assert model.headerData(2, Qt.Orientation.Horizontal) is None
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.headerData(0, Qt.Orientation.Horizontal, Role.ToolTipRole) is None
    assert (
        model.flags(model.index(2, 1)) == Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    )
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags
    assert model.row_where(lambda r: r == "cd") == 1


def test_a_model_may_make_its_own_header_texts(qtbot, qtmodeltester) -> None:
    class Filled(LettersModel):
        def header(self, section: int) -> str:
            return f"{self.headers[section]}{section + 1}"

    model = Filled(("列", "列"))
    model.rows = ["xy"]
    qtmodeltester.check(model)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "列2"


def test_summary_list_keeps_its_api_and_order_on_the_shared_base(qtbot) -> None:
    model = SummaryListModel()
    assert model.rowCount() == 0 and model.entries == []
    assert model.headerData(0, Qt.Orientation.Horizontal) == "期間"
    assert model.headerData(3, Qt.Orientation.Horizontal) == "日付"


def test_periodic_job_coalesces_requests_and_never_runs_two_at_once(qtbot) -> None:
    gate = threading.Event()
    running = threading.Lock()
    overlaps: list[bool] = []
    results: list[object] = []

    def work() -> date:
        overlaps.append(not running.acquire(blocking=False))
        gate.wait(5)
        running.release()
        return date(2024, 10, 1)

    job = PeriodicJob(lambda: work, interval_ms=60_000)
    job.finished.connect(results.append)
    job.start()
    assert job.running() and job.timer.isActive()
    assert job.request() is False and job.request() is False  # asked twice: runs once more
    gate.set()
    qtbot.waitUntil(lambda: len(results) == 2 and not job.running(), timeout=10_000)
    assert results == [date(2024, 10, 1)] * 2 and overlaps == [False, False]
    job.stop(5_000)
    assert not job.timer.isActive() and job.request() is False


def test_periodic_job_reports_a_failure_and_nothing_to_do_starts_no_thread(qtbot) -> None:
    failures: list[BaseException] = []

    def broken() -> None:
        raise OSError("share went away")

    job = PeriodicJob(lambda: broken, interval_ms=60_000)
    job.failed.connect(failures.append)
    with qtbot.waitSignal(job.failed, timeout=10_000):
        assert job.request()
    assert isinstance(failures[0], OSError) and not job.running()

    idle = PeriodicJob(lambda: None, interval_ms=60_000)
    assert idle.request() is False and not idle.running()
