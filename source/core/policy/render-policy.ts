// A snippet in the format its reader manages policies in: the JSON document (what the
// `aws` command applies), Terraform, CloudFormation or the CDK. All four are made from
// the same snippet, so they hold the same statements.

import {snippetFileText} from './delivery.js';
import {fileNameIn, type PolicyFormat, type RenderContext} from './policy-as-code.js';
import {renderCdk} from './render-cdk.js';
import {renderCloudFormation} from './render-cloudformation.js';
import {renderTerraform} from './render-terraform.js';
import type {Snippet} from './snippets.js';

export function renderSnippet(format: PolicyFormat, snippet: Snippet, context: RenderContext): string {
	switch (format) {
		case 'json':
			return snippetFileText(snippet);
		case 'terraform':
			return renderTerraform(snippet, context);
		case 'cloudformation':
			return renderCloudFormation(snippet, context);
		case 'cdk':
			return renderCdk(snippet, context);
	}
}

/** The snippet as it is written in `format`: its file name and its text. */
export function renderedSnippet(format: PolicyFormat, snippet: Snippet, context: RenderContext): {fileName: string; text: string} {
	return {fileName: fileNameIn(format, snippet.fileName), text: renderSnippet(format, snippet, context)};
}

/** The context of a set of snippets rendered together for one export. */
export function renderContextOf(tableArn: string, snippets: Array<Pick<Snippet, 'id'>>): RenderContext {
	return {tableArn, siblings: snippets.map((s) => s.id)};
}
