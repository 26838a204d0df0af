#!/usr/bin/python3
"""Time masktrain against the PyTorch/NumPy peer script on identical training runs.

For each named configuration, every repetition runs masktrain once and then replays its
trace.npz (same data, initial weights, second layer and masks) with each peer variant:
NumPy and PyTorch in float64, each with 1 and 2 threads. Running the tools in turn, instead
of all masktrain runs first, spreads the load of a shared machine over all tools alike.

The report gives per tool the median seconds per round, the median over repetitions of the
per-repetition ratio masktrain / peer (below 1 means masktrain is faster), and the largest
relative difference between masktrain's per-round losses and the peer's. Results go to
bench/out/<UTC time>/results.json and results.md.

Environment variables (all optional):
  CONFIGS          comma-separated names out of fig2a, d2048 and n10000, each optionally
                   with ':ROUNDS' (default: fig2a,d2048)
  ROUNDS           rounds for every configuration (default: per configuration)
  REPS             repetitions (default: 3)
  PEER             path of the peer script masked_training_peer.py (default: DEFAULT_PEER,
                   relative to the repository root)
  PEER_PYTHON      interpreter for the peer (default: /usr/bin/python3)
  PEER_VARIANTS    backend:threads pairs (default: numpy:1,numpy:2,torch:1,torch:2)
  PEER_BLAS        BLAS library the peers load: debian (default), masktrain, system, or
                   a folder that contains libblas.so.3; see resolve_peer_blas
  MASKTRAIN_JAR    masktrain jar to time (default: build with ./masktrain, then copy the
                   jar into the output folder so that rebuilds during the run don't matter)
  MASKTRAIN_THREADS  value of masktrain's --threads (default: masktrain's own default)
  MASKTRAIN_ARGS   further options for 'masktrain train', split like a shell would, for
                   example '--local-solver direct' (default: none)
  PRUNE_FACTOR     after the first repetition, drop a peer variant slower than this
                   factor times the fastest variant of its backend (default: 2; 0 keeps all)
  RUN_TIMEOUT      seconds after which one tool run is stopped as failed (default: 3600)
  KEEP_TRACES      1 keeps every trace.npz (default: deleted after the peers replayed it)
"""
import datetime
import glob
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import time
import zipfile

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(BENCH_DIR)
OUT_ROOT = os.path.join(BENCH_DIR, "out")
DEFAULT_PEER = os.path.join("..", "shared", "peers", "masked_training_peer.py")

# Options shared by every configuration. With the embedded data they form the 'fig2a'
# setting, and --lr is the step size in the NTK parametrization.
COMMON_OPTIONS = [
    "--test-fraction", "0",
    "--width", "500",
    "--subnets", "10",
    "--xi", "0.5",
    "--local-steps", "10",
    "--lr", "50",
    "--reduction", "mean",
    "--scaling", "paper",
]

# Peer options that must equal COMMON_OPTIONS. The replay takes X, Y, W0, a and the masks
# from masktrain's trace.npz.
PEER_OPTIONS = ["--lr", "50", "--tau", "10", "--scaling", "paper", "--reduction", "mean"]

# A relative loss difference above this marks a replay that does not reproduce masktrain.
LOSS_TOLERANCE = 1e-6


class Configuration:
    """A benchmark configuration: the data and the default number of rounds."""

    def __init__(self, name, description, samples, default_rounds, synthetic_shape=None):
        self.name = name
        self.description = description
        self.samples = samples
        self.default_rounds = default_rounds
        # (samples, input dimension, outputs) of a generated .npz, or None for the
        # Fashion-MNIST subset embedded in masktrain.
        self.synthetic_shape = synthetic_shape


