import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEvent, loadBundledAction } from '../../emulator/actions/index.ts';

// Node 22's global objects, as its documentation lists them
// (https://nodejs.org/docs/latest-v22.x/api/globals.html), with what `typeof` gives in Node 22.
const NODE_22_GLOBALS: Record<string, 'function' | 'object'> = {
  AbortController: 'function',
  AbortSignal: 'function',
  atob: 'function',
  Blob: 'function',
  BroadcastChannel: 'function',
  btoa: 'function',
  Buffer: 'function',
  ByteLengthQueuingStrategy: 'function',
  clearImmediate: 'function',
  clearInterval: 'function',
  clearTimeout: 'function',
  CompressionStream: 'function',
  console: 'object',
  CountQueuingStrategy: 'function',
  Crypto: 'function',
  crypto: 'object',
  CryptoKey: 'function',
  CustomEvent: 'function',
  DecompressionStream: 'function',
  DOMException: 'function',
  Event: 'function',
  EventTarget: 'function',
  fetch: 'function',
  File: 'function',
  FormData: 'function',
  global: 'object',
  Headers: 'function',
  MessageChannel: 'function',
  MessageEvent: 'function',
  MessagePort: 'function',
  Navigator: 'function',
  navigator: 'object',
  PerformanceEntry: 'function',
  PerformanceMark: 'function',
  PerformanceMeasure: 'function',
  PerformanceObserver: 'function',
  PerformanceObserverEntryList: 'function',
  PerformanceResourceTiming: 'function',
  performance: 'object',
  process: 'object',
  queueMicrotask: 'function',
  ReadableByteStreamController: 'function',
  ReadableStream: 'function',
  ReadableStreamBYOBReader: 'function',
  ReadableStreamBYOBRequest: 'function',
  ReadableStreamDefaultController: 'function',
  ReadableStreamDefaultReader: 'function',
  Request: 'function',
  Response: 'function',
  setImmediate: 'function',
  setInterval: 'function',
  setTimeout: 'function',
  structuredClone: 'function',
  SubtleCrypto: 'function',
  TextDecoder: 'function',
  TextDecoderStream: 'function',
  TextEncoder: 'function',
  TextEncoderStream: 'function',
  TransformStream: 'function',
  TransformStreamDefaultController: 'function',
  URL: 'function',
  URLSearchParams: 'function',
  WebAssembly: 'object',
  WebSocket: 'function',
  WritableStream: 'function',
  WritableStreamDefaultController: 'function',
  WritableStreamDefaultWriter: 'function',
};

/**
 * Globals Node 22 lists that an Action does not get, each with the source that says so. Node 22
 * has these only behind a command-line flag, which Auth0 does not document setting.
 */
const ABSENT: Record<string, string> = {
  EventSource: 'Node 22: only with --experimental-eventsource',
  localStorage: 'Node 22: only with --experimental-webstorage',
  sessionStorage: 'Node 22: only with --experimental-webstorage',
  Storage: 'Node 22: only with --experimental-webstorage',
};

const probe = async (body: string) => {
  const action = await loadBundledAction({
    name: 'probe',
    code: `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('https://c.test/r', await (async () => { ${body} })()); };`,
  });
  const outcome = await action.run(buildEvent());
  expect(outcome.error).toBeUndefined();
  return { value: outcome.idToken?.payload['https://c.test/r'], outcome, action };
};

