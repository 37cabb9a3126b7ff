import {EventEmitter} from 'node:events';
import {isMouseSequence, parseMouse, type MouseEvent, type MouseSource} from './mouse.js';

const escape = '\u001B';
const pasteStart = '\u001B[200~';
const pasteEnd = '\u001B[201~';

/**
 * How long Ink 8 holds a lone Esc before it hands it on (its
 * `pendingInputFlushDelayMilliseconds`, components/App.js), so that a
 * sequence cut in two reads can still join up. A key Ink reads within that
 * time joins the Esc: Esc then `2` becomes Alt-2. So the key after a lone
 * Esc waits a little longer than Ink does.
 */
export const escapeWindowMs = 20 + 5;

/**
 * Splits what the terminal sends into single keys. Ink 8 still passes a read
 * of several plain keys ("jj\r" from a held key, a fast typist or tmux) to
 * its handlers as one string, which matches no binding. Escape sequences
 * (arrows, PgUp, F-keys) and a bracketed paste stay whole: Ink parses those
 * itself, and a paste reaches usePaste as one string.
 *
 * An Esc followed in the same read by a plain character is Esc, then that
 * key: a busy app reads Esc and the next key together, which Ink would
 * decode as Alt-key (and a text box would type the key that Esc should have
 * closed it before). Alt-B and Alt-F alone stay whole: the only Alt-keys
 * bound (a word left and right in a text box).
 */
export function splitKeys(chunk: string): string[] {
	return keySplitter().push(chunk);
}

/** splitKeys with memory: a paste that one read leaves open goes on in the next, whole. */
export function keySplitter(): {push: (chunk: string) => string[]} {
	let openPaste: string | undefined;
	return {
		push(chunk) {
			const keys: string[] = [];
			let text = chunk;
			if (openPaste !== undefined) {
				const end = text.indexOf(pasteEnd);
				if (end === -1) {
					openPaste += text;
					return keys;
				}

				keys.push(openPaste + text.slice(0, end + pasteEnd.length));
				openPaste = undefined;
				text = text.slice(end + pasteEnd.length);
			}

			const characters = [...text];
			let index = 0;
			while (index < characters.length) {
				const character = characters[index]!;
				if (character !== escape || index === characters.length - 1) {
					keys.push(character);
					index++;
					continue;
				}

				const rest = characters.slice(index).join('');
				if (rest.startsWith(pasteStart)) {
					const end = rest.indexOf(pasteEnd);
					if (end === -1) {
						openPaste = rest;
						return keys;
					}

					const paste = rest.slice(0, end + pasteEnd.length);
					keys.push(paste);
					index += [...paste].length;
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
				} else if (next === 'b' || next === 'f') {
					// Alt-B and Alt-F: a text box moves a word with them, as a shell does (the only Alt-keys bound).
					end = index + 2;
				} else {
					// Esc then another sequence (meta with an arrow, or two escapes), or Esc then a key.
					keys.push(character);
					index++;
					continue;
				}

				keys.push(characters.slice(index, end).join(''));
				index = end;
			}

			return keys;
		},
	};
}

/**
 * Lets the app settle React before each key; see keyInput. `settle(done)`
 * starts a trivial update and calls `done` once its effects have run.
 */
export type KeyGate = {attach: (settle: (done: () => void) => void) => () => void};

export type KeyInput = NodeJS.ReadStream & {gate: KeyGate; detach: () => void; mouse: MouseSource};

/**
 * A stdin for Ink that hands over one key per read, and the next only once
 * the app has settled. Handlers from useInput (a text box's among them)
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

	// A turn first — after a lone Esc, long enough for Ink to have let it go (escapeWindowMs), so an
	// Esc never merges with the key after it; then the settling update, and the key once its effect
	// has run (a turn later, at the least).
	let afterEscape = false;
	const schedule = () => {
		if (!pumping) {
			pumping = true;
			const wait = afterEscape ? (next: () => void) => setTimeout(next, escapeWindowMs) : setImmediate;
			afterEscape = false;
			wait(() => {
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

	const splitter = keySplitter();
	// Mouse reports never reach Ink (nor a text box as typed characters): they go to the app's mouse listeners.
	const mouse = new EventEmitter();
	const onData = (chunk: string | Buffer) => {
		for (const key of splitter.push(chunk.toString())) {
			if (isMouseSequence(key)) {
				const event = parseMouse(key);
				if (event) {
					mouse.emit('mouse', event);
				}
			} else {
				queue.push(key);
			}
		}

		schedule();
	};

	stdin.setEncoding('utf8');
	stdin.on('data', onData);
	const input = Object.assign(events, {
		isTTY: stdin.isTTY,
		mouse: {
			subscribe(listener: (event: MouseEvent) => void) {
				mouse.on('mouse', listener);
				return () => {
					mouse.off('mouse', listener);
				};
			},
		},
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
			afterEscape = key === escape;
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
