/**
 * The Go-template subset behind --format, case by case against what Go's
 * text/template and docker's formatter print (the expected strings are
 * docker 28's output for the same template).
 */
import {describe, expect, test} from 'vitest';
import {GoStruct, GoTemplate, goJson} from '../../source/present/go-template.js';
import {parseFormat, renderFormat, FormatError} from '../../source/present/docker-format.js';

const row = new GoStruct('*formatter.imageContext', {
	ID: '36fcc8e91a97', Repository: 'nginx', Tag: 'latest', Size: () => '1.98MB', Digest: '<none>',
}, {asDockerContext: true});
const headers = {ID: 'IMAGE ID', Repository: 'REPOSITORY', Tag: 'TAG', Size: 'SIZE', Digest: 'DIGEST'};

describe('templates', () => {
	test.each([
		['{{.Repository}}:{{.Tag}}', 'nginx:latest'],
		['{{ .ID }}', '36fcc8e91a97'],
		['{{.Tag | upper}}', 'LATEST'],
		['{{upper .Tag}}-{{lower "AB"}}', 'LATEST-ab'],
		['{{if eq .Tag "latest"}}yes{{else}}no{{end}}', 'yes'],
		['{{if .Missing}}x{{end}}', undefined],
		['a  {{- .Tag -}}  b', 'alatestb'],
		['{{/* a comment */}}{{.Tag}}', 'latest'],
		['{{pad .Tag 1 2}}|', ' latest  |'],
		['{{truncate .Repository 3}}', 'ngi'],
		['{{json .Tag}}', '"latest"'],
		['{{json .}}', '{"Digest":"\\u003cnone\\u003e","ID":"36fcc8e91a97","Repository":"nginx","Size":"1.98MB","Tag":"latest"}'],
		['{{len .Tag}}', '6'],
	])('%s', (source, expected) => {
		if (expected === undefined) {
			expect(() => new GoTemplate(source).execute(row)).toThrow('can\'t evaluate field Missing in type *formatter.imageContext');
		} else {
			expect(new GoTemplate(source).execute(row)).toBe(expected);
		}
	});

	test('maps, lists, index, range and join as Go prints them', () => {
		const data = {RepoTags: ['a:1', 'b:2'], Labels: {z: '1', a: '2'}, Size: 1_982_262, Config: {Cmd: ['/bin/sh'], Env: null}};
		expect(new GoTemplate('{{index .RepoTags 0}} {{.RepoTags}} {{.Labels}} {{.Size}} {{index .Labels "z"}}').execute(data)).toBe('a:1 [a:1 b:2] map[a:2 z:1] 1982262 1');
		expect(new GoTemplate('{{range .RepoTags}}<{{.}}>{{end}}|{{join .RepoTags ","}}').execute(data)).toBe('<a:1><b:2>|a:1,b:2');
		expect(new GoTemplate('{{json .Config}}').execute(data)).toBe('{"Cmd":["/bin/sh"],"Env":null}');
		expect(() => new GoTemplate('{{.Foo}}').execute(data, {missingKey: 'error'})).toThrow('template: :1:2: executing "" at <.Foo>: map has no entry for key "Foo"');
		expect(new GoTemplate('{{.Foo}}').execute(data)).toBe('<no value>');
		expect(() => new GoTemplate('{{index .RepoTags 5}}').execute(data)).toThrow('error calling index: index out of range: 5');
	});

	test('json as docker\'s json function writes it: no HTML escaping outside a formatter row', () => {
		expect(goJson({a: '<b>&'})).toBe('{"a":"<b>&"}');
	});

	test.each([
		['{{.ID', 'template: :1: unclosed action'],
		['{{printf "%s" .ID}}', '"printf" is not supported'],
		['{{with .ID}}x{{end}}', '"with" is not supported'],
		['{{$x := .ID}}', 'variables ($x) are not supported'],
		['{{nosuch .ID}}', 'function "nosuch" not defined'],
		['{{if .ID}}x', 'unexpected EOF'],
		['{{end}}', 'unexpected {{end}}'],
	])('%s is refused in one line', (source, message) => {
		expect(() => parseFormat(source)).toThrow(FormatError);
		expect(() => parseFormat(source)).toThrow(message);
		try {
			parseFormat(source);
		} catch (error) {
			expect((error as Error).message).toMatch(/^template parsing error: template: :1: /);
			expect((error as Error).message).not.toContain('\n');
		}
	});
});

describe('docker formats', () => {
	test('table: the header from the same template, the tabwriter\'s columns, the last column unpadded', () => {
		expect(renderFormat(String.raw`table {{.ID}}\t{{.Size}}`, [row, row], headers)).toEqual([
			'IMAGE ID       SIZE',
			'36fcc8e91a97   1.98MB',
			'36fcc8e91a97   1.98MB',
		]);
		expect(renderFormat(String.raw`table {{.Repository}}:{{.Tag}}`, [row], headers)).toEqual(['REPOSITORY:TAG', 'nginx:latest']);
		expect(renderFormat(String.raw`table {{.ID}}\t`, [], headers)).toEqual(['IMAGE ID   ']);
	});

	test('json is {{json .}}, one object a line; a plain template a line a row, its tabs kept', () => {
		expect(renderFormat('json', [row], headers)).toEqual(['{"Digest":"\\u003cnone\\u003e","ID":"36fcc8e91a97","Repository":"nginx","Size":"1.98MB","Tag":"latest"}']);
		expect(renderFormat(String.raw`{{.ID}}\t{{.Tag}}`, [row], headers)).toEqual(['36fcc8e91a97\tlatest']);
		expect(renderFormat('{{.Tag}}', [], headers)).toEqual([]);
	});

	test('a value\'s controls are escaped; a tab in a value is a column, as docker\'s tabwriter makes it', () => {
		const hostile = new GoStruct('t', {ID: 'x\u001B[2Jy', Comment: 'a\tb'});
		expect(renderFormat('{{.ID}}', [hostile], {})).toEqual(['x\\u001b[2Jy']);
		expect(renderFormat(String.raw`table {{.ID}}\t{{.Comment}}`, [hostile], {ID: 'IMAGE', Comment: 'COMMENT'})).toEqual([
			'IMAGE         COMMENT',
			'x\\u001b[2Jy   a         b',
		]);
	});
});
