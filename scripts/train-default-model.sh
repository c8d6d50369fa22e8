#!/usr/bin/env bash
# Trains the bundled model, models/mnist.safetensors, from scratch (or continues it with
# RESUME=1), then draws the sample grid shown in README. Needs `npm run build` first.
# The figure it prints last is the held-out bits/dim README reports.
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS="${EPOCHS:-30}"
resume=()
if [[ "${RESUME:-0}" == 1 ]]; then resume=(--resume models/mnist.ckpt.safetensors); fi
node bin/pixelcnnpp.mjs train --data mnist --backend wasm --epochs "$EPOCHS" \
  --nr-resnet 1 --nr-filters 32 --nr-logistic-mix 5 --dropout 0.1 --batch-size 16 --seed 0 \
  --out models/mnist.safetensors --checkpoint models/mnist.ckpt.safetensors "${resume[@]}"
node bin/pixelcnnpp.mjs sample --model models/mnist.safetensors --backend wasm \
  --seed 2017 --count 100 --columns 10 --out models/mnist-samples.png
