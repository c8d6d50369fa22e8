#!/usr/bin/env bash
# The GPU run (`npm run bench:gpu`): the WebGPU backend in Node through Dawn on this machine's
# GPU (Vulkan: the GPU's driver and Debian's libvulkan1), PyTorch on CUDA beside it when
# /usr/bin/python3 has torch with CUDA; prints one table (bench/gpu.ts) in under 8 minutes.
#   bash bench/gpu.sh                 on a machine with a GPU
#   bash bench/gpu.sh --swiftshader   anywhere: SwiftShader and a tiny configuration, to prove the script
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ " $* " == *" --swiftshader "* ]]; then
  export VK_ICD_FILENAMES="${VK_ICD_FILENAMES:-/usr/lib/chromium/vk_swiftshader_icd.json}"
else
  # The system's Vulkan drivers only: an ICD override left pointing at SwiftShader would measure the CPU.
  unset VK_ICD_FILENAMES VK_DRIVER_FILES
fi
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"

if command -v nvidia-smi >/dev/null 2>&1; then
  echo "GPU: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | head -1)" >&2
fi

status=0
timeout --foreground 470 node --import tsx bench/gpu.ts "$@" || status=$?
if [[ $status -eq 124 ]]; then
  echo "bench:gpu: stopped after 470 s (the run must finish in 8 minutes)" >&2
fi
exit "$status"
