"""The next-letter page offscreen: a short training draws the curves, then typed letters give the
next-letter bars and a heat map per state and gate; a letter outside the alphabet is named."""
from __future__ import annotations

import numpy as np
import pytest

from gui.course.letters_page import LettersPage

pytestmark = pytest.mark.gui


@pytest.fixture
def page(open_page):
    return open_page(LettersPage)


def test_training_then_typing_shows_bars_and_the_lstm_memory(page, run_to_end):
    run_to_end(page, cell="lstm", context=4, epochs=20)
    assert "Finished after 20 epochs" in page.message.text()
    assert len(page.loss_curve.getData()[0]) == 20
    heights = page.bars.opts["height"]
    assert len(heights) == 5 and np.isclose(np.sum(heights), 1.0)
    titles = {item.titleLabel.text for item in page.states_view.ci.items if hasattr(item, "titleLabel")}
    assert {"hidden state", "cell state", "input gate", "forget gate", "output gate"} <= titles
    page.typed.setText("abx")
    assert "'x' is not one of the letters" in page.typed_message.text()
    page.typed.setText("ab")
    assert "After 'ab' the network expects" in page.typed_message.text()


def test_stop_during_training(page, qtbot):
    page.controls["epochs"].setValue(10_000)
    page.start()
    qtbot.waitUntil(lambda: len(page._history["epoch"]) > 3, timeout=60_000)
    page.stop()
    qtbot.waitUntil(lambda: not page.is_running(), timeout=30_000)
    assert "Stopped" in page.message.text()
