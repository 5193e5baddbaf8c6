// Starts the parsing worker's wasm (built by Trunk as a no-modules script beside this file).
importScripts('./worker.js');
wasm_bindgen({ module_or_path: './worker_bg.wasm' });
