"""The Images & video tab with real OpenCV files, the real pipeline and the real default classifier."""
from __future__ import annotations

import csv
import time
from pathlib import Path

import cv2
import numpy as np
import pytest
import shiboken6
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox, QTabWidget, QWidget

from core import media, paths
from gui.media.tab import MediaTab
from gui.common.model_hub import ModelHub

pytestmark = pytest.mark.gui

NUMBER = [2, 0, 2, 6]
DIGIT_HEIGHT = 60
VIDEO_FRAMES = 24
VIDEO_FPS = 12
FRAME_SIZE = (400, 240)   # width, height


# --- test material: pages of real MNIST digits --------------------------------------------------------

@pytest.fixture(scope="module")
def digit_images() -> dict[int, np.ndarray]:
    """One clear MNIST test digit per class (the first of each in the bundled sample)."""
    sample = np.load(paths.MNIST_SAMPLE)
    images, labels = sample["x_test"], sample["y_test"]
    return {digit: images[np.flatnonzero(labels == digit)[0]] for digit in range(10)}


def make_page(digit_images, digits: list[int], size=FRAME_SIZE, shift: int = 0) -> np.ndarray:
    """A light page (BGR) with the digits written dark, side by side as one number."""
    width, height = size
    page = np.full((height, width, 3), 235, np.uint8)
    x = 40 + shift
    for digit in digits:
        ink = cv2.resize(digit_images[digit], (DIGIT_HEIGHT, DIGIT_HEIGHT), interpolation=cv2.INTER_LINEAR)
        region = page[90:90 + DIGIT_HEIGHT, x:x + DIGIT_HEIGHT]
        np.minimum(region, (255 - ink)[..., None], out=region)
        x += DIGIT_HEIGHT - 8
    return page


@pytest.fixture(scope="module")
def video_path(tmp_path_factory, digit_images) -> Path:
    path = tmp_path_factory.mktemp("media") / "number.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), VIDEO_FPS, FRAME_SIZE)
    assert writer.isOpened()
    for index in range(VIDEO_FRAMES):
        writer.write(make_page(digit_images, NUMBER, shift=index * 2))
    writer.release()
    return path


@pytest.fixture(scope="module")
def image_folder(tmp_path_factory, digit_images) -> Path:
    folder = tmp_path_factory.mktemp("pages")
    for name, digits in [("a.png", [3, 1]), ("b.jpg", [7]), ("c.png", [4, 5, 9])]:
        cv2.imwrite(str(folder / name), make_page(digit_images, digits))
    (folder / "broken.png").write_bytes(b"not really a png")
    (folder / "notes.txt").write_text("not a picture")
    return folder


# --- the model and the hub --------------------------------------------------------------------------

@pytest.fixture(scope="session")
def classifier():
    """The shipped default model: loaded once here so that each hub below loads it quickly."""
    from core.inference import load_classifier
    return load_classifier()


@pytest.fixture
def hub(qtbot, classifier):
    """The real ModelHub with the default model loaded."""
    hub = ModelHub()
    with qtbot.waitSignal(hub.model_changed, timeout=60_000):
        hub.select(None)
    return hub


def make_tab(qtbot, hub) -> MediaTab:
    tab = MediaTab(hub)
    qtbot.addWidget(tab)
    tab.resize(1100, 700)
    tab.show()
    return tab


@pytest.fixture
def tab(qtbot, hub):
    tab = make_tab(qtbot, hub)
    yield tab
    tab.shutdown()


@pytest.fixture
def bare_tab(qtbot):
    """The tab before any model is loaded (the hub has not been asked for one): frames, no reading."""
    tab = make_tab(qtbot, ModelHub())
    yield tab
    tab.shutdown()


def wait_for_frame(qtbot, tab, timeout=10_000):
    qtbot.waitUntil(lambda: tab._latest is not None, timeout=timeout)


def banner(tab) -> str:
    """The message across the top of the tab, "" when none is showing."""
    return tab.banner.text() if tab.banner.isVisibleTo(tab) else ""


def shown_index(tab) -> int:
    return tab._latest.frame.index


# --- the tab, before any model is loaded: sources, playback, faults ----------------------------------

