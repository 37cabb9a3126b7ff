import {errorMessage} from '../../core/errors.js';
import {pruneReportLines} from '../../present/prune-report.js';
import {humanSize} from '../../present/format.js';
import type {Context} from './context.js';

/**
 * docker image prune, safer: a dry run first, so the confirmation lists what
 * would go and the space it frees (blobs an image that stays still uses are
 * not counted) before it asks; nothing to remove, nothing is asked.
 */
export async function pruneWithPreview(context: Context): Promise<void> {
	const prune = context.backend.capabilities.prune;
	if (!prune) {
		return;
	}

	const equivalents = context.teach({kind: 'prune'});
	context.set({busy: 'working out what prune would remove'});
	try {
		const preview = await prune({dryRun: true});
		context.set({busy: undefined});
		if (preview.images.length === 0 && preview.deletedBlobs.length === 0) {
			context.dialog({kind: 'message', title: 'Nothing to prune', tone: 'good', lines: ['No dangling images and no unused blobs.', ...pruneReportLines(preview, true)]});
			return;
		}

		context.dialog({
			kind: 'confirm',
			title: 'Prune?',
			lines: ['WARNING! This will remove all dangling images.', '', ...pruneReportLines(preview, true)],
			question: 'Are you sure you want to continue? [y/N]',
			equivalents,
			run: async () => context.run(equivalents.docker[0]!, async () => {
				const report = await prune();
				return {ok: true, summary: `Total reclaimed space: ${humanSize(report.reclaimed)}`, equivalents};
			}, undefined, equivalents),
		});
	} catch (error) {
		context.set({busy: undefined, dialog: {kind: 'message', title: 'Error', tone: 'bad', lines: [errorMessage(error)]}});
	}
}
