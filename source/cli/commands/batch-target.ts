// The batch the flags name, made whole with what only AWS knows: which account each
// profile is (so each named table goes to the profile of its account), which tables
// --all-tables finds in each profile's Region (narrowed by --table-filter). Nothing is
// changed in AWS here; what is wrong is said with the flag and the fix.

import {partitionOf, tableArn} from '../../core/arn.js';
import type {BatchPlan, BatchSource} from '../../core/batch/types.js';
import {globMatch} from '../../core/policy/wildcard.js';
import type {AwsSession, CallerIdentity} from '../../core/ports.js';
import {prefixDate} from '../../core/batch/prefix-template.js';
import {ENVIRONMENT_PROFILE} from '../../core/wizard/fields.js';
import type {BatchFlags} from '../batch-plan-from-flags.js';
import {headlessPlan, mergeDefaults, missingFlags} from '../plan-from-flags.js';
import {awsStep, badInput, missingFlagsError, openSession, profileOf, regionOf, type CommandContext} from './context.js';

/** One source account (a profile) in one Region, with its session and who it is. */
export interface SourceAccess {
	profile?: string;
	region: string;
	session: AwsSession;
	identity: CallerIdentity;
}

export interface BatchTarget {
	plan: BatchPlan;
	/** Keyed by accessKey(profile, region). */
	access: Map<string, SourceAccess>;
}

/** "default @ us-east-1": the key of a source, and how it is named in messages. */
export function accessKey(profile: string | undefined, region: string): string {
	return `${profile ?? ENVIRONMENT_PROFILE} @ ${region}`;
}

/** The profiles of the batch: every --profile, else the one in use (the demo's, the environment's). */
function profilesOf(ctx: CommandContext, flags: BatchFlags): Array<string | undefined> {
	return flags.profiles.length > 0 ? flags.profiles : [profileOf(ctx)];
}

/**
 * Sessions and identities of every profile at the Regions wanted, read concurrently (one
 * GetCallerIdentity each). A profile that cannot say who it is stops the batch: AWS's error.
 */
async function accessFor(ctx: CommandContext, wanted: Array<{profile?: string; region: string}>, cache: Map<string, SourceAccess>): Promise<void> {
	await Promise.all(
		wanted.map(async ({profile, region}) => {
			const key = accessKey(profile, region);
			if (cache.has(key)) return;
			const session = openSession(ctx, region, profile);
			const identity = await awsStep(ctx, region, () => session.identity({signal: ctx.signal}), profile);
			cache.set(key, {profile, region, session, identity});
		}),
	);
}

/** --all-tables: each profile's tables in its Region, the names matching --table-filter. */
async function allTables(ctx: CommandContext, flags: BatchFlags, access: Map<string, SourceAccess>): Promise<BatchSource[]> {
	const profiles = profilesOf(ctx, flags);
	const wanted = await Promise.all(profiles.map(async (profile) => ({profile, region: await regionOf(ctx, ctx.options.region, profile)})));
	await accessFor(ctx, wanted, access);
	const filter = flags.allTables?.filter;
	const seen: string[] = [];
	const taken = new Set<string>();
	const sources: BatchSource[] = [];
	for (const {profile, region} of wanted) {
		const source = access.get(accessKey(profile, region))!;
		const names = await awsStep(ctx, region, () => source.session.listTables({signal: ctx.signal}), profile);
		seen.push(`${accessKey(profile, region)} (account ${source.identity.account}): ${names.length === 0 ? 'no tables' : `${names.length} table${names.length === 1 ? '' : 's'}, ${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}`}`);
		const arns = names
			.filter((name) => filter === undefined || globMatch(filter, name))
			.map((name) => tableArn({partition: partitionOf(source.identity.arn), region, account: source.identity.account, table: name}))
			// Two profiles of one account list the same tables: each is exported once.
			.filter((arn) => !taken.has(arn));
		for (const arn of arns) taken.add(arn);
		if (arns.length > 0) sources.push({...(profile === undefined ? {} : {profile}), region, tableArns: arns});
	}
	if (sources.length === 0) {
		const flag = filter === undefined ? '--all-tables' : `--table-filter "${filter}"`;
		throw badInput(
			`${flag}: ${filter === undefined ? 'there is no table' : 'no table name matches'} in ${profiles.length === 1 ? 'the profile\'s Region' : 'any profile\'s Region'}.`,
			seen,
			filter === undefined
				? 'Give --region REGION (or another --profile) where the tables are; nothing was started.'
				: 'Correct the filter (* any run of characters, ? one; names are case-sensitive), or give --region; nothing was started.',
		);
	}
	return sources;
}

