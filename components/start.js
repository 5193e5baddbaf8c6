// Starts the app. Trunk's default start-up script is inline, which the page's
// Content-Security-Policy forbids; Trunk.toml's pattern_script puts this file in its place and
// passes the hashed file names in data attributes.
const tag = document.getElementById('dmarc-lens-start');
const app = await import(tag.dataset.js);
await app.default({ module_or_path: tag.dataset.wasm });