def test_without_a_model_frames_show_and_the_tab_says_why_nothing_is_read(qtbot, bare_tab, image_folder, tmp_path):
    tab = bare_tab
    assert tab.results.model_note.isVisibleTo(tab)
    tab.open_path(image_folder / "a.png")
    wait_for_frame(qtbot, tab)
    assert tab._latest.result is None and tab.view.has_frame()
    qtbot.waitUntil(lambda: tab.speed.fps_label.text() != "—" or tab.speed.stage_labels["capture"].text() != "—", timeout=2_000)
    assert tab.results.results_table.rowCount() == 0 and tab.results.number_label.text() == "—"
    tab.start_folder_run(image_folder, tmp_path / "results.csv")
    assert not tab.save.folder_run_active() and "loading" in banner(tab)


def test_a_tab_deleted_while_a_video_plays_stops_its_stream(qtbot, video_path):
    """The last resort when no shutdown came first: the tab's destroyed signal stops the stream
    (it once passed the dying tab to stop() as its timeout: a TypeError, and the thread ran on)."""
    tab = MediaTab(ModelHub())
    tab.show()
    tab.open_path(video_path)
    wait_for_frame(qtbot, tab)
    stream = tab._stream
    assert stream.thread.isRunning()
    tab.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(tab), timeout=5_000)
    assert not stream.thread.isRunning()


def test_pause_step_and_seek(qtbot, bare_tab, video_path):
    tab = bare_tab
    tab.open_path(video_path)
    wait_for_frame(qtbot, tab)
    assert tab._playing and tab.player.play_button.isEnabled() and tab.player.seek_slider.isEnabled()
    assert tab.player.seek_slider.maximum() == VIDEO_FRAMES - 1
    tab.toggle_play()                         # pause
    assert not tab._playing
    qtbot.wait(300)
    paused_at = shown_index(tab)
    qtbot.wait(400)
    assert shown_index(tab) == paused_at      # nothing moves while paused
    tab.step()
    qtbot.waitUntil(lambda: shown_index(tab) == paused_at + 1, timeout=5_000)
    tab.seek(15)
    qtbot.waitUntil(lambda: shown_index(tab) == 15, timeout=5_000)
    assert tab.player.seek_slider.value() == 15
    qtbot.waitUntil(lambda: tab.player.frame_label.text() == f"frame 16 / {VIDEO_FRAMES}", timeout=2_000)
    tab.toggle_play()                         # play on to the end
    qtbot.waitUntil(lambda: tab._ended, timeout=30_000)
    assert shown_index(tab) == VIDEO_FRAMES - 1 and not tab._playing
    assert "End of the video" in tab.save.status_label.text()
    tab.toggle_play()                         # at the end, play starts again from the first frame
    qtbot.waitUntil(lambda: shown_index(tab) < 5, timeout=5_000)


def test_closing_clears_the_view_and_a_failed_open_replaces_what_played(qtbot, bare_tab, video_path, tmp_path):
    tab = bare_tab
    tab.open_path(video_path)
    wait_for_frame(qtbot, tab)
    tab.close_source()
    qtbot.waitUntil(lambda: not tab.view.has_frame(), timeout=5_000)
    assert tab.sources.source_label.text() == "Nothing open" and not tab.sources.close_button.isEnabled()

    tab.open_path(video_path)
    wait_for_frame(qtbot, tab)
    tab.open_path(tmp_path / "missing.mp4")
    qtbot.waitUntil(lambda: "does not exist" in banner(tab), timeout=5_000)
    assert not tab.view.has_frame() and tab._info is None
    qtbot.wait(200)
    assert tab._latest is None                # nothing of the closed video arrives later


def test_playback_pauses_while_another_tab_is_in_front(qtbot, video_path):
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    media_tab = MediaTab(ModelHub())
    tabs.addTab(QWidget(), "Draw")
    tabs.addTab(media_tab, "Images & video")
    tabs.show()
    try:
        media_tab.open_path(video_path)           # opened while the Draw tab is in front
        qtbot.waitUntil(lambda: media_tab._info is not None, timeout=5_000)
        assert not media_tab._playing
        tabs.setCurrentIndex(1)
        assert media_tab._playing
        wait_for_frame(qtbot, media_tab)
        tabs.setCurrentIndex(0)
        assert not media_tab._playing
        qtbot.wait(300)
        index = shown_index(media_tab)
        qtbot.wait(300)
        assert shown_index(media_tab) == index
        tabs.setCurrentIndex(1)
        assert media_tab._playing
    finally:
        media_tab.shutdown()


