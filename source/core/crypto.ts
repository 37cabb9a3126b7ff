import type * as Crypto from 'node:crypto';

/**
 * node:crypto, loaded on first use. Loading it takes some 10 ms, and most
 * commands (every listing) hash nothing; an `import` would load it at the
 * start of every one.
 */
export function crypto(): typeof Crypto {
	return process.getBuiltinModule('node:crypto');
}