# Rounds per configuration unless CONFIGS or ROUNDS set others. On a shared 2-core machine
# at load average 3 to 7, the default CONFIGS took 13 minutes and n10000 alone 11 minutes.
CONFIGURATIONS = {
    "fig2a": Configuration(
        "fig2a", "embedded Fashion-MNIST, n = 1000, d = 784, c = 10", 1000, 20),
    "d2048": Configuration(
        "d2048", "synthetic Gaussian features, n = 1000, d = 2048, c = 10", 1000, 4,
        synthetic_shape=(1000, 2048, 10)),
    "n10000": Configuration(
        "n10000", "synthetic Gaussian features, n = 10000, d = 784, c = 10", 10000, 2,
        synthetic_shape=(10000, 784, 10)),
}


class BenchmarkError(Exception):
    """A failure that stops the benchmark, with a message for the user."""


def log(message):
    stamp = datetime.datetime.now().strftime("%H:%M:%S")
    print(f"[{stamp}] {message}", flush=True)


def read_settings():
    """Read the environment variables described in the module docstring."""
    env = os.environ
    rounds_override = env.get("ROUNDS")
    selected = []
    for item in env.get("CONFIGS", "fig2a,d2048").split(","):
        item = item.strip()
        if not item:
            continue
        name, _, rounds = item.partition(":")
        if name not in CONFIGURATIONS:
            raise BenchmarkError(
                f"unknown configuration '{name}' in CONFIGS; expected one of "
                f"{', '.join(CONFIGURATIONS)}")
        rounds = rounds or rounds_override or CONFIGURATIONS[name].default_rounds
        selected.append((CONFIGURATIONS[name], parse_positive_int(f"rounds of {name}", rounds)))
    if not selected:
        raise BenchmarkError("CONFIGS is empty; expected names such as fig2a,d2048")

    variants = []
    for item in env.get("PEER_VARIANTS", "numpy:1,numpy:2,torch:1,torch:2").split(","):
        backend, _, threads = item.strip().partition(":")
        if backend not in ("numpy", "torch"):
            raise BenchmarkError(
                f"invalid backend '{backend}' in PEER_VARIANTS; expected numpy or torch")
        variants.append((backend, parse_positive_int("threads in PEER_VARIANTS", threads or "1")))

    peer = os.path.abspath(env.get("PEER") or os.path.join(REPO_ROOT, DEFAULT_PEER))
    if not os.path.isfile(peer):
        raise BenchmarkError(
            f"peer script not found: {peer}; set PEER to the path of masked_training_peer.py")
    masktrain_threads = env.get("MASKTRAIN_THREADS")
    if masktrain_threads:
        parse_positive_int("MASKTRAIN_THREADS", masktrain_threads)
    return {
        "configurations": selected,
        "repetitions": parse_positive_int("REPS", env.get("REPS", "3")),
        "variants": variants,
        "peer": peer,
        "peer_python": env.get("PEER_PYTHON", "/usr/bin/python3"),
        "peer_blas": env.get("PEER_BLAS", "debian"),
        "masktrain_jar": env.get("MASKTRAIN_JAR"),
        "masktrain_threads": masktrain_threads,
        "masktrain_args": shlex.split(env.get("MASKTRAIN_ARGS", "")),
        "prune_factor": parse_prune_factor(env.get("PRUNE_FACTOR", "2")),
        "run_timeout": parse_positive_int("RUN_TIMEOUT", env.get("RUN_TIMEOUT", "3600")),
        "keep_traces": env.get("KEEP_TRACES") == "1",
    }


def parse_positive_int(name, text):
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise BenchmarkError(f"invalid {name}: '{text}'; expected a positive integer")
    return value


def parse_prune_factor(text):
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value != 0 and value < 1:
        raise BenchmarkError(
            f"invalid PRUNE_FACTOR: '{text}'; expected 0 (keep all) or a number of at least 1")
    return value


def command_output(command, env=None):
    """Run a short command and return its stdout and stderr, or the error message."""
    try:
        completed = subprocess.run(command, capture_output=True, text=True, env=env,
                                   timeout=300)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"({' '.join(command)} failed: {error})"
    return (completed.stdout + completed.stderr).strip()


