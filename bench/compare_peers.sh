#!/usr/bin/env bash
# Times masktrain against the PyTorch/NumPy peer script; see compare_peers.py for the
# environment variables (CONFIGS, ROUNDS, REPS, PEER, PEER_BLAS, ...).
set -euo pipefail
exec /usr/bin/python3 "$(dirname "${BASH_SOURCE[0]}")/compare_peers.py" "$@"
