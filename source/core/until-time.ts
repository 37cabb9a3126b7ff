/**
 * docker's `until` filter value, as dockerd reads it: a unix time (seconds,
 * with a fraction), an RFC 3339 date or date-time, or a Go duration before
 * now (`24h`, `90m`, `1h30m`). Returns milliseconds since the epoch.
 */
import {UsageError} from './errors.js';

const units: Record<string, number> = {ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000};

export function untilTime(value: string, now = Date.now()): number {
	if (/^\d+(\.\d+)?$/.test(value)) {
		return Number(value) * 1000;
	}

	if (/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(value)) {
		let total = 0;
		for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
			total += Number(amount) * units[unit!]!;
		}

		return now - total;
	}

	const time = Date.parse(value);
	if (Number.isNaN(time)) {
		throw new UsageError(`failed to parse value as time or duration: "${value}"`);
	}

	return time;
}
