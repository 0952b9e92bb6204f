import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eventually } from '@loyalty/testing';

const ROOT = join(__dirname, '../..');
const SECRET = 'a'.repeat(40);

/** A checkout of the scripts alone, so each case has its own .env and .data. */
async function scratchCheckout(dotEnv: string | null): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'loyalty-scripts-'));
  await mkdir(join(root, 'scripts/lib'), { recursive: true });
  for (const file of ['scripts/lib/environment.sh', 'scripts/with-local-env.sh', '.node-version']) {
    await copyFile(join(ROOT, file), join(root, file));
  }
  if (dotEnv !== null) await writeFile(join(root, '.env'), dotEnv);
  return root;
}

/** Runs the wrapper around a command that prints the secrets the apps would see. */
async function run(root: string, environment: Record<string, string>) {
  const { STAFF_TOKEN_SECRET: _staff, MEMBER_TOKEN_SECRET: _member, ...inherited } = process.env;
  try {
    const { stdout, stderr } = await promisify(execFile)(
      'bash',
      [
        join(root, 'scripts/with-local-env.sh'),
        process.execPath,
        '-e',
        'console.log(process.env.STAFF_TOKEN_SECRET + " " + process.env.MEMBER_TOKEN_SECRET)',
      ],
      { env: { ...inherited, ...environment } },
    );
    return { code: 0, stdout: stdout.trim(), stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout.trim(), stderr: failed.stderr };
  }
}

describe('the scripts take the token secrets from the operator', () => {
  const roots: string[] = [];
  const checkout = async (dotEnv: string | null) => {
    const root = await scratchCheckout(dotEnv);
    roots.push(root);
    return root;
  };

  afterAll(async () => {
    await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
  });

  it('uses the secrets given in the environment and says so', async () => {
    const answer = await run(await checkout(null), {
      STAFF_TOKEN_SECRET: SECRET,
      MEMBER_TOKEN_SECRET: `${SECRET}b`,
    });
    expect(answer).toMatchObject({ code: 0, stdout: `${SECRET} ${SECRET}b` });
    expect(answer.stderr).toContain('STAFF_TOKEN_SECRET: from the environment');
    expect(answer.stderr).toContain('MEMBER_TOKEN_SECRET: from the environment');
  });

  it('uses the secrets of a .env, quoted or not, where the environment has none', async () => {
    const root = await checkout(
      `# the operator's secrets\nSTAFF_TOKEN_SECRET="${SECRET}"\nMEMBER_TOKEN_SECRET=${SECRET}c\n`,
    );
    const answer = await run(root, {});
    expect(answer).toMatchObject({ code: 0, stdout: `${SECRET} ${SECRET}c` });
    expect(answer.stderr).toContain('STAFF_TOKEN_SECRET: from .env');
    const overridden = await run(root, { STAFF_TOKEN_SECRET: `${SECRET}d` });
    expect(overridden.stdout).toBe(`${SECRET}d ${SECRET}c`);
  });

  it('generates secrets for this machine once when nobody gave any', async () => {
    const root = await checkout(null);
    const first = await run(root, {});
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('STAFF_TOKEN_SECRET: from .data/secrets.env');
    const stored = await readFile(join(root, '.data/secrets.env'), 'utf8');
    const [staff] = first.stdout.split(' ');
    expect(stored).toContain(`STAFF_TOKEN_SECRET=${staff}`);
    expect((await run(root, {})).stdout).toBe(first.stdout);
  });

  it('says which command failed instead of exiting silently', async () => {
    const failing = await promisify(execFile)('bash', [
      '-c',
      `source ${join(ROOT, 'scripts/lib/environment.sh')}; set -eE; report_failures; false; echo never`,
    ]).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(failing).toMatchObject({ code: 1, stdout: '' });
    expect((failing as { stderr: string }).stderr).toMatch(/failed \(exit 1\): false/);
  });
});

/**
 * `npm start` run in the background by a script (SIGINT ignored, as a non-interactive shell
 * leaves it for its background jobs) must stop on SIGINT or SIGTERM to npm's PID. npm forwards
 * both to its script's process; the script must then be start.sh itself (`exec`), not a shell
 * that dies and leaves start.sh and the apps running. Here start.sh is a stand-in with the real
 * one's trap shape (stop the children, wait, exit); the npm script is the project's own.
 */
describe('npm start in the background', () => {
  const STAND_IN = `#!/usr/bin/env bash
set -euo pipefail
sleep 300 &
child=$!
stop() { trap - INT TERM; kill -TERM "$child" 2>/dev/null || true; wait "$child" || true; echo stopped > stopped; exit 0; }
trap stop INT TERM
echo "$$" > script
echo "$child" > child
wait "$child"
`;

  async function startInBackground(): Promise<{
    root: string;
    npmPid: number;
    childPid: number;
    scriptPid: number;
  }> {
    const root = await mkdtemp(join(tmpdir(), 'loyalty-start-'));
    const scripts = (
      JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    await writeFile(
      join(root, 'package.json'),
      JSON.stringify({ name: 'start-stand-in', private: true, scripts: { start: scripts.start } }),
    );
    await mkdir(join(root, 'scripts'));
    await writeFile(join(root, 'scripts/start.sh'), STAND_IN);
    const { stdout } = await promisify(execFile)(
      'bash',
      ['-c', 'npm start >/dev/null 2>&1 & echo $!'],
      { cwd: root },
    );
    const npmPid = Number(stdout.trim());
    const childPid = Number(
      await eventually(
        () => readFile(join(root, 'child'), 'utf8').catch(() => ''),
        (text) => text.trim() !== '',
        { timeoutMs: 20_000, intervalMs: 50 },
      ),
    );
    const scriptPid = Number(await readFile(join(root, 'script'), 'utf8'));
    return { root, npmPid, childPid, scriptPid };
  }

  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'stops the script and what it started on %s to npm',
    async (signal) => {
      const { root, npmPid, childPid, scriptPid } = await startInBackground();
      try {
        process.kill(npmPid, signal);
        await eventually(
          () => Promise.resolve(alive(npmPid) || alive(scriptPid) || alive(childPid)),
          (running) => !running,
          { timeoutMs: 20_000, intervalMs: 50 },
        );
        expect(await readFile(join(root, 'stopped'), 'utf8')).toBe('stopped\n');
      } finally {
        // Whatever a failed stop left running.
        for (const pid of [npmPid, scriptPid, childPid])
          if (alive(pid)) process.kill(pid, 'SIGKILL');
        await rm(root, { recursive: true, force: true });
      }
    },
    30_000,
  );
});

describe('every npm script runs on the Node.js npm start uses', () => {
  it('starts node only through scripts/with-local-env.sh or scripts/with-node.sh', async () => {
    const { scripts } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    // Each `&&`-separated command that starts node (or a bin that needs a recent one).
    const bare = Object.entries(scripts).flatMap(([name, script]) =>
      script
        .split('&&')
        .map((command) => command.trim())
        .filter((command) => /(^|\s)(node|typeorm)\s/.test(command))
        .filter((command) => !/scripts\/with-(local-env|node)\.sh /.test(command))
        .map((command) => `${name}: ${command}`),
    );
    expect(bare).toEqual([]);
  });
});
