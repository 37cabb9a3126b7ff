import type {ChildProcess} from 'node:child_process';
import process from 'node:process';

/** A server a test or bench started: what it printed last, whether it has exited, and a stop by its pid. */
export type Supervised = {
	/** Why it is gone (`exited (code 1)`, `could not start: …`), or undefined while it runs. */
	exited(): string | undefined;
	/** The tail of what it printed on stdout and stderr, for an error message. */
	output(): string;
	/** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
	stop(graceMs: number): Promise<void>;
};

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A runner that dies mid-way must not leave its servers behind. */
function killOnExit(child: ChildProcess): void {
	running.add(child);
	child.once('exit', () => running.delete(child));
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		process.once('exit', () => {
			for (const server of running) {
				server.kill('SIGKILL');
			}
		});
	}
}

/** Watches a spawned server (stdio piped): keeps the tail of its output and notes its exit. */
export function supervise(child: ChildProcess, tailChars: number): Supervised {
	killOnExit(child);
	let output = '';
	const keep = (chunk: Buffer) => {
		// Only the tail matters for an error message; never let it grow unbounded.
		output = (output + chunk.toString()).slice(-tailChars);
	};

	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	let exited: string | undefined;
	const exitPromise = new Promise<void>(resolve => {
		child.once('exit', (code, signal) => {
			exited = `exited (${signal ?? `code ${code ?? '?'}`})`;
			resolve();
		});
		child.once('error', error => {
			exited = `could not start: ${error.message}`;
			resolve();
		});
	});

	return {
		exited: () => exited,
		output: () => output,
		async stop(graceMs) {
			if (exited === undefined) {
				child.kill('SIGTERM');
				const killed = setTimeout(() => child.kill('SIGKILL'), graceMs);
				await exitPromise;
				clearTimeout(killed);
			}
		},
	};
}
