import {UsageError} from './errors.js';

/** The `images -f` keys docker knows. */
export const imageFilterKeys = ['dangling', 'reference', 'before', 'since', 'label', 'until'] as const;
export type ImageFilterKey = typeof imageFilterKeys[number];

/** `-f key=value` flags grouped by key, in the order given; an unknown key is docker's `invalid filter`. */
export function groupImageFilters(flags: string[]): Map<ImageFilterKey, string[]> {
	const grouped = new Map<ImageFilterKey, string[]>();
	for (const filter of flags) {
		const [key, value = ''] = filter.split(/=(.*)/s);
		if (!(imageFilterKeys as readonly string[]).includes(key!)) {
			throw new UsageError(`invalid filter '${filter}'`);
		}

		if (key === 'dangling' && !/^(?:true|false|1|0)$/i.test(value)) {
			throw new UsageError(`invalid filter 'dangling=${value}'`);
		}

		grouped.set(key as ImageFilterKey, [...grouped.get(key as ImageFilterKey) ?? [], value]);
	}

	return grouped;
}

/** docker's `label` filter: `key` is there, or `key=value` is there with that value. Every one given must hold. */
export function labelsMatch(wanted: string[], labels: Record<string, string> | undefined): boolean {
	return wanted.every(label => {
		const [key, value] = label.split(/=(.*)/s);
		return labels?.[key!] !== undefined && (value === undefined || labels[key!] === value);
	});
}

const durationUnits: Record<string, number> = {ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000};

/**
 * docker's `until` time (its timetypes.GetTimestamp): a Go duration before
 * now (`10m`, `1h30m`), a Unix time (`1700000000`, with a fraction), or an
 * RFC 3339 date or time (`2024-01-02`, `2024-01-02T03:04:05Z`, local when
 * it has no zone). Milliseconds since the epoch; undefined when it is none.
 */
export function untilTime(value: string, now: number): number | undefined {
	if (/^(?:\d+(?:\.\d*)?(?:ns|us|µs|ms|s|m|h))+$/.test(value)) {
		let total = 0;
		for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d*)?)(ns|us|µs|ms|s|m|h)/g)) {
			total += Number(amount) * durationUnits[unit!]!;
		}

		return now - total;
	}

	if (/^\d+(?:\.\d+)?$/.test(value)) {
		return Number(value) * 1000;
	}

	if (/^\d{4}-\d{2}-\d{2}(?:T\d{2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[-+]\d{2}:\d{2})?)?$/.test(value)) {
		const time = Date.parse(value.length === 10 ? `${value}T00:00:00` : value);
		return Number.isNaN(time) ? undefined : time;
	}

	return undefined;
}
