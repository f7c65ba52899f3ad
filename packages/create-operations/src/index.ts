export { planInit, applyPlan } from './plan.js';
export type { Change, Plan } from './plan.js';
export { readProject, InitError } from './project.js';
export type { PackageManager, Project } from './project.js';