def test_a_folder_plays_as_a_slideshow_and_skips_what_is_no_picture(qtbot, bare_tab, image_folder):
    tab = bare_tab
    tab.open_path(image_folder)
    wait_for_frame(qtbot, tab)
    assert tab._latest.frame.source_name == "a.png"
    tab.toggle_play()                         # pause: stepping goes picture by picture
    tab.step()
    qtbot.waitUntil(lambda: tab._latest.frame.source_name == "b.jpg", timeout=5_000)
    tab.step()                                # broken.png cannot be read: on to c.png
    qtbot.waitUntil(lambda: tab._latest.frame.source_name == "c.png", timeout=5_000)
    tab.seek(0)
    qtbot.waitUntil(lambda: tab._latest.frame.source_name == "a.png", timeout=5_000)
    tab.toggle_play()                         # playing: the next picture comes after a while by itself
    qtbot.waitUntil(lambda: tab._latest.frame.source_name == "b.jpg", timeout=5_000)


def test_unreadable_files_show_a_message_and_the_tab_keeps_working(qtbot, bare_tab, tmp_path, image_folder):
    tab = bare_tab
    tab.open_path(image_folder / "broken.png")
    qtbot.waitUntil(lambda: banner(tab) != "", timeout=5_000)
    assert "broken.png" in banner(tab) and "Traceback" not in banner(tab)
    assert tab._info is None and not tab.player.play_button.isEnabled()

    empty_video = tmp_path / "empty.mp4"
    empty_video.write_bytes(b"")
    tab.open_path(empty_video)
    qtbot.waitUntil(lambda: "empty.mp4" in banner(tab), timeout=5_000)

    not_a_video = tmp_path / "noise.avi"
    not_a_video.write_bytes(np.random.default_rng(0).integers(0, 256, 50_000, dtype=np.uint8).tobytes())
    tab.open_path(not_a_video)
    qtbot.waitUntil(lambda: "noise.avi" in banner(tab), timeout=5_000)

    tab.open_path(tmp_path / "missing.png")
    qtbot.waitUntil(lambda: "does not exist" in banner(tab), timeout=5_000)

    tab.open_path(image_folder / "a.png")
    qtbot.waitUntil(lambda: tab._info is not None and tab._latest is not None, timeout=10_000)
    assert banner(tab) == ""
    assert not tab.player.play_button.isEnabled()    # one picture: nothing to play
    assert tab.save.snapshot_button.isEnabled()


class CameraUnpluggedAfterFiveFrames(media.Source):
    """A live source whose device goes away mid-stream, as core.media's CameraSource reports it."""
    is_live = True
    name = "Camera 7"
    fps = 30.0

    def __init__(self, video: Path):
        self._video = media.VideoSource(video)
        self._reads = 0

    def read(self):
        self._reads += 1
        if self._reads > 5:
            raise media.MediaError("Camera 7 stopped sending pictures (unplugged, or taken by another program).")
        time.sleep(1 / self.fps)
        return self._video.read()

    def close(self):
        self._video.close()


def test_a_camera_unplugged_mid_stream_closes_with_a_message(qtbot, bare_tab, video_path, monkeypatch):
    real_open = media.open_source
    monkeypatch.setattr(media, "open_source", lambda spec: CameraUnpluggedAfterFiveFrames(video_path)
                        if isinstance(spec, media.CameraSpec) and spec.index == 7 else real_open(spec))
    tab = bare_tab
    tab.open_camera(7)
    qtbot.waitUntil(lambda: "stopped sending pictures" in banner(tab), timeout=10_000)
    assert tab._info is None and not tab.player.play_button.isEnabled()
    assert tab.view.has_frame() and shown_index(tab) == 4      # the last picture it sent stays in view
    tab.open_path(video_path)                                   # and the tab goes on working
    qtbot.waitUntil(lambda: tab._info is not None and tab._latest is not None, timeout=10_000)


