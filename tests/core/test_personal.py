"""The personal dataset (core.personal) and fine-tuning with replay (core.finetune), on real files and the
real default model; the writer is simulated (tests/simulated_writer.py), so its digits are not MNIST's."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from core import personal
from core.data.dataset import DataError
from core.finetune import FinetuneError, FinetuneSettings, finetunable_bundle, run_finetune, writer_digits
from core.paths import SHIPPED_MODELS
from core.registry import list_bundles
from tests.simulated_writer import SimulatedWriter


def _store(x, y, folder=None):
    return [personal.add_digit(image, int(label), folder) for image, label in zip(x, y)]


def test_a_corrected_digit_lands_in_the_label_file_with_its_label_and_reads_back():
    writer = SimulatedWriter(seed=3)
    seven = writer.digit(7)
    added = personal.add_digit(seven, 7)
    lines = personal.label_file().read_text().splitlines()
    assert lines == [f"{added.name} 7"]
    assert (personal.images_dir() / added.name).is_file()
    dataset = personal.load_personal()          # read back by core.data.folders
    assert dataset.y_train.tolist() == [7]
    assert np.abs(dataset.x_train[0, ..., 0].astype(int) - np.rint(seven * 255)).max() <= 1


def test_relabel_and_delete_keep_the_file_and_the_images_in_step():
    x, y = SimulatedWriter(seed=4).digits(1)
    digits = _store(x[:3], y[:3])
    personal.relabel_digit(digits[1].name, 9)
    personal.delete_digit(digits[0].name)
    assert [(d.name, d.label) for d in personal.list_digits()] == [(digits[1].name, 9), (digits[2].name, 2)]
    assert not digits[0].path.exists()
    assert personal.counts_by_label(personal.list_digits()) == {2: 1, 9: 1}
    for digit in personal.list_digits():
        personal.delete_digit(digit.name)
    assert personal.list_digits() == [] and not personal.label_file().exists()


def test_bad_labels_and_blank_pictures_are_refused_in_plain_words():
    with pytest.raises(personal.UserError, match="0 to 9"):
        personal.add_digit(SimulatedWriter().digit(1), 12)
    with pytest.raises(personal.UserError, match="blank"):
        personal.add_digit(np.zeros((28, 28), np.float32), 1)
    with pytest.raises(personal.UserError, match="no digit named"):
        personal.delete_digit("nothing.png")


def test_an_empty_personal_dataset_says_so():
    with pytest.raises(DataError, match="personal dataset is empty"):
        personal.load_personal()
    with pytest.raises(DataError, match="personal dataset is empty"):
        writer_digits(None, 0.25)


def test_a_single_class_is_refused():
    writer = SimulatedWriter(seed=5)
    _store([writer.digit(3) for _ in range(6)], [3] * 6)
    with pytest.raises(FinetuneError, match="All 6 digits are labelled 3"):
        writer_digits(None, 0.25)


def test_corrupt_images_are_skipped_and_counted_and_the_holdout_is_stratified():
    x, y = SimulatedWriter(seed=6).digits(4)
    digits = _store(x, y)
    digits[0].path.write_bytes(b"not a png")
    split = writer_digits(None, 0.25)
    assert split.skipped == 1
    assert len(split.x_train) + len(split.x_holdout) == 39
    assert len(split.x_holdout) == 10 and sorted(split.y_holdout.tolist()) == list(range(10))
    assert set(split.y_train.tolist()) == set(range(10))


def test_models_that_cannot_be_fine_tuned_are_refused_in_plain_words(tmp_path):
    exported = tmp_path / "digits.onnx"
    exported.write_bytes(b"onnx")
    with pytest.raises(FinetuneError, match="exported model file"):
        finetunable_bundle(str(exported))
    foreign = tmp_path / "fashion"
    shutil.copytree(SHIPPED_MODELS / "default", foreign)
    manifest = json.loads((foreign / "manifest.json").read_text())
    manifest["dataset"] = "fashion-mnist"
    (foreign / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(FinetuneError, match="trained on fashion-mnist"):
        finetunable_bundle(str(foreign))


@pytest.mark.slow
def test_a_stopped_fine_tune_saves_nothing_and_keeps_the_original():
    x, y = SimulatedWriter(seed=7).digits(2)
    _store(x, y)
    before = [b.name for b in list_bundles()]
    epochs = []
    final = run_finetune(FinetuneSettings(device="cpu", epochs=3), epochs.append,
                         should_stop=lambda: any(e["event"] == "epoch" for e in epochs))
    assert final["event"] == "stopped" and "unchanged" in final["message"]
    assert [b.name for b in list_bundles()] == before


@pytest.mark.slow
def test_fine_tuning_on_a_simulated_writer_raises_its_held_out_accuracy_and_keeps_mnist():
    x, y = SimulatedWriter(seed=3, slant=-0.2, stroke=0.1).digits(4)   # 40 digits: 20 to learn from, 20 held out
    _store(x, y)
    final = run_finetune(FinetuneSettings(device="cpu", holdout=0.5), lambda event: None)
    assert final["event"] == "finished", final
    before, after = final["before"], final["after"]
    assert before["holdout_accuracy"] < 0.99       # the default model misreads this writer's slashed zeros
    assert after["holdout_accuracy"] >= min(0.99, before["holdout_accuracy"] + 0.10)
    assert after["mnist_accuracy"] >= before["mnist_accuracy"] - 0.003
    new = next(b for b in list_bundles() if b.name == final["model"])
    assert new.name == "default-personal" and not new.shipped
    assert (SHIPPED_MODELS / "default" / "manifest.json").is_file()
