import {ConflictError, NotFoundError, UsageError} from '../core/errors.js';
import {removalEffects} from '../core/backend/powershell-identity.js';
import {need} from '../core/backend/backend.js';
import type {Platform} from '../core/oci.js';
import {platformFlag} from './platform-flag.js';
import {formatPlatform} from '../core/platform.js';
import {teach} from '../core/teach.js';
import {planRemoval, refusalError} from '../core/backend/removal.js';
import type {Snapshot} from '../core/backend/snapshot.js';
import type {Command, CommandContext, Plan} from './command.js';
import {powershellName} from '../present/powershell.js';
import {removalPlanLines} from '../present/removal-plan.js';

/**
 * --explain: each target planned on what the ones before it would leave, as
 * removeEach would do them, on a snapshot; nothing is removed. The plan is
 * the TUI confirmation's ("Would untag …"); a refusal is docker's line.
 */
async function planEach(context: CommandContext, targets: string[], force: boolean, prune: boolean): Promise<Plan> {
	let current: Snapshot = await context.backend().snapshot();
	const would: string[] = [];
	const refused: string[] = [];
	const details: string[] = [];
	for (const target of targets) {
		const plan = planRemoval(current, target, {force, prune});
		if (plan.allowed) {
			would.push(...removalPlanLines(plan, 'would'));
			current = current.without(plan.untag, plan.delete);
		} else {
			const error = refusalError([{target, ...plan}]);
			refused.push(error.message);
			details.push(...error.details);
		}
	}

	const snapshot = await context.backend().snapshot();
	const outcome = refused.length > 0 ? 'refused' : 'done';
	return {
		would,
		equivalents: teach({kind: 'rmi', target: targets[0]!, more: targets.slice(1), force, effects: removalEffects(snapshot, targets, {force, prune})}, undefined, outcome),
		...(refused.length > 0 ? {refused: {message: refused.join('; '), details}} : {}),
	};
}

async function removeEach(context: CommandContext, targets: string[], force: boolean, prune: boolean, platform?: Platform): Promise<number> {
	const {backend, out, err, explain} = context;
	const removeOne = async (target: string) => platform ? need(backend(), 'platforms', 'dockyard rmi --platform').remove(target, platform) : backend().remove([target], {force, prune});
	let failed = false;
	for (const target of targets) {
		try {
			// Each target on its own, as docker rmi: one refused does not stop the next.
			// eslint-disable-next-line no-await-in-loop
			const result = await removeOne(target);
			for (const tag of result.untagged) {
				out(`Untagged: ${tag}`);
			}

			for (const id of result.deleted) {
				out(`Deleted: ${id}`);
			}

			explain(result.teach);
		} catch (error) {
			if (!(error instanceof ConflictError || error instanceof NotFoundError)) {
				throw error;
			}

			failed = true;
			err(`Error: ${error.message}`);
			if (error instanceof ConflictError && context.flags['explain']) {
				for (const detail of error.details) {
					err(`  ${detail}`);
				}

				// The attempt, taught as refused: no -Force beside "cannot be forced".
				explain(teach({kind: 'rmi', target, force, effects: removalEffects(await backend().snapshot(), [target], {force}), platform: platform && formatPlatform(platform)}, undefined, 'refused'));
			}
		}
	}

	return failed ? 1 : 0;
}

export const rmi: Command = {
	name: 'rmi',
	aliases: ['image rm'],
	usage: `Usage: dockyard rmi [OPTIONS] IMAGE [IMAGE...]

Remove one or more images. Naming one of several tags only untags it.
An image is never removed while a container (even a stopped one) or a child
image depends on it, whatever -f says; the refusal names them.

Options:
  -f, --force              Remove an image by id even when several tags name it
      --no-prune           Do not delete untagged parents
      --platform string    Remove only the given platform variant.
                           Formatted as "os[/arch[/variant]]" (e.g.,
                           "linux/amd64")
      --explain            Remove nothing: print what would be untagged and deleted
                           (or the refusal, exit 1) and the docker and PowerShell equivalents`,
	options: {
		force: {type: 'boolean', short: 'f'},
		'no-prune': {type: 'boolean'},
		platform: {type: 'string'},
	},
	arity: [1, Number.POSITIVE_INFINITY],
	async run(context) {
		return removeEach(context, context.args, Boolean(context.flags['force']), !context.flags['no-prune'], platformFlag(context.flags));
	},
	async plan(context) {
		const platform = platformFlag(context.flags);
		return platform
			? planPlatforms(context, context.args, platform)
			: planEach(context, context.args, Boolean(context.flags['force']), !context.flags['no-prune']);
	},
};

/** --explain with --platform: which platform's image each name would lose (or docker's refusal when it is not held). */
async function planPlatforms(context: CommandContext, targets: string[], platform: Platform): Promise<Plan> {
	const platforms = need(context.backend(), 'platforms', 'dockyard rmi --platform');
	const would: string[] = [];
	for (const target of targets) {
		// eslint-disable-next-line no-await-in-loop
		would.push(`Would delete the ${formatPlatform(platform)} image ${await platforms.image(target, platform)} of ${target}`);
	}

	const snapshot = await context.backend().snapshot();
	return {would, equivalents: teach({kind: 'rmi', target: targets[0]!, more: targets.slice(1), force: false, effects: removalEffects(snapshot, targets, {}), platform: formatPlatform(platform)})};
}

export const removeContainerImage: Command = {
	name: 'Remove-ContainerImage',
	usage: `Usage: dockyard Remove-ContainerImage -Name NAME [-Force]

As Get-ContainerImage -Name NAME | Remove-ContainerImage -Force. The same rule
holds: an image with dependents (containers, child images) is not removed.`,
	powershell: {values: ['Name'], switches: ['Force', 'Explain']},
	arity: [0, 0],
	async run(context) {
		const name = context.flags['Name'];
		if (typeof name !== 'string') {
			throw new UsageError('Cannot process command because of one or more missing mandatory parameters: Name.');
		}

		return removeEach(context, await byPowershellName(context, name), Boolean(context.flags['Force']), true);
	},
	async plan(context) {
		const name = context.flags['Name'];
		if (typeof name !== 'string') {
			throw new UsageError('Cannot process command because of one or more missing mandatory parameters: Name.');
		}

		return planEach(context, await byPowershellName(context, name), Boolean(context.flags['Force']), true);
	},
};

/** The ids of the images with this PowerShell Name (any case), or NotFound. */
async function byPowershellName(context: CommandContext, name: string): Promise<string[]> {
	const matches = (await context.backend().snapshot()).images.filter(image => powershellName(image).toLowerCase() === name.toLowerCase());
	if (matches.length === 0) {
		throw new NotFoundError(`No such image: ${name}`);
	}

	return matches.map(image => image.id);
}
