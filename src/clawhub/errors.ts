import { AppError } from '../util/app-error.js';

/** ClawHub's own error texts where the CLI recognises them: it rewords a bare `Skill not found`. */
export const skillNotFound = () => new AppError(404, 'skill_not_found', 'Skill not found');
export const versionNotFound = (slug: string, version: string) => new AppError(404, 'version_not_found', `Version not found: ${slug} has no version ${version.slice(0, 64)}`);

export interface AmbiguousMatch {
  ownerHandle: string;
  slug: string;
  ref: string;
  url: string;
}

/**
 * Several owners offer a slug to this caller. The body is ClawHub's structured form, which the CLI
 * prints as a numbered list of `clawhub install @owner/slug` commands to choose from.
 */
export function ambiguousSlug(slug: string, matches: AmbiguousMatch[], unnamed: string[]): AppError {
  const others = unnamed.length > 0 ? ` (also offered by ${unnamed.join(', ')}, which has no owner handle)` : '';
  return new AppError(409, 'AMBIGUOUS_SKILL_SLUG', `Found multiple skills with the slug "${slug}"${others}; specify which one you want to install:`, { slug, matches });
}
