import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILT_IN_PROJECTIONS } from '../projections/builtInProjections.js';
import type { ProjectionDefinition } from '../projections/projectionDefinition.js';
import { assertProjectionName } from './readModels/readModelNames.js';

/** A projection module that cannot be loaded or does not export a usable definition. */
export class ProjectionModuleError extends Error {
  override readonly name = 'ProjectionModuleError';
}

/** Whether a `--projection` argument or a PROJECTIONS_EXTRA entry names a module, not a projection. */
export const isModulePath = (value: string): boolean =>
  value.startsWith('.') || value.startsWith('/') || /\.[cm]?js$/.test(value);

function problemsOf(value: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const is = (field: string, type: string) => typeof value[field] === type;
  if (!is('name', 'string')) problems.push('name must be a string');
  if (!Number.isSafeInteger(value['version']) || Number(value['version']) < 1)
    problems.push('version must be a positive integer');
  const prefixes = value['streamPrefixes'];
  if (
    !Array.isArray(prefixes) ||
    prefixes.length === 0 ||
    !prefixes.every((prefix) => typeof prefix === 'string' && prefix.length > 0)
  )
    problems.push('streamPrefixes must be a non-empty list of stream name prefixes');
  if (!is('needsHistory', 'boolean')) problems.push('needsHistory must be true or false');
  if (!is('needsDocument', 'boolean')) problems.push('needsDocument must be true or false');
  const indexes = value['indexes'];
  const validIndex = (index: unknown) =>
    typeof index === 'object' &&
    index !== null &&
    typeof (index as { name?: unknown }).name === 'string' &&
    /^[a-z][a-z0-9_]*$/i.test((index as { name: string }).name) &&
    Array.isArray((index as { fields?: unknown }).fields) &&
    (index as { fields: unknown[] }).fields.every(
      (field) =>
        typeof field === 'object' &&
        field !== null &&
        typeof (field as { field?: unknown }).field === 'string' &&
        /^[A-Za-z_][A-Za-z0-9_]*$/.test((field as { field: string }).field),
    );
  if (!Array.isArray(indexes) || !indexes.every(validIndex))
    problems.push('indexes must be a list of { name, fields: [{ field, descending? }] }');
  if (!is('keysOf', 'function')) problems.push('keysOf must be a function');
  if (!is('evolve', 'function')) problems.push('evolve must be a function');
  return problems;
}

/** The definition a module exports (`export default` or `export const projection`), checked. */
export function checkDefinition(exported: unknown, source: string): ProjectionDefinition {
  const module = exported as { default?: unknown; projection?: unknown };
  const value = module.projection ?? module.default;
  if (typeof value !== 'object' || value === null) {
    throw new ProjectionModuleError(
      `${source} exports no projection definition (export default { name, version, … })`,
    );
  }
  const problems = problemsOf(value as Record<string, unknown>);
  if (problems.length > 0) throw new ProjectionModuleError(`${source}: ${problems.join('; ')}`);
  const definition = value as ProjectionDefinition;
  try {
    assertProjectionName(definition.name);
  } catch (error) {
    throw new ProjectionModuleError(`${source}: ${(error as Error).message}`);
  }
  if (BUILT_IN_PROJECTIONS.some((builtIn) => builtIn.name === definition.name)) {
    throw new ProjectionModuleError(
      `${source}: "${definition.name}" is a built-in projection; give yours its own name`,
    );
  }
  return definition;
}

/** Loads an analyst's projection module, relative paths from `cwd`. */
export async function loadProjectionModule(
  path: string,
  cwd: string = process.cwd(),
): Promise<ProjectionDefinition> {
  let exported: unknown;
  try {
    exported = await import(pathToFileURL(resolve(cwd, path)).href);
  } catch (error) {
    throw new ProjectionModuleError(
      `cannot load ${path}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      { cause: error },
    );
  }
  return checkDefinition(exported, path);
}

/** Loads every module, refusing two projections of the same name. */
export async function loadProjectionModules(
  paths: readonly string[],
  cwd?: string,
): Promise<ProjectionDefinition[]> {
  const definitions: ProjectionDefinition[] = [];
  for (const path of paths) {
    const definition = await loadProjectionModule(path, cwd);
    if (definitions.some((other) => other.name === definition.name)) {
      throw new ProjectionModuleError(`two modules define the projection "${definition.name}"`);
    }
    definitions.push(definition);
  }
  return definitions;
}
