import { Type } from '@sinclair/typebox';

export const ArtifactRefParams = Type.Object({
  ref: Type.String({ description: 'Skill name, or name@version', maxLength: 300 }),
});

export const ArtifactFileParams = Type.Object({
  ref: Type.String({ description: 'Skill name, or name@version', maxLength: 300 }),
  '*': Type.String({ description: 'Path of the file beside SKILL.md, e.g. scripts/run.sh', maxLength: 1024 }),
});

/** Binary or text bodies: described, not validated. */
export const RawBody = (description: string) => Type.Unsafe<string>({ type: 'string', format: 'binary', description });

export const ArtifactManifest = Type.Object({
  name: Type.String(),
  version: Type.String(),
  type: Type.Union([Type.Literal('skill-md'), Type.Literal('archive')], { description: 'skill-md when the skill is only its SKILL.md' }),
  files: Type.Array(Type.Object({
    path: Type.String({ description: 'SKILL.md first, then the files beside it' }),
    size: Type.Integer(),
    digest: Type.String({ description: 'sha256:<hex> of the exact bytes' }),
    mime: Type.String(),
    url: Type.String({ description: 'Relative to this document' }),
  })),
  bundles: Type.Array(Type.Object({
    format: Type.Union([Type.Literal('tar.gz'), Type.Literal('zip')]),
    size: Type.Integer(),
    digest: Type.String({ description: 'sha256:<hex> of the exact bytes; also the ETag' }),
    url: Type.String({ description: 'Relative to this document' }),
  })),
});

export const AgentSkillsIndex = Type.Object({
  $schema: Type.Literal('https://schemas.agentskills.io/discovery/0.2.0/schema.json'),
  skills: Type.Array(Type.Object({
    name: Type.String(),
    type: Type.Union([Type.Literal('skill-md'), Type.Literal('archive')]),
    description: Type.String(),
    url: Type.String({ description: 'Relative to the index' }),
    digest: Type.String({ description: 'sha256:<hex> of the exact bytes served at url' }),
  })),
}, { description: 'Agent Skills discovery index, version 0.2.0' });

export const LegacySkillsIndex = Type.Object({
  skills: Type.Array(Type.Object({
    name: Type.String(),
    description: Type.String(),
    files: Type.Array(Type.String(), { description: 'SKILL.md first; each at /.well-known/skills/{name}/{path}' }),
  })),
});

export const IndexReport = Type.Object({
  skipped: Type.Array(Type.Object({ name: Type.String(), version: Type.String(), reason: Type.String() })),
  count: Type.Integer(),
});
