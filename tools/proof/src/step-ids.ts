/**
 * The step ids alone, for tools that must agree with the proof configuration
 * (the docs linter's `.remarkrc.js`). It loads nothing but tsx and the
 * configuration, so a plain Node process can import it through tsx's API.
 */
export { findConfigRoot, loadProofStepIds } from './load-config.js';
