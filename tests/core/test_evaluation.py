"""core.evaluation: the numbers checked against a hand computation, and on a real model."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.evaluation import compute_evaluation, confusion_matrix, to_model_input

# Six test images of three classes. Predictions: 0 1 | 1 1 | 2 0  (two mistakes: #1 and #5).
LABELS = np.array([0, 0, 1, 1, 2, 2])
PROBABILITIES = np.array([
    [0.80, 0.10, 0.10],
    [0.30, 0.60, 0.10],   # true 0, said 1 at 0.60
    [0.20, 0.70, 0.10],
    [0.05, 0.90, 0.05],
    [0.10, 0.20, 0.70],
    [0.90, 0.05, 0.05],   # true 2, said 0 at 0.90: the worst mistake
], dtype=np.float32)


def test_numbers_match_a_hand_computation():
    result = compute_evaluation(LABELS, PROBABILITIES, ["zero", "one", "two"])

    assert result.accuracy == pytest.approx(4 / 6)
    np.testing.assert_array_equal(result.confusion, [[1, 1, 0], [0, 2, 0], [1, 0, 1]])
    # precision = hits / predicted as that class; recall = hits / truly that class
    np.testing.assert_allclose(result.precision, [1 / 2, 2 / 3, 1 / 1])
    np.testing.assert_allclose(result.recall, [1 / 2, 2 / 2, 1 / 2])
    np.testing.assert_allclose(result.f1, [0.5, 2 * (2 / 3) / (2 / 3 + 1), 2 * 0.5 / 1.5])
    np.testing.assert_array_equal(result.support, [2, 2, 2])
    np.testing.assert_array_equal(result.predictions, [0, 1, 1, 1, 2, 0])
    np.testing.assert_allclose(result.confidences, [0.8, 0.6, 0.7, 0.9, 0.7, 0.9])
    assert result.mistakes == 2


def test_worst_mistakes_are_the_most_confident_wrong_ones():
    result = compute_evaluation(LABELS, PROBABILITIES)
    assert result.worst_mistakes().tolist() == [5, 1]
    assert result.worst_mistakes(1).tolist() == [5]


def test_cell_indices_select_one_confusion_cell_surest_first():
    result = compute_evaluation(LABELS, PROBABILITIES)
    assert result.cell_indices(1, 1).tolist() == [3, 2]      # 0.9 before 0.7
    assert result.cell_indices(2, 0).tolist() == [5]
    assert result.cell_indices(0, 2).tolist() == []


def test_report_rows_add_accuracy_macro_and_weighted_averages():
    labels = np.array([0, 0, 0, 1])
    probabilities = np.array([[0.9, 0.1], [0.8, 0.2], [0.4, 0.6], [0.3, 0.7]])
    rows = {row.name: row for row in compute_evaluation(labels, probabilities).report_rows()}
    # class 0: precision 2/2, recall 2/3; class 1: precision 1/2, recall 1/1
    assert rows["0"].precision == pytest.approx(1.0) and rows["0"].recall == pytest.approx(2 / 3)
    assert rows["1"].precision == pytest.approx(0.5) and rows["1"].recall == pytest.approx(1.0)
    assert rows["accuracy"].f1 == pytest.approx(3 / 4) and rows["accuracy"].support == 4
    assert rows["macro avg"].precision == pytest.approx((1.0 + 0.5) / 2)
    f1_0, f1_1 = 2 * (2 / 3) / (1 + 2 / 3), 2 * 0.5 / 1.5
    assert rows["macro avg"].f1 == pytest.approx((f1_0 + f1_1) / 2)
    assert rows["weighted avg"].recall == pytest.approx(3 / 4 * 2 / 3 + 1 / 4 * 1.0)
    assert rows["weighted avg"].f1 == pytest.approx(3 / 4 * f1_0 + 1 / 4 * f1_1)


def test_report_text_is_laid_out_like_the_course_report():
    text = compute_evaluation(LABELS, PROBABILITIES, ["zero", "one", "two"]).report_text(digits=2)
    lines = text.splitlines()
    assert lines[0].split() == ["precision", "recall", "f1-score", "support"]
    assert lines[2].split() == ["zero", "0.50", "0.50", "0.50", "2"]
    assert lines[3].split() == ["one", "0.67", "1.00", "0.80", "2"]
    assert "accuracy" in text and lines[-1].split()[:2] == ["weighted", "avg"]
    accuracy_line = next(line for line in lines if line.strip().startswith("accuracy"))
    assert accuracy_line.split() == ["accuracy", "0.67", "6"]


def test_a_class_never_seen_nor_predicted_scores_zero_without_dividing_by_zero():
    labels = np.array([0, 1])
    probabilities = np.array([[0.6, 0.3, 0.1], [0.2, 0.7, 0.1]])
    result = compute_evaluation(labels, probabilities)
    assert result.accuracy == 1.0
    assert result.precision[2] == 0.0 and result.recall[2] == 0.0 and result.f1[2] == 0.0
    assert result.support.tolist() == [1, 1, 0]


def test_empty_test_set_gives_zero_counts_not_an_error():
    result = compute_evaluation(np.zeros(0, np.int64), np.zeros((0, 10), np.float32))
    assert result.count == 0 and result.confusion.sum() == 0 and result.worst_mistakes().size == 0


def test_mismatched_inputs_are_refused():
    with pytest.raises(ValueError):
        compute_evaluation(np.array([0, 1, 2]), PROBABILITIES)
    with pytest.raises(ValueError):
        compute_evaluation(LABELS, PROBABILITIES, ["only", "two"])


def test_confusion_matrix_counts_every_pair():
    labels = np.array([3, 3, 1, 0])
    predictions = np.array([3, 1, 1, 0])
    matrix = confusion_matrix(labels, predictions, 4)
    assert matrix.sum() == 4 and matrix[3, 3] == 1 and matrix[3, 1] == 1 and matrix[1, 1] == 1


def test_model_input_scales_uint8_and_drops_the_grey_channel():
    images = np.full((2, 28, 28, 1), 255, np.uint8)
    converted = to_model_input(images)
    assert converted.shape == (2, 28, 28) and converted.dtype == np.float32 and converted.max() == 1.0
    assert to_model_input(np.zeros((1, 32, 32, 3), np.uint8)).shape == (1, 32, 32, 3)


@pytest.fixture(scope="module")
def trained_bundle(tmp_path_factory):
    """A real (quickly trained) MLP bundle on the shipped sample."""
    import os

    from core.config import FitConfig, TrainConfig
    from core.training import run_training

    home = tmp_path_factory.mktemp("evaluation-home")
    previous = os.environ.get("INKLING_HOME")
    os.environ["INKLING_HOME"] = str(home)
    try:
        final = run_training(TrainConfig(model="mlp", data="sample", limit=600, fit=FitConfig(epochs=1)),
                             lambda event: None)
    finally:
        if previous is None:
            os.environ.pop("INKLING_HOME", None)
        else:
            os.environ["INKLING_HOME"] = previous
    assert final["event"] == "finished", final
    return final


@pytest.mark.slow
def test_a_real_model_evaluated_on_the_sample_matches_its_own_predictions(trained_bundle):
    from core.data import load_dataset
    from core.evaluation import evaluate_bundle
    from core.inference import load_classifier

    dataset = load_dataset("sample")
    progress = []
    result = evaluate_bundle(trained_bundle["bundle"], "sample", progress=lambda done, total: progress.append(done))

    classifier = load_classifier(trained_bundle["bundle"])
    predicted = classifier.predict(dataset.x_test[..., 0].astype(np.float32) / 255.0).argmax(axis=1)
    truth = dataset.y_test
    assert result.count == len(truth) == 1000 and progress[-1] == 1000
    assert result.accuracy == pytest.approx(np.mean(predicted == truth))
    assert result.accuracy == pytest.approx(trained_bundle["test_accuracy"], abs=1e-3)   # the worker's figure
    for true_class in range(10):
        for said in range(10):
            assert result.confusion[true_class, said] == np.sum((truth == true_class) & (predicted == said))
    assert result.support.tolist() == np.bincount(truth, minlength=10).tolist()
    worst = result.worst_mistakes(5)
    assert all(predicted[i] != truth[i] for i in worst)
    assert result.images is dataset.x_test or np.array_equal(result.images, dataset.x_test)
    assert result.model_name == Path(trained_bundle["bundle"]).name


@pytest.mark.slow
def test_evaluating_on_data_of_another_shape_is_refused_in_plain_words(trained_bundle):
    from core.data import Dataset, DataError
    from core.evaluation import evaluate_bundle

    colour = Dataset("photos", np.zeros((4, 32, 32, 3), np.uint8), np.zeros(4, np.int64),
                     np.zeros((4, 32, 32, 3), np.uint8), np.zeros(4, np.int64), [str(k) for k in range(10)],
                     "made up")
    with pytest.raises(DataError, match="takes"):
        evaluate_bundle(trained_bundle["bundle"], colour)


def test_a_missing_bundle_is_a_plain_error():
    from core.evaluation import evaluate_bundle
    from core.fileio import UserError

    with pytest.raises(UserError):
        evaluate_bundle("no-such-model")
