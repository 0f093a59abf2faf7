"""The stock lab's training against the same epoch written as a plain framework loop, in the same run.

One epoch of the course's stock model (SimpleRNN 80 → dropout → SimpleRNN 100 → dropout → dense 1,
60-day windows of the Maotai prices, batches of 64, Adam) plus the test-day predictions, in each
engine: the lab's generator (zoo spec, events, one torch thread) vs nn.RNN/keras.Sequential by hand
on the same windows. quick: 8 units per layer, so a test run takes seconds.
"""
from __future__ import annotations

import time

import numpy as np

from core.bench.timing import BenchResult, lower_is_better, median


def bench_stock_epoch(quick: bool) -> list[BenchResult]:
    from core.labs import stock

    units, rounds = ((8, 8), 1) if quick else ((80, 100), 3)
    windows = stock.make_windows(stock.load_series(stock.Settings()), 60, 300)
    results = []
    for engine, plain in (("torch", _plain_torch_epoch), ("keras", _plain_keras_epoch)):
        settings = stock.Settings(engine=engine, epochs=1, units1=units[0], units2=units[1], forecast_days=0)
        ours, theirs = [], []
        list(stock.run(settings))   # warm-up: the first run pays the imports (~6 s on the 2-core machine)
        plain(windows, units)
        for _ in range(rounds):   # alternating, so a busy spell of the machine falls on both alike
            ours.append(_seconds(lambda: list(stock.run(settings))))
            theirs.append(_seconds(lambda: plain(windows, units)))
        results.append(lower_is_better(f"stock lab, one epoch of SimpleRNN {units[0]}→{units[1]}, {engine} "
                                       "(vs plain loop)", median(ours), median(theirs), "s"))
    return results


def _seconds(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _plain_torch_epoch(windows, units: tuple[int, int]) -> np.ndarray:
    import torch
    from torch import nn

    class Course(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn1, self.rnn2 = nn.RNN(1, units[0], batch_first=True), nn.RNN(units[0], units[1], batch_first=True)
            self.drop, self.dense = nn.Dropout(0.2), nn.Linear(units[1], 1)

        def forward(self, x):
            x, _ = self.rnn1(x)
            x, _ = self.rnn2(self.drop(x))
            return self.dense(self.drop(x[:, -1]))[:, 0]

    before = torch.get_num_threads()
    torch.set_num_threads(1)    # as the lab runs (see core.labs.stock)
    try:
        model = Course()
        optimizer = torch.optim.Adam(model.parameters(), 1e-3)
        x, y = torch.from_numpy(windows.x_train), torch.from_numpy(windows.y_train)
        order = torch.randperm(len(x))
        for start in range(0, len(x), 64):
            batch = order[start:start + 64]
            loss = torch.mean((model(x[batch]) - y[batch]) ** 2)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            return model(torch.from_numpy(windows.x_test)).numpy()
    finally:
        torch.set_num_threads(before)


def _plain_keras_epoch(windows, units: tuple[int, int]) -> np.ndarray:
    import keras

    model = keras.Sequential([keras.Input((60, 1)), keras.layers.SimpleRNN(units[0], return_sequences=True),
                              keras.layers.Dropout(0.2), keras.layers.SimpleRNN(units[1]), keras.layers.Dropout(0.2),
                              keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.001), loss="mean_squared_error")
    model.fit(windows.x_train, windows.y_train, batch_size=64, epochs=1, verbose=0)
    return model.predict(windows.x_test, verbose=0)[:, 0]
