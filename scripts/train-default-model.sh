#!/usr/bin/env bash
# Trains the bundled model, models/mnist.safetensors, from scratch (or continues it with
# RESUME=1), then draws the sample grid shown in README. Needs `npm run build` first.
# The figure it prints last is the held-out bits/dim README reports.
# The resumable checkpoint (raw parameters and optimizer state, 9 MB) is written outside the
# repository, to $CHECKPOINT_DIR/mnist.ckpt.safetensors (by default under ~/.cache/pixelcnnpp).
#
# The run is deterministic: the seed fixes the initial weights, the batch order and every
# dropout mask, and the two threads always split a batch the same way, so the same phases
# give the same weights, bit for bit, whether run in one go or resumed after any epoch.
# No dropout: with 9,000 digits this model scores the training digits no better than the
# held-out ones, so it is capacity, not overfitting, that limits it.
#   epochs 1-9    learning rate 1e-3, 16 digits a step, Polyak decay 0.9995;
#   epochs 10-14  learning rate 3e-4, 32 digits a step, a shorter average (0.999 per step):
#                 by then the steps' noise, not the average's lag, holds the figure up;
#   epochs 15-    learning rate 1e-4, as epochs 10-14.
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS="${EPOCHS:-18}"
CHECKPOINT_DIR="${CHECKPOINT_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pixelcnnpp}"
mkdir -p "$CHECKPOINT_DIR"
checkpoint="$CHECKPOINT_DIR/mnist.ckpt.safetensors"
phase() {
  local until="$1"
  shift
  # A phase whose epochs the checkpoint already holds is skipped by `train` itself.
  node bin/pixelcnnpp.mjs train --data mnist --backend wasm --workers 2 --seed 0 --dropout 0 \
    --out models/mnist.safetensors --checkpoint "$checkpoint" --epochs "$until" "$@"
}
if [[ "${RESUME:-0}" != 1 ]]; then
  phase 9 --batch-size 16 --nr-resnet 1 --nr-filters 32 --nr-logistic-mix 5
else
  phase 9 --resume "$checkpoint" --batch-size 16
fi
phase 14 --resume "$checkpoint" --batch-size 32 --lr 3e-4 --ema 0.999
phase "$EPOCHS" --resume "$checkpoint" --batch-size 32 --lr 1e-4 --ema 0.999
node --import tsx scripts/evaluate-mnist.ts models/mnist.safetensors
node bin/pixelcnnpp.mjs sample --model models/mnist.safetensors --backend wasm \
  --seed 2017 --count 100 --columns 10 --out models/mnist-samples.png
