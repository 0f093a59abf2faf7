"""core.media with real files: OpenCV writes pictures and videos into tmp_path, media reads them back."""
from __future__ import annotations

import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from core import media
from core.media import FrameReader, MediaError, Recorder, open_source, read_image, read_image_with_notice


def wait_until(condition, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return condition()


def numbered_frame(index: int, size=(96, 64)) -> np.ndarray:
    """A frame whose brightness says its index (survives lossy codecs)."""
    return np.full((size[1], size[0], 3), 10 + 20 * (index % 12), np.uint8)


def frame_number(image: np.ndarray) -> int:
    return int(round((float(image.mean()) - 10) / 20))


@pytest.fixture
def video(tmp_path) -> Path:
    """12 frames at 10 fps, MJPG in AVI."""
    path = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (96, 64))
    assert writer.isOpened()
    for index in range(12):
        writer.write(numbered_frame(index))
    writer.release()
    return path


def test_pictures_of_every_kind_come_back_as_bgr_uint8(tmp_path):
    grey = np.tile(np.arange(0, 250, 2, dtype=np.uint8), (40, 1))          # a grey ramp, 40 × 125
    colour = np.dstack([grey, 255 - grey, np.full_like(grey, 90)])
    cases = {
        "grey.png": (grey, cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR), 0),
        "colour.bmp": (colour, colour, 0),
        "colour.webp": (colour, colour, 0),                                 # default WebP quality is lossy
        "colour.jpg": (colour, colour, 8),
        "sixteen.tif": (grey.astype(np.uint16) * 257, cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR), 1),
    }
    for name, (written, expected, tolerance) in cases.items():
        assert cv2.imwrite(str(tmp_path / name), written), name
        image = read_image(tmp_path / name)
        assert image.dtype == np.uint8 and image.shape == (40, 125, 3), name
        difference = np.abs(image.astype(int) - expected.astype(int))
        assert np.median(difference) <= max(tolerance, 4) and difference.mean() <= max(tolerance, 4), name


def test_twelve_bit_data_in_sixteen_bits_is_stretched(tmp_path):
    twelve_bit = np.tile(np.linspace(0, 4095, 50).astype(np.uint16), (10, 1))
    cv2.imwrite(str(tmp_path / "camera.tif"), twelve_bit)
    image = read_image(tmp_path / "camera.tif")
    assert image[:, -1].min() >= 254 and image[:, 0].max() <= 1


def test_transparent_background_becomes_paper(tmp_path):
    bgra = np.zeros((50, 50, 4), np.uint8)                  # transparent black everywhere...
    bgra[10:40, 22:28] = (0, 0, 0, 255)                     # ...but an opaque black stroke
    cv2.imwrite(str(tmp_path / "drawing.png"), bgra)
    image = read_image(tmp_path / "drawing.png")
    assert image.shape == (50, 50, 3)
    assert image[0, 0].min() == 255 and image[25, 25].max() == 0