def test_a_huge_picture_is_shrunk_with_a_notice(qtbot, bare_tab, tmp_path):
    huge = np.full((4600, 6000, 3), 235, np.uint8)     # 27.6 megapixels
    cv2.putText(huge, "42", (1000, 3000), cv2.FONT_HERSHEY_SIMPLEX, 60, (20, 20, 20), 120)
    cv2.imwrite(str(tmp_path / "huge.jpg"), huge)
    bare_tab.open_path(tmp_path / "huge.jpg")
    qtbot.waitUntil(lambda: "shrunk" in banner(bare_tab) and bare_tab._latest is not None, timeout=10_000)
    assert bare_tab._latest.frame.image.shape[0] * bare_tab._latest.frame.image.shape[1] <= 25_000_000


def test_missing_camera_shows_a_message(qtbot, bare_tab):
    bare_tab.open_camera(9)
    qtbot.waitUntil(lambda: "Camera 9" in banner(bare_tab), timeout=15_000)
    assert bare_tab._info is None


def test_camera_search_runs_in_the_background(qtbot, bare_tab):
    tab = bare_tab
    tab.sources.search_cameras()
    assert tab.sources._searching_cameras             # returned at once; the search goes on in its thread
    assert [a.text() for a in tab.sources.camera_menu.actions()][0] == "Looking for cameras…"
    qtbot.waitUntil(lambda: not tab.sources._searching_cameras, timeout=15_000)
    titles = [action.text() for action in tab.sources.camera_menu.actions()]
    assert "Search again" in titles
    assert len(titles) == len(tab.sources._cameras) + 3 if tab.sources._cameras else "No camera found" in titles


def test_dropped_file_opens_and_is_remembered(qtbot, bare_tab, image_folder):
    tab = bare_tab
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(image_folder / "c.png"))])
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    tab.dropEvent(drop)
    qtbot.waitUntil(lambda: tab._latest is not None and tab._latest.frame.source_name == "c.png", timeout=10_000)
    assert tab.sources.recent_paths()[0] == str((image_folder / "c.png").resolve())
    tab.sources._fill_recent_menu()
    assert tab.sources.recent_menu.actions()[0].text() == "c.png"
    tab.sources.recent_menu.actions()[0].trigger()    # opening from the list keeps one entry per file
    assert tab.sources.recent_paths().count(str((image_folder / "c.png").resolve())) == 1


def test_the_window_forwards_dropped_media_files_to_the_tab(qtbot, video_path):
    from gui.main_window import MainWindow
    window = MainWindow(ModelHub())
    qtbot.addWidget(window)
    window.add_optional_tabs()
    window.tabs.setCurrentIndex(0)
    window.show()
    media_tab = next(tab for tab in window.tab_pages() if isinstance(tab, MediaTab))
    try:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(video_path))])
        window.dropEvent(QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                    Qt.KeyboardModifier.NoModifier))
        assert window.tabs.currentWidget() is media_tab
        qtbot.waitUntil(lambda: media_tab._info is not None and media_tab._info.name == "number.mp4", timeout=5_000)
    finally:
        window.close()


# --- the tab reading digits with the default model ---------------------------------------------------

def test_plays_a_video_to_the_end_and_reads_the_number(qtbot, tab, video_path):
    tab.open_path(video_path)
    qtbot.waitUntil(lambda: tab._ended, timeout=30_000)
    qtbot.waitUntil(lambda: tab.results.results_table.rowCount() == len(NUMBER), timeout=2_000)
    assert shown_index(tab) == VIDEO_FRAMES - 1
    rows = [(tab.results.results_table.item(row, 3).text(), tab.results.results_table.item(row, 1).text())
            for row in range(tab.results.results_table.rowCount())]
    left_to_right = [int(label) for box, label in sorted(rows, key=lambda row: int(row[0].split(",")[0]))]
    assert left_to_right == NUMBER
    assert tab.results.number_label.text() == "2026"
    assert float(tab.speed.fps_label.text()) > 0
    for stage in ("capture", "detect", "preprocess", "classify", "draw"):
        assert float(tab.speed.stage_labels[stage].text()) >= 0
    assert tab.speed.runtime_label.text() == tab.hub.classifier.for_live_frames().backend_name   # e.g. "… int8"
    assert tab.view.has_frame()
    assert banner(tab) == ""
    assert "number.mp4" in tab.sources.source_label.text()


