#!/usr/bin/env bash
# Debian packages the build and tests need: clang/lld/wasi-libc to compile the mixture module
# to WebAssembly, and Chromium (with SwiftShader, a software WebGPU/Vulkan) for the browser
# tests and for WebGPU under Node. Needs root (or sudo) for apt; skips what is already there.
set -euo pipefail
need=()
command -v clang-14 >/dev/null || need+=(clang-14)
command -v wasm-ld-14 >/dev/null || need+=(lld-14)
[ -f /usr/lib/wasm32-wasi/libc.a ] || need+=(wasi-libc)
command -v chromium >/dev/null || need+=(chromium)
# The Vulkan loader, through which Dawn (the npm 'webgpu' package) reaches SwiftShader in Node.
[ -e /usr/lib/x86_64-linux-gnu/libvulkan.so.1 ] || [ -e /usr/lib/aarch64-linux-gnu/libvulkan.so.1 ] || need+=(libvulkan1)
command -v make >/dev/null || need+=(make)
if [ ${#need[@]} -gt 0 ]; then
  # apt needs root: use sudo when run as another user, or say what to install.
  as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then
      as_root=(sudo)
    else
      echo "missing: ${need[*]}; run this script as root (apt-get install ${need[*]})" >&2
      exit 1
    fi
  fi
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
echo "system dependencies present: clang-14, lld-14, wasi-libc, chromium, libvulkan1, make"
