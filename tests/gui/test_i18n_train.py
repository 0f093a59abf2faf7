"""The Train tab in Simplified Chinese: core's recipe and architecture texts are listed for the extractor
and translated; a live switch renames the panels, rows, buttons, plots and status lines, and keeps what
the user typed and chose (issue 15)."""
from __future__ import annotations

import pytest

from core import events
from core.config import RECIPES
from core.zoo import architecture_names, get_spec
from gui import i18n, i18n_tools
from gui.common.model_hub import ModelHub
from gui.train.tab import TrainTab
from gui.train.texts import CORE_TEXTS
from tests.gui.languages import switch_language

pytestmark = pytest.mark.gui


@pytest.fixture
def tab(qtbot, english_afterwards):
    switch_language(i18n.ENGLISH)
    hub = ModelHub()
    train = TrainTab(hub)
    qtbot.addWidget(train)
    train.resize(1400, 900)
    train.show()
    qtbot.waitUntil(lambda: not train.settings.data_panel.loading, timeout=30_000)
    yield train
    train.shutdown(grace_s=5)
    hub.wait()


def legend_names(plot) -> list[str]:
    return [label.text for _sample, label in plot.legend.items]


# ----- the copies of core's texts -------------------------------------------------------------------

def test_every_recipe_and_architecture_text_the_form_shows_is_listed_for_the_extractor():
    shown = [text for recipe in RECIPES.values() for text in (recipe.title, recipe.description)]
    specs = [get_spec(name) for name in architecture_names()]
    shown += [spec.description for spec in specs]
    shown += [spec.title for spec in specs if " " in spec.title]     # one-word titles are names: LeNet5, VGG16
    assert [text for text in shown if text not in CORE_TEXTS] == []


def test_the_train_tabs_strings_are_all_translated(tmp_path):
    extracted = tmp_path / "train.ts"
    i18n_tools.extract(extracted, [i18n_tools.GUI_DIR / "train"])
    messages = i18n_tools.read_messages(extracted)
    assert len(messages) > 250
    assert i18n_tools.unfinished(messages) == []


# ----- switching at run time ------------------------------------------------------------------------

def test_switching_renames_the_train_tab_and_keeps_a_half_filled_form(tab):
    settings = tab.settings
    compile_panel, model_panel = settings.compile_panel, settings.model_panel
    compile_panel.learning_rate.setText("fast")                     # half-filled: a wrong value, explained
    model_panel.model_name.setText("my first net")
    settings.fit_panel.epochs.setValue(7)
    compile_panel.schedule.setCurrentIndex(compile_panel.schedule.findData("exponential"))
    settings.data_panel.limit.setValue(0)                           # shows its special text "all"
    events.dispatch(tab._handlers, {"event": events.EPOCH, "epoch": 3, "loss": 0.1234, "accuracy": 0.9512,
                                    "val_loss": 0.2, "val_accuracy": 0.94, "seconds": 2.5})
    assert tab.message.text().startswith("Epoch 3: loss 0.1234, accuracy 95.12%")
    assert "number" in settings.error_label("learning_rate").text()
    assert compile_panel.title() == "3 · Compile: optimizer and learning rate"

    switch_language(i18n.CHINESE)
    assert tab.start_button.text() == "开始训练" and tab.pages.tabText(0) == "曲线"
    assert tab.message.text().startswith("第 3 轮：损失 0.1234，准确率 95.12%")
    assert tab.progress_label.text() == "就绪。"
    assert compile_panel.title() == "3 · 编译：优化器与学习率"
    assert compile_panel.row_label(compile_panel.learning_rate).text() == "学习率"
    assert compile_panel.schedule.currentText() == "指数衰减（课程所用）"
    assert settings.error_label("learning_rate").text() == "请输入一个数，例如 0.001 或 1e-3。"
    assert settings.recipe_panel.recipe.currentText() == "极速（30 秒达到 99%）"
    assert "学习率" in settings.recipe_panel.description.text()
    assert settings.data_panel.limit.text() == "全部"
    assert settings.resume_panel.resume_run.itemText(0) == "不：开始新的训练"
    assert tab.curves.loss_plot.titleLabel.text == "损失"
    assert legend_names(tab.curves.accuracy_plot) == ["训练（轮内）", "训练（每轮）", "验证"]
    assert tab.results.report.horizontalHeaderItem(0).text() == "类别"
    # What the user typed and chose is untouched; nothing started.
    assert compile_panel.learning_rate.text() == "fast" and model_panel.model_name.text() == "my first net"
    assert settings.fit_panel.epochs.value() == 7 and compile_panel.schedule.currentData() == "exponential"
    assert tab.job is None and tab.state == "idle"

    switch_language(i18n.ENGLISH)
    assert tab.start_button.text() == "Start training" and tab.progress_label.text() == "Ready."
    assert tab.message.text().startswith("Epoch 3: loss 0.1234")
    assert compile_panel.row_label(compile_panel.learning_rate).text() == "Learning rate"
    assert legend_names(tab.curves.loss_plot) == ["training, during the epoch", "training, per epoch", "validation"]
    assert compile_panel.learning_rate.text() == "fast" and model_panel.model_name.text() == "my first net"


def test_the_parameter_count_and_the_dataset_line_follow_the_language(qtbot, tab):
    settings = tab.settings
    settings.data_panel.dataset_combo.setCurrentIndex(settings.data_panel.dataset_combo.findData("sample"))
    qtbot.waitUntil(lambda: settings.dataset is not None, timeout=30_000)
    # the count for the sample's shape (the one before it may still be shown while the new one is pending)
    qtbot.waitUntil(lambda: settings.parameters_known()
                    and settings.model_panel.parameter_total.text() == i18n.number(44426), timeout=60_000)
    assert "training and" in settings.data_panel.dataset_status.text()
    switch_language(i18n.CHINESE)
    assert "训练图片 3,000 张" in settings.data_panel.dataset_status.text()
    assert settings.model_panel.parameter_total.text() == i18n.number(44426)
    assert settings.model_panel.architecture_description.text().startswith("LeCun 1998 年")
