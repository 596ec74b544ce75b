"""What the record forms share: the frame and heading, buttons, a field with its error line, keys.

Enter that no field used saves and Esc cancels (Ctrl+Enter, from inside a text box too:
`shortcuts.ctrl_enter_saves`); Tab follows the reading order. Problems show in red under the
field (`show_error`), never in a pop-up. The texts stay with each form (its translation context).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mccdesk.ui.widgets.scaled_font import make_title

Action = Callable[[], object]


def framed(frame: QFrame, object_name: str) -> QLabel:
    """Frame a form shown beside or under a list; returns its heading (set when it opens)."""
    frame.setObjectName(object_name)
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    heading = QLabel()
    make_title(heading)
    return heading


def framed_layout(frame: QFrame, heading: QLabel) -> QVBoxLayout:
    """The framed form's layout, its heading on top; the caller adds the fields and buttons."""
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(12, 8, 12, 8)
    layout.addWidget(heading)
    return layout


def button(text: str, slot: Action, object_name: str = "") -> QPushButton:
    """A push button that runs `slot`; name the one that saves "saveButton" (it stands out)."""
    push = QPushButton(text)
    if object_name:
        push.setObjectName(object_name)
    push.clicked.connect(slot)
    return push


def buttons_row(*buttons: QWidget) -> QHBoxLayout:
    """Buttons side by side from the left, the room left over after them."""
    row = QHBoxLayout()
    for widget in buttons:
        row.addWidget(widget)
    row.addStretch(1)
    return row


def with_error(field: QWidget | QLayout, *below: QWidget) -> QVBoxLayout:
    """A field (or a row of fields) with its error line, and anything else, close beneath it."""
    column = QVBoxLayout()
    column.setSpacing(2)
    if isinstance(field, QLayout):
        column.addLayout(field)
    else:
        column.addWidget(field)
    for widget in below:
        column.addWidget(widget)
    return column


def show_error(label: QLabel, text: str) -> None:
    """Say what is wrong under a field; "" hides the line."""
    label.setText(text)
    label.setVisible(bool(text))


def tab_chain(widgets: Iterable[QWidget]) -> None:
    """Tab moves through `widgets` in this order."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


def enter_or_escape(event: QKeyEvent, enter: Action, escape: Action | None = None) -> bool:
    """For a form's keyPressEvent: Enter that no field used runs `enter`, Esc runs `escape`.

    True when the key was used; otherwise pass the event on to the base class.
    """
    if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        enter()
        return True
    if escape is not None and event.key() == Qt.Key.Key_Escape:
        escape()
        return True
    return False
