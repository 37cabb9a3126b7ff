import {setFlagsFromString} from 'node:v8';

/**
 * V8 doubles its young generation after each busy scavenge, up to 16 MiB a
 * semi-space, and keeps it. Reading 10,000 images at the start does that, and
 * the app then idles with ~30 MiB of nursery resident, each scavenge copying
 * a large survivor space (6–13 ms, up to 50 ms, in the middle of a key). Kept
 * at its first size, the read is no slower (its objects live on anyway), the
 * app ~40 MiB smaller, and a scavenge ~2.5 ms: more of them, shorter ones.
 * The only one of V8's young-generation sizes that can still be changed once
 * the process runs.
 */
export function keepYoungGenerationSmall(): void {
	setFlagsFromString('--semi-space-growth-factor=1');
}

/** V8's own growth again (it doubles): for a process that ran the app and goes on to other work (the bench). */
export function growYoungGenerationAgain(): void {
	setFlagsFromString('--semi-space-growth-factor=2');
}
