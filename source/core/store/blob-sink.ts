/**
 * A blob file written and hashed off the main thread. The main thread only
 * receives the bytes and copies them into 1 MiB batches of memory shared with
 * a worker, which hashes each batch and has it written (posting each batch as
 * its own transferred buffer cost more than the hash: allocation and GC). For one big layer the hash runs beside the download
 * instead of after each chunk; for several layers two cores hash at once, as
 * skopeo does. A pool of at most two workers serves every blob of a process.
 */
import {availableParallelism} from 'node:os';
import {Writable} from 'node:stream';
import {Worker} from 'node:worker_threads';

const batchBytes = 1024 * 1024;
/** Batches shared with the worker per blob: with none free the download waits for one to be written. */
const slots = 8;

/** Plain JavaScript run as an eval'd worker: it works the same from dist/ and from the sources under test. */
const workerSource = `
const {parentPort} = require('node:worker_threads');
const {createHash} = require('node:crypto');
const fs = require('node:fs');
const jobs = new Map();
function fail(id, job, error) {
	if (jobs.get(id) === job) {
		jobs.delete(id);
		fs.close(job.fd, () => {});
		parentPort.postMessage({id, error: error.message, code: error.code});
	}
}
function settle(id, job) {
	// The file is closed only once every write has landed.
	if (job.ending && job.pending === 0 && jobs.get(id) === job) {
		jobs.delete(id);
		fs.close(job.fd, () => parentPort.postMessage(job.ending === 'end' ? {id, digest: 'sha256:' + job.hash.digest('hex'), size: job.size} : {id, closed: true}));
	}
}
parentPort.on('message', message => {
	const {id} = message;
	const job = jobs.get(id);
	if (message.path) {
		try {
			jobs.set(id, {fd: fs.openSync(message.path, 'w'), ring: message.ring, hash: createHash('sha256'), size: 0, pending: 0});
		} catch (error) {
			parentPort.postMessage({id, error: error.message, code: error.code});
		}
	} else if (!job) {
		if (message.slot === undefined) {
			parentPort.postMessage({id, closed: true});
		}
	} else if (message.slot !== undefined) {
		// Hashed here while the previous batch is written by libuv's pool: both at once.
		const bytes = new Uint8Array(job.ring, message.slot * ${batchBytes}, message.length);
		job.hash.update(bytes);
		const position = job.size;
		job.size += bytes.length;
		job.pending++;
		fs.write(job.fd, bytes, 0, bytes.length, position, (error, written) => {
			job.pending--;
			if (error || written !== bytes.length) {
				fail(id, job, error || new Error('short write'));
				return;
			}
			parentPort.postMessage({id, ack: message.slot});
			settle(id, job);
		});
	} else {
		job.ending = message.end ? 'end' : 'abort';
		settle(id, job);
	}
});
`;

type Reply = {id: number; ack?: number; digest?: string; size?: number; closed?: boolean; error?: string; code?: string};

type Pooled = {worker: Worker; jobs: Map<number, (reply: Reply) => void>};

const pool: Pooled[] = [];
let nextId = 1;

/** Starts the workers ahead of need (a pull calls this before it asks for the manifest). */
export function warmBlobWorkers(): void {
	while (pool.length < Math.min(2, availableParallelism())) {
		pool.push(startWorker());
	}
}

function startWorker(): Pooled {
	const worker = new Worker(workerSource, {eval: true});
	const pooled: Pooled = {worker, jobs: new Map()};
	worker.on('message', (reply: Reply) => pooled.jobs.get(reply.id)?.(reply));
	worker.on('error', error => {
		// A dead worker fails its blobs; the next blob gets a new one.
		pool.splice(pool.indexOf(pooled), 1);
		for (const [id, deliver] of pooled.jobs) {
			deliver({id, error: error.message});
		}
	});
	// After the listeners: adding a 'message' listener refs the worker again.
	worker.unref();
	return pooled;
}

/** The least busy worker, with a job registered: it keeps the process alive until the job ends. */
function take(id: number, deliver: (reply: Reply) => void): Worker {
	warmBlobWorkers();
	const pooled = pool.reduce((best, candidate) => candidate.jobs.size < best.jobs.size ? candidate : best);
	pooled.jobs.set(id, deliver);
	pooled.worker.ref();
	return pooled.worker;
}

