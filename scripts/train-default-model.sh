#!/usr/bin/env bash
# Trains the bundled model, models/mnist.safetensors, from scratch (or continues it with
# RESUME=1), then draws the sample grid shown in README. Needs `npm run build` first.
# The figure it prints last is the held-out bits/dim README reports.
#
# Two phases, as the shipped model was trained: 4 epochs with dropout 0.1 on one thread, 16
# digits a step; then dropout 0 (after 4 epochs the model scored the training digits no better
# than the held-out ones: dropout only slowed it) and 2 threads of 16 digits each.
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS="${EPOCHS:-30}"
common=(--data mnist --backend wasm --seed 0
  --out models/mnist.safetensors --checkpoint models/mnist.ckpt.safetensors)
if [[ "${RESUME:-0}" != 1 ]]; then
  node bin/pixelcnnpp.mjs train "${common[@]}" --epochs 4 --dropout 0.1 --batch-size 16 --workers 1 \
    --nr-resnet 1 --nr-filters 32 --nr-logistic-mix 5
fi
node bin/pixelcnnpp.mjs train "${common[@]}" --epochs "$EPOCHS" --dropout 0 --batch-size 32 --workers 2 \
  --resume models/mnist.ckpt.safetensors
node bin/pixelcnnpp.mjs sample --model models/mnist.safetensors --backend wasm \
  --seed 2017 --count 100 --columns 10 --out models/mnist-samples.png
