import type {ImageComparison} from '../core/analysis/compare-images.js';
import {shortId} from '../core/digest.js';
import {printable} from '../core/text.js';
import {humanSize} from './format.js';

function listed(value: unknown): string[] {
	if (Array.isArray(value)) {
		return value.map(String);
	}

	if (value && typeof value === 'object') {
		return Object.entries(value).map(([key, item]) => typeof item === 'string' ? `${key}=${item}` : key);
	}

	return [];
}

/** `compare`'s text: shared layers, config differences (lists item by item), then the files, A → B. */
export function comparisonLines(comparison: ImageComparison, names: {a: string; b: string}): string[] {
	const lines = [`A: ${printable(names.a)} (${shortId(comparison.a)})`, `B: ${printable(names.b)} (${shortId(comparison.b)})`, '', `Shared layers: ${comparison.sharedLayers.length}`];
	for (const layer of comparison.sharedLayers) {
		lines.push(`  ${layer}`);
	}

	lines.push('', comparison.config.length === 0 ? 'Config: the same' : 'Config:');
	for (const difference of comparison.config) {
		if (difference.field === 'Env' || difference.field === 'Labels' || difference.field === 'ExposedPorts') {
			const a = listed(difference.a);
			const b = listed(difference.b);
			lines.push(`  ${difference.field}:`);
			for (const item of a.filter(item => !b.includes(item))) {
				lines.push(`    - ${printable(item)}`);
			}

			for (const item of b.filter(item => !a.includes(item))) {
				lines.push(`    + ${printable(item)}`);
			}
		} else {
			lines.push(`  ${difference.field}: ${printable(JSON.stringify(difference.a))} → ${printable(JSON.stringify(difference.b))}`);
		}
	}

	const count = comparison.added.length + comparison.removed.length + comparison.changed.length;
	lines.push('', count === 0 ? 'Files: the same' : `Files: ${comparison.added.length} added, ${comparison.removed.length} removed, ${comparison.changed.length} changed`);
	const rows = [
		...comparison.added.map(file => ({mark: 'A', path: file.path, size: humanSize(file.sizeB ?? 0)})),
		...comparison.removed.map(file => ({mark: 'D', path: file.path, size: humanSize(file.sizeA ?? 0)})),
		...comparison.changed.map(file => ({mark: 'C', path: file.path, size: `${humanSize(file.sizeA ?? 0)} → ${humanSize(file.sizeB ?? 0)}`})),
	].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
	for (const row of rows) {
		lines.push(`  ${row.mark} ${printable(row.path)}  ${row.size}`);
	}

	return lines;
}
