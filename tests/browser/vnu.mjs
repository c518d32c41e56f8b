// HTML validation of a built site with the Nu HTML checker (vnu-jar, needs java).
//
//   node tests/browser/vnu.mjs <site-dir>
//
// Checks every HTML file under <site-dir>, prints each error as
// "file:line:col: message" and a final "N passed, M failed" line counting
// files; exits 1 on any error.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const VNU_JAR = String(createRequire(import.meta.url)('vnu-jar')); // module exports a String object
const HTML_EXT = /\.(html?|xht(ml)?)$/i;

function htmlFiles(dir) {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && HTML_EXT.test(e.name))
    .map((e) => fs.realpathSync(path.join(e.parentPath ?? e.path, e.name)));
}

// Path relative to the working directory when below it, else absolute.
function display(file) {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

function parseReport(text) {
  const start = text.indexOf('{');
  if (start < 0) return null;
  try {
    return JSON.parse(text.slice(start));
  } catch {
    return null;
  }
}

const siteDir = process.argv[2];
if (!siteDir || process.argv.length > 3) {
  console.error('usage: node tests/browser/vnu.mjs <site-dir>');
  process.exit(2);
}
if (!fs.statSync(siteDir, { throwIfNoEntry: false })?.isDirectory()) {
  console.error(`vnu: not a directory: ${siteDir}`);
  process.exit(2);
}

const files = htmlFiles(siteDir);
if (files.length === 0) {
  console.error(`vnu: no HTML files under ${siteDir}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const run = spawnSync('java',
  ['-jar', VNU_JAR, '--errors-only', '--skip-non-html', '--format', 'json', siteDir],
  { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
if (run.error) {
  console.error(`vnu: cannot run java: ${run.error.message}`);
  process.exit(1);
}
// vnu writes its JSON report to stderr (stdout with --stdout); accept either.
const report = parseReport(run.stderr) ?? parseReport(run.stdout);
if (!report) {
  console.error(`vnu: no JSON report (exit ${run.status})\n${run.stderr}${run.stdout}`);
  process.exit(1);
}

const failedFiles = new Set();
let otherErrors = 0;
for (const m of report.messages) {
  if (m.type !== 'error' && m.type !== 'non-document-error') continue;
  const file = m.url?.startsWith('file:') ? display(fileURLToPath(m.url)) : m.url ?? siteDir;
  const line = m.firstLine ?? m.lastLine ?? 0;
  const col = m.firstColumn ?? m.lastColumn ?? 0;
  console.log(`${file}:${line}:${col}: ${m.message}`);
  if (m.url?.startsWith('file:')) failedFiles.add(fs.realpathSync(fileURLToPath(m.url)));
  else otherErrors++;
}

const failed = failedFiles.size + otherErrors;
const passed = files.filter((f) => !failedFiles.has(f)).length;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
