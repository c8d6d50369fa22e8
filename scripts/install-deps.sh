#!/usr/bin/env bash
# Debian packages the build and tests need: clang/lld/wasi-libc to compile the mixture module
# to WebAssembly, and Chromium (with SwiftShader, a software WebGPU/Vulkan) for the browser
# tests and for WebGPU under Node. Run as root; skips what is already there.
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
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
echo "system dependencies present: clang-14, lld-14, wasi-libc, chromium, libvulkan1, make"