/** Named tables: each to the profile of its account (with one profile, every table to it). */
async function namedTables(ctx: CommandContext, flags: BatchFlags, access: Map<string, SourceAccess>): Promise<BatchSource[]> {
	const profiles = profilesOf(ctx, flags);
	const regions = [...new Set(flags.tables.map((t) => t.arn.region))];
	let ownerOf = (_account: string): string | undefined => profiles[0];
	if (profiles.length > 1) {
		// Who each profile is, read in the Region of the first table (identity is global).
		await accessFor(ctx, profiles.map((profile) => ({profile, region: regions[0]!})), access);
		const byAccount = new Map<string, string | undefined>();
		for (const profile of profiles) {
			const account = access.get(accessKey(profile, regions[0]!))!.identity.account;
			if (!byAccount.has(account)) byAccount.set(account, profile);
		}
		const orphans = flags.tables.filter((t) => !byAccount.has(t.arn.account));
		if (orphans.length > 0) {
			throw badInput(
				`${orphans.length === 1 ? 'A table is' : `${orphans.length} tables are`} in an account none of the profiles is in:`,
				[
					...orphans.map((t) => `${t.arn.table} (account ${t.arn.account}), named by ${t.from}`),
					`Profiles: ${profiles.map((p) => `${p ?? ENVIRONMENT_PROFILE} (account ${access.get(accessKey(p, regions[0]!))!.identity.account})`).join(', ')}`,
				],
				'Add a --profile of that account, or leave those tables out; nothing was started.',
			);
		}
		ownerOf = (account) => byAccount.get(account);
	}
	const sources = new Map<string, BatchSource>();
	for (const table of flags.tables) {
		const profile = ownerOf(table.arn.account);
		const key = accessKey(profile, table.arn.region);
		let source = sources.get(key);
		if (!source) {
			source = {...(profile === undefined ? {} : {profile}), region: table.arn.region, tableArns: []};
			sources.set(key, source);
		}
		source.tableArns.push(table.arn.arn);
	}
	await accessFor(ctx, [...sources.values()].map((s) => ({profile: s.profile, region: s.region})), access);
	return [...sources.values()];
}

/** The batch's sources (profile, Region, tables) and a session of each, with who it is. */
export async function resolveBatchSources(ctx: CommandContext, flags: BatchFlags): Promise<{sources: BatchSource[]; access: Map<string, SourceAccess>}> {
	const access = new Map<string, SourceAccess>();
	const sources = flags.allTables ? await allTables(ctx, flags, access) : await namedTables(ctx, flags, access);
	return {sources, access};
}

/**
 * The batch plan: sources from the flags and AWS; the destination and options from the
 * export flags (or the demo's plan); the batch token given or new; {date} fixed now.
 */
export async function resolveBatchTarget(ctx: CommandContext, flags: BatchFlags, newToken: () => string): Promise<BatchTarget> {
	const draft = mergeDefaults(ctx.defaults, ctx.flags.given);
	// The tables come from the batch flags; the destination is what must be given.
	const missing = missingFlags({...ctx.flags, table: undefined}, {...draft, table: 'batch'});
	if (missing.length > 0) throw missingFlagsError(missing, 'a batch exports its tables to one bucket.');
	const {sources, access} = await resolveBatchSources(ctx, flags);
	// One table's plan gives the options every table shares (encryption, format, time…).
	const first = sources[0]!;
	const shared = headlessPlan({...ctx.flags, table: undefined}, {...draft, table: 'batch', profile: first.profile}, first.region, access.get(accessKey(first.profile, first.region))?.identity, ctx.now());
	const plan: BatchPlan = {
		sources,
		destination: {
			bucket: shared.bucket,
			prefixTemplate: flags.prefixTemplate,
			sse: shared.sse,
			...(shared.bucketOwner ? {bucketOwner: shared.bucketOwner} : {}),
			...(shared.kmsKeyId ? {kmsKeyId: shared.kmsKeyId} : {}),
		},
		format: shared.format,
		type: shared.type,
		batchToken: flags.batchToken ?? newToken(),
		date: prefixDate(ctx.now()),
		force: ctx.options.force,
	};
	if (shared.exportTime) plan.exportTime = shared.exportTime;
	if (shared.incremental) plan.incremental = shared.incremental;
	return {plan, access};
}

/** Sessions for a batch read from its record (watch --batch-token): one per source. */
export async function accessOfPlan(ctx: CommandContext, plan: BatchPlan): Promise<Map<string, SourceAccess>> {
	const access = new Map<string, SourceAccess>();
	await accessFor(ctx, plan.sources.map((s) => ({profile: s.profile, region: s.region})), access);
	return access;
}

export {profileOf};
