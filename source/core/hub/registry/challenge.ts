/**
 * `WWW-Authenticate` challenges (RFC 7235): a scheme, then `key="value"` or
 * `key=token` pairs. Values are read as quoted strings, so a scope such as
 * `repository:a/b:pull,push` keeps its comma.
 */
export type Challenge = {
	/** Lower case: `bearer`, `basic`. */
	scheme: string;
	/** Parameter names in lower case. */
	params: Record<string, string>;
};

export function parseChallenges(header: string | null | undefined): Challenge[] {
	const challenges: Challenge[] = [];
	if (!header) {
		return challenges;
	}

	let index = 0;
	const text = header;
	const skip = (pattern: RegExp) => {
		while (index < text.length && pattern.test(text[index]!)) {
			index++;
		}
	};

	const token = (): string => {
		const start = index;
		while (index < text.length && /[!#$%&'*+\-.^_`|~\w]/.test(text[index]!)) {
			index++;
		}

		return text.slice(start, index);
	};

	let current: Challenge | undefined;
	while (index < text.length) {
		skip(/[\s,]/);
		const name = token();
		if (name === '') {
			// Not a token: skip one character so hostile input cannot loop forever.
			index++;
			continue;
		}

		skip(/\s/);
		if (text[index] === '=' && current) {
			index++;
			skip(/\s/);
			let value: string;
			if (text[index] === '"') {
				index++;
				value = '';
				while (index < text.length && text[index] !== '"') {
					if (text[index] === '\\' && index + 1 < text.length) {
						index++;
					}

					value += text[index];
					index++;
				}

				index++;
			} else {
				const valueStart = index;
				while (index < text.length && !/[\s,]/.test(text[index]!)) {
					index++;
				}

				value = text.slice(valueStart, index);
			}

			current.params[name.toLowerCase()] = value;
			continue;
		}

		if (text[index] === '=' && !current) {
			// A parameter before any scheme: malformed, ignore it.
			index++;
			continue;
		}

		// A new scheme. A token68 (`Basic abc==`) after it is kept as `token68`.
		current = {scheme: name.toLowerCase(), params: {}};
		challenges.push(current);
		skip(/[ \t]/);
		const rest = /^[\w\-.~+/]+=*(?=\s*(?:,|$))/.exec(text.slice(index));
		if (rest && !/^[\w-]+\s*=[^=]/.test(text.slice(index))) {
			current.params['token68'] = rest[0];
			index += rest[0].length;
		}
	}

	return challenges;
}
