import {UsageError} from '../core/errors.js';
import {browserFor} from '../core/hub/registry/browse.js';
import {currentSettings, hubFor} from '../core/hub/route.js';
import {canonicalName, defaultDomain, parseReference} from '../core/reference.js';
import {tabwrite} from '../present/tabwriter.js';
import type {Flags} from './command.js';
import {splitSearchTerm} from '../core/hub/route.js';
import {teach} from '../core/teach.js';
import {cleanText} from '../core/text.js';
import type {Command} from './command.js';
import {applyTlsVerify, tlsVerifyOption, tlsVerifyUsage} from './tls-verify-flag.js';
import {searchContext, searchHeaders, searchTableFormat} from '../present/docker-contexts.js';
import {chosenFormat, formatOption, formatUsage, printFormatted} from './format-flag.js';

export const search: Command = {
	name: 'search',
	usage: `Usage: dockyard search [OPTIONS] TERM

Search the hub for images ("*" lists everything). A term that starts with a
registry domain (127.0.0.1:5000/app) searches that registry's catalog, and
HOST[:PORT]/ lists the whole catalog. --list-tags REPO lists a repository's
tags as podman does.

Options:
  -f, --filter filter   Filter output: stars=N, is-official=true|false, is-automated=true|false
${formatUsage}
      --json            Print JSON
      --limit int       Max number of search results (default 25)
      --list-tags       List the tags of the repository given as TERM (podman search --list-tags)
      --no-trunc        Don't truncate output
${tlsVerifyUsage}`,
	options: {
		filter: {type: 'string', short: 'f', multiple: true},
		limit: {type: 'string'},
		'list-tags': {type: 'boolean'},
		'no-trunc': {type: 'boolean'},
		...tlsVerifyOption,
		...formatOption,
	},
	arity: [1, 1],
	async run({args, flags, backend, out, err, explain, environment}) {
		if (flags['list-tags']) {
			await listTagsAsPodman(args[0]!, flags, environment, out);
			return;
		}

		const limit = flags['limit'] === undefined ? 25 : Number(flags['limit']);
		if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
			throw new UsageError(`limit ${String(flags['limit'])} is outside the range of [1, 100]`);
		}

		const filters = ((flags['filter'] as string[] | undefined) ?? []).map(filter => {
			const [key, value = ''] = filter.split(/=(.*)/s);
			if (key === 'stars') {
				const stars = Number(value);
				if (!Number.isInteger(stars)) {
					throw new UsageError(`invalid filter 'stars=${value}'`);
				}

				return (result: {stars: number}) => result.stars >= stars;
			}

			if (key === 'is-official' || key === 'is-automated') {
				if (!/^(true|false)$/i.test(value)) {
					throw new UsageError(`invalid filter '${filter}'`);
				}

				const wanted = value.toLowerCase() === 'true';
				return (result: {official: boolean; automated: boolean}) => (key === 'is-official' ? result.official : result.automated) === wanted;
			}

			throw new UsageError(`invalid filter '${filter}'`);
		});

		// `127.0.0.1:5000/term` searches that registry, as `podman search` does; a plain term the hub of the settings.
		const {registry, term} = splitSearchTerm(args[0]!);
		applyTlsVerify(flags, registry);
		const hub = backend().searchHub({registry});
		// docker filters after the hub answers, so it asks for the limit and filters that.
		const results = (await hub.search(term, {limit})).filter(result => filters.every(filter => filter(result)));
		// Which hub answered, on stderr so that stdout stays docker's table (or JSON).
		err(`Hub: ${hub.label}`);
		if (flags['json']) {
			out(JSON.stringify(results.map(result => ({
				Name: cleanText(result.name),
				Description: cleanText(result.description),
				StarCount: result.stars,
				IsOfficial: result.official,
				IsAutomated: result.automated,
			})), undefined, 2));
		} else {
			const format = chosenFormat(flags, searchTableFormat);
			const contexts = results.map(result => searchContext({...result, name: cleanText(result.name), description: cleanText(result.description)}, {trunc: !flags['no-trunc']}));
			printFormatted(out, format, contexts, searchHeaders);
		}

		explain(teach({kind: 'search', term}));
	},
};


/**
 * `podman search --list-tags REPO`: NAME and TAG, one row a tag in the
 * registry's order, podman's table (padding 2) or its JSON (`--json`,
 * `--format json`). podman's limit:
 * 25 by default and for 0, any positive number as it is, a negative one
 * prints nothing.
 */
async function listTagsAsPodman(input: string, flags: Flags, environment: NodeJS.ProcessEnv, out: (line?: string) => void): Promise<void> {
	const given = flags['limit'] === undefined ? 0 : Number(flags['limit']);
	if (!Number.isInteger(given)) {
		throw new UsageError(`invalid argument "${String(flags['limit'])}" for "--limit" flag: strconv.ParseInt: parsing "${String(flags['limit'])}": invalid syntax`);
	}

	if (given < 0) {
		return;
	}

	const limit = given === 0 ? 25 : given;
	const reference = parseReference(input);
	const repository = {domain: reference.domain, path: reference.path};
	const settings = currentSettings(environment);
	const tags = reference.domain === defaultDomain && settings.hub === 'offline'
		? (await hubFor(repository, settings, {environment}).tags(repository)).slice(0, limit)
		: await (async () => {
			const browser = browserFor(reference.domain, settings.insecureRegistries, environment);
			return browser.all(async next => browser.tagsPage(repository, next), limit);
		})();
	const name = cleanText(canonicalName(repository));
	// podman honours `--format json` here and prints its table for any other format.
	if (flags['json'] || flags['format'] === 'json') {
		out(JSON.stringify([{Name: name, Tags: tags.map(tag => cleanText(tag))}], undefined, 4));
		return;
	}

	for (const line of tabwrite(['NAME\tTAG', ...tags.map(tag => `${name}\t${cleanText(tag)}`)].join('\n'), {minWidth: 12, padding: 2})) {
		out(line);
	}
}
