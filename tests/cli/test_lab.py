"""`inkling lab` for iris, learning_rate and activations: JSON lines, summaries, bad values."""
import json

from tests.cli.helpers import lab


def test_iris_streams_epochs_and_one_finished_line():
    result = lab("iris", "--epochs", "40", "--lr", "0.1", "--optimizer", "sgd", "--json")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["event"] for line in lines] == ["epoch"] * 40 + ["finished"]
    assert {"test_accuracy", "train_seconds"} <= set(lines[-1])
    assert lines[-1]["test_accuracy"] >= 0.5


def test_learning_rate_without_json_prints_a_summary():
    result = lab("learning_rate", "--lr", "1.1", "--steps", "30")
    assert result.returncode == 0, result.stderr
    assert "diverged: True" in result.stdout and "regime: diverges" in result.stdout


def test_activations_json_finished_line_leans():
    result = lab("activations", "--epochs", "1500", "--json")
    assert result.returncode == 0, result.stderr
    finished = json.loads(result.stdout.splitlines()[-1])
    assert finished["event"] == "finished" and finished["w1"] > 1


def test_out_of_range_values_are_wrong_usage_with_one_plain_line():
    for args in (("iris", "--lr", "50"), ("iris", "--epochs", "0"), ("iris", "--epochs", "many")):
        result = lab(*args)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert "--lr" in result.stderr or "--epochs" in result.stderr
        assert result.stdout == ""


def test_unknown_lab_is_wrong_usage():
    assert lab("nope").returncode == 2
