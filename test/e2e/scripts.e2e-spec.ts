import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

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
