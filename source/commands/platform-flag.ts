import {currentPlatform} from '../core/hub/registry/platform.js';
import type {Platform} from '../core/oci.js';
import {parsePlatform} from '../core/platform.js';
import type {Flags} from './command.js';

/** `--platform os[/arch[/variant]]` of rmi, save and history, parsed as pull's (containerd's rules). */
export function platformFlag(flags: Flags): Platform | undefined {
	const text = flags['platform'];
	return typeof text === 'string' ? parsePlatform(text, currentPlatform()) : undefined;
}
