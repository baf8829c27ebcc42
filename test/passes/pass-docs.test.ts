// Every registered pass documents itself: a one-line summary, a description, and a described, well-typed default
// for each option; `litec passes` lists each pass with its summary and options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { passRegistry } from '../../passes/index.js';
import { passesCommand } from '../../src/cli/passes-cmd.js';

test('each pass has a summary, a description and described options with valid defaults', () => {
  const specs = passRegistry.all();
  assert.ok(specs.length >= 14);
  for (const spec of specs) {
    assert.match(spec.name, /^[a-z][a-z0-9-]*$/);
    assert.ok(spec.summary.length >= 20 && !spec.summary.includes('\n'), `${spec.name}: summary must be one line`);
    assert.ok((spec.description ?? '').length >= 40, `${spec.name}: no description`);
    for (const [key, o] of Object.entries(spec.options ?? {})) {
      assert.match(key, /^[a-z][a-z0-9-]*$/, `${spec.name}: option ${key} is not kebab-case`);
      assert.ok(o.description.length >= 10, `${spec.name}{${key}}: no description`);
      const want = { int: 'number', float: 'number', bool: 'boolean', string: 'string', enum: 'string' }[o.type];
      assert.equal(typeof o.default, want, `${spec.name}{${key}}: default is not a ${o.type}`);
      if (o.type === 'int') assert.ok(Number.isInteger(o.default), `${spec.name}{${key}}: default is not an integer`);
      if (o.type === 'enum') assert.ok(o.values?.includes(o.default as string), `${spec.name}{${key}}: default is not one of its values`);
    }
  }
});

test('litec passes lists every pass with its summary and every option with its default', async () => {
  let out = '';
  const code = await passesCommand([], { stdout: (s) => (out += s), stderr: () => undefined });
  assert.equal(code, 0);
  for (const spec of passRegistry.all()) {
    assert.ok(out.includes(`${spec.name.padEnd(24)} ${spec.summary}`), `${spec.name} missing from litec passes`);
    for (const [key, o] of Object.entries(spec.options ?? {})) assert.ok(out.includes(`${key}=${String(o.default)}`), `${spec.name}{${key}} missing`);
  }
});
