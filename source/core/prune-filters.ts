/**
 * `prune --filter` as docker's image prune reads it: `until=` (a time or a
 * duration before now), `label=KEY[=VALUE]`, `label!=KEY[=VALUE]`; any other
 * key is docker's `invalid filter`.
 */
import {UsageError} from './errors.js';
import {untilTime} from './image-filters.js';
import type {PruneOptions} from './store/maintenance.js';

export function pruneFilters(filters: string[]): PruneOptions {
	const options: PruneOptions = {};
	for (const filter of filters) {
		const [key, value = ''] = filter.split(/=(.*)/s);
		if (key === 'until') {
			options.until = untilTime(value, Date.now());
			if (options.until === undefined) {
				throw new UsageError(`invalid filter 'until=${value}'`);
			}
		} else if (key === 'label') {
			(options.labels ??= []).push(value);
		} else if (key === 'label!') {
			(options.notLabels ??= []).push(value);
		} else {
			throw new UsageError(`invalid filter '${filter}'`);
		}
	}

	return options;
}

