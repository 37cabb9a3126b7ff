/**
 * dockerd's names for an image's layers as it stores them: the chain id,
 * `ChainID(L0) = DiffID(L0)`, `ChainID(Ln) = sha256(ChainID(Ln-1) + " " +
 * DiffID(Ln))` (the OCI image spec's definition). A layer is shared by every
 * image whose chain passes through it; `docker rmi` and `docker image prune`
 * list the chain ids they free as `deleted:` lines after the image's own.
 */
import {sha256} from '../digest.js';

/** The chain id of each layer, bottom first, from the diff_ids bottom first. */
export function chainIds(diffIds: readonly string[]): string[] {
	const chain: string[] = [];
	for (const diffId of diffIds) {
		chain.push(chain.length === 0 ? diffId : sha256(`${chain.at(-1)!} ${diffId}`));
	}

	return chain;
}