function release(id: number): void {
	for (const pooled of pool) {
		if (pooled.jobs.delete(id) && pooled.jobs.size === 0) {
			pooled.worker.unref();
		}
	}
}

/**
 * Writes what it is given to `path` through a worker, hashing on the way.
 * `result` is the digest and size once the stream has finished; `released`
 * resolves once the worker has let go of the file, whatever happened.
 */
export class BlobSink extends Writable {
	readonly released: Promise<void>;
	#result?: {digest: string; size: number};
	readonly #id = nextId++;
	readonly #worker: Worker;
	/** Memory shared with the worker: no copy, no transfer, no garbage for each batch. */
	readonly #ring = new SharedArrayBuffer(slots * batchBytes);
	readonly #free = Array.from({length: slots}, (_, slot) => slot);
	#slot = this.#free.pop()!;
	#batch = new Uint8Array(this.#ring, this.#slot * batchBytes, batchBytes);
	#filled = 0;
	#waiting?: () => void;
	#finishing?: (error?: Error) => void;
	#failure?: Error;
	#onClosed!: () => void;

	constructor(path: string) {
		super({highWaterMark: batchBytes});
		this.released = new Promise(resolve => {
			this.#onClosed = resolve;
		});
		this.#worker = take(this.#id, reply => {
			this.#reply(reply);
		});
		this.#worker.postMessage({id: this.#id, path, ring: this.#ring});
	}

	get result(): {digest: string; size: number} {
		if (!this.#result) {
			throw new Error('the blob was not written to the end');
		}

		return this.#result;
	}

	override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		if (this.#failure) {
			callback(this.#failure);
			return;
		}

		this.#fill(chunk, 0, callback);
	}

	override _final(callback: (error?: Error | null) => void): void {
		if (this.#failure) {
			callback(this.#failure);
			return;
		}

		if (this.#filled > 0) {
			// The last batch needs no free one after it.
			this.#worker.postMessage({id: this.#id, slot: this.#slot, length: this.#filled});
		}

		this.#finishing = callback;
		this.#worker.postMessage({id: this.#id, end: true});
	}

	override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
		if (this.#result || this.#failure) {
			callback(error);
			return;
		}

		// Stopped midway: the worker closes the file; `released` says when.
		this.#worker.postMessage({id: this.#id, abort: true});
		callback(error);
	}

	/** Copies the chunk into batches; a full batch goes to the worker, and with no free batch left, waits. */
	#fill(chunk: Buffer, from: number, callback: (error?: Error | null) => void): void {
		for (let at = from; at < chunk.length;) {
			if (this.#filled === batchBytes) {
				if (!this.#send()) {
					this.#waiting = () => {
						if (this.#failure) {
							callback(this.#failure);
						} else {
							this.#fill(chunk, at, callback);
						}
					};
					return;
				}
			}

			const taken = Math.min(chunk.length - at, batchBytes - this.#filled);
			this.#batch.set(chunk.subarray(at, at + taken), this.#filled);
			this.#filled += taken;
			at += taken;
		}

		callback();
	}

	/** Hands the current batch to the worker and takes a free one; false when none is free. */
	#send(): boolean {
		if (this.#filled === 0) {
			return true;
		}

		const next = this.#free.pop();
		if (next === undefined) {
			return false;
		}

		this.#worker.postMessage({id: this.#id, slot: this.#slot, length: this.#filled});
		this.#slot = next;
		this.#batch = new Uint8Array(this.#ring, next * batchBytes, batchBytes);
		this.#filled = 0;
		return true;
	}

	#reply(reply: Reply): void {
		if (reply.ack !== undefined) {
			this.#free.push(reply.ack);
			if (this.#waiting) {
				const resume = this.#waiting;
				this.#waiting = undefined;
				resume();
			}

			return;
		}

		release(this.#id);
		this.#onClosed();
		if (reply.digest !== undefined) {
			this.#result = {digest: reply.digest, size: reply.size!};
			this.#finishing?.();
			return;
		}

		if (reply.error !== undefined) {
			this.#failure = Object.assign(new Error(reply.error), {code: reply.code});
			const waiting = this.#waiting ?? this.#finishing;
			this.#waiting = undefined;
			this.#finishing = undefined;
			if (waiting) {
				waiting(this.#failure);
			} else {
				this.destroy(this.#failure);
			}
		}
	}
}
