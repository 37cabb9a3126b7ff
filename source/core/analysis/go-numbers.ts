/**
 * The few Go number formats dive prints with, so `analyze --ci` reads as
 * dive's does: `%v` of a float64, go-humanize's SI bytes, and its byte
 * parser for `highestWastedBytes`.
 */

/** Go's `%v` of a float64: the shortest digits, with an exponent below 1e-4 or from 1e21 (`1e-05`, `+Inf`, `NaN`). */
export function goFloat(value: number): string {
	if (Number.isNaN(value)) {
		return 'NaN';
	}

	if (!Number.isFinite(value)) {
		return value > 0 ? '+Inf' : '-Inf';
	}

	if (value === 0) {
		return Object.is(value, -0) ? '-0' : '0';
	}

	const exponent = Math.floor(Math.log10(Math.abs(value)));
	if (exponent < -4 || exponent >= 21) {
		const [mantissa, power] = value.toExponential().split('e');
		const sign = power!.startsWith('-') ? '-' : '+';
		const digits = power!.replace(/^[-+]/, '').padStart(2, '0');
		return `${mantissa}e${sign}${digits}`;
	}

	return String(value);
}

/** Go's `%2.4f` of a float (NaN and infinities as Go spells them). */
export function goFixed4(value: number): string {
	if (Number.isNaN(value)) {
		return 'NaN';
	}

	if (!Number.isFinite(value)) {
		return value > 0 ? '+Inf' : '-Inf';
	}

	return value.toFixed(4);
}

const siUnits = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];

/** go-humanize's `Bytes`: SI units, one decimal below 10 (`6.4 kB`, `13 kB`, `7 B`). */
export function humanizeBytes(bytes: number): string {
	if (bytes < 10) {
		return `${bytes} B`;
	}

	const exponent = Math.floor(Math.log(bytes) / Math.log(1000));
	const value = Math.floor((bytes / 1000 ** exponent) * 10 + 0.5) / 10;
	return `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ${siUnits[exponent]}`;
}

const byteUnits: Record<string, number> = {
	'': 1, b: 1,
	k: 1e3, kb: 1e3, ki: 1024, kib: 1024,
	m: 1e6, mb: 1e6, mi: 1024 ** 2, mib: 1024 ** 2,
	g: 1e9, gb: 1e9, gi: 1024 ** 3, gib: 1024 ** 3,
	t: 1e12, tb: 1e12, ti: 1024 ** 4, tib: 1024 ** 4,
	p: 1e15, pb: 1e15, pi: 1024 ** 5, pib: 1024 ** 5,
	e: 1e18, eb: 1e18, ei: 1024 ** 6, eib: 1024 ** 6,
};

/** go-humanize's `ParseBytes` (`20MB`, `1.5 GiB`, `1,000`); undefined where it gives an error. */
export function parseHumanBytes(text: string): number | undefined {
	const match = /^\s*([\d.,]*\d)\s*([a-zA-Z]*)\s*$/.exec(text);
	if (!match) {
		return undefined;
	}

	const number = Number(match[1]!.replaceAll(',', ''));
	const unit = byteUnits[match[2]!.toLowerCase()];
	if (Number.isNaN(number) || unit === undefined) {
		return undefined;
	}

	return Math.floor(number * unit);
}
