// Tiny static file server for browser tests (node:http, 127.0.0.1, random port).
// Serves index.html for directories, sets content types, and refuses any path
// that would escape the served folder.
//
//   import { serveStatic } from './serve-static.mjs';
//   const server = await serveStatic('public');   // { url, port, close() }
//   ... fetch(server.url + '/blog/') ...
//   const sub = await serveStatic('public', { prefix: '/rusplan' });  // as a folder on a host
//   ... fetch(sub.url + '/rusplan/blog/') ...   (anything outside /rusplan/ is 404)
//   await server.close();
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.rss': 'application/rss+xml; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

export function contentType(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

// Maps a URL pathname to a file inside root, or null if it escapes root.
function resolveInside(root, pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.resolve(root, './' + decoded);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

async function handle(root, prefix, req, res) {
  const send = (status, body, type = 'text/plain; charset=utf-8', extra = {}) => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...extra });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
  let { pathname } = new URL(req.url, 'http://localhost');
  if (prefix) {
    // A site published in a folder of the host: nothing outside the folder is the site's.
    if (pathname === prefix) return send(301, '', undefined, { Location: prefix + '/' });
    if (!pathname.startsWith(prefix + '/')) return send(404, 'outside the site\n');
    pathname = pathname.slice(prefix.length);
  }
  let file = resolveInside(root, pathname);
  if (!file) return send(403, 'forbidden\n');
  try {
    let stat = await fs.stat(file);
    if (stat.isDirectory()) {
      if (!pathname.endsWith('/')) return send(301, '', undefined, { Location: prefix + pathname + '/' });
      file = path.join(file, 'index.html');
      stat = await fs.stat(file);
    }
    if (!stat.isFile()) return send(404, 'not found\n');
    // Refuse symlinks that point outside the folder.
    const real = await fs.realpath(file);
    if (real !== root && !real.startsWith(root + path.sep)) return send(403, 'forbidden\n');
    send(200, await fs.readFile(file), contentType(file));
  } catch {
    // Serve the site's own 404 page if it has one.
    try {
      send(404, await fs.readFile(path.join(root, '404.html')), 'text/html; charset=utf-8');
    } catch {
      send(404, 'not found\n');
    }
  }
}

// Starts serving dir; resolves to { server, port, url, close }.
export async function serveStatic(dir, { host = '127.0.0.1', port = 0, prefix = '' } = {}) {
  const root = await fs.realpath(path.resolve(dir));
  const server = http.createServer((req, res) => {
    handle(root, prefix.replace(/\/+$/, ''), req, res).catch((err) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  const actual = server.address().port;
  return {
    server,
    port: actual,
    url: `http://${host}:${actual}`,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}
