// esbuild's binary loader turns these files into Uint8Arrays in the browser bundle.
declare module '*.u8' {
  const bytes: Uint8Array;
  export default bytes;
}
declare module '*.safetensors' {
  const bytes: Uint8Array;
  export default bytes;
}
declare module '*.pth' {
  const bytes: Uint8Array;
  export default bytes;
}
