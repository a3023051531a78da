// `ddb-export read EXPORT_ARN [--limit N] [--to FILE|DIR]`: a completed export's items as
// plain JSON lines. DescribeExport as --profile, the files as --reader-profile (across
// accounts the bucket owner's). Exit 0 read, 1 damaged (a file missing, cut or not an
// export's), 2 could not tell (refused, network), 3 bad input, 130 interrupted.

import {readExportItems, ReadExportError, type ReadProgress} from '../../core/read/read-export.js';
import {terminalSafe} from '../../core/terminal-text.js';
import {wrapWords} from '../../ui/text-layout.js';
import {SummaryUnreadable} from '../../core/verify/verify-export.js';
import {badInput, EXIT, isAbortError, type CommandContext} from './context.js';
import {openExportReading, progressText, refusedReadError, type ExportReading} from './export-reader.js';
import {CommandError} from './output.js';
import {createDirectory, destinationOf, directorySink, fileSink, stdoutSink, takenNames, type LineSink} from './read-sinks.js';

function itemsText(count: number): string {
	return `${count.toLocaleString('en-US')} item${count === 1 ? '' : 's'}`;
}

/** A data file's key as the export folder's relative path (data/NAME). */
function shortKey(reading: ExportReading, key: string): string {
	const folder = reading.description.exportManifest.replace(/manifest-summary\.json$/, '');
	return terminalSafe(key.startsWith(folder) ? key.slice(folder.length) : key);
}

/** Why reading stopped, as the command's error: damaged is 1, could not tell is 2. */
function readFailure(ctx: CommandContext, reading: ExportReading, error: ReadExportError, read: number): CommandError {
	const where = error.file ? `${shortKey(reading, error.file)}: ` : '';
	const after = read > 0 ? ` (after ${itemsText(read)})` : '';
	if (error.awsError?.isAccessDenied) return refusedReadError(ctx, reading, error.awsError, `Could not read ${where.replace(/: $/, '') || 'the export'}${after}`, reading.region);
	if (error.kind === 'damaged') {
		return new CommandError('ExportDamaged', `The export is damaged${after}: ${where}${terminalSafe(error.message)}.`, {
			fix: `ddb-export verify ${reading.arn} checks every data file against the manifest.`,
			exitCode: EXIT.failed,
		});
	}
	return new CommandError('ReadFailed', `Could not read the export to its end${after}: ${where}${terminalSafe(error.message)}.`, {exitCode: EXIT.unknown});
}

export async function runReadCommand(ctx: CommandContext): Promise<number> {
	const destination = destinationOf(ctx.options.to);
	if ('problem' in destination) throw badInput(destination.problem);
	const stopped = () => new CommandError('Interrupted', 'Stopped reading.', {exitCode: EXIT.interrupted});
	const reading = await openExportReading(ctx, 'read', stopped);
	const notCreated = createDirectory(destination);
	if (notCreated) throw badInput(notCreated);
	const unmarshal = await (await import('../../aws/unmarshal-item.js')).loadUnmarshal();
	const sink: LineSink = destination.kind === 'stdout' ? stdoutSink(ctx.out) : destination.kind === 'file' ? fileSink(destination.path) : directorySink(destination.path);
	// Progress only when the lines go to a file: on stdout they are the output.
	const showProgress = destination.kind !== 'stdout' && ctx.out.liveProgress;
	const started = Date.now();
	let lastDrawn = 0;
	let live = false;
	let dataFiles = 0;
	const draw = (p: ReadProgress) => {
		const now = Date.now();
		if (now - lastDrawn < 100 && p.filesDone < p.filesTotal) return;
		lastDrawn = now;
		ctx.out.progress(`\r\u001b[2K${progressText('Reading', p, now - started, itemsText(p.items))}`);
		live = true;
	};
	let read = 0;
	try {
		const items = readExportItems(reading.readerSession, reading.description, {
			unmarshal,
			limit: ctx.options.limit,
			signal: ctx.signal,
			onProgress: showProgress ? draw : undefined,
			onFiles: (files) => {
				dataFiles = files.length;
				if (destination.kind !== 'dir') return;
				const taken = takenNames(destination.path, files.map((f) => f.key));
				if (taken.length > 0) {
					throw badInput(`--to: ${taken.length === 1 ? `${taken[0]} exists` : `${taken.length} of the files exist already, such as ${taken[0]}`}; it is never overwritten.`, [], 'Name an empty or new directory.');
				}
			},
		});
		for await (const item of items) {
			await sink.write(item.json, item.file);
			read++;
		}
		const written = await sink.finish();
		if (live) ctx.out.progress('\r\u001b[2K');
		if (destination.kind !== 'stdout') {
			const into = destination.kind === 'file' ? destination.path : `${destination.path} (${written.length} file${written.length === 1 ? '' : 's'}, one per data file with items)`;
			ctx.out.line(`Read ${itemsText(read)} from ${dataFiles} data file${dataFiles === 1 ? '' : 's'} into ${terminalSafe(into)}${ctx.options.limit !== undefined && read >= ctx.options.limit ? ` (--limit ${ctx.options.limit})` : ''}.`);
		}
		return EXIT.ok;
	} catch (error) {
		if (live) ctx.out.progress('\r\u001b[2K');
		const kept = await sink.abandon();
		const say = (text: string) => {
			for (const line of wrapWords(text, 80)) ctx.out.note(line);
		};
		if (destination.kind === 'file') say(`${terminalSafe(destination.path)} was not written: it appears only once every item is in it.`);
		if (destination.kind === 'dir' && kept.length > 0) {
			say(`${kept.length} complete .jsonl file${kept.length === 1 ? ' is' : 's are'} in ${terminalSafe(destination.path)} (one per data file read); the one being written was removed.`);
		}
		if (isAbortError(error) || ctx.signal.aborted) throw stopped();
		if (error instanceof SummaryUnreadable) throw refusedReadError(ctx, reading, error.error, 'Could not read manifest-summary.json, so no item could be read', reading.region);
		if (error instanceof ReadExportError) throw readFailure(ctx, reading, error, read);
		throw error;
	}
}
