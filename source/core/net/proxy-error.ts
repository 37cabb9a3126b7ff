import {RegistryError} from '../errors.js';

/** The proxy refused or could not be reached: one line naming it (never its credentials); asking again will not help. */
export class ProxyError extends RegistryError {
	constructor(message: string) {
		super(message);
		this.name = 'ProxyError';
	}
}
