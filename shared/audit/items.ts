import type { TAuditItem, TAuditSection, TAuditTemplateDefinition } from './template.ts'

/**
 * Walking a template's items, without zod: the shopper's phone imports this (and types only from
 * template.ts), so the visit screens never download the schema library.
 */

/** Every item of a template, in order, with its section. */
export function templateItems(def: Pick<TAuditTemplateDefinition, 'sections'>): { section: TAuditSection; item: TAuditItem }[] {
  return def.sections.flatMap((section) => section.items.map((item) => ({ section, item })))
}