def test_clicking_a_result_highlights_its_box(qtbot, tab, video_path):
    tab.open_path(video_path)
    qtbot.waitUntil(lambda: tab.results.results_table.rowCount() == len(NUMBER), timeout=20_000)
    tab.toggle_play()
    tab.results.results_table.selectRow(2)
    assert tab.view._highlight == 2
    x, y, w, h = tab.view._boxes[2]
    target = tab.view.target_rect()
    scale = target.width() / tab.view.image_size().width()
    centre = QPointF(target.left() + (x + w / 2) * scale, target.top() + (y + h / 2) * scale).toPoint()
    tab.results.results_table.clearSelection()
    assert tab.view._highlight is None
    qtbot.mouseClick(tab.view, Qt.MouseButton.LeftButton, pos=centre)
    assert tab.results.results_table.selectionModel().selectedRows()[0].row() == 2
    assert tab.view._highlight == 2


def test_threshold_and_binary_view(qtbot, tab, video_path):
    tab.open_path(video_path)
    qtbot.waitUntil(lambda: tab.results.results_table.rowCount() == len(NUMBER), timeout=20_000)
    tab.toggle_play()
    tab.results.threshold_slider.setValue(100)        # nothing is ever 100 % sure: every digit hidden
    qtbot.waitUntil(lambda: tab._latest.result is not None and not tab._latest.result.detections, timeout=5_000)
    qtbot.waitUntil(lambda: tab.results.number_label.text() == "—", timeout=2_000)
    assert tab.results.results_table.rowCount() == len(NUMBER)      # still listed, greyed
    tab.results.threshold_slider.setValue(30)
    qtbot.waitUntil(lambda: len(tab._latest.result.detections) == len(NUMBER), timeout=5_000)
    tab.results.binary_check.setChecked(True)
    assert tab.view._array.ndim == 2
    tab.results.binary_check.setChecked(False)
    assert tab.view._array.ndim == 3


def test_record_and_snapshot_produce_files_opencv_reads(qtbot, tab, video_path, tmp_path):
    tab.open_path(video_path)
    wait_for_frame(qtbot, tab)
    tab.toggle_play()
    tab.seek(5)
    qtbot.waitUntil(lambda: shown_index(tab) == 5, timeout=5_000)
    recording = tmp_path / "out" / "annotated.mp4"
    with qtbot.waitSignal(tab._stream.worker.recording_started, timeout=5_000):
        tab.start_recording(recording)
    qtbot.waitUntil(lambda: tab.save.record_button.text() == "Stop recording", timeout=2_000)
    tab.toggle_play()
    qtbot.waitUntil(lambda: tab._ended, timeout=30_000)
    with qtbot.waitSignal(tab._stream.worker.recording_stopped, timeout=5_000) as stopped:
        tab.stop_recording()
    recorded = VIDEO_FRAMES - 5                                 # frames 5..23, at the video's own rate
    assert stopped.args == [str(recording), recorded]
    qtbot.waitUntil(lambda: "Recording saved" in tab.save.status_label.text(), timeout=2_000)
    capture = cv2.VideoCapture(str(recording))
    assert capture.get(cv2.CAP_PROP_FRAME_COUNT) == recorded
    assert capture.get(cv2.CAP_PROP_FPS) == pytest.approx(VIDEO_FPS)
    ok, first = capture.read()
    capture.release()
    assert ok and first.shape[:2] == (FRAME_SIZE[1], FRAME_SIZE[0])
    assert [p.name for p in recording.parent.iterdir()] == ["annotated.mp4"]   # no temporary left over

    snapshot = tmp_path / "snap.png"
    with qtbot.waitSignal(tab._stream.worker.snapshot_saved, timeout=5_000):
        tab.snapshot_to(snapshot)
    picture = cv2.imread(str(snapshot))
    assert picture.shape == (FRAME_SIZE[1], FRAME_SIZE[0], 3)
    assert np.array_equal(picture, tab._latest.result.annotated)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_folder_run_exports_a_csv_row_per_picture(qtbot, tab, image_folder, tmp_path):
    out = tmp_path / "results.csv"
    tab.start_folder_run(image_folder, out)
    assert tab.save.folder_run_active() and not tab.save.folder_run_button.isEnabled()
    qtbot.waitUntil(lambda: not tab.save.folder_run_active(), timeout=30_000)
    assert banner(tab) == ""
    with out.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [Path(row["path"]).name for row in rows] == ["a.png", "b.jpg", "broken.png", "c.png"]
    assert [row["number"] for row in rows] == ["31", "7", "", "459"]
    assert [row["labels"] for row in rows] == ["3 1", "7", "", "4 5 9"]
    assert [bool(row["error"]) for row in rows] == [False, False, True, False]
    for row in rows:
        boxes = row["boxes"].split(";") if row["boxes"] else []
        assert len(boxes) == int(row["digits"]) == len(row["confidences"].split())
        assert all(len(box.split()) == 4 for box in boxes)
    assert tab.save.progress_bar.value() == 4
    assert "results.csv" in tab.save.status_label.text()
    assert tab.save.folder_run_button.isEnabled()


