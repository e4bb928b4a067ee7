// The import rules of design/ARCHITECTURE.md as one ESLint rule.
// Every file under src/ lives in a room; an import (static, dynamic, re-export or require) may only point
// at the rooms its room is allowed to see, and only at the npm packages that room may use.
import { builtinModules } from 'node:module';
import path from 'node:path';

/** Room of a path relative to the repository root, or null for files outside src/. */
export function roomOf(relPath) {
  const p = relPath.split(path.sep).join('/');
  if (!p.startsWith('src/')) return null;
  const [, top, sub] = p.split('/');
  if (top === 'engine') return sub === 'worker' ? 'engine-worker' : 'engine';
  if (top === 'main') {
    if (sub === 'electron') return 'main-electron';
    if (sub === 'services') return 'main-services';
    if (sub === 'web') return 'main-web';
    return 'main';
  }
  return top ?? null;
}

const MAIN = ['main', 'main-services', 'main-web'];
const ENGINE = ['engine', 'engine-worker'];

/** Which rooms each room may import from (ARCHITECTURE.md "Arrows allowed"). */
export const ALLOWED_ROOMS = {
  shared: ['shared'],
  engine: ['engine', 'shared'],
  'engine-worker': [...ENGINE, 'shared'],
  main: [...MAIN, ...ENGINE, 'sdk', 'shared'],
  'main-services': [...MAIN, ...ENGINE, 'sdk', 'shared'],
  'main-web': [...MAIN, ...ENGINE, 'sdk', 'shared'],
  'main-electron': [...MAIN, 'main-electron', ...ENGINE, 'sdk', 'shared'],
  preload: ['preload', 'shared'],
  renderer: ['renderer', 'shared'],
  sdk: ['sdk', 'shared'],
  cloud: ['cloud', ...ENGINE, 'shared'],
  // The CLI drives the app through its services (and serves browser mode through main/web), never its internals.
  cli: ['cli', 'main-services', 'main-web', 'cloud', 'sdk', ...ENGINE, 'shared'],
};

const NATIVE = ['better-sqlite3', 'serialport', '@serialport/', 'keytar', 'node-web-audio-api'];
const SERVER = ['ws', 'fastify', '@fastify/', 'kysely', 'pg', 'jose', '@node-rs/'];
const UI = ['react', 'react-dom', 'react/', 'react-dom/'];

/** npm packages: an allow-list for the pure rooms, a deny-list for the rest. */
export const PACKAGE_RULES = {
  shared: { allow: [] },
  engine: { allow: ['fft.js'] },
  // The worker room is the engine's Node side: it starts threads and finds their files, and it renders the neural
  // symphony's score with node-web-audio-api's OfflineAudioContext (ENGINE.md), so that rendering runs on an
  // engine thread, never on the thread serving the UI or the cloud's requests.
  'engine-worker': {
    allow: ['fft.js', 'node:worker_threads', 'node:fs', 'node:path', 'node:url', 'node-web-audio-api'],
  },
  sdk: { allow: [] },
  preload: { allow: ['electron'] },
  renderer: { deny: ['electron', ...NATIVE, ...SERVER, 'node-builtins'] },
  main: { deny: ['electron', ...UI] },
  'main-services': { deny: ['electron', ...UI] },
  'main-web': { deny: ['electron', ...UI] },
  'main-electron': { deny: [...UI] },
  cloud: { deny: ['electron', ...UI, 'serialport', 'keytar'] },
  cli: { deny: ['electron', ...UI] },
};

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function matches(spec, entry) {
  if (entry === 'node-builtins') return BUILTINS.has(spec) || spec.startsWith('node:');
  if (entry.endsWith('/')) return spec.startsWith(entry);
  return spec === entry || spec.startsWith(`${entry}/`);
}

function packageProblem(room, spec) {
  const rule = PACKAGE_RULES[room];
  if (!rule) return null;
  if (rule.allow) {
    return rule.allow.some((e) => matches(spec, e))
      ? null
      : `src/${room.replace('-', '/')} may not import '${spec}' (allowed packages: ${rule.allow.join(', ') || 'none'})`;
  }
  const hit = rule.deny.find((e) => matches(spec, e));
  return hit ? `src/${room.replace('-', '/')} may not import '${spec}'` : null;
}

/** @type {import('eslint').Rule.RuleModule} */
export const roomBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the import arrows between the rooms of design/ARCHITECTURE.md' },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    const file = path.relative(root, context.filename);
    const room = roomOf(file);
    if (!room || !ALLOWED_ROOMS[room]) return {};

    function check(node, spec) {
      if (typeof spec !== 'string') return;
      if (spec.startsWith('.')) {
        const target = path.relative(root, path.resolve(path.dirname(context.filename), spec));
        const targetRoom = roomOf(target) ?? 'outside-src';
        if (!ALLOWED_ROOMS[room].includes(targetRoom)) {
          context.report({
            node,
            message: `Import across a forbidden arrow: ${room} -> ${targetRoom} ('${spec}'). See design/ARCHITECTURE.md.`,
          });
        }
        return;
      }
      const problem = packageProblem(room, spec);
      if (problem) context.report({ node, message: `${problem}. See design/ARCHITECTURE.md.` });
    }

    const fromSource = (node) => node.source && check(node.source, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node.source, node.source.value);
      },
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') {
          const [arg] = node.arguments;
          if (arg?.type === 'Literal') check(arg, arg.value);
        }
      },
    };
  },
};

export default { rules: { 'room-boundaries': roomBoundaries } };
