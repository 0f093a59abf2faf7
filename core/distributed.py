"""Data-parallel training under torchrun: who this process is, and what the ranks share.

`torchrun --standalone --nproc-per-node=N main.py train ...` (or `--nnodes` with a rendezvous) starts N
copies of the same command; torchrun tells each one its place through RANK, LOCAL_RANK and WORLD_SIZE.
Without them this is one process (rank 0 of 1) and every function here is a cheap no-op, so the same
training code runs alone, under torchrun, and inside the window.

The ranks shuffle alike (the same seed and epoch give the same permutation: DistributedSampler's
`set_epoch`), each trains on its own 1/N of it, DistributedDataParallel averages the gradients, and
metrics are summed across ranks so that every rank reaches the same decisions (stop, early stop,
target reached). Only rank 0 prints, writes the run folder and saves the bundle.

torch is imported only when a process group is really needed.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Place:
    rank: int = 0
    local_rank: int = 0
    world_size: int = 1

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @property
    def is_distributed(self) -> bool:
        return self.world_size > 1


def place() -> Place:
    """This process's place, from torchrun's environment (rank 0 of 1 without it)."""
    def number(name: str, default: int) -> int:
        try:
            return int(os.environ.get(name, default))
        except ValueError:
            return default
    return Place(number("RANK", 0), number("LOCAL_RANK", 0), max(1, number("WORLD_SIZE", 1)))


def is_main() -> bool:
    return place().is_main


def is_active() -> bool:
    """True once this process has joined a process group of more than one rank."""
    if not place().is_distributed:
        return False
    import torch.distributed as dist

    return dist.is_available() and dist.is_initialized()


def start(device: str = "auto") -> Place:
    """Join the process group torchrun set up: NCCL when the ranks train on CUDA GPUs, gloo on CPUs.
    Each rank gets its own GPU (LOCAL_RANK). Idempotent; a no-op for one process."""
    here = place()
    if not here.is_distributed:
        return here
    import torch
    import torch.distributed as dist

    if dist.is_initialized():
        return here
    use_cuda = device != "cpu" and torch.cuda.is_available()
    if use_cuda:
        torch.cuda.set_device(here.local_rank % torch.cuda.device_count())
    dist.init_process_group(backend="nccl" if use_cuda else "gloo")
    return here


def finish() -> None:
    """Leave the process group (after the last collective call)."""
    if is_active():
        import torch.distributed as dist

        dist.barrier()
        dist.destroy_process_group()


def shard(order: np.ndarray, rank: int, world_size: int) -> np.ndarray:
    """This rank's share of an epoch's order, as DistributedSampler deals it: padded with the order's
    first items to a multiple of world_size, then every world_size-th item from `rank`. All shares
    have the same length, so every rank runs the same number of steps."""
    order = np.asarray(order)
    if world_size <= 1:
        return order
    padding = (-len(order)) % world_size
    padded = np.concatenate([order, np.resize(order, padding)]) if padding else order
    return padded[rank::world_size]


def chunk(count: int, rank: int, world_size: int) -> slice:
    """This rank's contiguous slice of `count` items for evaluation (shares differ by at most one)."""
    start = count * rank // world_size
    return slice(start, count * (rank + 1) // world_size)


def sum_across(values, device=None) -> list[float]:
    """Each value summed over all ranks (every rank gets the sums); unchanged for one process."""
    values = [float(v) for v in values]
    if not is_active():
        return values
    import torch
    import torch.distributed as dist

    tensor = torch.tensor(values, dtype=torch.float64, device=device)
    dist.all_reduce(tensor, op=dist.ReduceOp.SUM)
    return tensor.tolist()


def any_rank(flag: bool, device=None) -> bool:
    """True on every rank when it is True on any (a stop asked of one rank stops them all together)."""
    if not is_active():
        return bool(flag)
    return sum_across([1.0 if flag else 0.0], device)[0] > 0


def from_main(value):
    """Rank 0's value on every rank (e.g. the run folder rank 0 created)."""
    if not is_active():
        return value
    import torch.distributed as dist

    box = [value]
    dist.broadcast_object_list(box, src=0)
    return box[0]


def same_buffers(module) -> None:
    """Give every rank rank 0's buffers (BN running statistics drift apart by each rank's last batch),
    so that evaluation, and the decisions taken on it, agree."""
    if not is_active():
        return
    import torch.distributed as dist

    for buffer in module.buffers():
        dist.broadcast(buffer.data, src=0)


THREADS_VARIABLE = "INKLING_THREADS"


def threads_per_process() -> int:
    """CPU threads for this process's intra-op work: INKLING_THREADS when set, else the machine's cores
    shared among the ranks on it (torchrun's blanket OMP_NUM_THREADS=1 would leave cores idle with fewer
    ranks than cores)."""
    chosen = os.environ.get(THREADS_VARIABLE, "").strip()
    if chosen.isdigit() and int(chosen) > 0:
        return int(chosen)
    local_ranks = int(os.environ.get("LOCAL_WORLD_SIZE", "1") or 1)
    return max(1, (os.cpu_count() or 1) // max(1, local_ranks))
