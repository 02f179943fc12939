import { Type } from '@sinclair/typebox';

export const GenerateBody = Type.Object(
  {
    type: Type.Union([Type.Literal('generate'), Type.Literal('enhance')]),
    description: Type.Optional(Type.String({ maxLength: 8_000, description: 'generate: what the skill should do' })),
    instruction: Type.Optional(Type.String({ maxLength: 8_000, description: 'enhance: how to change it' })),
    current_content: Type.Optional(Type.String({ maxLength: 256 * 1024, description: 'enhance: the SKILL.md to improve' })),
    name: Type.Optional(Type.String({ maxLength: 64, description: 'Name to use (made kebab-case)' })),
    skill_description: Type.Optional(Type.String({ maxLength: 1024, description: 'Frontmatter description to use' })),
  },
  { additionalProperties: false },
);
