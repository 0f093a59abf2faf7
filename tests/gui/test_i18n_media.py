"""The Images & video tab in Simplified Chinese: a live switch re-names its panels, table and messages
and keeps the open picture and every setting the user chose (issue 15)."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from gui import i18n
from gui.common.model_hub import ModelHub
from gui.media.tab import MediaTab
from tests.gui.languages import switch_language

pytestmark = pytest.mark.gui


@pytest.fixture
def tab(qtbot, english_afterwards):
    """The tab with no model asked for (frames are shown, nothing is read): quick, and the model note shows."""
    tab = MediaTab(ModelHub())
    qtbot.addWidget(tab)
    tab.resize(1100, 700)
    tab.show()
    yield tab
    tab.shutdown()


def test_switching_renames_the_media_tab_and_keeps_the_open_picture_and_the_users_choices(qtbot, tab, tmp_path):
    page = np.full((240, 320, 3), 255, np.uint8)
    cv2.putText(page, "7", (120, 170), cv2.FONT_HERSHEY_SIMPLEX, 4, (0, 0, 0), 12)
    cv2.imwrite(str(tmp_path / "page.png"), page)
    tab.open_path(tmp_path / "page.png")
    qtbot.waitUntil(lambda: tab._latest is not None, timeout=10_000)
    tab.results.threshold_slider.setValue(70)
    tab.results.binary_check.setChecked(True)
    tab.results.keep_label.setValue(6)
    header = tab.results.results_table.horizontalHeaderItem
    assert tab.sources.source_label.text() == "<b>page.png</b> (picture)" and header(1).text() == "Digit"

    switch_language(i18n.CHINESE)
    assert tab.results.title() == "找到的数字" and header(1).text() == "数字" and header(2).text() == "置信度"
    assert tab.results.model_note.text() == "没有加载模型：只显示图片，不识别数字。"
    assert tab.sources.source_label.text() == "<b>page.png</b>（图片）"
    assert tab.sources.open_file_button.text() == "打开文件…"
    assert tab.speed.fps_caption.text() == "每秒帧数" and tab.save.snapshot_button.text() == "截图…"
    assert tab.player.demo_page_button.text() == "打开示例页面"
    # What the user opened and chose is untouched.
    assert tab._info is not None and tab.view.has_frame()
    assert tab.results.threshold() == 0.7 and tab.results.threshold_label.text() == "70%"
    assert tab.results.binary_check.isChecked() and tab.results.keep_label.value() == 6

    switch_language(i18n.ENGLISH)
    assert tab.results.title() == "Digits found" and header(1).text() == "Digit"
    assert tab.sources.source_label.text() == "<b>page.png</b> (picture)"
    assert tab.results.threshold() == 0.7 and tab._info is not None
