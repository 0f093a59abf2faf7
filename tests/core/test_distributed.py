"""core.distributed: the place torchrun gives a process, sharding as DistributedSampler deals it, and the
collectives in a real two-process gloo group; the torch engine's data-parallel fit; Keras' MirroredStrategy
code path (one replica on a CPU)."""
from __future__ import annotations

import os
import socket

import numpy as np
import pytest

from core import distributed


def test_place_comes_from_torchruns_environment(monkeypatch):
    for name in ("RANK", "LOCAL_RANK", "WORLD_SIZE"):
        monkeypatch.delenv(name, raising=False)
    assert distributed.place() == distributed.Place(0, 0, 1)
    assert distributed.is_main() and not distributed.place().is_distributed
    monkeypatch.setenv("RANK", "3")
    monkeypatch.setenv("LOCAL_RANK", "1")
    monkeypatch.setenv("WORLD_SIZE", "4")
    assert distributed.place() == distributed.Place(3, 1, 4)
    assert not distributed.is_main() and distributed.place().is_distributed


def test_threads_share_the_cores_among_local_ranks(monkeypatch):
    monkeypatch.delenv(distributed.THREADS_VARIABLE, raising=False)
    monkeypatch.setenv("LOCAL_WORLD_SIZE", "1")
    alone = distributed.threads_per_process()
    assert alone == (os.cpu_count() or 1)
    monkeypatch.setenv("LOCAL_WORLD_SIZE", str(alone * 2))
    assert distributed.threads_per_process() == 1
    monkeypatch.setenv(distributed.THREADS_VARIABLE, "3")
    assert distributed.threads_per_process() == 3
    monkeypatch.setenv(distributed.THREADS_VARIABLE, "many")
    assert distributed.threads_per_process() == 1     # not a number: the cores' share again


@pytest.mark.parametrize("count, world", [(10, 3), (12, 4), (7, 2), (5, 1)])
def test_shards_are_what_distributed_sampler_deals(count, world):
    from torch.utils.data import DistributedSampler

    order = np.random.default_rng(count).permutation(count)
    shards = [distributed.shard(order, rank, world) for rank in range(world)]
    for rank, share in enumerate(shards):
        sampler = DistributedSampler(range(count), num_replicas=world, rank=rank, shuffle=False)
        assert share.tolist() == [int(order[i]) for i in sampler]
    assert len({len(share) for share in shards}) == 1
    assert set(np.concatenate(shards).tolist()) == set(range(count))


def test_chunks_cover_everything_once():
    parts = [distributed.chunk(10, rank, 3) for rank in range(3)]
    assert [list(range(10))[p] for p in parts] == [[0, 1, 2], [3, 4, 5], [6, 7, 8, 9]]


def test_one_process_collectives_are_identities():
    assert distributed.sum_across([1.5, 2]) == [1.5, 2.0]
    assert distributed.any_rank(True) and not distributed.any_rank(False)
    assert distributed.from_main("run") == "run"
    assert not distributed.is_active()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _join_group(rank: int, world: int, port: int) -> None:
    """In a worker: the environment torchrun gives a rank, then the group started on the CPU."""
    os.environ.update({"RANK": str(rank), "LOCAL_RANK": str(rank), "WORLD_SIZE": str(world),
                       "LOCAL_WORLD_SIZE": str(world), "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": str(port)})
    distributed.start("cpu")


def _run_on_two_ranks(worker, timeout: float) -> list:
    """`worker(rank, 2, port, results)` in two spawned processes; what each put, sorted (by rank first)."""
    import torch.multiprocessing as mp

    context = mp.get_context("spawn")
    results = context.Queue()
    port = _free_port()
    processes = [context.Process(target=worker, args=(rank, 2, port, results)) for rank in range(2)]
    for process in processes:
        process.start()
    got = sorted(results.get(timeout=timeout) for _ in processes)
    for process in processes:
        process.join(60)
        assert process.exitcode == 0
    return got


def _collectives_worker(rank: int, world: int, port: int, results) -> None:
    import torch

    _join_group(rank, world, port)
    norm = torch.nn.BatchNorm1d(2)
    norm.running_mean.fill_(float(rank + 1))
    distributed.same_buffers(norm)
    results.put((rank, distributed.is_active(), distributed.sum_across([rank, 1.0]), distributed.any_rank(rank == 1),
                 distributed.from_main(f"folder of rank {rank}"), norm.running_mean.tolist()))
    distributed.finish()


@pytest.mark.slow
def test_collectives_in_a_real_two_process_group():
    got = _run_on_two_ranks(_collectives_worker, timeout=180)
    for rank, active, sums, any_flag, folder, buffers in got:
        assert active
        assert sums == [1.0, 2.0]                 # 0 + 1 and 1 + 1
        assert any_flag is True                   # rank 1 asked: both stop
        assert folder == "folder of rank 0"
        assert buffers == [1.0, 1.0]              # rank 0's statistics everywhere


def _fit_worker(rank: int, world: int, port: int, results) -> None:
    _join_group(rank, world, port)
    from core.config import FitConfig
    from core.engines.torch_engine import TorchEngine
    from core.zoo import get_spec
    from tests.pages import mnist_digits

    x, y = mnist_digits()
    engine = TorchEngine(get_spec("speedrun"), "cpu")
    config = FitConfig(epochs=2, batch_size=64, learning_rate=0.01, schedule="onecycle", warmup_epochs=0.5,
                       label_smoothing=0.1, seed=5)
    history = engine.fit((x[:800], y[:800]), (x[800:], y[800:]), config, lambda event: None)
    weights = engine.weight_arrays()
    results.put((rank, [e["val_accuracy"] for e in history], float(sum(np.abs(w).sum() for _, w in weights))))
    distributed.finish()


@pytest.mark.slow
def test_data_parallel_fit_keeps_the_ranks_in_step():
    (_, accuracies0, weights0), (_, accuracies1, weights1) = _run_on_two_ranks(_fit_worker, timeout=600)
    assert accuracies0 == accuracies1            # shared validation: the same figures on every rank
    assert accuracies0[-1] > 0.5
    assert weights0 == pytest.approx(weights1, rel=1e-6)   # DDP kept the weights identical


@pytest.mark.slow
def test_keras_mirrored_strategy_trains_with_one_replica_on_a_cpu():
    from core.config import FitConfig
    from core.engines.keras_engine import KerasEngine
    from core.zoo import get_spec
    from tests.pages import mnist_digits

    x, y = mnist_digits()
    engine = KerasEngine(get_spec("speedrun"), "cpu", mirrored=True)
    assert engine.replicas == 1
    # Four short epochs: BN's running statistics (momentum 0.9) need a few dozen steps to settle.
    history = engine.fit((x[:600], y[:600]), (x[600:], y[600:]), FitConfig(epochs=4, batch_size=64,
                         learning_rate=0.01, schedule="onecycle", warmup_epochs=0.5, label_smoothing=0.1),
                         lambda event: None)
    assert len(history) == 4 and history[-1]["val_accuracy"] > 0.7
    assert engine.predict(x[:5]).shape == (5, 10)
    assert KerasEngine(get_spec("speedrun"), "cpu").replicas == 1   # plain placement without a strategy
