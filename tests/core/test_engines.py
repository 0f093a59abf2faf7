"""The PyTorch and Keras engines, built from the same zoo specs, on real frameworks and real files.

Parameter counts are the course's printed totals (trainable + BN statistics) on 32×32×3 input.
Training tests use a slice of the bundled MNIST sample and a few dozen batches."""
from __future__ import annotations

import sys

import numpy as np
import pytest

from core import paths, zoo
from core.data.batches import EpochBatches, iterate_batches
from core.config import ENGINES, OPTIMIZERS, AugmentConfig, FitConfig, learning_rate_at
from core.engines.base import ModelError, checkpoint_file, epoch_rng
from core.engines.factory import WEIGHTS_FILENAMES, create_engine
from core.fileio import UserError

COURSE_TOTALS_32x32x3 = {"baseline": 198_506, "lenet5": 62_006, "alexnet8": 9_639_178, "vgg16": 15_262_026,
                         "inception10": 121_418, "resnet18": 11_183_562}
BIG = {"alexnet8", "vgg16", "resnet18", "inception10"}

_engines: dict = {}


def built(engine: str, name: str, input_shape=(28, 28, 1)):
    """One build per (engine, architecture, shape) for the whole module: building is the slow part."""
    key = (engine, name, input_shape)
    if key not in _engines:
        _engines[key] = create_engine(engine, zoo.get_spec(name, input_shape), "cpu")
    return _engines[key]


@pytest.fixture(scope="module")
def sample():
    data = np.load(paths.MNIST_SAMPLE)
    return (data["x_train"][:960], data["y_train"][:960].astype(np.int64),
            data["x_test"][:300], data["y_test"][:300].astype(np.int64))


def _marks(name: str):
    return [pytest.mark.slow] if name in BIG else []


# ---- the shared batches ---------------------------------------------------------------------------

def test_an_epoch_of_batches_covers_every_sample_once_as_float():
    x = np.arange(10 * 4, dtype=np.uint8).reshape(10, 2, 2) * 6
    y = np.arange(10)
    batches = list(iterate_batches(x, y, 4, shuffle=True, rng=np.random.default_rng(1)))
    assert [len(labels) for _, labels in batches] == [4, 4, 2]
    images = np.concatenate([b for b, _ in batches])
    labels = np.concatenate([lab for _, lab in batches])
    assert images.dtype == np.float32 and images.shape == (10, 2, 2, 1) and labels.dtype == np.int64
    assert sorted(labels) == list(range(10)) and list(labels) != list(range(10))
    np.testing.assert_allclose(images, x[labels][..., None] / 255.0, rtol=1e-6)


def test_batches_after_a_skip_are_the_ones_an_unbroken_epoch_gives_even_augmented():
    data = np.load(paths.MNIST_SAMPLE)
    x, y = data["x_train"][:100], data["y_train"][:100].astype(np.int64)
    augment = AugmentConfig(rotation_range=20, width_shift_range=0.1, zoom_range=0.1)
    whole = list(iterate_batches(x, y, 16, shuffle=True, rng=epoch_rng(3, 2), augment=augment))
    resumed = list(iterate_batches(x, y, 16, shuffle=True, rng=epoch_rng(3, 2), augment=augment, start_batch=4))
    assert len(resumed) == len(whole) - 4
    for (a, la), (b, lb) in zip(whole[4:], resumed):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(la, lb)
    plain = EpochBatches(x, y, 16, shuffle=True, rng=epoch_rng(3, 2))[4][0]
    assert not np.array_equal(plain, whole[4][0])   # augmentation did change the pictures


# ---- building: parameter counts and summaries ---------------------------------------------------------

@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", [pytest.param(n, marks=_marks(n)) for n in COURSE_TOTALS_32x32x3])
def test_course_networks_have_the_course_parameter_counts(engine, name):
    assert built(engine, name, (32, 32, 3)).parameter_count() == COURSE_TOTALS_32x32x3[name]


@pytest.mark.parametrize("engine", ENGINES)
def test_mlp_has_the_course_parameter_count(engine):
    assert built(engine, "mlp").parameter_count() == 101_770


