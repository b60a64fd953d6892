// Text imports (`?raw`): Vite, vitest and the server build (scripts/build-server.mjs) all load
// the file's contents as a string.
declare module '*?raw' {
  const text: string;
  export default text;
}