describe('the Action realm', () => {
  it('Auth0 runs Actions on Node 22: every Node 22 global is there, or a source says why not', async () => {
    const names = [...Object.keys(NODE_22_GLOBALS), ...Object.keys(ABSENT)];
    const { value } = await probe(
      `return Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, typeof globalThis[n]]));`,
    );
    const expected = {
      ...NODE_22_GLOBALS,
      ...Object.fromEntries(Object.keys(ABSENT).map((name) => [name, 'undefined'])),
    };
    expect(value).toEqual(expected);
  });

  it('gives the globals packages rely on their Node behaviour', async () => {
    const { value } = await probe(`
      const form = new FormData(); form.append('file', new Blob(['abc'], { type: 'text/plain' }), 'a.txt');
      const file = form.get('file');
      const stream = new ReadableStream({ start(c) { c.enqueue('x'); c.close(); } });
      const chunks = []; for await (const chunk of stream) chunks.push(chunk);
      const target = new EventTarget(); let heard = 0; target.addEventListener('ping', () => heard++); target.dispatchEvent(new Event('ping'));
      const { port1, port2 } = new MessageChannel();
      const message = await new Promise((resolve) => { port2.onmessage = (m) => { resolve(m.data); port1.close(); }; port1.postMessage('hi'); });
      return [file instanceof File, await file.text(), chunks, heard, message,
        typeof performance.now(), new DOMException('x', 'AbortError').name,
        navigator.userAgent.startsWith('Node.js/'), navigator.hardwareConcurrency > 0,
        typeof crypto.randomUUID(), (await crypto.subtle.digest('SHA-256', new TextEncoder().encode('a'))).byteLength];
    `);
    expect(value).toEqual([true, 'abc', ['x'], 1, 'hi', 'number', 'AbortError', true, true, 'string', 32]);
  });

  it('gives the Action a process as Node has it, with the toolkit environment hidden', async () => {
    process.env.LOCAL_REALM_PROBE = 'toolkit secret';
    const { value, outcome } = await probe(`
      const tick = await new Promise((resolve) => process.nextTick(() => resolve('ticked')));
      process.stdout.write('to stdout\\n'); process.stderr.write('to stderr\\n');
      process.emitWarning('careful');
      return [process.stdout.fd, process.stderr.fd, tick, typeof process.hrtime.bigint(), typeof process.cwd(),
        process.version, Object.keys(process.env).length, process.env.LOCAL_REALM_PROBE ?? null,
        process.platform, typeof process.memoryUsage().heapUsed, process instanceof require('events'),
        Object.prototype.toString.call(process)];
    `);
    delete process.env.LOCAL_REALM_PROBE;
    expect(value).toEqual([
      1,
      2,
      'ticked',
      'bigint',
      'string',
      process.version,
      0,
      null,
      process.platform,
      'number',
      true,
      '[object process]',
    ]);
    expect(outcome.logs).toEqual(['to stdout', 'to stderr', `(node:${process.pid}) Warning: careful`]);
  });

  it('loads the debug package pattern: tty.isatty on process.stderr.fd and util.inspect', async () => {
    const { value } = await probe(`
      const tty = require('tty'); const util = require('util');
      return [typeof tty.isatty(process.stderr.fd), util.inspect({ a: 1 }), 'colors' in util.inspect.defaultOptions];
    `);
    expect(value).toEqual(['boolean', '{ a: 1 }', true]);
  });

  it('keeps what an Action changes on Node objects and globals in its own realm', async () => {
    const before = { from: Buffer.from, now: performance.now, request: (await import('node:http')).request };
    const { value } = await probe(`
      Buffer.from = () => 'replaced'; delete URL.canParse; performance.now = () => -1;
      require('http').request = () => 'replaced'; require('crypto').createHash = null;
      globalThis.fetch = () => 'replaced'; process.env.X = '1'; process.exitCode = 3; process.title = 'action';
      process.on('exit', () => {});
      return [Buffer.from('a'), typeof URL.canParse, performance.now(), typeof require('crypto').createHash];
    `);
    expect(value).toEqual(['replaced', 'undefined', -1, 'object']);
    const http = await import('node:http');
    const crypto = await import('node:crypto');
    expect([Buffer.from, performance.now, http.request]).toEqual([before.from, before.now, before.request]);
    expect([typeof URL.canParse, typeof crypto.createHash, process.env.X, process.exitCode]).toEqual([
      'function',
      'function',
      undefined,
      undefined,
    ]);
    expect(process.title).not.toBe('action');
    expect(process.listenerCount('exit')).toBeLessThan(5);
  });

  it('refuses what would stop the toolkit process, in the Action realm', async () => {
    const { value } = await probe(`
      const refused = [];
      for (const call of [() => process.exit(1), () => process.kill(process.pid), () => process.chdir('/')]) {
        try { call(); } catch (e) { refused.push(e instanceof Error && /not available to the Action probe/.test(e.message)); }
      }
      return refused;
    `);
    expect(value).toEqual([true, true, true]);
  });

  it('lets an Action read files but never write, create or remove one, in every calling style', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'realm-fs-'));
    const existing = join(dir, 'kept.txt');
    writeFileSync(existing, 'kept');
    const { value } = await probe(`
      const fs = require('fs'); const fsp = require('node:fs/promises');
      const dir = ${JSON.stringify(dir)}; const existing = ${JSON.stringify(existing)};
      const codes = [];
      const sync = [() => fs.writeFileSync(dir + '/new.txt', 'x'), () => fs.appendFileSync(existing, 'x'),
        () => fs.unlinkSync(existing), () => fs.mkdirSync(dir + '/sub'), () => fs.openSync(existing, 'w'),
        () => fs.createWriteStream(dir + '/stream.txt'), () => fs.rmSync(dir, { recursive: true })];
      for (const call of sync) { try { call(); codes.push('written'); } catch (e) { codes.push(e.code); } }
      codes.push(await new Promise((resolve) => fs.writeFile(dir + '/cb.txt', 'x', (e) => resolve(e ? e.code : 'written'))));
      codes.push(await fsp.writeFile(dir + '/p.txt', 'x').then(() => 'written', (e) => e.code));
      codes.push(await fs.promises.rm(existing).then(() => 'written', (e) => e.code));
      const fd = fs.openSync(existing, 'r'); fs.closeSync(fd);
      return { codes, read: fs.readFileSync(existing, 'utf8'), readAsync: await fsp.readFile(existing, 'utf8'),
        message: (() => { try { fs.writeFileSync(existing, 'x'); } catch (e) { return e.message; } })() };
    `);
    expect(value).toMatchObject({ codes: Array(10).fill('EROFS'), read: 'kept', readAsync: 'kept' });
    expect((value as { message: string }).message).toContain(
      `EROFS: read-only file system, writeFile '${existing}'`,
    );
    expect(readdirSync(dir)).toEqual(['kept.txt']);
    expect(readFileSync(existing, 'utf8')).toBe('kept');
    rmSync(dir, { recursive: true });
  });

  it("still stops code that spins past the time limit, with Node's globals in the realm", async () => {
    const action = await loadBundledAction({
      name: 'spinner',
      code: 'exports.onExecutePostLogin = async () => { const end = performance.now() + 5000; while (performance.now() < end) {} };',
    });
    const outcome = await action.run(buildEvent(), { timeoutMs: 50 });
    expect(outcome.error?.message).toMatch(/spinner did not finish within the flow's time limit of 50 ms/);
  });
});
