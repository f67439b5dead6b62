import { Ajv, type Options } from "ajv";
import addFormatsModule from "ajv-formats";
import type { FastifyInstance } from "fastify";

type AddFormats = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS; depending on the loader its function is the module or its `.default`.
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ??
  (addFormatsModule as unknown as AddFormats);

function ajv(options: Options): Ajv {
  const instance = new Ajv({
    allErrors: true,
    useDefaults: true,
    removeAdditional: false,
    strict: false,
    ...options,
  });
  addFormats(instance);
  return instance;
}

/**
 * Bodies are validated strictly (a string "2" is not a quantity, unknown fields are refused), while
 * query strings, params and headers, which are text by nature, are converted to their declared types.
 */
export function registerValidation(app: FastifyInstance): void {
  const strict = ajv({ coerceTypes: false });
  const coercing = ajv({ coerceTypes: "array" });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === "body" ? strict : coercing).compile(schema),
  );
}