def test_folder_run_can_be_cancelled(qtbot, tab, tmp_path, digit_images, monkeypatch):
    folder = tmp_path / "many"
    folder.mkdir()
    page = make_page(digit_images, [1, 2])
    for index in range(200):
        cv2.imwrite(str(folder / f"page{index}.png"), page)
    out = tmp_path / "results.csv"
    assert tab.confirm_close()
    tab.start_folder_run(folder, out)
    qtbot.waitUntil(lambda: tab.save.progress_bar.value() >= 1, timeout=10_000)
    answers = []                                            # the window asks before quitting mid-run
    monkeypatch.setattr(QMessageBox, "question", lambda *args: answers.pop())
    answers.append(QMessageBox.StandardButton.No)
    assert not tab.confirm_close()
    tab.save.cancel_folder_run()
    qtbot.waitUntil(lambda: not tab.save.folder_run_active(), timeout=10_000)
    assert "cancelled" in tab.save.status_label.text()
    assert not out.exists() and not list(tmp_path.glob(".results.csv*"))


def test_switching_the_model_while_playing(qtbot, tab, video_path, hub):
    from core.registry import default_bundle, import_bundle
    other = import_bundle(default_bundle().path)           # a second bundle, in this test's own home
    tab.player.loop_check.setChecked(True)
    tab.open_path(video_path)
    qtbot.waitUntil(lambda: tab.results.results_table.rowCount() == len(NUMBER), timeout=20_000)
    first_model = tab._latest.model_name
    hub.refresh()
    hub.select(other.name)
    assert "Switching to" in tab.results.model_note.text() and tab.results.model_note.isVisibleTo(tab)
    qtbot.waitUntil(lambda: tab._latest.model_name == other.name, timeout=60_000)
    qtbot.waitUntil(lambda: tab.results.number_label.text() == "2026", timeout=10_000)
    assert first_model != other.name
    assert tab._playing and not tab._ended    # looping: it never stopped
    assert not tab.results.model_note.isVisibleTo(tab)


def test_the_empty_view_opens_the_demo_page_and_video_in_one_click(qtbot, bare_tab):
    tab = bare_tab
    assert tab.player.demo_bar.isVisibleTo(tab)
    qtbot.mouseClick(tab.player.demo_page_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab._latest is not None and tab._latest.frame.source_name == "page.jpg", timeout=10_000)
    qtbot.waitUntil(lambda: not tab.player.demo_bar.isVisibleTo(tab), timeout=5_000)
    tab.close_source()
    qtbot.waitUntil(lambda: tab.player.demo_bar.isVisibleTo(tab), timeout=5_000)
    qtbot.mouseClick(tab.player.demo_video_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab._latest is not None and tab._latest.frame.source_name == "clip.mp4", timeout=10_000)
