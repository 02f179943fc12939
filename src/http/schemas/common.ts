import { Type, type TSchema } from '@sinclair/typebox';

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ErrorBody = Type.Object(
  {
    error: Type.String({ description: 'What went wrong, for people' }),
    code: Type.String({ description: 'Stable machine-readable error code' }),
    message: Type.Optional(Type.String()),
    details: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }))),
  },
  { $id: 'ErrorBody', additionalProperties: true },
);

export const Diagnostic = Type.Object(
  {
    severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
    code: Type.String(),
    file: Type.String(),
    field: Type.String(),
    line: Type.Optional(Type.Integer()),
    message: Type.String(),
  },
  { $id: 'Diagnostic' },
);

/** Responses every route may give besides its own. */
export const commonErrors = {
  400: Type.Ref(ErrorBody),
  500: Type.Ref(ErrorBody),
};
