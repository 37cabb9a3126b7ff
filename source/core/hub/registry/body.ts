/**
 * Reading answers: a body read whole under a size limit (manifests, configs,
 * tokens, listings), and the registry's own error body turned into words.
 */
import type {Readable} from 'node:stream';
import {RegistryError} from '../../errors.js';
import {cleanText} from '../../text.js';
import {describeNetworkError, type Reply} from './transport.js';

export const limits = {
	manifest: 4 * 1024 * 1024,
	config: 8 * 1024 * 1024,
	/** Tokens, catalog pages, tag lists, error bodies. */
	small: 4 * 1024 * 1024,
} as const;

export function mebibytes(bytes: number): string {
	return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}

/** The connection reset or stalled while a body was read: worth asking again. */
export class BodyLostError extends RegistryError {
	constructor(message: string) {
		super(message);
		this.name = 'BodyLostError';
	}
}

/** The whole body, or an error naming `what` once it is larger than `limit`. */
export async function readLimited(reply: Reply, limit: number, what: string, domain: string): Promise<Buffer> {
	const declared = Number(reply.response.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > limit) {
		reply.done();
		throw new RegistryError(`${what} from ${domain} is ${declared} bytes, over the ${mebibytes(limit)} limit`);
	}

	if (!reply.stream) {
		reply.done();
		return Buffer.alloc(0);
	}

	const chunks: Buffer[] = [];
	let size = 0;
	const read = nodeChunks(reply.stream);
	try {
		for (;;) {
			let chunk: IteratorResult<Uint8Array>;
			try {
				// eslint-disable-next-line no-await-in-loop
				chunk = await read.next();
			} catch (error) {
				throw new BodyLostError(`lost ${what} from ${domain} while reading it: ${describeNetworkError(reply.failure(error))}`);
			}

			if (chunk.done) {
				break;
			}

			reply.kick(chunk.value.byteLength);
			size += chunk.value.byteLength;
			if (size > limit) {
				throw new RegistryError(`${what} from ${domain} is over the ${mebibytes(limit)} limit`);
			}

			chunks.push(Buffer.from(chunk.value.buffer, chunk.value.byteOffset, chunk.value.byteLength));
		}
	} finally {
		read.return(undefined).catch(() => {});
		reply.done();
	}

	return Buffer.concat(chunks, size);
}

async function * nodeChunks(stream: Readable): AsyncGenerator<Uint8Array> {
	// destroyOnReturn: false: reply.done() decides whether the connection is closed.
	for await (const chunk of stream.iterator({destroyOnReturn: false})) {
		yield chunk as Buffer;
	}
}

/** The distribution spec's `{"errors":[{"code","message"}]}`, as "manifest unknown", or undefined. */
export async function registryErrorText(reply: Reply, domain: string): Promise<string | undefined> {
	let bytes: Buffer;
	try {
		bytes = await readLimited(reply, 64 * 1024, 'an error', domain);
	} catch {
		return undefined;
	}

	try {
		const parsed = JSON.parse(bytes.toString('utf8')) as {errors?: Array<{code?: unknown; message?: unknown}>};
		const first = Array.isArray(parsed.errors) ? parsed.errors[0] : undefined;
		if (first) {
			const code = typeof first.code === 'string' ? first.code.toLowerCase().replaceAll('_', ' ') : undefined;
			const message = typeof first.message === 'string' ? cleanText(first.message).slice(0, 200) : undefined;
			return code && message && code !== message.toLowerCase() ? `${code}: ${message}` : code ?? message;
		}
	} catch {}

	return undefined;
}