def load_average():
    with open("/proc/loadavg") as file:
        return " ".join(file.read().split()[:3])


# Preparation ---------------------------------------------------------------------------------


def prepare_masktrain_jar(settings, out_dir):
    """Return the masktrain jar to time, building it and copying it into out_dir if needed."""
    if settings["masktrain_jar"]:
        jar = os.path.abspath(settings["masktrain_jar"])
        if not os.path.isfile(jar):
            raise BenchmarkError(f"MASKTRAIN_JAR not found: {jar}")
        return jar
    log("building masktrain if its sources changed (./masktrain --version)")
    completed = subprocess.run([os.path.join(REPO_ROOT, "masktrain"), "--version"],
                               capture_output=True, text=True, cwd=REPO_ROOT)
    if completed.returncode != 0:
        raise BenchmarkError(
            "./masktrain --version failed; fix the build or set MASKTRAIN_JAR:\n"
            + completed.stdout + completed.stderr)
    built = os.path.join(REPO_ROOT, "masktrain-cli", "target", "masktrain.jar")
    # A copy keeps every repetition on the same build while other work rebuilds the tree.
    jar = os.path.join(out_dir, "masktrain.jar")
    shutil.copy2(built, jar)
    return jar


def resolve_peer_blas(mode, jar, out_dir):
    """Return a folder to prepend to the peers' LD_LIBRARY_PATH, or None.

    Debian's python3-numpy and python3-torch load libblas.so.3, which is the slow reference
    BLAS unless an optimized BLAS package is installed. The modes are:
      debian     the OpenBLAS of Debian's libopenblas0-pthread package: the installed one,
                 else one unpacked from a .deb in bench/out/ or /var/cache/apt/archives
                 (fetch it with 'apt-get download libopenblas0-pthread' in bench/out/)
      masktrain  the OpenBLAS build that masktrain loads, unpacked from the masktrain jar
      system     no change: whatever the libblas.so.3 alternative selects
      a folder   used as given; it must contain libblas.so.3
    """
    # NOTE: the debian and masktrain modes know only the x86-64 Linux paths.
    if mode == "system":
        return None
    if mode == "debian":
        installed = "/usr/lib/x86_64-linux-gnu/openblas-pthread"
        if os.path.isfile(os.path.join(installed, "libblas.so.3")):
            return installed
        packages = sorted(glob.glob(os.path.join(OUT_ROOT, "libopenblas0-pthread_*.deb"))
                          + glob.glob("/var/cache/apt/archives/libopenblas0-pthread_*.deb"))
        if not packages:
            raise BenchmarkError(
                "PEER_BLAS=debian: libopenblas0-pthread is neither installed nor found as a "
                ".deb; install it, run 'apt-get download libopenblas0-pthread' in bench/out/, "
                "or set PEER_BLAS to masktrain, system or a folder with libblas.so.3")
        target = os.path.join(OUT_ROOT, "peer-blas-debian")
        if not os.path.isdir(target):
            # Unpack next to the target first, so an interrupted run leaves no partial folder.
            partial = target + ".partial"
            shutil.rmtree(partial, ignore_errors=True)
            subprocess.run(["dpkg-deb", "-x", packages[-1], partial], check=True)
            os.replace(partial, target)
        return os.path.join(target, "usr", "lib", "x86_64-linux-gnu", "openblas-pthread")
    if mode == "masktrain":
        target = os.path.join(out_dir, "peer-blas-masktrain")
        os.makedirs(target, exist_ok=True)
        prefix = "org/bytedeco/openblas/linux-x86_64/"
        with zipfile.ZipFile(jar) as archive:
            for name in ("libopenblas.so.0", "libgfortran.so.5", "libquadmath.so.0"):
                with archive.open(prefix + name) as source, \
                        open(os.path.join(target, name), "wb") as sink:
                    shutil.copyfileobj(source, sink)
        for alias in ("libblas.so.3", "libcblas.so.3", "liblapack.so.3"):
            os.symlink("libopenblas.so.0", os.path.join(target, alias))
        return target
    folder = os.path.abspath(mode)
    if not os.path.isfile(os.path.join(folder, "libblas.so.3")):
        raise BenchmarkError(
            f"invalid PEER_BLAS '{mode}': expected debian, masktrain, system or a folder "
            "that contains libblas.so.3")
    return folder


