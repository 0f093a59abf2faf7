"""The Draw tab in Simplified Chinese: a live switch re-names its tools, panels and messages and keeps
the drawing, its reading and every setting the user chose (issue 15)."""
from __future__ import annotations

import numpy as np
import pytest

from gui import i18n
from tests.gui.languages import switch_language
from tests.gui.test_draw_tab import SEVEN, draw

pytestmark = pytest.mark.gui


@pytest.fixture
def tab(english_afterwards, open_draw_tab):
    return open_draw_tab()


def test_switching_renames_the_draw_tab_and_keeps_the_drawing_and_the_users_choices(tab):
    tab.personal.save_current(3)              # nothing drawn yet: the panel says so
    tab.brush_slider.setValue(30)
    draw(tab, SEVEN)
    tab.personal.relabel_spin.setValue(4)     # chosen, not yet applied
    tab.inside.method_box.setCurrentIndex(1)
    drawing, version, strokes = tab.canvas.to_array(), tab.canvas.version, len(tab.canvas.strokes())
    answer = tab.answer_text()
    assert tab.undo_action.text() == "Undo" and tab.detail_text().endswith("sure")

    switch_language(i18n.CHINESE)
    assert tab.undo_action.text() == "撤销" and tab.undo_action.toolTip().startswith("撤销上一笔 (")
    assert tab.brush_label.text() == "笔刷"
    assert tab.readout.sees_box.title() == "网络看到的"
    assert "把握" in tab.detail_text() or tab.detail_text().startswith("不确定")
    assert tab.canvas.toolTip().startswith("用鼠标")
    assert tab.personal.result_text() == "请先写一个数字：现在还没有可保存的内容。"
    assert tab.personal.delete_button.text() == "删除"
    assert tab.inside.method_box.itemText(1) == "梯度 × 输入"
    # What the user drew and chose is untouched, and the switch read nothing again.
    assert np.array_equal(tab.canvas.to_array(), drawing) and tab.canvas.version == version
    assert len(tab.canvas.strokes()) == strokes and tab.answer_text() == answer and not tab.is_reading()
    assert tab.brush_slider.value() == 30 and tab.brush_value.text() == "30"
    assert tab.personal.relabel_spin.value() == 4 and tab.inside.method_box.currentIndex() == 1

    switch_language(i18n.ENGLISH)
    assert tab.undo_action.text() == "Undo" and tab.detail_text().endswith("sure")
    assert tab.personal.result_text().startswith("Draw a digit first")
    assert tab.brush_slider.value() == 30 and tab.canvas.version == version
