"""Training jobs end to end on the shipped sample: in-process, in their own process, stop, kill, resume."""
import time
from pathlib import Path

import pytest

from core.config import FitConfig, TrainConfig
from core.registry import find_bundle, list_bundles
from core.runs import read_log, read_status
from core.training import TrainingJob, run_training


def small_config(**overrides) -> TrainConfig:
    fit = FitConfig(epochs=overrides.pop("epochs", 1), batch_size=64, optimizer="adam", learning_rate=0.002)
    settings = {"model": "mlp", "engine": "torch", "data": "sample", "limit": 1000, "name": "test-mlp", **overrides}
    return TrainConfig(fit=fit, **settings)


def wait_for(job: TrainingJob, kinds: set[str], timeout: float = 120.0) -> list[dict]:
    events, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        events += job.poll()
        if any(e["event"] in kinds for e in events):
            return events
        time.sleep(0.05)
    raise AssertionError(f"no {kinds} event within {timeout} s; got {[e['event'] for e in events]}")


def test_run_training_saves_a_bundle_and_a_log():
    events = []
    final = run_training(small_config(epochs=2), events.append)
    assert final["event"] == "finished", final
    kinds = [e["event"] for e in events]
    assert kinds[0] == "started" and kinds[-1] == "finished"
    assert events[0]["is_sample"] is True
    epochs = [e for e in events if e["event"] == "epoch"]
    assert [e["epoch"] for e in epochs] == [1, 2]
    assert epochs[1]["loss"] < epochs[0]["loss"]
    bundle = find_bundle(final["model"])
    assert bundle.architecture == "mlp" and bundle.test_accuracy == pytest.approx(final["test_accuracy"])
    assert bundle.name in [b.name for b in list_bundles()]
    run_dir = Path(final["run_dir"])
    assert [row["epoch"] for row in read_log(run_dir)] == [1, 2]
    assert read_status(run_dir)["state"] == "finished"


def test_nan_loss_stops_with_an_explanation():
    config = small_config(epochs=2)
    config.fit.optimizer, config.fit.learning_rate = "sgd", 1e12
    final = run_training(config, lambda event: None)
    assert final["event"] == "failed"
    assert "NaN" in final["message"] and "learning rate" in final["message"]


def test_a_missing_dataset_fails_with_its_message(tmp_path):
    final = run_training(small_config(data=str(tmp_path / "nowhere")), lambda event: None)
    assert final["event"] == "failed"
    assert "nowhere" in final["message"]


@pytest.mark.slow
def test_job_in_its_own_process_pauses_stops_and_keeps_the_model():
    job = TrainingJob(small_config(epochs=30, limit=3000))
    job.start()
    try:
        wait_for(job, {"batch"})
        job.pause()
        wait_for(job, {"paused"})
        job.resume()
        wait_for(job, {"resumed"})
        job.stop()
        events = wait_for(job, {"finished", "failed"})
    finally:
        job.kill()
    final = events[-1]
    assert final["event"] == "finished", final
    assert final["stopped_early"] is True
    assert find_bundle(final["model"]).architecture == "mlp"


@pytest.mark.slow
def test_killed_job_reports_it_and_resumes_from_its_checkpoint():
    job = TrainingJob(small_config(epochs=4, limit=2000))
    job.start()
    events = wait_for(job, {"checkpoint"})
    job.kill()
    job.join(10)
    events += wait_for(job, {"failed"})
    failure = events[-1]
    assert "ended unexpectedly" in failure["message"] and failure["checkpoint"]
    epochs_before = [int(row["epoch"]) for row in read_log(job.run_dir)]
    assert epochs_before and epochs_before[-1] >= 1

    resumed = TrainConfig.from_dict({**small_config(epochs=4, limit=2000).to_dict(), "resume": True,
                                     "run_dir": str(job.run_dir)})
    resumed_events = []
    final = run_training(resumed, resumed_events.append)
    assert final["event"] == "finished", final
    started = resumed_events[0]
    assert started["start_epoch"] == epochs_before[-1]
    new_epochs = [e["epoch"] for e in resumed_events if e["event"] == "epoch"]
    assert new_epochs == list(range(epochs_before[-1] + 1, 5))
    assert [int(row["epoch"]) for row in read_log(job.run_dir)] == [1, 2, 3, 4]


def test_keep_best_saves_the_best_epochs_weights():
    from core.engines.base import checkpoint_file
    from core.registry import load_engine

    events = []
    final = run_training(small_config(epochs=3, keep="best"), events.append)
    assert final["event"] == "finished", final
    best_val = max(e["val_accuracy"] for e in events if e["event"] == "epoch")
    assert final["test_accuracy"] == pytest.approx(best_val)  # the test set validates here
    best = checkpoint_file(Path(final["run_dir"]) / "checkpoints", "best", "torch")
    saved = load_engine(find_bundle(final["model"]), "cpu")
    reference = load_engine(find_bundle(final["model"]), "cpu")
    reference.load_weights(best)
    for (name, kept), (_, expected) in zip(saved.weight_arrays(), reference.weight_arrays()):
        assert (kept == expected).all(), name
