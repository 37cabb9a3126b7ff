/**
 * docker's numbers and times as its Go libraries print them: go-units'
 * HumanSizeWithPrecision / HumanDuration, Go's `%.Ng`, and Go's time
 * layouts. Written after their documented behaviour, so that a column reads
 * the same bytes as docker's (`1e+03kB`, `About a minute`).
 */

const decimalUnits = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/**
 * Go's `%.<precision>g` of a finite number: %e where the exponent is < -4 or
 * >= precision, else %f; no trailing zeros; an exponent of two digits at
 * least. Rounded as Go rounds, half to even on the exact decimal value of the
 * double (1.125 is `1.12`, where JavaScript's toPrecision says `1.13`).
 */
export function goFormatG(value: number, precision: number): string {
	if (value === 0) {
		return '0';
	}

	const sign = value < 0 ? '-' : '';
	// 100 significant digits hold every double's exact decimal expansion in the range sizes use.
	const [exact = '', exponentText = '0'] = Math.abs(value).toExponential(99).split('e');
	const digits = exact.replace('.', '');
	let kept = digits.slice(0, precision);
	const rest = digits.slice(precision);
	let exponent = Number(exponentText);
	const roundUp = rest[0]! > '5' || (rest[0] === '5' && (/[1-9]/.test(rest.slice(1)) || Number(kept.at(-1)) % 2 === 1));
	if (roundUp) {
		const bumped = (BigInt(kept) + 1n).toString();
		if (bumped.length > kept.length) {
			exponent++;
		}

		kept = bumped.slice(0, precision);
	}

	const significant = kept.replace(/0+$/, '') || '0';
	if (exponent < -4 || exponent >= precision) {
		const mantissa = significant.length > 1 ? `${significant[0]!}.${significant.slice(1)}` : significant;
		return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
	}

	if (exponent < 0) {
		return `${sign}0.${'0'.repeat(-exponent - 1)}${significant}`;
	}

	const whole = significant.padEnd(exponent + 1, '0');
	const integer = whole.slice(0, exponent + 1);
	const fraction = whole.slice(exponent + 1);
	return `${sign}${integer}${fraction ? `.${fraction}` : ''}`;
}

/** go-units HumanSizeWithPrecision: decimal units, divided while >= 1000, then `%.Ng` (so 999,999 B is `1e+03kB`). */
export function goHumanSize(bytes: number, precision = 3): string {
	let size = bytes;
	let unit = 0;
	while (size >= 1000 && unit < decimalUnits.length - 1) {
		size /= 1000;
		unit++;
	}

	return `${goFormatG(size, precision)}${decimalUnits[unit]!}`;
}

/** go-units HumanDuration, as in docker's CREATED column ("About a minute", "2 weeks"). */
export function goHumanDuration(milliseconds: number): string {
	const seconds = Math.trunc(milliseconds / 1000);
	if (seconds < 1) {
		return 'Less than a second';
	}

	if (seconds === 1) {
		return '1 second';
	}

	if (seconds < 60) {
		return `${seconds} seconds`;
	}

	const minutes = Math.trunc(milliseconds / 60_000);
	if (minutes === 1) {
		return 'About a minute';
	}

	if (minutes < 60) {
		return `${minutes} minutes`;
	}

	// Rounded to the nearest hour for the hours, days, weeks and months; the years from the hours as they are.
	const hours = Math.trunc(milliseconds / 3_600_000 + 0.5);
	if (hours === 1) {
		return 'About an hour';
	}

	if (hours < 48) {
		return `${hours} hours`;
	}

	if (hours < 24 * 7 * 2) {
		return `${Math.trunc(hours / 24)} days`;
	}

	if (hours < 24 * 30 * 2) {
		return `${Math.trunc(hours / 24 / 7)} weeks`;
	}

	if (hours < 24 * 365 * 2) {
		return `${Math.trunc(hours / 24 / 30)} months`;
	}

	return `${Math.trunc(Math.trunc(milliseconds / 3_600_000) / 24 / 365)} years`;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** The local offset at a time, as Go prints it in a layout: `+0000`, or `+01:00` with a colon. */
function offsetText(date: Date, colon: boolean): string {
	const minutes = -date.getTimezoneOffset();
	const sign = minutes < 0 ? '-' : '+';
	const absolute = Math.abs(minutes);
	return `${sign}${pad(Math.trunc(absolute / 60))}${colon ? ':' : ''}${pad(absolute % 60)}`;
}

/** The zone's abbreviation as Go names it (`UTC`, `CET`); Go prints the offset where the zone has no name. */
function zoneName(date: Date): string {
	if (date.getTimezoneOffset() === 0 && (process.env['TZ'] ?? 'UTC') === 'UTC') {
		return 'UTC';
	}

	const part = new Intl.DateTimeFormat('en-US', {timeZoneName: 'short'}).formatToParts(date).find(item => item.type === 'timeZoneName')?.value ?? '';
	return /^[A-Z]{2,5}$/.test(part) ? part : offsetText(date, false);
}

function localDateTime(date: Date, separator: string): string {
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}${separator}${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Go's `time.Unix(s, 0).String()`: `2024-01-03 03:04:05 +0000 UTC` in the local zone (docker's images and ps CreatedAt). */
export function goTimeString(seconds: number): string {
	const date = new Date(seconds * 1000);
	return `${localDateTime(date, ' ')} ${offsetText(date, false)} ${zoneName(date)}`;
}

/** Go's RFC 3339 in the local zone, `Z` for UTC (docker's history CreatedAt). */
export function goRfc3339(seconds: number): string {
	const date = new Date(seconds * 1000);
	return `${localDateTime(date, 'T')}${date.getTimezoneOffset() === 0 ? 'Z' : offsetText(date, true)}`;
}
