"""`python main.py detect`: the CLI contract (docs/CLI.md) end to end, with real files.

Mistakes are checked without a model (they are caught before one loads); reading needs the shipped
default model and is skipped (saying so) only while resources/models has none.
"""
from __future__ import annotations

import json
import subprocess
import sys

import cv2
import numpy as np
import pytest

from core.cli import main
from core.paths import PROJECT_ROOT, RESOURCES
from core.media import open_source

DEMO_PAGE = RESOURCES / "demo" / "page.jpg"
DEMO_CLIP = RESOURCES / "demo" / "clip.mp4"


@pytest.fixture(scope="module")
def default_model():
    from core.fileio import UserError
    from core.registry import default_bundle

    try:
        return default_bundle()
    except UserError as error:
        pytest.skip(f"no shipped default model yet ({error})")


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# --- mistakes: one plain line on stderr, exit 1 -------------------------------------------------------

@pytest.mark.parametrize("argv, words", [
    (["detect", "nowhere/page.png"], "does not exist"),
    (["detect", str(DEMO_PAGE), str(DEMO_CLIP), "--out", "x.png"], "--out needs exactly one input"),
    (["detect", "--camera", "57"], "Camera 57 is not available"),
])
def test_mistakes_are_one_plain_line(argv, words, capsys):
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and "Traceback" not in captured.err


def test_unreadable_picture_is_one_plain_line(tmp_path, capsys):
    broken = tmp_path / "page.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    assert main(["detect", str(broken)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "page.png could not be read as a picture" in err[0]


@pytest.mark.parametrize("argv, words", [
    (["detect", str(DEMO_PAGE), "--max-frames", "many"], "--max-frames: must be a whole number"),
    (["detect"], "give one or more pictures"),
    (["detect", str(DEMO_PAGE), "--threshold", "1.5"], "--threshold: must be between 0 and 1"),
    (["detect", str(DEMO_PAGE), "--threshold", "7"], "--threshold: must be between 0 and 1"),
    (["detect", str(DEMO_PAGE), "--max-frames", "0"], "--max-frames: must be a positive whole number"),
    (["detect", "--camera", "-1"], "--camera: must be 0 or more"),
    (["detect", str(DEMO_PAGE), "--camera", "0"], "not both"),
])
def test_wrong_usage_exits_2_with_the_usage_line(argv, words, capsys):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    assert captured.err.startswith("usage: ") and words in captured.err.strip().splitlines()[-1]


# --- reading ---------------------------------------------------------------------------------------

def test_picture_gives_one_json_line_and_an_annotated_copy(default_model, tmp_path, capsys):
    out = tmp_path / "annotated.png"
    assert main(["detect", str(DEMO_PAGE), "--json", "--out", str(out)]) == 0
    records = json_lines(capsys.readouterr().out)
    assert len(records) == 1
    record = records[0]
    assert list(record) == ["path", "frame", "detections", "ms"]
    assert record["path"] == str(DEMO_PAGE) and record["frame"] == 0 and record["ms"] > 0
    assert len(record["detections"]) >= 8
    for found in record["detections"]:
        assert list(found) == ["box", "label", "confidence"]
        assert len(found["box"]) == 4 and all(isinstance(v, int) for v in found["box"])
        assert 0 <= found["label"] <= 9 and 0.5 <= found["confidence"] <= 1
    annotated = cv2.imread(str(out))
    assert annotated.shape == (480, 640, 3)
    assert np.abs(annotated.astype(int) - cv2.imread(str(DEMO_PAGE)).astype(int)).max() > 100


def test_readable_line_says_what_the_page_reads(default_model, capsys):
    assert main(["detect", str(DEMO_PAGE)]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"{DEMO_PAGE}: ") and "2026" in line and "digits" in line and "ms)" in line


def test_video_gives_a_line_per_frame_and_an_annotated_video(default_model, tmp_path, capsys):
    out = tmp_path / "annotated.mp4"
    assert main(["detect", str(DEMO_CLIP), "--json", "--max-frames", "6", "--out", str(out)]) == 0
    records = json_lines(capsys.readouterr().out)
    assert [r["frame"] for r in records] == list(range(6))
    assert all(r["path"] == str(DEMO_CLIP) for r in records)
    with open_source(out) as video:
        assert video.frame_count == 6 and video.fps == pytest.approx(12)


def test_folder_gives_a_line_per_picture_and_a_bad_one_is_reported(default_model, tmp_path, capsys):
    folder = tmp_path / "pages"
    folder.mkdir()
    page = cv2.imread(str(DEMO_PAGE))
    cv2.imwrite(str(folder / "a.png"), page)
    cv2.imwrite(str(folder / "b.webp"), 255 - page)                    # the same page, inverted
    (folder / "c.png").write_bytes(b"not a picture")
    assert main(["detect", str(folder), "--json"]) == 1                 # one input failed
    captured = capsys.readouterr()
    records = json_lines(captured.out)
    assert [r["path"] for r in records] == [str(folder / "a.png"), str(folder / "b.webp")]
    labels = [sorted(d["label"] for d in r["detections"]) for r in records]
    assert labels[0] == labels[1]
    assert "c.png" in captured.err


@pytest.mark.slow
def test_end_to_end_as_a_process(default_model):
    completed = subprocess.run([sys.executable, "main.py", "detect", str(DEMO_PAGE), "--json"],
                               cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert len(json_lines(completed.stdout)) == 1