def peer_environment(blas_dir, threads):
    env = dict(os.environ)
    if blas_dir:
        env["LD_LIBRARY_PATH"] = blas_dir + (
            ":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = str(threads)
    return env


# Script for the peer's interpreter. It prints as JSON the numpy and torch versions and the
# BLAS libraries that load after a small matrix product in each.
PROBE_SCRIPT = r"""
import ctypes, io, json, contextlib, re
import numpy
info = {"numpy": numpy.__version__}
numpy.ones((64, 64)) @ numpy.ones((64, 64))
try:
    import torch
    info["torch"] = torch.__version__
    torch.ones(64, 64, dtype=torch.float64) @ torch.ones(64, 64, dtype=torch.float64)
except ImportError as error:
    info["torch"] = "not available: %s" % error
buffer = io.StringIO()
with contextlib.redirect_stdout(buffer):
    numpy.show_config()
info["numpy_show_config_blas"] = [line.strip() for line in buffer.getvalue().splitlines()
                                  if "libraries" in line][:2]
libraries = sorted({line.split()[-1] for line in open("/proc/self/maps")
                    if re.search(r"/lib[^/]*(blas|lapack|mkl)[^/]*$", line)})
info["blas_libraries_loaded"] = libraries
for path in libraries:
    try:
        library = ctypes.CDLL(path)
        library.openblas_get_config.restype = ctypes.c_char_p
        library.openblas_get_corename.restype = ctypes.c_char_p
        info["openblas"] = "%s, core %s" % (library.openblas_get_config().decode(),
                                            library.openblas_get_corename().decode())
    except (OSError, AttributeError):
        pass
try:
    import threadpoolctl
    info["threadpoolctl"] = threadpoolctl.threadpool_info()
except ImportError:
    pass
print(json.dumps(info))
"""


def describe_machine(settings, jar, blas_dir):
    """Collect the hardware, software versions and BLAS libraries behind the numbers."""
    lscpu = command_output(["lscpu"])
    fields = {}
    for line in lscpu.splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    memory = ""
    with open("/proc/meminfo") as file:
        for line in file:
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    description = {
        "cpu_model": fields.get("Model name", "unknown"),
        "cpus": fields.get("CPU(s)", str(os.cpu_count())),
        "cores_per_socket": fields.get("Core(s) per socket", "unknown"),
        "threads_per_core": fields.get("Thread(s) per core", "unknown"),
        "hypervisor": fields.get("Hypervisor vendor", "none"),
        "memory": memory,
        "kernel": platform.release(),
        "java_version": command_output(["java", "-version"]),
        "masktrain_version": command_output(["java", "-jar", jar, "--version"]),
        "masktrain_jar": jar,
        "git_commit": command_output(["git", "-C", REPO_ROOT, "rev-parse", "HEAD"]),
        "git_tree_modified": bool(command_output(
            ["git", "-C", REPO_ROOT, "status", "--porcelain", "--untracked-files=no"])),
        "peer_python": command_output([settings["peer_python"], "--version"]),
        "peer_blas_mode": settings["peer_blas"],
        "peer_ld_library_path": blas_dir,
    }
    description["peer_libraries"] = probe_peer_libraries(settings, blas_dir)
    if blas_dir:
        # What the peers would load without PEER_BLAS, for comparison.
        description["peer_libraries_without_peer_blas"] = probe_peer_libraries(settings, None)
    return description


def probe_peer_libraries(settings, blas_dir):
    output = command_output([settings["peer_python"], "-c", PROBE_SCRIPT],
                            env=peer_environment(blas_dir, 1))
    try:
        return json.loads(output.splitlines()[-1])
    except (ValueError, IndexError):
        return {"probe_output": output}


def generate_synthetic_data(shape):
    """Write Gaussian features and one-hot labels of a random linear teacher, once."""
    samples, dimension, outputs = shape
    path = os.path.join(OUT_ROOT, "data", f"synthetic-{samples}x{dimension}x{outputs}.npz")
    if os.path.isfile(path):
        return path
    import numpy

    log(f"generating {path}")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    rng = numpy.random.default_rng(2024)
    features = rng.standard_normal((samples, dimension))
    teacher = rng.standard_normal((dimension, outputs))
    labels = numpy.eye(outputs)[numpy.argmax(features @ teacher, axis=1)]
    partial = path + ".partial.npz"
    numpy.savez(partial, features=features, labels=labels)
    os.replace(partial, path)
    return path


# Runs ----------------------------------------------------------------------------------------


def run_checked(command, env, timeout, tool_name):
    started = time.monotonic()
    try:
        completed = subprocess.run(command, capture_output=True, text=True, env=env,
                                   timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BenchmarkError(f"{tool_name} timed out after {timeout} s: {' '.join(command)}")
    if completed.returncode != 0:
        raise BenchmarkError(
            f"{tool_name} failed with exit code {completed.returncode}: {' '.join(command)}\n"
            + completed.stdout[-2000:] + completed.stderr[-4000:])
    return completed.stdout, time.monotonic() - started


def masktrain_command(settings, jar, configuration, rounds, data_path, run_dir):
    command = ["java", "-jar", jar, "train", "--samples", str(configuration.samples)]
    if data_path:
        command += ["--data", data_path]
    command += COMMON_OPTIONS + ["--rounds", str(rounds), "--out", run_dir, "-q"]
    if settings["masktrain_threads"]:
        command += ["--threads", settings["masktrain_threads"]]
    return command + settings["masktrain_args"]


def run_masktrain(settings, jar, configuration, rounds, data_path, run_dir):
    command = masktrain_command(settings, jar, configuration, rounds, data_path, run_dir)
    _, elapsed = run_checked(command, None, settings["run_timeout"], "masktrain")
    with open(os.path.join(run_dir, "summary.json")) as file:
        summary = json.load(file)
    with open(os.path.join(run_dir, "config.json")) as file:
        config = json.load(file)
    losses = []
    elapsed_by_round = []
    with open(os.path.join(run_dir, "metrics.csv")) as file:
        header = file.readline().strip().split(",")
        loss_column = header.index("loss")
        elapsed_column = header.index("elapsed_seconds")
        for line in file:
            cells = line.strip().split(",")
            losses.append(float(cells[loss_column]))
            elapsed_by_round.append(float(cells[elapsed_column]))
    # Rounds 2..K only, so JIT warm-up and the first evaluation are left out.
    steady = ((elapsed_by_round[-1] - elapsed_by_round[1]) / (len(elapsed_by_round) - 2)
              if len(elapsed_by_round) > 2 else None)
    return {
        "seconds_per_round": summary["seconds_per_round"],
        "wall_seconds": summary["wall_seconds"],
        "steady_seconds_per_round": steady,
        "process_seconds": elapsed,
        "kernel": summary.get("kernel"),
        "engine": summary.get("engine"),
        "threads": config.get("threads"),
        "local_solver": config.get("local-solver"),
        "losses": losses,
    }


def run_peer(settings, blas_dir, backend, threads, trace, rounds, result_path):
    command = [settings["peer_python"], settings["peer"], "--backend", backend,
               "--dtype", "float64", "--replay", trace, "--rounds", str(rounds),
               "--json"] + PEER_OPTIONS
    if backend == "torch":
        command += ["--threads", str(threads)]
    stdout, elapsed = run_checked(command, peer_environment(blas_dir, threads),
                                  settings["run_timeout"], f"peer {backend} ({threads} threads)")
    with open(result_path, "w") as file:
        file.write(stdout)
    result = json.loads(stdout.strip().splitlines()[-1])
    return {
        "seconds_per_round": result["seconds_per_round"],
        "process_seconds": elapsed,
        "rounds": result["rounds"],
        "losses": result["losses"],
    }


def max_relative_difference(reference, other):
    """Return max_k |other_k - reference_k| / |reference_k|, or None if the lengths differ."""
    if len(reference) != len(other) or not reference:
        return None
    return max(abs(b - a) / abs(a) if a != 0 else abs(b) for a, b in zip(reference, other))


def variant_name(backend, threads):
    return f"{backend} float64, {threads} thread{'s' if threads > 1 else ''}"


def benchmark_configuration(settings, jar, blas_dir, configuration, rounds, out_dir):
    """Run all repetitions of one configuration and return its raw results."""
    data_path = (generate_synthetic_data(configuration.synthetic_shape)
                 if configuration.synthetic_shape else None)
    raw = {
        "name": configuration.name,
        "description": configuration.description,
        "rounds": rounds,
        "data": data_path or "embedded",
        "masktrain_command": " ".join(masktrain_command(
            settings, "masktrain.jar", configuration, rounds, data_path, "DIR")).replace(
                "java -jar masktrain.jar", "./masktrain"),
        "load_average_before": load_average(),
        "repetitions": [],
        "dropped_variants": [],
    }
    variants = list(settings["variants"])
    for repetition in range(settings["repetitions"]):
        rep_dir = os.path.join(out_dir, "runs", configuration.name, f"rep{repetition + 1}")
        run_dir = os.path.join(rep_dir, "masktrain")
        os.makedirs(rep_dir, exist_ok=True)
        masktrain = run_masktrain(settings, jar, configuration, rounds, data_path, run_dir)
        log(f"{configuration.name} rep {repetition + 1}: masktrain "
            f"{masktrain['seconds_per_round']:.3f} s/round (load {load_average()})")
        trace = os.path.join(run_dir, "trace.npz")
        peers = {}
        for backend, threads in variants:
            name = variant_name(backend, threads)
            peer = run_peer(settings, blas_dir, backend, threads, trace, rounds,
                            os.path.join(rep_dir, f"peer-{backend}-{threads}.json"))
            peer["loss_relative_difference"] = max_relative_difference(
                peer["losses"], masktrain["losses"])
            peer["ratio"] = masktrain["seconds_per_round"] / peer["seconds_per_round"]
            peers[name] = peer
            log(f"{configuration.name} rep {repetition + 1}: {name} "
                f"{peer['seconds_per_round']:.3f} s/round, masktrain/peer {peer['ratio']:.3f}, "
                f"max relative loss difference {peer['loss_relative_difference']}")
        if not settings["keep_traces"]:
            os.remove(trace)
        raw["repetitions"].append({"masktrain": masktrain, "peers": peers})
        if repetition == 0 and settings["prune_factor"]:
            dropped = find_slow_variants(variants, peers, settings["prune_factor"])
            for backend, threads in dropped:
                log(f"{configuration.name}: dropping {variant_name(backend, threads)} after "
                    f"rep 1 because it ran over {settings['prune_factor']:g} times slower than "
                    f"the fastest {backend} variant")
                variants.remove((backend, threads))
            raw["dropped_variants"] = [variant_name(*variant) for variant in dropped]
    raw["load_average_after"] = load_average()
    return raw


def find_slow_variants(variants, peers, factor):
    """Return the variants slower than factor times the fastest variant of their backend.

    Such a variant cannot be its backend's best thread setting, and on a loaded machine an
    oversubscribed one can take several times longer than all other runs together.
    """
    fastest = {}
    for backend, threads in variants:
        seconds = peers[variant_name(backend, threads)]["seconds_per_round"]
        fastest[backend] = min(seconds, fastest.get(backend, seconds))
    return [(backend, threads) for backend, threads in variants
            if peers[variant_name(backend, threads)]["seconds_per_round"]
            > factor * fastest[backend]]


# Reports -------------------------------------------------------------------------------------


def summarize_configuration(raw, variants):
    """Reduce the repetitions of one configuration to medians and ratio statistics."""
    masktrain_times = [rep["masktrain"]["seconds_per_round"] for rep in raw["repetitions"]]
    steady_times = [rep["masktrain"]["steady_seconds_per_round"] for rep in raw["repetitions"]
                    if rep["masktrain"]["steady_seconds_per_round"] is not None]
    rows = [{
        "tool": "masktrain",
        "runs": len(masktrain_times),
        "median_seconds_per_round": statistics.median(masktrain_times),
        "min_seconds_per_round": min(masktrain_times),
        "max_seconds_per_round": max(masktrain_times),
        "median_steady_seconds_per_round":
            statistics.median(steady_times) if steady_times else None,
    }]
    for backend, threads in variants:
        name = variant_name(backend, threads)
        runs = [rep["peers"][name] for rep in raw["repetitions"] if name in rep["peers"]]
        times = [run["seconds_per_round"] for run in runs]
        ratios = [run["ratio"] for run in runs]
        differences = [run["loss_relative_difference"] for run in runs]
        rows.append({
            "tool": name,
            "backend": backend,
            "threads": threads,
            "runs": len(runs),
            "median_seconds_per_round": statistics.median(times),
            "min_seconds_per_round": min(times),
            "max_seconds_per_round": max(times),
            "median_ratio": statistics.median(ratios),
            "min_ratio": min(ratios),
            "max_ratio": max(ratios),
            "max_loss_relative_difference":
                None if None in differences else max(differences),
        })
    best = {}
    for row in rows[1:]:
        current = best.get(row["backend"])
        if current is None or row["median_seconds_per_round"] < current["median_seconds_per_round"]:
            best[row["backend"]] = row
    return {"rows": rows, "fastest_peer_variant": {k: v["tool"] for k, v in best.items()}}


def format_table(summary):
    lines = ["| tool | runs | median s/round | min - max | masktrain/peer (median of "
             "per-rep ratios, min - max) | max rel. loss difference |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for row in summary["rows"]:
        spread = f"{row['min_seconds_per_round']:.3f} - {row['max_seconds_per_round']:.3f}"
        if row["tool"] == "masktrain":
            ratio = "1"
            difference = "-"
            steady = row["median_steady_seconds_per_round"]
            tool = "masktrain" + (f" (rounds 2..K: {steady:.3f})" if steady else "")
        else:
            ratio = f"{row['median_ratio']:.3f} ({row['min_ratio']:.3f} - {row['max_ratio']:.3f})"
            value = row["max_loss_relative_difference"]
            difference = "length mismatch" if value is None else f"{value:.1e}"
            if value is None or value > LOSS_TOLERANCE:
                difference += " MISMATCH"
            tool = row["tool"]
        lines.append(f"| {tool} | {row['runs']} | {row['median_seconds_per_round']:.3f} | "
                     f"{spread} | {ratio} | {difference} |")
    return "\n".join(lines)


def describe_masktrain_run(configuration):
    first = configuration["repetitions"][0]["masktrain"]
    text = (f"masktrain ran with the {first['kernel']} kernel, the {first['engine']} engine, "
            f"--threads {first['threads']} and --local-solver {first['local_solver']}.")
    if configuration["dropped_variants"]:
        dropped = ", ".join(configuration["dropped_variants"])
        text += (" Dropped after repetition 1 as more than PRUNE_FACTOR times slower than "
                 f"their backend's fastest variant: {dropped}.")
    return text


def format_markdown(report):
    machine = report["machine"]
    libraries = machine.get("peer_libraries", {})
    lines = [
        f"# masktrain vs. PyTorch/NumPy peer, {report['started']}",
        "",
        f"- CPU: {machine['cpu_model']}, {machine['cpus']} CPUs "
        f"(cores per socket: {machine['cores_per_socket']}, threads per core: "
        f"{machine['threads_per_core']}), hypervisor {machine['hypervisor']}, {machine['memory']}",
        f"- Java: {machine['java_version'].splitlines()[0] if machine['java_version'] else '?'}",
        f"- masktrain: {machine['masktrain_version'].splitlines()[0]} "
        f"(commit {machine['git_commit'][:12]}"
        f"{', modified tree' if machine['git_tree_modified'] else ''})",
        f"- peer: {machine['peer_python']}, numpy {libraries.get('numpy')}, "
        f"torch {libraries.get('torch')}",
        f"- peer BLAS ({machine['peer_blas_mode']}): "
        f"{libraries.get('openblas', 'not OpenBLAS')}; "
        f"loaded {', '.join(libraries.get('blas_libraries_loaded', []))}",
        f"- repetitions: {report['repetitions']}; load average before "
        f"{report['load_average_before']}, after {report['load_average_after']}",
        "",
    ]
    for configuration in report["configurations"]:
        lines += [
            f"## {configuration['name']}: {configuration['description']}, "
            f"{configuration['rounds']} rounds",
            "",
            f"`{configuration['masktrain_command']}`",
            "",
            f"Load average before {configuration['load_average_before']}, "
            f"after {configuration['load_average_after']}.",
            "",
            describe_masktrain_run(configuration),
            "",
            format_table(configuration["summary"]),
            "",
        ]
    return "\n".join(lines)


def main():
    try:
        settings = read_settings()
    except BenchmarkError as error:
        print(f"compare_peers: {error}", file=sys.stderr)
        return 2
    started = datetime.datetime.now(datetime.timezone.utc)
    out_dir = os.path.join(OUT_ROOT, started.strftime("%Y%m%dT%H%M%SZ"))
    os.makedirs(out_dir, exist_ok=True)
    report = {
        "started": started.strftime("%Y-%m-%d %H:%M UTC"),
        "repetitions": settings["repetitions"],
        "peer": settings["peer"],
        "load_average_before": load_average(),
        "configurations": [],
    }
    exit_code = 0
    try:
        jar = prepare_masktrain_jar(settings, out_dir)
        blas_dir = resolve_peer_blas(settings["peer_blas"], jar, out_dir)
        report["machine"] = describe_machine(settings, jar, blas_dir)
        print(json.dumps(report["machine"], indent=2), flush=True)
        for configuration, rounds in settings["configurations"]:
            log(f"configuration {configuration.name}: {rounds} rounds, "
                f"{settings['repetitions']} repetitions")
            raw = benchmark_configuration(settings, jar, blas_dir, configuration, rounds,
                                          out_dir)
            raw["summary"] = summarize_configuration(raw, settings["variants"])
            report["configurations"].append(raw)
            print(f"\n{configuration.name} ({configuration.description}, {rounds} rounds):")
            print(format_table(raw["summary"]) + "\n", flush=True)
    except BenchmarkError as error:
        print(f"compare_peers: {error}", file=sys.stderr)
        report["error"] = str(error)
        exit_code = 1
    except KeyboardInterrupt:
        print("compare_peers: interrupted; writing the results so far", file=sys.stderr)
        report["error"] = "interrupted"
        exit_code = 130
    finally:
        report["load_average_after"] = load_average()
        with open(os.path.join(out_dir, "results.json"), "w") as file:
            json.dump(report, file, indent=2)
        if "machine" in report:
            with open(os.path.join(out_dir, "results.md"), "w") as file:
                file.write(format_markdown(report) + "\n")
        log(f"results written to {out_dir}")
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
