#!/usr/bin/env bash
# Trains the bundled model, models/mnist.safetensors, from scratch (or continues it with
# RESUME=1), then draws the sample grid shown in README. Needs `npm run build` first.
# The figure it prints last is the held-out bits/dim README reports.
#
# The phases the shipped model went through (a phase whose epochs are done is skipped):
#   epochs 1-4  dropout 0.1, 16 digits a step, one thread;
#   epoch 5     dropout 0 (the model scored the training digits no better than the held-out
#               ones: dropout only slowed it), 16 digits a step shared by 2 threads;
#   epoch 6     dropout 0, 32 digits a step, 16 per thread;
#   epoch 7-    as epoch 6 with the learning rate lowered to 3e-4 and a shorter Polyak
#               average (0.999 per step), once the average no longer beat the raw parameters
#               by much: the steps' noise, not the lag, was what held the figure up.
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS="${EPOCHS:-30}"
checkpoint=models/mnist.ckpt.safetensors
phase() {
  node bin/pixelcnnpp.mjs train --data mnist --backend wasm --seed 0 \
    --out models/mnist.safetensors --checkpoint "$checkpoint" "$@"
}
if [[ "${RESUME:-0}" != 1 ]]; then
  phase --epochs 4 --dropout 0.1 --batch-size 16 --workers 1 --nr-resnet 1 --nr-filters 32 --nr-logistic-mix 5
fi
phase --resume "$checkpoint" --epochs 5 --dropout 0 --batch-size 16 --workers 2
phase --resume "$checkpoint" --epochs 6 --dropout 0 --batch-size 32 --workers 2
phase --resume "$checkpoint" --epochs "$EPOCHS" --dropout 0 --batch-size 32 --workers 2 --lr 3e-4 --ema 0.999
node bin/pixelcnnpp.mjs sample --model models/mnist.safetensors --backend wasm \
  --seed 2017 --count 100 --columns 10 --out models/mnist-samples.png
