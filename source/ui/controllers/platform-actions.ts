import {shortId} from '../../core/digest.js';
import {errorMessage} from '../../core/errors.js';
import {parsePlatform} from '../../core/platform.js';
import type {ImageRow, PlatformOf} from '../image-rows.js';
import type {Context} from './context.js';
import {startPull} from './pulls.js';
import {refuseRemoval} from './removal-refusal.js';

/**
 * The keys of a platform's row (T) in Local images: Enter pulls a platform
 * not held (`pull --platform P NAME`, beside the platforms already held), d
 * removes a held one alone (`rmi --platform P NAME`), refused as rmi refuses
 * when a container or a child image depends on that platform's image.
 */
export function pullPlatform(context: Context, platform: PlatformOf): void {
	const wanted = parsePlatform(platform.name);
	const tried = context.teach({kind: 'pull', reference: platform.parent, platform: platform.name});
	void startPull(context, platform.parent, async (onProgress, signal) => context.backend.pull(platform.parent, {onProgress, signal, platform: wanted}), tried);
}

export function removePlatform(context: Context, row: ImageRow & {platform: PlatformOf}): void {
	const {backend} = context;
	const {platform} = row;
	const remove = backend.capabilities.platforms?.remove;
	if (!remove) {
		return;
	}

	const action = {kind: 'rmi', target: platform.parent, platform: platform.name} as const;
	const equivalents = context.teach(action);
	void (async () => {
		// The platform's image alone, planned by id as rmi -f would (its tags move to a sibling, not with it): only dependents refuse.
		let plan;
		try {
			plan = await backend.planRemoval([row.image.id], {force: true});
		} catch (error) {
			context.dialog({kind: 'message', title: 'Cannot remove', tone: 'bad', lines: [errorMessage(error)]});
			return;
		}

		if (!plan.allowed) {
			refuseRemoval(context, action, plan.refusals, `Refused: ${platform.name} of ${platform.parent} cannot be removed`);
			return;
		}

		context.dialog({
			kind: 'confirm',
			title: `Remove ${platform.name} of ${platform.parent}?`,
			lines: [
				`Its image ${row.image.shortId} (manifest ${shortId(platform.manifest)}) will be deleted, with the layers no other image uses.`,
				'The index\'s other platforms stay, and keep its tags.',
			],
			equivalents,
			run: async () => context.run(equivalents.docker[0]!, async () => {
				const result = await remove(platform.parent, parsePlatform(platform.name));
				const said = [...result.untagged.map(tag => `Untagged: ${tag}`), ...result.deleted.map(id => `Deleted: ${id.slice(0, 19)}…`)];
				return {ok: true, summary: said.join(', ') || `Removed ${platform.name} of ${platform.parent}`, equivalents: result.teach};
			}, undefined, equivalents),
		});
	})();
}

/** What a key that needs an image says on a platform not held. */
export function notHeld(platform: PlatformOf): string {
	return `${platform.name} of ${platform.parent} is not held: Enter pulls it`;
}