def test_huge_picture_is_shrunk_with_a_notice(tmp_path):
    huge = np.full((5200, 6000), 230, np.uint8)            # 31 MP
    cv2.rectangle(huge, (2500, 2000), (3500, 3200), 20, -1)
    cv2.imwrite(str(tmp_path / "scan.png"), huge)
    image, notice = read_image_with_notice(tmp_path / "scan.png")
    assert image.shape[0] * image.shape[1] <= media.MAX_PIXELS
    assert image.shape[1] / image.shape[0] == pytest.approx(6000 / 5200, rel=0.01)
    assert "6000×5200" in notice and "shrunk" in notice
    assert image[image.shape[0] // 2, image.shape[1] // 2].max() < 60    # the dark block is still there


@pytest.mark.parametrize("name, content, words", [
    ("missing.png", None, "does not exist"),
    ("empty.png", b"", "is empty"),
    ("broken.png", b"\x89PNG\r\n\x1a\nthis is not really a png", "could not be read as a picture"),
    ("notes.txt", b"just some words", "neither a picture nor a video"),
    ("broken.mp4", b"\x00\x00\x00\x18ftypmp42 not a real video at all" * 10, "video"),
])
def test_bad_files_give_one_plain_message(tmp_path, name, content, words):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(MediaError) as caught:
        open_source(path)
    message = str(caught.value)
    assert words in message and "\n" not in message and "Traceback" not in message


def test_video_without_frames_is_refused(tmp_path):
    path = tmp_path / "nothing.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (96, 64))
    writer.release()
    if path.exists() and path.stat().st_size:
        with pytest.raises(MediaError, match="no video frames|could not be opened"):
            open_source(path)
    else:
        with pytest.raises(MediaError):
            open_source(path)


def test_folder_is_read_in_natural_order_skipping_other_files(tmp_path):
    for number in (10, 2, 1):
        cv2.imwrite(str(tmp_path / f"page{number}.png"), numbered_frame(number))
    (tmp_path / "readme.txt").write_text("not a picture")
    (tmp_path / "page5.jpg").write_bytes(b"garbage")
    source = open_source(tmp_path)
    assert source.frame_count == 4 and not source.is_live
    names = []
    while (frame := source.read()) is not None:
        names.append(frame.source_name)
        assert frame.image.dtype == np.uint8 and frame.image.ndim == 3
    assert names == ["page1.png", "page2.png", "page10.png"]
    assert len(source.skipped) == 1 and "page5.jpg" in source.skipped[0]
    source.seek(2)
    assert source.read().source_name == "page10.png"


def test_folder_without_pictures_is_refused(tmp_path):
    (tmp_path / "readme.txt").write_text("words")
    with pytest.raises(MediaError, match="holds no pictures"):
        open_source(tmp_path)


def test_image_source_gives_one_frame(tmp_path):
    cv2.imwrite(str(tmp_path / "one.png"), numbered_frame(3))
    source = open_source(str(tmp_path / "one.png"))
    assert (source.frame_count, source.is_live, source.fps) == (1, False, 0.0)
    frame = source.read()
    assert frame.index == 0 and frame_number(frame.image) == 3
    assert source.read() is None


@pytest.mark.parametrize("suffix, codec", [(".avi", "MJPG"), (".mp4", "mp4v"), (".mkv", "MJPG"), (".mov", "mp4v")])
def test_video_files_are_read_frame_by_frame_and_seek(tmp_path, suffix, codec):
    path = tmp_path / f"clip{suffix}"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*codec), 10, (96, 64))
    for index in range(12):
        writer.write(numbered_frame(index))
    writer.release()
    with open_source(path) as source:
        assert source.frame_count == 12 and source.fps == pytest.approx(10)
        frames = []
        while (frame := source.read()) is not None:
            frames.append(frame)
        assert [f.index for f in frames] == list(range(12))
        assert [frame_number(f.image) for f in frames] == list(range(12))
        assert frames[5].timestamp_ms == pytest.approx(500)
        source.seek(7)
        frame = source.read()
        assert frame.index == 7 and frame_number(frame.image) == 7


def test_missing_camera_is_a_plain_error():
    with pytest.raises(MediaError, match="Camera 57 is not available"):
        open_source(57)
    with pytest.raises(MediaError, match="Camera 58"):
        open_source(media.CameraSpec(58, (640, 480)))


def test_list_cameras_returns_in_bounded_time():
    start = time.monotonic()
    cameras = media.list_cameras(max_index=4, timeout_s=1.0)
    assert time.monotonic() - start < 3.0
    assert all(isinstance(camera, media.CameraInfo) for camera in cameras)


def test_reader_unpaced_delivers_every_frame_in_order(video):
    reader = FrameReader(open_source(video), paced=False)
    reader.start()
    seen = []
    try:
        while not (reader.finished and seen and seen[-1] == 11):
            frame = reader.latest()
            if frame is not None and (not seen or frame.index != seen[-1]):
                seen.append(frame.index)
            assert wait_until(lambda: reader.finished or (reader.latest() is not None and reader.latest().index != seen[-1]), 5)
            if len(seen) > 20:
                break
    finally:
        reader.stop()
    assert seen == list(range(12))


def test_reader_waits_for_the_consumer_when_unpaced(video):
    reader = FrameReader(open_source(video), paced=False)
    reader.start()
    try:
        assert wait_until(lambda: reader._latest is not None)
        time.sleep(0.2)
        assert reader._latest.index == 0          # nobody took frame 0, so nothing newer was read
    finally:
        reader.stop()


def test_reader_paced_drops_frames_nobody_took(tmp_path):
    path = tmp_path / "fast.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 50, (96, 64))
    for index in range(30):
        writer.write(numbered_frame(index))
    writer.release()
    reader = FrameReader(open_source(path), paced=True)
    reader.start()
    try:
        assert wait_until(lambda: reader.finished, 5)
        assert reader.latest().index == 29 and reader.error is None
    finally:
        reader.stop()


