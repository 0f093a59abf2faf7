"""The Train tab's recipe choice (one click to the speedrun's settings) and its "run on N processes" panel:
the exact torchrun command, and a real two-process run started from the window, drawn live from rank 0's
run folder."""
from __future__ import annotations

import shlex

import pytest
from PySide6.QtCore import Qt

from core.config import RECIPES
from core.registry import list_bundles
from gui.train.settings import TrainSettings

pytestmark = pytest.mark.gui


@pytest.fixture
def settings(qtbot):
    form = TrainSettings()
    qtbot.addWidget(form)
    choose(form.data_panel.dataset_combo, "sample")     # the shipped digits (the full MNIST is not cached here)
    qtbot.waitUntil(lambda: not form.data_panel.loading and form.dataset is not None, timeout=30_000)
    return form


def choose(combo, key) -> None:
    combo.setCurrentIndex(combo.findData(key))


def test_one_click_fills_the_form_with_the_speedrun(qtbot, settings):
    settings.fit_panel.seed.setValue(7)
    choose(settings.recipe_panel.recipe, "fast")
    assert "30 s" in settings.recipe_panel.recipe.currentText()
    qtbot.mouseClick(settings.recipe_panel.use_button, Qt.LeftButton)
    fast = RECIPES["fast"]
    config = settings.config()
    assert config.model == fast.model == settings.model_panel.architecture.currentData()
    assert config.fit == fast.fit_config(seed=7)
    assert config.validation_split == pytest.approx(fast.validation_split, abs=1e-3)
    assert settings.is_valid()


def test_the_launch_command_follows_the_form(qtbot, settings):
    panel = settings.parallel_panel
    qtbot.mouseClick(settings.recipe_panel.use_button, Qt.LeftButton)
    panel.processes.setValue(3)
    words = shlex.split(panel.command.text())
    assert words[:3] == ["torchrun", "--standalone", "--nproc-per-node=3"]
    assert words[words.index("--model") + 1] == "speedrun" and words[words.index("--lr") + 1] == "0.01"
    assert panel.start_button.isEnabled()
    choose(settings.model_panel.engine, "keras")
    assert not panel.start_button.isEnabled() and "Only PyTorch" in panel.status.text()


@pytest.mark.slow
def test_start_here_runs_two_processes_and_draws_rank_0s_curves(qtbot, settings):
    choose(settings.model_panel.architecture, "mlp")
    settings.data_panel.limit.setValue(600)
    settings.fit_panel.epochs.setValue(2)
    settings.fit_panel.batch_size.setValue(32)
    panel = settings.parallel_panel
    panel.processes.setValue(2)
    qtbot.mouseClick(panel.start_button, Qt.LeftButton)
    assert panel.is_running() and panel.stop_button.isEnabled()
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=600_000)
    assert panel.status.text().startswith("Finished"), panel.status.text()
    assert panel.run_dir() is not None
    assert panel.curves.point_count()["val_accuracy"] == 2
    assert len([b for b in list_bundles() if b.architecture == "mlp"]) == 1
