/**
 * An index file's text as what a failed action must leave alone: everything
 * but the journal, which records the failure (a refusal or an error is part
 * of the class's record; nothing stored is lost or changed).
 */
export function storedBesidesJournal(text: string): unknown {
	const {journal: _journal, ...rest} = JSON.parse(text) as Record<string, unknown>;
	return rest;
}
