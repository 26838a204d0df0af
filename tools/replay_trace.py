#!/usr/bin/env python3
"""Replay a masktrain run directory in NumPy and compare every L_k with what masktrain wrote.

The replay reads trace.npz (X and Y as trained on, W0, a and every round's masks) and the step
size, local steps, scaling and reduction from config.json, then recomputes Algorithm 1 of
"On the Convergence of Shallow Neural Network Training with Randomly Masked Neurons" with
plain NumPy: local steps on each sub-network's compact block of rows, and the average of each
neuron's updates over the sub-networks that held it. It prints the largest relative difference
between the replayed and the recorded losses and exits 1 when it exceeds --tolerance.

Exit status: 0 when every L_k matches, 1 when one differs by more than --tolerance, and 2
when the run directory lacks trace.npz or config.json. It is 3 when the trace cannot replay
the run: a minibatch run, a --shard-data run, or a run that lost sub-networks under
--on-lost-subnet skip.

Usage: python3 tools/replay_trace.py RUN_DIR [--tolerance 1e-9]
"""
import argparse
import csv
import json
import os
import sys

import numpy as np


def relu_outputs(x, w, a, factor):
    pre = x @ w.T
    return pre, factor * (np.maximum(pre, 0.0) @ a)


EXIT_MISMATCH = 1
EXIT_MISSING_FILE = 2
EXIT_NOT_REPLAYABLE = 3


class NotReplayable(Exception):
    """A run whose trace does not determine its losses, with the reason as the message."""


def lost_subnetworks(run_dir):
    """Return the number of sub-networks the run lost, from summary.json or metrics.csv."""
    summary_file = os.path.join(run_dir, "summary.json")
    if os.path.isfile(summary_file):
        with open(summary_file) as handle:
            summary = json.load(handle)
        if "lost_subnets" in summary:
            return int(summary["lost_subnets"])
    metrics_file = os.path.join(run_dir, "metrics.csv")
    if os.path.isfile(metrics_file):
        with open(metrics_file, newline="") as handle:
            return sum(int(float(row.get("lost_subnets") or 0))
                       for row in csv.DictReader(handle))
    return 0


def check_replayable(run_dir, config):
    """Raise NotReplayable when the trace cannot reproduce the run's losses."""
    if config.get("batch-size", 0):
        raise NotReplayable("minibatch runs cannot be replayed, because the trace does not "
                            "store the minibatch order")
    if config.get("shard-data", False):
        raise NotReplayable("--shard-data runs cannot be replayed, because each "
                            "sub-network trained on its own block of samples, which this "
                            "replay does not model")
    lost = lost_subnetworks(run_dir)
    if lost > 0:
        raise NotReplayable(f"the run lost {lost} sub-network(s) under --on-lost-subnet "
                            "skip, and the trace does not record which updates were left out")


def replay(run_dir):
    for name in ("trace.npz", "config.json"):
        if not os.path.isfile(os.path.join(run_dir, name)):
            print(f"replay_trace.py: {run_dir} has no {name}; give a run directory of a run "
                  "that finished (a stopped run keeps no trace)", file=sys.stderr)
            raise SystemExit(EXIT_MISSING_FILE)
    with open(os.path.join(run_dir, "config.json")) as handle:
        config = json.load(handle)
    check_replayable(run_dir, config)
    trace = np.load(os.path.join(run_dir, "trace.npz"))
    x, y = trace["X"], trace["Y"]
    w = trace["W0"].copy()
    a = trace["a"]
    masks = trace["masks"].astype(bool)
    keep = trace["keep_probabilities"]
    n = x.shape[0]
    m = w.shape[0]
    eta = float(config["lr"])
    tau = int(config["local-steps"])
    inverted = config["scaling"] == "inverted"
    per_sample = 1.0 / n if config["reduction"] == "mean" else 1.0
    full_factor = (1.0 if inverted else keep.mean()) / np.sqrt(m)

    losses = [float(np.sum((y - relu_outputs(x, w, a, full_factor)[1]) ** 2))]
    for k in range(masks.shape[0]):
        delta = np.zeros_like(w)
        count = np.zeros(m)
        for l in range(masks.shape[1]):
            rows = np.flatnonzero(masks[k, l])
            if rows.size == 0:
                continue
            factor = (1.0 / keep[l] if inverted else 1.0) / np.sqrt(m)
            block = w[rows].copy()
            signs = a[rows]
            for _ in range(tau):
                pre, out = relu_outputs(x, block, signs, factor)
                signal = ((out - y) @ signs.T) * (pre >= 0)
                block -= eta * factor * per_sample * (signal.T @ x)
            delta[rows] += block - w[rows]
            count[rows] += 1
        held = count > 0
        w[held] += delta[held] / count[held][:, None]
        losses.append(float(np.sum((y - relu_outputs(x, w, a, full_factor)[1]) ** 2)))
    return np.array(losses), trace["losses"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", help="a masktrain run directory")
    parser.add_argument("--tolerance", type=float, default=1e-9,
                        help="largest accepted relative difference (default: 1e-9)")
    args = parser.parse_args()
    try:
        replayed, recorded = replay(args.run_dir)
    except NotReplayable as reason:
        print(f"replay_trace.py: cannot replay {args.run_dir}: {reason}", file=sys.stderr)
        return EXIT_NOT_REPLAYABLE
    relative = np.abs(replayed - recorded) / np.maximum(np.abs(recorded), 1e-300)
    worst = int(np.argmax(relative))
    print(f"rounds: {len(recorded) - 1}")
    print(f"L_0 = {recorded[0]:.12g}, L_K = {recorded[-1]:.12g} (recorded)")
    print(f"L_0 = {replayed[0]:.12g}, L_K = {replayed[-1]:.12g} (replayed in NumPy)")
    print(f"max relative difference: {relative[worst]:.3e} at round {worst}")
    if relative[worst] > args.tolerance:
        print(f"FAILED: above the tolerance {args.tolerance:g}")
        return EXIT_MISMATCH
    print(f"OK: every L_k within {args.tolerance:g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