def test_reader_pause_seek_step_and_loop(video):
    reader = FrameReader(open_source(video), paced=False)
    reader.start()
    try:
        assert wait_until(lambda: reader.latest() is not None)
        reader.pause()
        reader.seek(7)
        assert wait_until(lambda: reader.latest().index == 7)
        time.sleep(0.1)
        assert reader.latest().index == 7                  # paused: stays put
        reader.step()
        assert wait_until(lambda: reader.latest().index == 8)
        assert frame_number(reader.latest().image) == 8
        reader.loop = True
        reader.resume()
        seen = set()
        assert wait_until(lambda: seen.add(reader.latest().index) or (0 in seen and 11 in seen), 5)
        assert not reader.finished                         # looping never ends
    finally:
        reader.stop()


class _FailingSource(media.Source):
    """A source that breaks after three frames, as an unplugged camera does."""
    name = "Camera 9"
    is_live = True
    fps = 30.0

    def __init__(self):
        self.count = 0
        self.closed = False

    def read(self):
        if self.count >= 3:
            raise MediaError("Camera 9 stopped sending pictures (unplugged, or taken by another program).")
        self.count += 1
        return media.Frame(numbered_frame(self.count), self.count - 1, 0.0, self.name, 0.0)

    def seek(self, index):
        pass

    def close(self):
        self.closed = True


def test_reader_reports_a_failing_source_and_closes_it():
    source = _FailingSource()
    reader = FrameReader(source)
    reader.start()
    try:
        assert wait_until(lambda: reader.error is not None)
        assert reader.error.startswith("Camera 9 stopped") and reader.finished and source.closed
        assert reader.latest().index == 2
    finally:
        reader.stop()


@pytest.mark.parametrize("suffix", [".mp4", ".avi"])
def test_recorder_writes_atomically(tmp_path, suffix):
    folder = tmp_path / "videos"
    target = folder / f"out{suffix}"
    recorder = Recorder(target, 10, (96, 64))
    for index in range(10):
        recorder.write(numbered_frame(index))
    recorder.write(cv2.cvtColor(numbered_frame(10, (200, 100)), cv2.COLOR_BGR2GRAY))   # other size, grey
    assert not target.exists()                              # nothing visible until it is complete
    assert recorder.close() == target
    assert [p.name for p in folder.iterdir()] == [target.name]
    with open_source(target) as source:
        assert source.frame_count == 11
        assert frame_number(source.read().image) == 0


def test_recorder_leaves_nothing_without_frames_or_on_error(tmp_path):
    folder = tmp_path / "videos"
    assert Recorder(folder / "empty.mp4", 10, (96, 64)).close() is None
    with pytest.raises(RuntimeError):
        with Recorder(folder / "crash.avi", 10, (96, 64)) as recorder:
            recorder.write(numbered_frame(0))
            raise RuntimeError("the pipeline broke")
    assert list(folder.iterdir()) == []


def test_recorder_refuses_unknown_suffix(tmp_path):
    with pytest.raises(MediaError, match="can be recorded as"):
        Recorder(tmp_path / "out.gif", 10, (96, 64))


def test_recording_clock_fills_dropped_frames_and_restarts_after_a_seek():
    clock = media.RecordingClock(fps=10)
    assert clock.copies(0.0) == 1
    assert clock.copies(100.0) == 1
    assert clock.copies(400.0) == 3          # two frames were dropped: the picture holds for them
    assert clock.copies(400.0) == 0          # the same frame shown again
    assert clock.copies(50.0) == 1           # a seek back starts a new take
    assert clock.copies(150.0) == 1
    assert clock.copies(5000.0) == 1         # a long pause is a cut, not a frozen picture
    assert clock.written == 8


def test_rate_meter_counts_over_its_window():
    meter = media.RateMeter(window_s=1.0)
    for i in range(11):
        rate = meter.tick(now=i * 0.05)
    assert rate == pytest.approx(20.0)
    assert meter.tick(now=10.0) == 0.0       # old ticks fall out of the window


def test_save_png_writes_the_frame_atomically_or_says_why_not(tmp_path):
    frame = numbered_frame(7)
    target = tmp_path / "shots" / "frame.png"
    media.save_png(target, frame)
    assert np.array_equal(cv2.imread(str(target)), frame)
    assert [p.name for p in target.parent.iterdir()] == ["frame.png"]
    blocker = tmp_path / "a-file"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(MediaError):
        media.save_png(blocker / "frame.png", frame)
    assert blocker.read_text() == "a file where a folder should be"


def test_spec_name_is_what_the_user_opened():
    assert media.spec_name(media.CameraSpec(2, (640, 480))) == "Camera 2"
    assert media.spec_name(0) == "Camera 0"
    assert media.spec_name("/some/where/page.png") == "page.png"
    assert media.spec_name("/some/where/page.png", full=True) == "/some/where/page.png"
