"""The Course tab and its pages for iris, learning rate and activations: open, start, see events, stop,
restart, settings remembered; the code view highlights the key lines."""
import pytest

from gui.course.page import ChoicesBox, control_value, set_control_value
from gui.course.tab import CourseTab
from gui.settings import app_settings


@pytest.fixture
def tab(qtbot):
    course = CourseTab()
    qtbot.addWidget(course)
    yield course
    course.shutdown()


def _run_until_events(qtbot, page, predicate, timeout=60_000):
    page.start()
    qtbot.waitUntil(predicate, timeout=timeout)


def test_chapters_follow_the_course_and_pages_are_built_when_chosen(tab):
    titles = [tab.chapters.topLevelItem(i).text(0) for i in range(tab.chapters.topLevelItemCount())]
    assert len(titles) == 7 and titles[0].startswith("1") and titles[-1].startswith("7")
    assert tab.pages.keys() == {"iris"}
    page = tab.show_page("six_steps")
    assert page.buttons and "six_steps" in tab.pages


def test_iris_page_trains_stops_and_restarts(qtbot, tab):
    page = tab.show_page("iris")
    page.controls["epochs"].setValue(400)
    _run_until_events(qtbot, page, lambda: len(page._history["epoch"]) >= 5)
    assert page._weights is not None and page._data is not None
    page.stop()
    qtbot.waitUntil(lambda: not page.is_running(), timeout=20_000)
    assert page.message.text().startswith("Stopped")
    page.start()
    page.start()                      # restart while running: the old run is dropped
    qtbot.waitUntil(lambda: len(page._history["epoch"]) >= 3, timeout=60_000)
    page.x_feature.setCurrentIndex(0)   # another pair of features redraws the regions
    page.stop()
    qtbot.waitUntil(lambda: not page.is_running(), timeout=20_000)
    assert page.code_view.key_line_numbers()
    assert page.code_view.note_at_line(page.code_view.key_line_numbers()[0])


def test_iris_page_remembers_its_settings(qtbot, tab):
    page = tab.show_page("iris")
    page.controls["lr"].setValue(0.05)
    page.controls["engine"].setCurrentText("keras")
    again = CourseTab()
    qtbot.addWidget(again)
    assert again.show_page("iris").controls["lr"].value() == pytest.approx(0.05)
    assert again.current_page().controls["engine"].currentText() == "keras"
    assert app_settings().value("course/last_page") == "iris"
    again.shutdown()


def test_learning_rate_page_shows_divergence(qtbot, tab):
    page = tab.show_page("learning_rate")
    page.controls["step_delay"].setValue(0.0)
    page.slider.setValue(150)          # 1.5: above the critical rate
    assert page.controls["lr"].value() == pytest.approx(1.5)
    assert "diverges" in page.regime_label.text()
    _run_until_events(qtbot, page, lambda: not page.is_running() and "diverged" in page.message.text())


def test_activations_page_draws_curves_and_trains_the_custom_loss(qtbot, tab):
    page = tab.show_page("losses")
    assert page.sections.currentIndex() == 1
    page.activation.setCurrentIndex(2)
    assert "ReLU" in page.advice.text() or "dead" in page.advice.text()
    page.controls["epochs"].setValue(1000)
    _run_until_events(qtbot, page, lambda: not page.is_running() and "w1" in page.message.text())
    assert page._history["w1"][-1] > 1


def test_bad_values_give_a_plain_message_not_a_run(qtbot, tab):
    page = tab.show_page("iris")
    page.extra_settings = lambda: {"lr": 99.0}
    page.start()
    assert not page.is_running()
    assert "lr must be between" in page.message.text()


def test_choices_box_round_trips():
    box = ChoicesBox(("a", "b", "c"))
    set_control_value(box, ("a", "c"))
    assert control_value(box) == ("a", "c")
