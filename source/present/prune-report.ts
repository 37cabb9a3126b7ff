import type {PruneReport} from '../core/store/maintenance.js';
import {printable} from '../core/text.js';
import {humanSize} from './format.js';

/** prune's report as docker words it (`untagged:`, `deleted:`, the total), in the future for a dry run. */
export function pruneReportLines(report: PruneReport, dryRun: boolean): string[] {
	const lines: string[] = [];
	if (report.images.length > 0) {
		lines.push(dryRun ? 'Would delete Images:' : 'Deleted Images:');
		for (const image of report.images) {
			lines.push(...image.tags.map(tag => `untagged: ${printable(tag)}`), `deleted: ${image.id}`);
		}

		lines.push('');
	}

	if (report.deletedBlobs.length > 0) {
		lines.push(dryRun ? 'Would delete Blobs:' : 'Deleted Blobs:');
		lines.push(...report.deletedBlobs.map(digest => `deleted: ${digest}`), '');
	}

	lines.push(`${dryRun ? 'Total reclaimable space' : 'Total reclaimed space'}: ${humanSize(report.reclaimed)}`);
	return lines;
}