@pytest.mark.parametrize("name", [pytest.param(n, marks=_marks(n)) for n in zoo.architecture_names()])
def test_both_engines_build_the_same_network_from_one_spec(name):
    torch_summary, keras_summary = (built(engine, name).summary() for engine in ENGINES)
    assert [(s.name, s.kind, s.output_shape, s.parameters) for s in torch_summary] == \
           [(s.name, s.kind, s.output_shape, s.parameters) for s in keras_summary]
    assert sum(s.parameters for s in torch_summary) == built("torch", name).parameter_count() \
        == built("keras", name).parameter_count()


@pytest.mark.parametrize("engine", ENGINES)
def test_the_seed_draws_the_initial_weights(engine):
    """`train --seed` means the same network each time (before, only the data order followed it, and
    two runs of one command ended up to 0.6 points apart)."""
    spec = zoo.get_spec("lenet5")
    first, again, other = (dict(create_engine(engine, spec, "cpu", seed=seed).weight_arrays()) for seed in (7, 7, 8))
    kernels = [name for name, array in first.items() if array.ndim == 4]
    assert kernels and all(np.array_equal(first[name], again[name]) for name in first)
    assert not np.array_equal(first[kernels[0]], other[kernels[0]])


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name, arrays", [("lenet5", 10), pytest.param("resnet18", 102, marks=pytest.mark.slow)])
def test_engine_reports_cpu_and_exports_uniquely_named_weight_arrays(engine, name, arrays):
    model = built(engine, name)
    assert model.device_name == "CPU" and model.name == engine
    named = model.weight_arrays()
    assert len({name for name, _ in named}) == len(named) == arrays
    assert sum(array.size for _, array in named) == model.parameter_count()
    assert any("conv1" in name for name, _ in named)


