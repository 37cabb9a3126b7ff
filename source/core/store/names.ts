import {crypto} from '../crypto.js';

// A short version of docker's name generator: adjective_scientist.
const adjectives = ['admiring', 'brave', 'busy', 'clever', 'eager', 'focused', 'gallant', 'happy', 'jolly', 'keen', 'kind', 'nifty', 'quirky', 'serene', 'sharp', 'stoic', 'tender', 'vibrant', 'wise', 'zealous'];
const scientists = ['babbage', 'bohr', 'curie', 'darwin', 'einstein', 'euler', 'feynman', 'galileo', 'hopper', 'hypatia', 'kepler', 'lamport', 'lovelace', 'meitner', 'noether', 'pascal', 'ritchie', 'shannon', 'turing', 'wozniak'];

export function randomContainerName(taken: (name: string) => boolean): string {
	for (let attempt = 0; attempt < 100; attempt++) {
		const name = `${adjectives[crypto().randomInt(adjectives.length)]}_${scientists[crypto().randomInt(scientists.length)]}${attempt > 10 ? String(crypto().randomInt(10)) : ''}`;
		if (!taken(name)) {
			return name;
		}
	}

	return `container_${crypto().randomInt(1e9)}`;
}

/** docker's rule for container names. */
export const containerNamePattern = /^[a-zA-Z\d][\w.-]+$/;
