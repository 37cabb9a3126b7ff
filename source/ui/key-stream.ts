import {EventEmitter} from 'node:events';

/**
 * Splits what the terminal sends into single keys. Ink passes a read of
 * several keys ("jj\r" from a held key, a fast typist or tmux) to its
 * handlers as one string, which matches no binding.
 */
export function splitKeys(chunk: string): string[] {
	const keys: string[] = [];
	const characters = [...chunk];
	let index = 0;
	while (index < characters.length) {
		const character = characters[index]!;
		if (character !== '\u001B' || index === characters.length - 1) {
			keys.push(character);
			index++;
			continue;
		}

		const next = characters[index + 1]!;
		let end = index + 2;
		if (next === '[') {
			// CSI: parameters and intermediates, then one final byte from @ to ~.
			while (end < characters.length && !/[@-~]/.test(characters[end]!)) {
				end++;
			}

			end = Math.min(end + 1, characters.length);
		} else if (next === 'O') {
			end = Math.min(index + 3, characters.length);
		} else if (next === '\u001B') {
			// Esc then another sequence: meta with an arrow, or two escapes.
			keys.push(character);
			index++;
			continue;
		}

		keys.push(characters.slice(index, end).join(''));
		index = end;
	}

	return keys;
}

/**
 * Lets the app settle React before each key; see keyInput. `settle(done)`
 * starts a trivial update and calls `done` once its effects have run.
 */
export type KeyGate = {attach: (settle: (done: () => void) => void) => () => void};

export type KeyInput = NodeJS.ReadStream & {gate: KeyGate; detach: () => void};

/**
 * A stdin for Ink that hands over one key per read, and the next only once
 * the app has settled. Handlers from useInput (ink-text-input's among them)
 * are re-subscribed in effects, and Ink's legacy root may leave those effects
 * pending until the next update: a key read then reaches a handler that
 * closed over the value before the last key, and "abcd" becomes "bd". So
 * before each key the gate starts a trivial update, and React flushes the
 * previous render's effects before any new update, as it guarantees. The key
 * goes only once that update's own effect has run: React renders from
 * scheduler tasks, and on a busy machine a key delivered a turn later could
 * still arrive between the last key's render and its effects.
 */
export function keyInput(stdin: NodeJS.ReadStream): KeyInput {
	const queue: string[] = [];
	const events = new EventEmitter();
	let ready = false;
	let pumping = false;
	let settle: ((done: () => void) => void) | undefined;
	const deliver = () => {
		pumping = false;
		if (queue.length > 0) {
			ready = true;
			events.emit('readable');
		}
	};

	// A turn first, after Ink's own flush of a lone Esc, so an Esc never merges with the key after
	// it; then the settling update, and the key once its effect has run (a turn later, at the least).
	const schedule = () => {
		if (!pumping) {
			pumping = true;
			setImmediate(() => {
				if (settle) {
					settle(() => {
						setImmediate(deliver);
					});
				} else {
					setImmediate(deliver);
				}
			});
		}
	};

	const onData = (chunk: string | Buffer) => {
		queue.push(...splitKeys(chunk.toString()));
		schedule();
	};

	stdin.setEncoding('utf8');
	stdin.on('data', onData);
	const input = Object.assign(events, {
		isTTY: stdin.isTTY,
		gate: {
			attach(next: (done: () => void) => void) {
				settle = next;
				return () => {
					settle = undefined;
				};
			},
		},
		read(): string | null {
			if (!ready || queue.length === 0) {
				return null;
			}

			ready = false;
			const key = queue.shift()!;
			schedule();
			return key;
		},
		setRawMode(mode: boolean) {
			stdin.setRawMode(mode);
			return input;
		},
		setEncoding() {
			return input;
		},
		ref() {
			stdin.ref();
			return input;
		},
		unref() {
			stdin.unref();
			return input;
		},
		detach() {
			stdin.off('data', onData);
			stdin.pause();
		},
	});
	return input as unknown as KeyInput;
}
