/**
 * @module persons
 * Person recognition and alias linking (see recognize.ts) and its data (lexicon.ts).
 */
export { recognizePersons, type PersonAnalysis } from "./recognize.ts";
export { personLexicon, loadPersonLexicon, type PersonLexicon } from "./lexicon.ts";
