/**
 * docker inspect runs a `--format` template on the image as its Go types
 * decode it, not on the daemon's JSON: the config is the OCI image config,
 * whose empty fields are left out (`{{json .Config}}` is
 * `{"Cmd":["/bin/sh"],"Labels":{…}}`), and an empty `Container` is gone.
 */

// The OCI image config's fields, then docker's extensions, in the order the Go struct declares them.
const configFields = ['User', 'ExposedPorts', 'Env', 'Entrypoint', 'Cmd', 'Volumes', 'WorkingDir', 'Labels', 'StopSignal', 'ArgsEscaped', 'Healthcheck', 'OnBuild', 'Shell'];

const isEmpty = (value: unknown) => value === undefined || value === null || value === '' || value === false || (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);

// Go maps, which encoding/json writes with their keys in order (the struct fields around them keep theirs).
const sortedKeys = (value: unknown) => value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.keys(value).sort().map(key => [key, (value as Record<string, unknown>)[key]])) : value;
const mapFields = new Set(['Labels', 'ExposedPorts', 'Volumes']);

export function inspectForTemplate(document: Record<string, unknown>): Record<string, unknown> {
	const shaped: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(document)) {
		if (key === 'Container' && value === '') {
			continue;
		}

		if (key === 'Config' && value && typeof value === 'object') {
			const config = value as Record<string, unknown>;
			shaped[key] = Object.fromEntries(configFields.filter(field => !isEmpty(config[field])).map(field => [field, mapFields.has(field) ? sortedKeys(config[field]) : config[field]]));
			continue;
		}

		if (key === 'GraphDriver' && value && typeof value === 'object') {
			const driver = value as Record<string, unknown>;
			shaped[key] = {...driver, Data: sortedKeys(driver['Data'])};
			continue;
		}

		shaped[key] = value;
	}

	return shaped;
}
