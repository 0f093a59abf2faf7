"""What the Course page tests share: a page shown offscreen at a working size (shut down after the test),
and a run started with chosen settings and waited for until it has ended."""
from __future__ import annotations

import pytest

from gui.course.page import set_control_value


@pytest.fixture
def open_page(qtbot):
    """Builds, sizes and shows a page class; every page opened this way is shut down after the test."""
    opened = []

    def open_(page_class, size: tuple[int, int] = (1300, 800)):
        widget = page_class()
        qtbot.addWidget(widget)
        widget.resize(*size)
        widget.show()
        opened.append(widget)
        return widget

    yield open_
    for widget in opened:
        widget.shutdown()


@pytest.fixture
def run_to_end(qtbot):
    """Sets a page's controls by name, starts it and returns when its run has ended."""
    def run(page, *, timeout: int = 120_000, **values) -> None:
        for name, value in values.items():
            set_control_value(page.controls[name], value)
        with qtbot.waitSignal(page.runner.ended, timeout=timeout):
            page.start()
    return run
