/**
 * The two parsers that take text straight from the command line, fed random
 * input: the reference parser and the PowerShell argument parser. Either a
 * valid result comes out, or one clear error of dockyard's own class (one
 * line, no control characters); never a throw of another kind. Seeded, so a
 * failure names the seed and the shrunk input that reproduce it
 * (DOCKYARD_FUZZ_SEED=… to replay); a bounded number of inputs per property.
 */
import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {loadCommands} from '../source/commands/index.js';
import {parsePowershellArgs} from '../source/commands/powershell-args.js';
import {DockyardError, InvalidReferenceError, UsageError} from '../source/core/errors.js';
import {canonicalString, familiarOfCanonical, familiarString, parseReference, parseRepository} from '../source/core/reference.js';

const seed = Number(process.env['DOCKYARD_FUZZ_SEED'] ?? 20_260_108);
const runs = {seed, numRuns: 5000};

// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u001F\u007F-\u009F]/;

/** The error is dockyard's, of the class expected, and its message is one printable line. */
function expectClearError(error: unknown, kind: abstract new (...args: never[]) => DockyardError): void {
	expect(error).toBeInstanceOf(kind);
	const {message} = error as Error;
	expect(message.length).toBeGreaterThan(0);
	expect(message).not.toMatch(controls);
}

/** Random bytes as the shell may hand them over: decoded as UTF-8 (with replacement characters) or byte for byte. */
const randomBytes = fc.tuple(fc.uint8Array({maxLength: 200}), fc.boolean()).map(([bytes, utf8]) => Buffer.from(bytes).toString(utf8 ? 'utf8' : 'latin1'));
/** Any code points, lone surrogates included. */
const randomText = fc.string({unit: 'binary', maxLength: 200});

/** Pieces of the reference grammar and of its edges, so that random joins reach deep into it. */
const referencePiece = fc.constantFrom(
	'a', 'z', '0', '9', 'A', 'Z', '.', '_', '__', '___', '-', '--', '/', ':', '@', 'sha256:', 'sha512:',
	'library/', 'localhost', 'docker.io', 'index.docker.io', '127.0.0.1', ':5000', '[::1]', '[', ']',
	'0123456789abcdef'.repeat(4), 'F'.repeat(64), 'x'.repeat(128), '\n', '\r', '\u001B[2J', '\u0000', '\u009B', 'é', '😀', ' ',
);
const referenceLike = fc.array(referencePiece, {maxLength: 24}).map(pieces => pieces.join(''));

describe('the reference parser, fed random input', () => {
	const check = (input: string) => {
		let reference;
		try {
			reference = parseReference(input);
		} catch (error) {
			expectClearError(error, InvalidReferenceError);
			return;
		}

		// A valid reference reads back the same in both its forms, and holds nothing a terminal would act on.
		expect(canonicalString(reference)).not.toMatch(controls);
		expect(parseReference(canonicalString(reference))).toEqual(reference);
		expect(parseReference(familiarString(reference))).toEqual(reference);
		// The store's shortcut from its canonical tags to what a listing shows is the parser's answer.
		expect(familiarOfCanonical(canonicalString(reference))).toBe(familiarString(reference));
		try {
			expect(parseRepository(input)).toEqual(reference);
		} catch (error) {
			expectClearError(error, InvalidReferenceError);
			expect(reference.digest).toBeDefined();
		}
	};

	test('random bytes', () => {
		fc.assert(fc.property(randomBytes, check), runs);
	});

	test('random text', () => {
		fc.assert(fc.property(randomText, check), runs);
	});

	test('random joins of the grammar\'s pieces', () => {
		fc.assert(fc.property(referenceLike, check), runs);
	});
});

const commands = await loadCommands();

describe('the PowerShell argument parser, fed random argv', () => {
	const specs = commands.flatMap(command => command.powershell ? [{name: command.name, ...command.powershell}] : []);
	const parameterToken = fc.tuple(fc.constantFrom('-', '--'), fc.constantFrom(...specs.flatMap(spec => [...spec.values, ...spec.switches])), fc.constantFrom('', ':', ':$false', ':false', ':x')).map(([dashes, name, inline]) => {
		const cut = name.slice(0, Math.max(1, name.length - 2));
		return `${dashes}${inline === ':x' ? cut : name}${inline}`;
	});
	const token = fc.oneof(randomText, randomBytes, parameterToken, fc.constantFrom('-', '--', '-:', '-1', '-Name:', '-name', '-NAME', '-N', '-P', '-e', '-é'));
	const argv = fc.array(token, {maxLength: 8});

	test('any argv: flags and arguments, or one clear UsageError', () => {
		fc.assert(fc.property(fc.constantFrom(...specs), argv, (spec, args) => {
			let parsed;
			try {
				parsed = parsePowershellArgs(args, spec);
			} catch (error) {
				expectClearError(error, UsageError);
				return;
			}

			for (const [name, value] of Object.entries(parsed.flags)) {
				if (spec.switches.includes(name)) {
					expect(typeof value).toBe('boolean');
				} else {
					expect(spec.values).toContain(name);
					expect(typeof value).toBe('string');
				}
			}

			// Nothing is lost or made up: every token is an argument, a parameter, or a parameter's value.
			expect(parsed.args.every(arg => args.includes(arg))).toBe(true);
			expect(parsed.args.length + Object.keys(parsed.flags).length).toBeLessThanOrEqual(args.length);
		}), runs);
	});

	test('a value given as -Name:VALUE or -Name VALUE is the value, whatever it holds', () => {
		const valued = specs.filter(spec => spec.values.length > 0);
		fc.assert(fc.property(fc.constantFrom(...valued), fc.nat(), fc.oneof(randomText, randomBytes), fc.boolean(), (spec, pick, value, inline) => {
			const name = spec.values[pick % spec.values.length]!;
			const parsed = parsePowershellArgs(inline ? [`-${name}:${value}`] : [`-${name}`, value], spec);
			expect(parsed.flags[name]).toBe(value);
			expect(parsed.args).toEqual([]);
		}), runs);
	});
});
