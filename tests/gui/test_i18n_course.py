"""The Course tab in Simplified Chinese: core's lab texts are all listed for the extractor and
translated, and a switch at run time renames the chapters, controls, plots, tables and status lines of
the open pages without touching what was typed or the lab that is running."""
from __future__ import annotations

import pytest

from core.labs import LABS, load_lab
from core.labs.activations import ACTIVATIONS, BEGINNER_ADVICE, LOSS_NOTES
from core.labs.classic import MODEL_TITLES
from core.labs.common import label_of, meta, setting_fields
from core.labs.learning_rate import regime
from core.labs.recurrent import GATES
from gui import i18n, i18n_tools
from gui.course.tab import CourseTab
from gui.course.texts import LAB_TEXTS, SETTING_TEXTS
from tests.gui.languages import switch_language

pytestmark = pytest.mark.gui


@pytest.fixture
def tab(qtbot, english_afterwards):
    course = CourseTab()
    qtbot.addWidget(course)
    course.show()
    yield course
    course.shutdown()


def plot_title(plot) -> str:
    return plot.getPlotItem().titleLabel.text


# ----- the copies of core's texts -------------------------------------------------------------------

def test_every_lab_setting_label_and_help_is_listed_for_the_extractor():
    shown = [text for name in LABS for settings_field in setting_fields(load_lab(name).Settings)
             if meta(settings_field)["gui"] for text in (label_of(settings_field), meta(settings_field)["help"])]
    assert [text for text in shown if text not in SETTING_TEXTS] == []


def test_every_lab_text_the_pages_show_is_listed_for_the_extractor():
    shown = [text for activation in ACTIVATIONS.values() for text in (activation.name, activation.advice)]
    shown += [BEGINNER_ADVICE, *LOSS_NOTES.values(), *MODEL_TITLES.values(), "hidden state", "cell state"]
    shown += [regime(rate) for rate in (0.1, 0.5, 0.7, 1.0, 1.5)] + [gate for gates in GATES.values() for gate in gates]
    assert [text for text in shown if text not in LAB_TEXTS] == []


def test_the_course_tabs_strings_are_all_translated(tmp_path):
    extracted = tmp_path / "course.ts"
    i18n_tools.extract(extracted, [i18n_tools.GUI_DIR / "course"])
    messages = i18n_tools.read_messages(extracted)
    assert len(messages) > 300
    assert i18n_tools.unfinished(messages) == []


# ----- switching at run time ------------------------------------------------------------------------

def test_switching_renames_chapters_controls_plots_and_status_and_keeps_what_was_typed(tab, qtbot):
    iris = tab.show_page("iris")
    iris.controls["lr"].setValue(0.25)
    iris.controls["engine"].setCurrentText("keras")
    iris._on_finished({"epochs_run": 3, "test_accuracy": 0.5, "train_seconds": 1.2})
    stock = tab.show_page("stock")
    stock.controls["data"].setText("half/typed")           # a half-filled field
    letters = tab.show_page("letters")
    letters.typed.setText("ab")
    assert tab.chapters.topLevelItem(0).text(0) == "1  Basics"
    assert iris.message.text() == "Finished after 3 epochs: test accuracy 50%, 1.2 s"

    switch_language(i18n.CHINESE)
    assert [tab.chapters.topLevelItem(i).text(0) for i in (0, 2, 6)] == [
        "第1讲 神经网络计算", "第3讲 神经网络搭建八股", "第7讲 经典机器学习"]
    assert tab.chapters.topLevelItem(1).child(0).text(0) == "学习率"
    assert iris.start_button.text() == "开始" and iris._field_labels["lr"][0].text() == "学习率"
    assert iris.controls["lr"].toolTip().startswith("学习率")
    assert plot_title(iris.loss_plot) == "损失" and iris.x_feature.itemText(0) == "花萼长度"
    assert iris.message.text() == "已完成：训练 3 轮，测试准确率 50%，用时 1.2 秒"
    assert stock.browse_button.text() == "打开 CSV…" and stock.table.horizontalHeaderItem(4).text() == "相对基准"
    assert letters.letters_label.text() == "字母："
    assert iris.controls["lr"].value() == pytest.approx(0.25) and iris.controls["engine"].currentText() == "keras"
    assert stock.controls["data"].text() == "half/typed" and letters.typed.text() == "ab"

    switch_language(i18n.ENGLISH)
    assert tab.chapters.topLevelItem(0).text(0) == "1  Basics" and iris.start_button.text() == "Start"
    assert iris.message.text() == "Finished after 3 epochs: test accuracy 50%, 1.2 s"
    assert stock.controls["data"].text() == "half/typed"


def test_a_running_lab_keeps_running_through_a_switch(tab, qtbot):
    page = tab.show_page("learning_rate")
    page.controls["steps"].setValue(2000)
    page.controls["step_delay"].setValue(0.05)
    page.start()
    run = page.runner._run
    qtbot.waitUntil(lambda: len(page._steps["w"]) > 2, timeout=30_000)
    switch_language(i18n.CHINESE)
    assert page.runner._run is run and page.is_running()
    assert page.start_button.text() == "重新开始" and page.message.text() == "正在运行…"
    assert "收敛" in page.regime_label.text() or "振荡" in page.regime_label.text()
    steps = len(page._steps["w"])
    qtbot.waitUntil(lambda: len(page._steps["w"]) > steps, timeout=30_000)   # it goes on drawing
    page.stop()
    qtbot.waitUntil(lambda: not page.is_running(), timeout=30_000)
    assert page.message.text().startswith("已停止")


def test_results_rendered_from_state_follow_the_language(tab):
    stock = tab.show_page("stock")
    baseline = {"mse": 4.0, "rmse": 2.0, "mae": 1.5}
    row = {"cell": "lstm", "mse": 2.25, "rmse": 1.5, "mae": 1.2, "forecast_rmse": 3.0, "seconds": 1.0}
    stock._on_done({"baseline": baseline, "results": [row], "rmse": 1.5, "verdict": "(core's English)"})
    assert stock.verdict.text().startswith("Better than 'tomorrow = today': RMSE 1.5 against 2 (25.0% lower)")
    assert stock.table.item(0, 0).text() == "tomorrow = today" and stock.table.item(1, 4).text() == "-25.0%"
    switch_language(i18n.CHINESE)
    assert stock.verdict.text() == "优于“明天 = 今天”：RMSE 1.5，基准为 2（低 25.0%）。"
    assert stock.table.item(0, 0).text() == "明天 = 今天"
    explain = tab.show_page("six_steps")
    assert explain.buttons[0].text().startswith("设置“训练”页")
