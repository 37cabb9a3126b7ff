/** docker's numbers and times (go-units, Go's %g and time layouts), at their edges. */
import {describe, expect, test} from 'vitest';
import {goFormatG, goHumanDuration, goHumanSize, goRfc3339, goTimeString} from '../../source/core/go-units.js';
import {tabwrite} from '../../source/present/tabwriter.js';
import {compilePathPattern, pathMatch} from '../../source/core/path-match.js';

describe('sizes as go-units HumanSizeWithPrecision(size, 3)', () => {
	test.each([
		[0, '0B'], [1, '1B'], [999, '999B'], [1000, '1kB'], [1500, '1.5kB'], [999_499, '999kB'],
		// %.3g of 999.5 and 999.999 is 1e+03: docker prints 1e+03kB.
		[999_500, '1e+03kB'], [999_999, '1e+03kB'], [1_982_262, '1.98MB'], [100_000, '100kB'], [123_456_789, '123MB'],
		// Go rounds the exact value half to even: 1.125 is 1.12.
		[1125, '1.12kB'], [2_500_000_000, '2.5GB'],
	])('%d bytes → %s', (bytes, text) => {
		expect(goHumanSize(bytes)).toBe(text);
	});

	test('VirtualSize uses go-units HumanSize (4 digits)', () => {
		expect(goHumanSize(1_982_262, 4)).toBe('1.982MB');
		expect(goHumanSize(999_999, 4)).toBe('1000kB');
	});

	test('%g switches to an exponent as Go does', () => {
		expect(goFormatG(0.000_012_34, 3)).toBe('1.23e-05');
		expect(goFormatG(1_234_567, 3)).toBe('1.23e+06');
		expect(goFormatG(0.001_5, 3)).toBe('0.0015');
	});
});

describe('ages as go-units HumanDuration', () => {
	const s = 1000;
	const h = 3600 * s;
	test.each([
		[0.5 * s, 'Less than a second'], [1 * s, '1 second'], [59 * s, '59 seconds'], [60 * s, 'About a minute'],
		[119 * s, 'About a minute'], [120 * s, '2 minutes'], [59 * 60 * s, '59 minutes'], [60 * 60 * s, 'About an hour'],
		[1.5 * h, '2 hours'], [47 * h, '47 hours'], [48 * h, '2 days'], [13 * 24 * h, '13 days'], [14 * 24 * h, '2 weeks'],
		[60 * 24 * h, '2 months'], [730 * 24 * h, '2 years'],
		// Years count whole hours, not rounded ones.
		[(3 * 365 * 24 * h) - (0.4 * h), '2 years'],
	])('%d ms → %s', (milliseconds, text) => {
		expect(goHumanDuration(milliseconds)).toBe(text);
	});

	test('CreatedAt as Go prints times (UTC here)', () => {
		if (new Date(0).getTimezoneOffset() === 0 && (process.env['TZ'] ?? 'UTC') === 'UTC') {
			expect(goTimeString(1_704_251_045)).toBe('2024-01-03 03:04:05 +0000 UTC');
			expect(goRfc3339(1_704_251_045)).toBe('2024-01-03T03:04:05Z');
		}
	});
});

describe('the tabwriter (minwidth 10, padding 3)', () => {
	test('columns, an empty last column keeps the padding before it, a tab in a cell is a column of its own line', () => {
		expect(tabwrite('IMAGE\tSIZE\tCOMMENT\nabc\t1B\t\nabc\t2B\tx\ty\n')).toEqual([
			'IMAGE     SIZE      COMMENT',
			'abc       1B        ',
			'abc       2B        x         y',
			'',
		]);
		// A line without a tab ends the column blocks: the rows after it line up on their own.
		expect(tabwrite('a-long-cell\tb\nplain\nc\td')).toEqual(['a-long-cell   b', 'plain', 'c         d']);
		// Widths as a terminal shows them.
		expect(tabwrite('名前名前名前\tx\na\ty')).toEqual(['名前名前名前   x', 'a              y']);
	});
});

describe('Go\'s path.Match (docker\'s reference filter)', () => {
	test.each([
		['microsoft/*', 'microsoft/aspnet', true], ['microsoft/*', 'microsoft/a/b', false], ['*', 'nginx', true],
		['*', 'localhost/shell', false], ['ng?nx', 'nginx', true], ['[a-m]*', 'nginx', false], ['[a-n]*', 'nginx', true],
		['[^a-m]*', 'nginx', true], ['[!a]*', 'nginx', false], [String.raw`ng\inx`, 'nginx', true], [String.raw`[\]]`, ']', true],
		['*:1', 'localhost/shell:1', false], ['*/*:1', 'localhost/shell:1', true], ['[nm]ginx:lat*', 'nginx:latest', true],
	])('%s ~ %s: %s', (pattern, name, matched) => {
		expect(pathMatch(pattern, name)).toBe(matched);
	});

	test.each(['[', '[]', '[a-', '[z-a]', '\\', '[a', 'x[^]'])('%s is a bad pattern', pattern => {
		expect(() => compilePathPattern(pattern)).toThrow('syntax error in pattern');
	});
});
