/**
 * An answer's status and headers, read as fetch's Response is read
 * (`status`, `ok`, `headers.get`) but without it: the first Response a
 * process makes loads undici, some 40 ms of every registry command, and its
 * Headers check every header of every answer on the way in.
 */

/** An HTTP status that fetch's Response could not hold either (below 200, above 599). */
export class InvalidStatusError extends Error {
	constructor(readonly status: number) {
		super(`an invalid HTTP status ${status}`);
		this.name = 'InvalidStatusError';
	}
}

/** The headers, looked up by name in any case; a repeated one as its values joined by `, `, as fetch joins them. */
export class AnswerHeaders {
	readonly #values = new Map<string, string>();

	constructor(raw: readonly string[] = []) {
		for (let index = 0; index + 1 < raw.length; index += 2) {
			const name = raw[index]!.toLowerCase();
			const value = raw[index + 1]!.trim();
			// What fetch's Headers refuses (a name that is no token, a value with NUL, CR or LF) is left out, as it was.
			if (!token.test(name) || /[\0\r\n]/.test(value)) {
				continue;
			}

			const before = this.#values.get(name);
			this.#values.set(name, before === undefined ? value : `${before}, ${value}`);
		}
	}

	get(name: string): string | null {
		return this.#values.get(name.toLowerCase()) ?? null;
	}

	has(name: string): boolean {
		return this.#values.has(name.toLowerCase());
	}
}

const token = /^[!#$%&'*+\-.^`|~\w]+$/;

export type Answer = {
	readonly status: number;
	readonly statusText: string;
	readonly ok: boolean;
	readonly headers: AnswerHeaders;
};

export function answer(status: number, statusText: string, raw: readonly string[] = []): Answer {
	if (!Number.isInteger(status) || status < 200 || status > 599) {
		throw new InvalidStatusError(status);
	}

	return {status, statusText, ok: status >= 200 && status <= 299, headers: new AnswerHeaders(raw)};
}
