// `npm run bench`: runs the bench modules, prints the report, writes bench/results.json and the README's table.
// Flags: --quick (fewer iterations, lite0 only; writes bench/partial.json only), --only NAME (one module, same).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedModelsPresent } from '../support/shared-models.js';
import { repoRoot } from './efficientnet-memory.js';
import { BENCH_MODULES, type BenchModule } from './modules.js';
import { formatSection, machineInfo, machineLine, readmeBlock, spliceReadme, type BenchResults, type BenchSection } from './report.js';

interface Args {
  quick: boolean;
  only: string | undefined;
  help: boolean;
}

export function parseBenchArgs(argv: readonly string[]): Args {
  const args: Args = { quick: false, only: undefined, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') args.quick = true;
    else if (a === '--help' || a === '-h') args.help = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const v = a === '--only' ? argv[++i] : a.slice('--only='.length);
      if (v === undefined || v === '') throw new Error('bench: --only needs a module name');
      args.only = v;
    } else throw new Error(`bench: unknown argument '${a}' (use --quick, --only NAME, --help)`);
  }
  if (args.only !== undefined && !BENCH_MODULES.some((m) => m.name === args.only)) {
    throw new Error(`bench: no module '${args.only}' (modules: ${BENCH_MODULES.map((m) => m.name).join(', ')})`);
  }
  return args;
}

function usage(): string {
  return [
    'usage: npm run bench -- [--quick] [--only NAME]',
    '  --quick      fewer iterations, efficientnet-lite0 only (a smoke run)',
    '  --only NAME  run one module',
    'A full run writes bench/results.json and the README table; --quick/--only write bench/partial.json only.',
    '',
    'Modules:',
    ...BENCH_MODULES.map((m) => `  ${m.name.padEnd(13)} ${m.summary}`),
  ].join('\n');
}

async function runModule(m: BenchModule, quick: boolean): Promise<BenchSection> {
  const log = (line: string): void => void process.stderr.write(`  [${m.name}] ${line}\n`);
  const t0 = performance.now();
  try {
    const out = await m.run({ quick, log });
    return { name: m.name, figures: out.figures, text: out.text ?? '', markdown: out.markdown ?? '', data: out.data, ms: performance.now() - t0 };
  } catch (e) {
    // A benchmark never fails the run: the failure is reported and the other modules still run.
    const error = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
    return { name: m.name, figures: [], text: '', error, ms: performance.now() - t0 };
  }
}

export async function runBench(args: Args, root: string): Promise<BenchResults> {
  const modules = args.only === undefined ? BENCH_MODULES : BENCH_MODULES.filter((m) => m.name === args.only);
  const machine = machineInfo();
  console.log(`litec bench${args.quick ? ' --quick' : ''}${args.only ? ` --only ${args.only}` : ''}: ${machineLine(machine)}`);
  const t0 = performance.now();
  const sections: BenchSection[] = [];
  for (const m of modules) {
    process.stderr.write(`${m.name}: ${m.summary}\n`);
    const s = await runModule(m, args.quick);
    sections.push(s);
    console.log(formatSection(s));
  }
  const results: BenchResults = { machine, quick: args.quick, totalMs: performance.now() - t0, sections };
  const full = !args.quick && args.only === undefined;
  const outDir = join(root, 'bench');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, full ? 'results.json' : 'partial.json');
  writeFileSync(file, JSON.stringify(results, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
  console.log(`\nwrote ${file}`);
  if (full) {
    const readme = join(root, 'README.md');
    writeFileSync(readme, spliceReadme(readFileSync(readme, 'utf8'), readmeBlock(results)));
    console.log(`updated the benchmark table in ${readme}`);
  }
  const failed = sections.filter((s) => s.error !== undefined).map((s) => s.name);
  console.log(`done in ${(results.totalMs / 60000).toFixed(1)} min${failed.length > 0 ? `; FAILED modules: ${failed.join(', ')}` : ''}`);
  return results;
}

/**
 * test/support/shared-models.ts finds ../shared/models relative to its own file, which from dist/ points one
 * level too deep; when that happens, run this file from source through tsx so the real-model modules still run.
 */
function rerunFromSource(root: string, argv: readonly string[]): number | undefined {
  const self = fileURLToPath(import.meta.url);
  if (sharedModelsPresent() || !self.includes(`${sep}dist${sep}`)) return undefined;
  // The folder test/support resolves to when run from source: <repo>/../shared/models.
  if (!existsSync(join(root, '..', 'shared', 'models', 'MANIFEST.md'))) return undefined;
  console.error('bench: ../shared/models is not visible from dist/; running test/bench/index.ts through tsx');
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'test', 'bench', 'index.ts'), ...argv], { cwd: root, stdio: 'inherit' }).status ?? 1;
}

async function main(argv: readonly string[]): Promise<number> {
  let args: Args;
  try {
    args = parseBenchArgs(argv);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    return 2;
  }
  if (args.help) {
    console.log(usage());
    return 0;
  }
  const root = repoRoot();
  const rerun = rerunFromSource(root, argv);
  if (rerun !== undefined) return rerun;
  await runBench(args, root);
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
