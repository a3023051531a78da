// The Ink face's word-wrapper is the project's one wrapper, in core/text-layout.ts so
// that line mode and the commands' human output wrap by the same rules (line mode must
// not import the Ink face). The views keep importing it from here.
export * from '../core/text-layout.js';
