// The console's hashing Web Worker (a module worker from the site itself: allowed by the page's
// Content-Security-Policy as 'self', no blob: URL, no eval). It reads the picked files
// synchronously — off the page's thread, so the page never freezes — and feeds the bytes to
// aml_hash_worker (hash-worker/, Rust: the SDK's content hash and per-file MD5). The page
// (src/jobs/hash_worker.rs) cancels by terminating the worker.
//
// Request:  {files: File[], paths: string[], sizes: number[], sha: bool, md5: bool}
//           (for `sha`, files in the content hash's order)
// Answers:  {op: 'progress', done} … then {op: 'done', hash, md5: string[] | null, timing}
//           or {op: 'error', message}
import init, { ContentHash, Md5 } from './aml_hash_worker.js';

// Bytes per read. Consecutive small files are read together as one composite Blob: reading
// 2,000 small files one by one costs a round trip to the browser's blob store each.
const SLICE = 8 * 1024 * 1024;
const PROGRESS_BYTES = 4 * 1024 * 1024;

const ready = init({ module_or_path: new URL('aml_hash_worker_bg.wasm', import.meta.url) });

self.onmessage = async (event) => {
  try {
    await ready;
    self.postMessage({ op: 'done', ...hashFiles(event.data) });
  } catch (e) {
    self.postMessage({ op: 'error', message: String((e && e.message) || e) });
  }
};

function changed(path) {
  return new Error(`${path} changed while it was being read; pick the folder again.`);
}

function hashFiles({ files, paths, sizes, sha, md5 }) {
  const reader = new FileReaderSync();
  const timing = { files: files.length, readMs: 0, shaMs: 0, md5Ms: 0, totalMs: 0 };
  const started = performance.now();
  const timed = (what, f) => {
    const t = performance.now();
    const out = f();
    timing[what] += performance.now() - t;
    return out;
  };
  const content = sha ? new ContentHash(paths, sizes) : null;
  const digests = md5 ? new Array(files.length) : null;
  let done = 0;
  let reported = 0;
  const progress = () => {
    if (done - reported >= PROGRESS_BYTES) {
      reported = done;
      self.postMessage({ op: 'progress', done });
    }
  };
  const read = (blob, expected, path) => {
    let buf;
    try {
      buf = timed('readMs', () => new Uint8Array(reader.readAsArrayBuffer(blob)));
    } catch (e) {
      throw changed(path);
    }
    if (buf.length !== expected) throw changed(path);
    return buf;
  };
  let i = 0;
  while (i < files.length) {
    if (sizes[i] <= SLICE) {
      let j = i;
      let bytes = 0;
      while (j < files.length && sizes[j] <= SLICE && bytes + sizes[j] <= SLICE) {
        bytes += sizes[j];
        j += 1;
      }
      const buf = read(new Blob(files.slice(i, j)), bytes, paths[i]);
      if (content) timed('shaMs', () => content.update(buf));
      if (digests) {
        timed('md5Ms', () => {
          let at = 0;
          for (let k = i; k < j; k += 1) {
            const m = new Md5();
            m.update(buf.subarray(at, at + sizes[k]));
            digests[k] = m.finish();
            at += sizes[k];
          }
        });
      }
      done += bytes;
      i = j;
    } else {
      const m = digests ? new Md5() : null;
      for (let at = 0; at < sizes[i]; at += SLICE) {
        const end = Math.min(at + SLICE, sizes[i]);
        const buf = read(files[i].slice(at, end), end - at, paths[i]);
        if (content) timed('shaMs', () => content.update(buf));
        if (m) timed('md5Ms', () => m.update(buf));
        done += end - at;
        progress();
      }
      if (m) digests[i] = m.finish();
      i += 1;
    }
    progress();
  }
  self.postMessage({ op: 'progress', done });
  timing.totalMs = performance.now() - started;
  // `timing`: where the time went (ms), for `cargo xtask bench`; the page reads only hash and md5.
  return { hash: content ? content.finish() : null, md5: digests, timing };
}