# ---- inference ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("engine", ENGINES)
def test_predict_gives_probabilities_for_every_input_form(engine, sample):
    model = built(engine, "baseline")
    x = sample[0][:20]
    from_uint8 = model.predict(x[..., None])
    from_float = model.predict(x.astype(np.float32) / 255.0)          # (N, H, W) for one channel
    assert from_uint8.dtype == np.float32 and from_uint8.shape == (20, 10)
    np.testing.assert_allclose(from_uint8.sum(axis=1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(from_uint8, from_float, atol=1e-6)
    assert model.predict(np.zeros((0, 28, 28), np.float32)).shape == (0, 10)
    with pytest.raises(UserError, match="reads 28×28 images"):
        model.predict(np.zeros((2, 32, 32, 1), np.float32))


# ---- training ------------------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
def test_short_training_lowers_the_loss_and_reports_progress(engine, sample, tmp_path):
    x, y, x_val, y_val = sample
    model = create_engine(engine, zoo.get_spec("baseline"), "cpu")
    loss_before, _ = model.evaluate(x_val, y_val)
    events = []
    history = model.fit((x, y), (x_val, y_val), FitConfig(epochs=2, batch_size=32), events.append,
                        checkpoint_dir=tmp_path)
    loss_after, accuracy_after = model.evaluate(x_val, y_val)
    assert loss_after < 0.6 * loss_before and accuracy_after > 0.7
    epochs = [e for e in events if e["event"] == "epoch"]
    assert history == epochs and [e["epoch"] for e in epochs] == [1, 2]
    assert epochs[1]["loss"] < epochs[0]["loss"]
    assert epochs[1]["val_accuracy"] == pytest.approx(accuracy_after, abs=1e-6)
    for key in ("accuracy", "val_loss", "lr", "seconds", "images_per_second"):
        assert epochs[1][key] > 0
    batch_events = [e for e in events if e["event"] == "batch"]
    assert batch_events and all(e["batches"] == 30 and 1 <= e["batch"] <= 30 for e in batch_events)
    assert batch_events[-1]["batch"] == 30   # the last batch of an epoch is always reported
    assert len([e for e in batch_events if e["epoch"] == 1]) >= 20   # however fast the epoch went
    checkpoints = [e for e in events if e["event"] == "checkpoint"]
    assert {(e["epoch"], e["best"]) for e in checkpoints} >= {(1, False), (2, False)}
    assert checkpoint_file(tmp_path, "last", engine).is_file()
    assert checkpoint_file(tmp_path, "best", engine).is_file()


def _state_tensors(model):
    """Weights and optimizer state of an engine, as numpy arrays in a fixed order."""
    if model.name == "torch":
        optimizer = model.optimizer.state_dict()["state"]
        arrays = [t.detach().numpy() for t in model.model.state_dict().values()]
        return arrays + [np.asarray(value) for key in sorted(optimizer) for value in optimizer[key].values()]
    return [np.asarray(w) for w in model.model.get_weights()] + \
           [np.asarray(v.numpy()) for v in model.model.optimizer.variables]


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("stop_after_polls", [10, 13], ids=["between-epochs", "mid-epoch"])
def test_stop_and_resume_continues_exactly_where_training_stopped(engine, sample, tmp_path, stop_after_polls):
    # 640 samples in batches of 64: 10 batches, polled before each; the poll after the first
    # stop_after_polls ones asks to stop.
    x, y = sample[0][:640], sample[1][:640]
    config = FitConfig(epochs=2, batch_size=64, optimizer="adam", schedule="cosine")
    spec = zoo.get_spec("baseline")   # BN and dropout: their state must survive the resume too
    straight = create_engine(engine, spec, "cpu")
    initial = tmp_path / WEIGHTS_FILENAMES[engine]
    straight.save_weights(initial)
    straight_history = straight.fit((x, y), None, config, lambda event: None, checkpoint_dir=tmp_path / "a")

    interrupted = create_engine(engine, spec, "cpu")
    interrupted.load_weights(initial)
    polls = iter([False] * stop_after_polls)
    events = []
    interrupted.fit((x, y), None, config, events.append, lambda: next(polls, True), checkpoint_dir=tmp_path / "b")
    stopped = [e for e in events if e["event"] == "stopped"]
    assert stopped == [{"event": "stopped", "epoch": 2, "batch": stop_after_polls - 10}]

    resumed = create_engine(engine, spec, "cpu")   # a new process would start from fresh weights
    resumed_events = []
    history = resumed.fit((x, y), None, config, resumed_events.append, checkpoint_dir=tmp_path / "b",
                          resume=True)
    assert [e["epoch"] for e in resumed_events if e["event"] == "epoch"] == \
           list(range(stopped[0]["epoch"], 3))
    assert [e["epoch"] for e in history] == [1, 2]
    assert history[-1]["loss"] == pytest.approx(straight_history[-1]["loss"], rel=1e-5)
    for a, b in zip(_state_tensors(straight), _state_tensors(resumed), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("engine", ENGINES)
def test_resume_without_a_checkpoint_starts_from_the_beginning(engine, sample, tmp_path):
    x, y = sample[0][:64], sample[1][:64]
    model = create_engine(engine, zoo.get_spec("mlp"), "cpu")
    history = model.fit((x, y), None, FitConfig(epochs=1, batch_size=32), lambda e: None,
                        checkpoint_dir=tmp_path, resume=True)
    assert [e["epoch"] for e in history] == [1]


@pytest.mark.parametrize("engine", ENGINES)
def test_early_stopping_ends_training_when_validation_stops_improving(engine, sample):
    x, y, x_val, y_val = sample
    model = create_engine(engine, zoo.get_spec("mlp"), "cpu")
    events = []
    # A learning rate of zero never changes the weights: validation accuracy cannot improve.
    config = FitConfig(epochs=6, batch_size=320, optimizer="sgd", learning_rate=0.0, early_stopping_patience=2)
    history = model.fit((x, y), (x_val, y_val), config, events.append)
    assert [e["epoch"] for e in history] == [1, 2, 3]
    assert events[-1] == {"event": "early_stopped", "epoch": 3, "best_epoch": 1,
                          "best_val_accuracy": history[0]["val_accuracy"]}


@pytest.mark.parametrize("schedule, rates", [
    ("constant", [0.1, 0.1, 0.1, 0.1]),
    ("exponential", [0.1, 0.05, 0.025, 0.0125]),
    ("step", [0.1, 0.1, 0.01, 0.01]),
    ("cosine", [0.1, 0.1 * 0.5 * (1 + np.cos(np.pi / 4)), 0.05, 0.1 * 0.5 * (1 + np.cos(3 * np.pi / 4))]),
])
def test_schedules_give_the_expected_rates(schedule, rates):
    config = FitConfig(epochs=2, learning_rate=0.1, schedule=schedule, decay_rate=0.5, decay_epochs=0.5 if
                       schedule == "exponential" else 1.0, step_factor=0.1)
    got = [learning_rate_at(config, progress) for progress in (0.0, 0.5, 1.0, 1.5)]
    np.testing.assert_allclose(got, rates, rtol=1e-9)
    warm = FitConfig(epochs=3, learning_rate=0.1, schedule="cosine", warmup_epochs=1.0)
    assert learning_rate_at(warm, 0.5) == pytest.approx(0.1 * 0.501)
    assert learning_rate_at(warm, 1.0) == pytest.approx(0.1)


@pytest.mark.parametrize("engine", ENGINES)
def test_engines_follow_the_schedule_batch_by_batch(engine, sample):
    x, y = sample[0][:320], sample[1][:320]     # 5 batches of 64 per epoch
    config = FitConfig(epochs=2, batch_size=64, optimizer="sgd", learning_rate=0.1, schedule="exponential",
                       decay_rate=0.5)
    model = create_engine(engine, zoo.get_spec("mlp"), "cpu")
    events = []
    model.fit((x, y), None, config, events.append)
    last_rate = learning_rate_at(config, 1 + 4 / 5)
    if engine == "torch":
        assert all(group["lr"] == pytest.approx(last_rate) for group in model.optimizer.param_groups)
    else:
        assert float(model.model.optimizer.learning_rate) == pytest.approx(last_rate, rel=1e-6)
    assert [e["lr"] for e in events if e["event"] == "epoch"] == \
           pytest.approx([learning_rate_at(config, 4 / 5), last_rate])


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
def test_every_optimizer_trains_with_l2_and_augmentation(engine, sample):
    x, y = sample[0][:64], sample[1][:64]
    model = create_engine(engine, zoo.get_spec("lenet5"), "cpu")
    augment = AugmentConfig(rotation_range=10, width_shift_range=0.1)
    for optimizer in OPTIMIZERS:
        before = [array.copy() for _, array in model.weight_arrays()]
        config = FitConfig(epochs=1, batch_size=32, optimizer=optimizer, learning_rate=0.01, l2=1e-4,
                           augment=augment)
        history = model.fit((x, y), None, config, lambda e: None)
        assert np.isfinite(history[0]["loss"]), optimizer
        after = [array for _, array in model.weight_arrays()]
        assert any(not np.array_equal(a, b) for a, b in zip(before, after)), f"{optimizer} changed nothing"


def test_l2_applies_to_kernels_only_in_torch(sample):
    model = create_engine("torch", zoo.get_spec("baseline"), "cpu")
    model.fit((sample[0][:32], sample[1][:32]), None, FitConfig(epochs=1, batch_size=32, l2=0.001), lambda e: None)
    decayed = {id(p) for group in model.optimizer.param_groups if group["weight_decay"] == 0.002
               for p in group["params"]}
    names = {name for name, p in model.model.named_parameters() if id(p) in decayed}
    assert names == {"conv1.0.weight", "dense1.0.weight", "dense2.0.weight"}


# ---- weights on disk -------------------------------------------------------------------------------------

@pytest.mark.parametrize("engine", ENGINES)
def test_saved_weights_load_into_a_new_engine_and_predict_the_same(engine, sample, tmp_path):
    model = create_engine(engine, zoo.get_spec("baseline"), "cpu")
    model.fit((sample[0][:64], sample[1][:64]), None, FitConfig(epochs=1), lambda e: None)  # BN stats move
    path = tmp_path / "bundle" / WEIGHTS_FILENAMES[engine]
    model.save_weights(path)
    assert [p.name for p in path.parent.iterdir()] == [path.name]   # no temporary file left behind
    again = create_engine(engine, zoo.get_spec("baseline"), "cpu")
    again.load_weights(path)
    np.testing.assert_array_equal(model.predict(sample[2][:50]), again.predict(sample[2][:50]))


@pytest.mark.parametrize("engine", ENGINES)
def test_weights_of_another_architecture_are_refused_with_the_reason(engine, tmp_path):
    path = tmp_path / WEIGHTS_FILENAMES[engine]
    built(engine, "lenet5").save_weights(path)
    for other in ("baseline", "mlp"):
        with pytest.raises(ModelError, match=f"These weights do not fit the {other} architecture"):
            create_engine(engine, zoo.get_spec(other), "cpu").load_weights(path)
    wider = create_engine(engine, zoo.get_spec("lenet5", num_classes=5), "cpu")
    with pytest.raises(ModelError, match="do not fit the lenet5 architecture"):
        wider.load_weights(path)


@pytest.mark.parametrize("engine", ENGINES)
def test_damaged_or_missing_weight_files_are_refused_in_plain_words(engine, tmp_path):
    model = built(engine, "lenet5")
    damaged = tmp_path / WEIGHTS_FILENAMES[engine]
    damaged.write_bytes(b"not weights at all")
    with pytest.raises(ModelError, match="not a readable"):
        model.load_weights(damaged)
    with pytest.raises(ModelError, match="no weights file"):
        model.load_weights(tmp_path / "missing" / WEIGHTS_FILENAMES[engine])


@pytest.mark.parametrize("engine", ENGINES)
def test_cuda_request_without_a_gpu_is_refused(engine):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a CUDA GPU")
    with pytest.raises(ModelError, match="CUDA was asked for"):
        create_engine(engine, zoo.get_spec("mlp"), "cuda")


@pytest.mark.parametrize("engine", ENGINES)
def test_diverged_weights_never_replace_a_checkpoint(engine, sample, tmp_path):
    x, y = sample[0][:128], sample[1][:128]
    model = create_engine(engine, zoo.get_spec("mlp"), "cpu")
    events = []
    history = model.fit((x, y), None, FitConfig(epochs=1, batch_size=32, optimizer="sgd", learning_rate=1e30),
                        events.append, checkpoint_dir=tmp_path)
    assert not np.isfinite(history[0]["loss"])
    assert not [e for e in events if e["event"] == "checkpoint"]
    assert not checkpoint_file(tmp_path, "last", engine).exists()


def test_resuming_mid_epoch_with_another_batch_size_restarts_that_epoch(sample, tmp_path):
    x, y = sample[0][:256], sample[1][:256]
    model = create_engine("torch", zoo.get_spec("mlp"), "cpu")
    polls = iter([False] * 6)   # 4 batches of 64 per epoch: stops in epoch 2 after 2 batches
    model.fit((x, y), None, FitConfig(epochs=2, batch_size=64), lambda e: None, lambda: next(polls, True),
              checkpoint_dir=tmp_path)
    events, polls_before_batches = [], []
    model.fit((x, y), None, FitConfig(epochs=2, batch_size=32), events.append,
              lambda: polls_before_batches.append(1) and False, checkpoint_dir=tmp_path, resume=True)
    assert [e["epoch"] for e in events if e["event"] == "epoch"] == [2]
    assert len(polls_before_batches) == 8   # all 8 batches of 32, not "the rest after batch 2"


@pytest.mark.parametrize("engine", ENGINES)
def test_training_on_no_images_is_refused_in_plain_words(engine):
    model = built(engine, "mlp")
    with pytest.raises(UserError, match="no training images"):
        model.fit((np.zeros((0, 28, 28, 1), np.uint8), np.zeros(0, np.int64)), None, FitConfig(), lambda e: None)


@pytest.mark.parametrize("engine", ENGINES)
def test_resuming_with_another_optimizer_is_refused_in_plain_words(engine, sample, tmp_path):
    x, y = sample[0][:64], sample[1][:64]
    model = create_engine(engine, zoo.get_spec("mlp"), "cpu")
    model.fit((x, y), None, FitConfig(epochs=1, optimizer="adam"), lambda e: None, checkpoint_dir=tmp_path)
    with pytest.raises(ModelError, match="resume with the same optimizer"):
        model.fit((x, y), None, FitConfig(epochs=2, optimizer="rmsprop"), lambda e: None, checkpoint_dir=tmp_path,
                  resume=True)


def test_torch_resume_keeps_the_moments_but_takes_this_runs_settings(sample, tmp_path):
    x, y = sample[0][:64], sample[1][:64]
    model = create_engine("torch", zoo.get_spec("mlp"), "cpu")
    model.fit((x, y), None, FitConfig(epochs=1, l2=0.0), lambda e: None, checkpoint_dir=tmp_path)
    steps = [float(s["step"]) for s in model.optimizer.state_dict()["state"].values()]
    model.fit((x, y), None, FitConfig(epochs=2, l2=0.01), lambda e: None, checkpoint_dir=tmp_path, resume=True)
    assert [group["weight_decay"] for group in model.optimizer.param_groups] == [0.02, 0.0]
    assert [float(s["step"]) for s in model.optimizer.state_dict()["state"].values()] == [v + 2 for v in steps]


# ---- sequence networks through the same fit: regression (MSE, MAE) and letters ----------------------

def _sine_windows(count: int = 96, window: int = 12):
    """Windows of a noisy sine wave and the value after each: a small regression problem."""
    wave = np.sin(np.arange(count + window) / 4.0) + 0.05 * np.random.default_rng(0).normal(size=count + window)
    x = np.stack([wave[i:i + window] for i in range(count)])[:, :, None].astype(np.float32)
    return x, wave[window:window + count].astype(np.float32)


def _stock_spec(cell: str = "lstm"):
    return zoo.stock_spec(cell, window=12, units=(8, 6), rate=0.2)   # dropout: its state must resume too


@pytest.mark.parametrize("engine", ENGINES)
def test_a_sequence_regression_trains_through_the_shared_loop(engine, tmp_path):
    x, y = _sine_windows()
    model = create_engine(engine, _stock_spec(), "cpu")
    events = []
    config = FitConfig(epochs=3, batch_size=16, learning_rate=0.01, loss="mse", seed=1)
    history = model.fit((x, y), (x[:32], y[:32]), config, events.append, checkpoint_dir=tmp_path)
    assert [e["epoch"] for e in history] == [1, 2, 3] and history[-1]["loss"] < history[0]["loss"]
    for event in history:
        assert "accuracy" not in event and event["mae"] > 0 and event["val_mae"] > 0
    val_loss, val_mae = model.evaluate(x[:32], y[:32])
    assert history[-1]["val_loss"] == pytest.approx(val_loss, rel=1e-4)
    predicted = model.predict(x[:32])   # the outputs themselves, not probabilities
    assert predicted.shape == (32, 1)
    assert val_mae == pytest.approx(float(np.mean(np.abs(predicted[:, 0] - y[:32]))), rel=1e-4)
    assert float(np.mean((predicted[:, 0] - y[:32]) ** 2)) == pytest.approx(val_loss, rel=1e-4)
    batches = [e for e in events if e["event"] == "batch"]
    assert batches and all("mae" in e and e["batches"] == 6 for e in batches)
    best = [e["epoch"] for e in events if e["event"] == "checkpoint" and e["best"]]
    maes = [e["val_mae"] for e in history]
    assert best == [e for e in (1, 2, 3) if maes[e - 1] == min(maes[:e])]   # lower MAE is better
    assert checkpoint_file(tmp_path, "best", engine).is_file()


@pytest.mark.parametrize("engine", ["torch", pytest.param("keras", marks=pytest.mark.slow)])
@pytest.mark.parametrize("stop_after_polls", [12, 15], ids=["between-epochs", "mid-epoch"])
def test_a_sequence_regression_stopped_and_resumed_equals_an_unbroken_one(engine, tmp_path, stop_after_polls):
    # 96 windows in batches of 16: 6 batches an epoch, polled before each.
    x, y = _sine_windows()
    config = FitConfig(epochs=3, batch_size=16, learning_rate=0.01, loss="mse", seed=2)
    straight = create_engine(engine, _stock_spec(), "cpu")
    initial = tmp_path / WEIGHTS_FILENAMES[engine]
    straight.save_weights(initial)
    straight_history = straight.fit((x, y), None, config, lambda event: None, checkpoint_dir=tmp_path / "a")

    interrupted = create_engine(engine, _stock_spec(), "cpu")
    interrupted.load_weights(initial)
    polls = iter([False] * stop_after_polls)
    events = []
    interrupted.fit((x, y), None, config, events.append, lambda: next(polls, True), checkpoint_dir=tmp_path / "b")
    assert [e for e in events if e["event"] == "stopped"] == \
           [{"event": "stopped", "epoch": 3, "batch": stop_after_polls - 12}]

    resumed = create_engine(engine, _stock_spec(), "cpu")
    history = resumed.fit((x, y), None, config, lambda event: None, checkpoint_dir=tmp_path / "b", resume=True)
    assert [e["epoch"] for e in history] == [1, 2, 3]
    assert history[-1]["loss"] == pytest.approx(straight_history[-1]["loss"], rel=1e-5)
    assert history[-1]["mae"] == pytest.approx(straight_history[-1]["mae"], rel=1e-5)
    for a, b in zip(_state_tensors(straight), _state_tensors(resumed), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("engine", ["torch", pytest.param("keras", marks=pytest.mark.slow)])
@pytest.mark.parametrize("encoding", ["onehot", "embedding"])
def test_letters_learn_through_the_shared_loop(engine, encoding):
    from core.labs.letters import ALPHABET, encode, examples
    contexts, targets = examples(4)
    x = encode(contexts, encoding)
    y = np.array([ALPHABET.index(letter) for letter in targets], dtype=np.int64)
    model = create_engine(engine, zoo.letters_spec("gru", encoding, 4, units=8), "cpu")
    history = model.fit((x, y), (x, y), FitConfig(epochs=60, batch_size=5, learning_rate=0.05), lambda e: None)
    assert history[-1]["loss"] < history[0]["loss"] and history[-1]["val_accuracy"] == 1.0
    np.testing.assert_array_equal(model.predict(x).argmax(axis=1), y)


def test_l2_reaches_recurrent_kernels_in_torch_as_in_keras():
    spec = zoo.letters_spec("lstm", "embedding", 4)
    model = create_engine("torch", spec, "cpu")
    x, y = np.zeros((5, 4), np.float32), np.arange(5)
    model.fit((x, y), None, FitConfig(epochs=1, batch_size=5, l2=0.001), lambda e: None)
    decayed = {id(p) for group in model.optimizer.param_groups if group["weight_decay"] == 0.002
               for p in group["params"]}
    names = {name for name, p in model.model.named_parameters() if id(p) in decayed}
    assert names == {"lstm1.cell.weight_ih_l0", "lstm1.cell.weight_hh_l0", "dense1.0.weight"}
    keras_model = create_engine("keras", spec, "cpu")
    keras_model.fit((x, y), None, FitConfig(epochs=1, batch_size=5, l2=0.001), lambda e: None)
    regularized = {v.path.rsplit("/", 1)[-1] for v in keras_model.model.trainable_weights
                   if getattr(v, "regularizer", None) is not None}
    assert regularized == {"kernel", "recurrent_kernel"}   # the embedding table and biases are left alone


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc settings")
def test_a_keras_fit_leaves_large_arrays_on_the_heap(sample):
    """TensorFlow pins glibc's mmap threshold at 128 KiB when model.fit builds its generator dataset; the
    engine puts it back, or every frame-sized array afterwards is mapped and faulted in page by page."""
    import resource

    x, y, _, _ = sample
    engine = built("keras", "baseline")
    engine.fit((x[:256], y[:256]), None, FitConfig(epochs=1, batch_size=64), lambda event: None)

    def faults_per_frame_sized_array() -> float:
        frame = np.zeros((480, 640, 3), np.uint8)
        frame.astype(np.float32)                      # 3.7 MB: once, so the heap has room for it
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        for _ in range(20):
            frame.astype(np.float32)
        return (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / 20

    assert faults_per_frame_sized_array() < 50       # pinned: ~900 (every 4 KiB page of it)
